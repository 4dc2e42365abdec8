"""The table API over HTTP (the join token is the credential) and the facilitator's voting controls."""
import pytest

from facilitation import store
from facilitation.web.auth import new_api_token

from ..conftest import Auth


@pytest.fixture
def event_id(imported):
    """The explicit-assignment test event."""
    return imported("allocate-explicit.json")


@pytest.fixture
def token(db, event_id):
    """Table 1's join token (table 1 scores 'people' and 'access')."""
    return store.get_table(db, event_id, 1)["join_token"]


def ballot(n=1, base_version=0, **changes):
    """A valid submission for 'access'."""
    return {"criterion": "access", "ranking": ["A", "B", "C", "D"], "points": {"A": 4, "B": 3, "C": 2, "D": 1},
            "ruled_out": [], "base_version": base_version, "submission_id": f"api-submission-{n}", **changes}


def test_state_then_submit_then_resubmit(client, db, event_id, token):
    store.set_voting(db, event_id, "access", "open")
    state = client.get(f"/api/tables/{token}").get_json()
    assert {c["code"]: c["voting"] for c in state["criteria"]} == {"people": "waiting", "access": "open"}
    created = client.post(f"/api/tables/{token}/ballots", json=ballot())
    assert created.status_code == 201 and created.get_json()["version"] == 1
    again = client.post(f"/api/tables/{token}/ballots", json=ballot())
    assert again.status_code == 200 and again.get_json() == created.get_json()
    replaced = client.post(f"/api/tables/{token}/ballots", json=ballot(2, base_version=1))
    assert replaced.status_code == 201 and replaced.get_json()["version"] == 2


@pytest.mark.parametrize("setup, body, status, expected", [
    ("open", ballot(points={"A": 4, "B": 3, "C": 2, "D": 2}), 422, "must add up to exactly 10"),
    ("open", ballot(criterion="safety"), 422, "does not score"),
    ("waiting", ballot(), 409, "has not opened yet"),
    ("closed", ballot(), 409, "has closed"),
])
def test_refusals_say_why_and_store_nothing(client, db, event_id, token, setup, body, status, expected):
    store.set_voting(db, event_id, None, setup)
    response = client.post(f"/api/tables/{token}/ballots", json=body)
    assert response.status_code == status
    assert expected in str(response.get_json())
    table_id = store.get_table(db, event_id, 1)["id"]
    assert store.current_ballots(db, table_id) == {}


def test_a_stale_submission_gets_the_current_ballot(client, db, event_id, token):
    store.set_voting(db, event_id, "access", "open")
    client.post(f"/api/tables/{token}/ballots", json=ballot(1))
    response = client.post(f"/api/tables/{token}/ballots", json=ballot(2, base_version=0))
    assert response.status_code == 409
    body = response.get_json()
    assert body["stale"] is True and body["current"]["version"] == 1


def test_an_oversized_payload_is_refused_plainly(client, db, event_id, token):
    store.set_voting(db, event_id, "access", "open")
    response = client.post(f"/api/tables/{token}/ballots", json=ballot(device_id="x" * 40_000))
    assert response.status_code == 413
    assert "too large" in response.get_json()["error"]


def test_a_body_that_is_not_a_ballot(client, db, event_id, token):
    response = client.post(f"/api/tables/{token}/ballots", data="points=10", content_type="text/plain")
    assert response.status_code == 400 and "JSON" in response.get_json()["error"]


def test_a_replaced_link_is_410(client, db, event_id, token):
    store.regenerate_join(db, event_id, 1)
    response = client.get(f"/api/tables/{token}")
    assert response.status_code == 410 and response.get_json()["stale_link"] is True


def test_the_facilitator_opens_and_closes_voting_from_the_event_page(signed_in, db, event_id):
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    page = signed_in.get(f"/facilitator/events/{event_id}").get_data(as_text=True)
    assert "Open voting on every criterion" in page and "Open voting on Reach" in page
    signed_in.post(f"/facilitator/events/{event_id}/voting", data={"csrf_token": csrf, "voting": "open"})
    assert set(store.voting_states(db, event_id).values()) == {"open"}
    signed_in.post(f"/facilitator/events/{event_id}/voting",
                   data={"csrf_token": csrf, "voting": "closed", "criterion": "access"})
    assert store.voting_states(db, event_id)["access"] == "closed"
    assert "Reopen voting on Reach" in signed_in.get(f"/facilitator/events/{event_id}").get_data(as_text=True)
    response = signed_in.post(f"/facilitator/events/{event_id}/voting",
                              data={"csrf_token": csrf, "voting": "sideways"}, follow_redirects=True)
    assert "not understood; nothing changed" in response.get_data(as_text=True)


def test_voting_through_the_api(client, db, event_id):
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    response = client.post(f"/api/events/{event_id}/voting", json={"criterion": "cost", "voting": "open"},
                           headers=headers)
    assert response.status_code == 200 and response.get_json()["voting"]["cost"] == "open"
    assert client.post(f"/api/events/{event_id}/voting", json={"criterion": "nope", "voting": "open"},
                       headers=headers).status_code == 404
    assert client.post(f"/api/events/{event_id}/voting", json={"voting": "maybe"},
                       headers=headers).status_code == 400
