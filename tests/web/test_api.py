"""The JSON API through the Flask test client with a real issued token."""
import json

import pytest

from facilitation import store

from ..conftest import EVENTS_DIR


def test_import_read_and_list_tables(api, db):
    data = json.loads((EVENTS_DIR / "allocate-balanced.json").read_text())
    created = api("POST", "/api/events", json=data)
    assert created.status_code == 201
    event_id = created.get_json()["id"]
    assert created.headers["Location"] == f"/api/events/{event_id}"
    assert api("GET", f"/api/events/{event_id}").get_json() == store.load_definition(db, event_id)
    tables = api("GET", f"/api/events/{event_id}/tables").get_json()["tables"]
    stored = store.list_tables(db, event_id)
    assert [t["number"] for t in tables] == [t["number"] for t in stored]
    for shown, table in zip(tables, stored):
        assert shown["join_url"] == f"http://192.0.2.10:5000/t/{table['join_token']}"
        assert shown["join_code"].replace("-", "") == table["join_code"]
        assert shown["criteria"] == table["criteria"]
    assert [e["id"] for e in api("GET", "/api/events").get_json()["events"]] == [event_id]


def test_a_bad_definition_is_refused_with_every_problem_and_nothing_stored(api, db):
    data = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text())
    data["surprise"] = True
    data["criteria"][1]["code"] = data["criteria"][0]["code"]
    response = api("POST", "/api/events", json=data)
    assert response.status_code == 422
    body = response.get_json()
    paths = [p["path"] for p in body["problems"]]
    assert "surprise" in " ".join(paths) and "criteria[1].code" in paths
    assert "nothing was stored" in body["error"]
    assert store.list_events(db) == []


def test_a_body_that_is_not_json_is_refused(api, db):
    response = api("POST", "/api/events", data="title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]
    assert store.list_events(db) == []


def test_replace_keeps_join_links_and_delete_removes(api, db, imported):
    event_id = imported("allocate-explicit.json")
    tokens = [t["join_token"] for t in store.list_tables(db, event_id)]
    data = store.load_definition(db, event_id)
    data["title"] = "A new title"
    response = api("PUT", f"/api/events/{event_id}", json=data)
    assert response.status_code == 200 and response.get_json()["title"] == "A new title"
    assert [t["join_token"] for t in store.list_tables(db, event_id)] == tokens
    assert api("DELETE", f"/api/events/{event_id}").status_code == 204
    assert store.list_events(db) == []


def test_new_link_through_the_api(api, db, imported):
    event_id = imported("minimal.json")
    old = store.get_table(db, event_id, 1)["join_token"]
    response = api("POST", f"/api/events/{event_id}/tables/1/new-link")
    assert response.status_code == 200
    assert old not in response.get_json()["join_url"]
    assert store.find_stale_token(db, old) == (event_id, 1)
    assert api("POST", f"/api/events/{event_id}/tables/77/new-link").status_code == 404


@pytest.mark.parametrize("method, url", [
    ("GET", "/api/events/9"), ("PUT", "/api/events/9"), ("DELETE", "/api/events/9"), ("GET", "/api/events/9/tables"),
])
def test_a_missing_event_is_a_json_404(api, method, url):
    response = api(method, url, json={})
    assert response.status_code == 404
    assert response.get_json()["error"] == "There is no event 9. It may have been deleted."


def test_the_documented_event_schema_accepts_every_project_event_file(client):
    from jsonschema import Draft202012Validator

    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["EventDefinition"]
    for path in EVENTS_DIR.glob("*.json"):
        assert not list(Draft202012Validator(schema).iter_errors(json.loads(path.read_text()))), path.name


def test_every_api_route_of_a_missing_event_is_the_same_plain_json_404(app, api):
    """One lookup helper answers for every route that names an event (no route words it differently)."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/events/<int:event_id>"):
            continue
        url = (rule.rule.replace("<int:event_id>", "9").replace("<int:number>", "1").replace("<int:theme_id>", "1")
               .replace("<name>", "ballots").replace("<int:check_in_id>", "1"))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = api(method, url, json={})
            assert response.status_code == 404, (method, url)
            assert response.get_json() == {"error": "There is no event 9. It may have been deleted."}, (method, url)
