"""Decision analysis over the API: the analysis, a what-if that stores nothing, weights stored, refusals in plain words
listing every problem with nothing changed, and docs/api.md naming every route."""
import pathlib
import re

import pytest

from facilitation import store

from ..test_analysis_outputs import CITY_ONLY, load_2009

DOC = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.fixture
def event_id(client, db, api):
    """The 2009 example with its 24 published ballots, posted through the table API."""
    return load_2009(client, api)


def test_the_analysis_names_the_strongest_option_by_the_rule_with_the_margin(api, event_id):
    body = api("GET", f"/api/events/{event_id}/analysis").get_json()
    assert body["rule"] == body["stored_rule"] == "raw" and body["what_if"] is False
    assert body["strongest"] == ["4b"]
    assert [row["code"] for row in body["ranking"]] == ["4b", "3b", "4a", "3a", "2", "1"]
    assert [row["place"] for row in body["ranking"]] == [1, 2, 3, 4, 5, 6]
    assert body["margin"]["text"] == "133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81."
    assert body["leave_one_out"]["wins"] == body["leave_one_out"]["of"] == 12
    assert {"critical", "sensitivity", "agreement", "spread", "coverage", "families", "ties"} <= set(body)


def test_the_chart_criterion_is_chosen_by_query_and_an_unknown_one_is_refused(api, event_id):
    assert api("GET", f"/api/events/{event_id}/analysis?criterion=city").get_json()["sensitivity"]["criterion"] == "city"
    response = api("GET", f"/api/events/{event_id}/analysis?criterion=colour")
    assert response.status_code == 400
    body = response.get_json()
    assert body["problems"] == [{"field": "criterion", "message": '"colour" is not a criterion in this event (its '
                                 "criteria: sustainable, culture, finance, city, health, clinical, governance, "
                                 "performance)"}]
    assert '"colour" is not a criterion in this event' in body["error"]


def test_a_what_if_gives_another_strongest_option_and_stores_nothing(api, db, event_id):
    before = store.load_definition(db, event_id)
    response = api("POST", f"/api/events/{event_id}/analysis/what-if",
                   json={"weights": CITY_ONLY, "rule": "weighted", "criterion": "finance"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["what_if"] is True and body["rule"] == "weighted" and body["stored_rule"] == "raw"
    assert body["strongest"] == ["3b"] and body["other"]["strongest"] == ["4b"]
    assert body["margin"]["text"] == "12 weighted points against 9 for 4b: 1.3 times the runner-up, a lead of 3."
    assert body["sensitivity"]["criterion"] == "finance"
    assert store.load_definition(db, event_id) == before
    assert api("GET", f"/api/events/{event_id}/results").get_json()["strongest"] == ["4b"]


def test_a_bad_what_if_is_refused_listing_every_problem(api, db, event_id):
    response = api("POST", f"/api/events/{event_id}/analysis/what-if",
                   json={"weights": {"finance": "lots", "nope": 2, "city": -1}, "rule": "best", "colour": "red",
                         "criterion": "nope"})
    assert response.status_code == 400
    body = response.get_json()
    assert sorted(p["field"] for p in body["problems"]) == ["", "criterion", "rule", "weights.city",
                                                            "weights.finance", "weights.nope"]
    assert body["error"].startswith("No what-if (nothing is stored either way): unknown field: colour")
    assert "weights.finance: must be a number, such as 1 or 1.5." in body["error"]


def test_weights_are_stored_and_every_reading_follows(api, db, event_id):
    response = api("PUT", f"/api/events/{event_id}/weights", json={"weights": CITY_ONLY, "rule": "weighted"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["weights"] == {**dict.fromkeys(CITY_ONLY, 0), "city": 1} and body["rule"] == "weighted"
    assert body["strongest"] == ["3b"] and body["other"]["strongest"] == ["4b"]
    definition = store.load_definition(db, event_id)
    assert {c["code"]: c["weight"] for c in definition["criteria"]} == body["weights"]
    assert definition["scoring"]["rule"] == "weighted"
    assert api("GET", f"/api/events/{event_id}/results").get_json()["strongest"] == ["3b"]
    assert api("GET", f"/api/events/{event_id}/analysis").get_json()["what_if"] is False


def test_bad_weights_change_nothing_and_every_problem_is_listed(api, db, event_id):
    before = store.load_definition(db, event_id)
    response = api("PUT", f"/api/events/{event_id}/weights",
                   json={"weights": {"city": 5, "finance": 1001, "colour": 1}, "rule": "loudest", "criterion": "city"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"].startswith("Nothing changed: unknown field: criterion (expected weights, rule).")
    assert sorted(p["field"] for p in body["problems"]) == ["", "rule", "weights.colour", "weights.finance"]
    assert store.load_definition(db, event_id) == before


@pytest.mark.parametrize("method, path", [("PUT", "weights"), ("POST", "analysis/what-if")])
def test_a_body_that_is_not_an_object_is_refused(api, event_id, method, path):
    response = api(method, f"/api/events/{event_id}/{path}", data="city=2", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["message"].startswith("must be JSON")


def test_the_answers_match_their_openapi_schemas(api, event_id):
    """The analysis, a what-if, stored weights and the results fit the schemas the document gives them."""
    from jsonschema import Draft202012Validator

    document = api("GET", "/api/openapi.json").get_json()

    def problems(name, body):
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        return [error.message for error in Draft202012Validator(schema).iter_errors(body)]

    assert problems("Analysis", api("GET", f"/api/events/{event_id}/analysis").get_json()) == []
    assert problems("Analysis", api("POST", f"/api/events/{event_id}/analysis/what-if",
                                    json={"weights": {"city": 30}, "rule": "weighted"}).get_json()) == []
    assert problems("WeightsStored", api("PUT", f"/api/events/{event_id}/weights", json={"weights": CITY_ONLY,
                                                                                       "rule": "weighted"}).get_json()) == []
    assert problems("Results", api("GET", f"/api/events/{event_id}/results").get_json()) == []
    assert problems("AnalysisProblems", api("PUT", f"/api/events/{event_id}/weights", json={"rule": 1}).get_json()) == []


def test_docs_api_md_names_every_api_route(app):
    """Every route under /api is in docs/api.md's tables, written as scripts call it ({id} for the event)."""
    names = {"event_id": "id"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{" + names.get(m.group(1), m.group(1)) + "}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert f"`{method} {path}" in DOC, f"{method} {path} is not in docs/api.md"
