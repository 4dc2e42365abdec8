"""Only the facilitator: every facilitator page and API route refuses anyone else."""
import re

import pytest

from facilitation import store
from facilitation.web.auth import new_api_token

from ..conftest import PASSWORD


def routes(app, prefix, skip=(), blueprint=None):
    """Every (method, concrete URL) the app serves under a prefix, with sample values for its parameters."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix) or rule.endpoint in skip:
            continue
        if blueprint is not None and rule.endpoint.split(".")[0] != blueprint:
            continue
        url = re.sub(r"<(?:int:)?(\w+)>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    assert found, f"no routes under {prefix}"
    return found


@pytest.fixture
def event_one(imported):
    """An event with id 1 and a table 1, so refused routes are refused for auth, not for a missing event."""
    assert imported("minimal.json") == 1


def test_every_facilitator_page_sends_anonymous_visitors_to_sign_in(app, client, event_one):
    app.config["WTF_CSRF_ENABLED"] = False  # so a POST is refused for sign-in, not for CSRF
    for method, url in routes(app, "/facilitator", skip={"auth.sign_in", "auth.sign_out"}):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/facilitator/sign-in" in response.headers["Location"], (method, url)


def test_refused_post_changes_nothing(app, client, db, event_one):
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/facilitator/events/1/delete", data={"confirm": "delete"})
    token = store.get_table(db, 1, 1)["join_token"]
    client.post("/facilitator/events/1/tables/1/new-link", data={"confirm": "yes"})
    assert len(store.list_events(db)) == 1
    assert store.get_table(db, 1, 1)["join_token"] == token


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong-token", "Basic dXNlcjpwYXNz", "token-without-scheme"])
def test_every_api_route_refuses_a_missing_or_wrong_token(app, client, event_one, header):
    headers = {"Authorization": header} if header else {}
    for method, url in routes(app, "/api", skip={"api.openapi"}, blueprint="api"):
        response = client.open(url, method=method, headers=headers, json={})
        assert response.status_code == 401, (method, url)
        assert "Bearer" in response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_table_api_route_refuses_an_unknown_join_link(app, client, db, event_one):
    # The table API's credential is the join token in its URL; a facilitator token is no substitute.
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    for method, url in routes(app, "/api/tables", blueprint="table_api"):
        response = client.open(url, method=method, headers=headers, json={})
        assert response.status_code == 404, (method, url)
        assert "recognise this table link" in response.get_json()["error"]


def test_an_issued_token_opens_the_api(client, db, event_one):
    token = new_api_token(db)
    response = client.get("/api/events", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [e["id"] for e in response.get_json()["events"]] == [1]
    # Only the hash is stored.
    assert db.execute("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", [token]).fetchone()[0] == 0


def test_the_openapi_document_is_public(client):
    assert client.get("/api/openapi.json").status_code == 200


def test_wrong_password_is_refused_in_plain_words(auth, client):
    response = auth.sign_in("not it")
    assert response.status_code == 401
    assert "That password is not right" in response.get_data(as_text=True)
    assert client.get("/facilitator/").status_code == 302


def test_sign_in_then_sign_out(auth, client):
    response = auth.sign_in()
    assert response.status_code == 302
    assert client.get("/facilitator/").status_code == 200
    auth.sign_out()
    assert client.get("/facilitator/").status_code == 302


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(auth, client):
    token = auth.csrf_token()
    response = client.post("/facilitator/sign-in", data={"password": PASSWORD, "csrf_token": token,
                                                          "next": "/facilitator/events/new"})
    assert response.headers["Location"] == "/facilitator/events/new"
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        auth.sign_out()
        response = client.post("/facilitator/sign-in", data={"password": PASSWORD, "csrf_token": auth.csrf_token(),
                                                              "next": target})
        assert response.headers["Location"] == "/facilitator/", target


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(signed_in, db, event_one):
    response = signed_in.post("/facilitator/events/1/delete", data={"confirm": "delete"})
    assert response.status_code == 400
    assert "reload the page and try again" in response.get_data(as_text=True)
    assert len(store.list_events(db)) == 1


def test_the_password_is_stored_hashed(db):
    stored = store.get_setting(db, "facilitator_password_hash")
    assert stored and PASSWORD not in stored
