"""The facilitator's controls for the projector and the tables: display, nudge, voting from the control room."""
import pytest

from facilitation import store

from ..conftest import Auth


@pytest.fixture
def event_id(imported):
    """The explicit-assignment test event."""
    return imported("allocate-explicit.json")


def post(client, event_id, action, **fields):
    """Post one of the event's control forms with its CSRF token, following the redirect."""
    csrf = Auth(client).csrf_token(f"/facilitator/events/{event_id}")
    return client.post(f"/facilitator/events/{event_id}/{action}", data={"csrf_token": csrf, **fields},
                       follow_redirects=True)


def test_results_are_hidden_until_voting_closes_by_default(db, event_id):
    assert store.get_event(db, event_id)["display"] == {"view": "totals", "hidden": True}


def test_choosing_the_projector_view(signed_in, db, event_id):
    post(signed_in, event_id, "display", view="matrix", hidden="0")
    assert store.get_event(db, event_id)["display"] == {"view": "matrix", "hidden": False}
    page = post(signed_in, event_id, "display", view="pie", hidden="1").get_data(as_text=True)
    assert "not one the projector has; nothing changed" in page
    assert store.get_event(db, event_id)["display"] == {"view": "matrix", "hidden": False}


def test_forms_return_to_the_control_room_when_they_came_from_it(signed_in, event_id):
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    response = signed_in.post(f"/facilitator/events/{event_id}/voting",
                              data={"csrf_token": csrf, "voting": "open", "next": "control"})
    assert response.headers["Location"].endswith(f"/facilitator/events/{event_id}/control#voting")


def test_nudging_names_the_tables_still_to_submit(signed_in, db, event_id):
    assert "nobody to nudge" in post(signed_in, event_id, "nudge").get_data(as_text=True)
    store.set_voting(db, event_id, "cost", "open")
    # "cost" is scored by tables 4 and 5 in this event.
    assert "Nudged tables 4 and 5." in post(signed_in, event_id, "nudge").get_data(as_text=True)
    assert "Nudged table 2." in post(signed_in, event_id, "nudge", table="2").get_data(as_text=True)
