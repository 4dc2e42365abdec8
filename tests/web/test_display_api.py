"""The projector's display through the API (bearer token) and the control room's panel (JSON and plain form)."""
import pytest

from facilitation import store

from ..conftest import Auth


@pytest.fixture
def event_id(imported):
    """The explicit-assignment test event."""
    return imported("allocate-explicit.json")


def test_reading_and_changing_the_display(api, db, event_id):
    url = f"/api/events/{event_id}/display"
    shown = api("GET", url).get_json()
    assert (shown["view"], shown["shown"], shown["hidden"], shown["page"], shown["theme"]) == (
        "totals", "progress", True, 1, "light")
    changed = api("PUT", url, json={"view": "risks", "source": "room", "theme": "dark", "join_corner": False,
                                    "advance": 20, "timer": {"seconds": 270, "running": True}})
    assert changed.status_code == 200
    body = changed.get_json()
    assert (body["view"], body["shown"], body["source"], body["theme"], body["join_corner"], body["advance"]) == (
        "risks", "risks", "room", "dark", False, 20)
    assert body["timer"]["duration"] == 270 and body["timer"]["running"] is True and body["timer"]["ends_at"]
    assert api("GET", url).get_json()["view"] == "risks"
    stored = store.get_event(db, event_id)["display"]
    assert stored["view"] == "risks" and stored["timer"]["duration"] == 270


def test_next_and_previous_through_the_api(api, event_id):
    url = f"/api/events/{event_id}/display"
    api("PUT", url, json={"view": "matrix", "hidden": False})
    api("PUT", url, json={"pages": 2})
    assert api("PUT", url, json={"step": "next"}).get_json()["page"] == 2
    assert api("PUT", url, json={"step": "next"}).get_json()["view"] == "confidence"
    assert api("PUT", url, json={"step": "previous"}).get_json()["view"] == "matrix"


@pytest.mark.parametrize("body", [
    {"view": "pie"}, {"hidden": "no"}, {"page": 0}, {"timer": {"seconds": -5}}, {"advance": 1}, {"volume": 11},
    ["view", "matrix"], "matrix",
])
def test_bad_input_is_refused_in_plain_words_and_changes_nothing(api, db, event_id, body):
    before = store.get_event(db, event_id)["display"]
    response = api("PUT", f"/api/events/{event_id}/display", json=body)
    # A body that is not a JSON object is refused as every /api route refuses one (web/json_body.py).
    assert response.status_code == (422 if isinstance(body, dict) else 400)
    answer = response.get_json()
    assert answer["error"].startswith("Nothing changed")
    assert answer["problems"] and all(p["message"] for p in answer["problems"])
    assert store.get_event(db, event_id)["display"] == before


def test_a_body_that_is_not_json_is_refused(api, event_id):
    response = api("PUT", f"/api/events/{event_id}/display", data="view=matrix",
                   content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "JSON object" in response.get_json()["error"] and "JSON" in response.get_json()["problems"][0]["message"]


def test_the_display_api_needs_a_token_and_an_event(client, api):
    assert client.get("/api/events/1/display").status_code == 401
    assert client.put("/api/events/1/display", json={"view": "matrix"}).status_code == 401
    assert api("GET", "/api/events/99/display").status_code == 404
    assert api("PUT", "/api/events/99/display", json={"view": "matrix"}).status_code == 404


def test_the_panel_changes_the_display_with_json(signed_in, db, event_id):
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/control")
    url = f"/facilitator/events/{event_id}/display"
    sent = signed_in.post(url, json={"view": "top3", "blank": True}, headers={"X-CSRFToken": csrf})
    assert sent.status_code == 200
    assert sent.get_json()["display"]["view"] == "top3" and sent.get_json()["display"]["blank"] is True
    assert "the screen is blank" in sent.get_json()["message"]
    refused = signed_in.post(url, json={"view": "pie"}, headers={"X-CSRFToken": csrf})
    assert refused.status_code == 422 and refused.get_json()["problems"][0]["field"] == "view"
    assert store.get_event(db, event_id)["display"]["view"] == "top3"
    # Without the form's token a cross-site script cannot change the screen.
    assert signed_in.post(url, json={"view": "matrix"}).status_code == 400
    assert store.get_event(db, event_id)["display"]["view"] == "top3"


def test_the_panels_plain_form_works_without_a_script(signed_in, db, event_id):
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/control")
    url = f"/facilitator/events/{event_id}/display"
    for fields in ({"action": "view", "view": "matrix"}, {"action": "hidden:0"}, {"action": "theme:dark"},
                   {"action": "timer:set", "minutes": "5"}, {"action": "timer:start"}):
        response = signed_in.post(url, data={"csrf_token": csrf, "next": "control", **fields})
        assert response.status_code == 302 and response.headers["Location"].endswith("/control#display-title")
    display = store.get_event(db, event_id)["display"]
    assert (display["view"], display["hidden"], display["theme"], display["timer"]["duration"]) == ("matrix", False, "dark", 300)
    assert display["timer"]["ends_at"]
    page = signed_in.post(url, data={"csrf_token": csrf, "action": "timer:set", "minutes": "lots"},
                          follow_redirects=True).get_data(as_text=True)
    assert "type how many minutes the countdown runs, for example 5; nothing changed." in page


def test_the_control_room_panel_shows_the_display(signed_in, event_id):
    page = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert 'data-display-panel' in page and 'name="action" value="step:next"' in page
    assert '<option value="join">How to join (full screen)</option>' in page
