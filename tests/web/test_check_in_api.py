"""The check-in API: list and count, check in an invitee or a walk-in (near matches first), undo, and refusals."""
import pytest

from facilitation import closing, store
from facilitation.domain.event import parse_event

from ..conftest import event_file

INVITEES = [{"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients"},
            {"name": "Sam Oyelaran", "organisation": ""}]


@pytest.fixture
def event_id(db):
    """An event with two invitees and one stakeholder group."""
    return store.create_event(db, parse_event({**event_file("allocate-explicit.json"), "invitees": INVITEES,
                                               "stakeholder_groups": ["Patients"]}))


def url(event_id, rest=""):
    """The check-ins address of the event."""
    return f"/api/events/{event_id}/check-ins{rest}"


def ruth(db, event_id):
    """Ruth Kendrick's check-in token."""
    return store.list_invitees(db, event_id)[0]["checkin_token"]


def test_the_api_needs_a_token(client, event_id):
    assert client.get(url(event_id)).status_code == 401
    assert client.post(url(event_id), json={"name": "Alex"}).status_code == 401
    assert client.delete(url(event_id, "/1")).status_code == 401


def test_check_in_list_and_undo(api, db, event_id):
    listed = api("GET", url(event_id)).get_json()
    assert listed["check_ins"] == [] and listed["counts"] == {"invitees": 0, "walk_ins": 0, "checked_in": 0,
                                                              "invited": 2}
    assert [(p["name"], p["checkin_token"], p["checked_in"]) for p in listed["invitees"]] == [
        ("Ruth Kendrick", ruth(db, event_id), False),
        ("Sam Oyelaran", store.list_invitees(db, event_id)[1]["checkin_token"], False)]
    stored = api("POST", url(event_id), json={"checkin_token": ruth(db, event_id)})
    assert stored.status_code == 201
    body = stored.get_json()
    assert {k: body["check_in"][k] for k in ("checkin_token", "name", "organisation", "group", "how", "undone_at")} == {
        "checkin_token": ruth(db, event_id), "name": "Ruth Kendrick", "organisation": "Eastwold Mind",
        "group": "Patients", "how": "desk", "undone_at": None}
    assert body["counts"]["checked_in"] == 1
    walk_in = api("POST", url(event_id), json={"name": "Alex Morgan", "organisation": "Healthwatch",
                                               "group": "Patients"})
    assert walk_in.status_code == 201 and walk_in.get_json()["check_in"]["how"] == "walk_in"
    listed = api("GET", url(event_id)).get_json()
    assert [c["name"] for c in listed["check_ins"]] == ["Ruth Kendrick", "Alex Morgan"]
    assert listed["counts"] == {"invitees": 1, "walk_ins": 1, "checked_in": 2, "invited": 2}
    assert [p["checked_in"] for p in listed["invitees"]] == [True, False]
    undone = api("DELETE", url(event_id, f"/{body['check_in']['id']}"))
    assert undone.status_code == 200 and undone.get_json()["check_in"]["undone_at"]
    assert undone.get_json()["counts"]["checked_in"] == 1
    again = api("DELETE", url(event_id, f"/{body['check_in']['id']}"))
    assert again.status_code == 409 and "already undone" in again.get_json()["error"]
    assert api("DELETE", url(event_id, "/999")).status_code == 404


def test_an_invitee_already_checked_in_is_a_409_that_changes_nothing(api, db, event_id):
    api("POST", url(event_id), json={"checkin_token": ruth(db, event_id)})
    again = api("POST", url(event_id), json={"checkin_token": ruth(db, event_id)})
    assert again.status_code == 409
    assert again.get_json()["error"] == "Ruth Kendrick is already checked in. Nothing was changed."
    assert len(store.active_check_ins(db, event_id)) == 1


def test_a_walk_in_like_an_invitee_gets_the_near_matches_until_confirmed(api, db, event_id):
    offered = api("POST", url(event_id), json={"name": "Ruth Kendrik"})
    assert offered.status_code == 409
    assert offered.get_json()["near_matches"] == [{
        "name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients",
        "checkin_token": ruth(db, event_id), "checked_in": False, "exact": False}]
    assert store.active_check_ins(db, event_id) == []
    confirmed = api("POST", url(event_id), json={"name": "Ruth Kendrik", "confirm_new": True})
    assert confirmed.status_code == 201


@pytest.mark.parametrize("body, status, words", [
    (None, 400, "must be a JSON object"),
    ([1], 400, "must be a JSON object"),
    ({"name": ""}, 422, "cannot be empty"),
    ({"name": "x" * 201}, 422, "too long"),
    ({"name": 5}, 422, "must be text"),
    ({"name": "Alex", "confirm_new": "yes"}, 422, "true or false"),
    ({"name": "Alex", "group": "Press"}, 422, "not one of this event's stakeholder groups"),
    ({"checkin_token": 12}, 422, "must be text"),
    ({"checkin_token": "nobody"}, 404, "not on this event's invitee list"),
])
def test_bad_input_is_refused_plainly_and_stores_nothing(api, db, event_id, body, status, words):
    response = api("POST", url(event_id), json=body) if body is not None else api("POST", url(event_id), data="x")
    assert response.status_code == status and words in response.get_json()["error"]
    assert store.active_check_ins(db, event_id) == []


def test_a_closed_event_refuses_check_ins(api, db, event_id):
    closing.close_event(db, event_id)
    response = api("POST", url(event_id), json={"name": "Alex", "confirm_new": True})
    assert response.status_code == 409 and "closed" in response.get_json()["error"]
    assert store.active_check_ins(db, event_id) == []


def test_the_answers_match_their_openapi_schemas(api, db, event_id):
    from jsonschema import Draft202012Validator

    document = api("GET", "/api/openapi.json").get_json()

    def problems(name, body):
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        return [error.message for error in Draft202012Validator(schema).iter_errors(body)]

    stored = api("POST", url(event_id), json={"checkin_token": ruth(db, event_id)}).get_json()
    assert problems("CheckInStored", stored) == []
    assert problems("CheckInList", api("GET", url(event_id)).get_json()) == []
    assert problems("CheckInRefused", api("POST", url(event_id), json={"name": "Ruth Kendrik"}).get_json()) == []
    assert problems("CheckInRefused", api("POST", url(event_id), json={"checkin_token": ruth(db, event_id)}).get_json()) == []
    assert problems("CheckInStored", api("DELETE", url(event_id, f"/{stored['check_in']['id']}")).get_json()) == []
