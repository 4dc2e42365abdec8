"""Closing voting never loses a table's work: it asks first, naming the tables; drafts are kept, marked, never counted.

Drafts arrive the way a phone sends them, through the real Socket.IO 'draft' handler (Flask-SocketIO's test client).
"""
import csv
import html
import io

import pytest

from facilitation import socketio, store, table_status
from facilitation.results import event_results

from ..conftest import Auth

TEN = {"A": 4, "B": 3, "C": 2, "D": 1}
SEVEN = {"A": 4, "B": 3, "C": 0, "D": 0}
COST = "Affordable within the mental health investment standard"   # "cost" has no working title of its own


@pytest.fixture
def event_id(imported, db):
    """The explicit-assignment event with voting open on "cost" (tables 4 and 5) and "access" (tables 1 and 4)."""
    event_id = imported("allocate-explicit.json")
    store.set_voting(db, event_id, "cost", "open")
    store.set_voting(db, event_id, "access", "open")
    return event_id


def table(db, event_id, number):
    """A table as the handlers see it (join token, criteria, scoring)."""
    join_token = store.get_table(db, event_id, number)["join_token"]
    return {**store.find_table(db, join_token), "join_token": join_token}


def phone(app, client, db, event_id, number):
    """A real Socket.IO test client joined to a table, as a phone is."""
    the_phone = socketio.test_client(app, flask_test_client=client)
    assert the_phone.emit("join_table", {"join_token": table(db, event_id, number)["join_token"]}, callback=True)["ok"]
    return the_phone


def draft(app, client, db, event_id, number, criterion, points, ruled_out=()):
    """A phone at the table changes its shared draft."""
    the_phone = phone(app, client, db, event_id, number)
    ack = the_phone.emit("draft", {
        "join_token": table(db, event_id, number)["join_token"], "criterion": criterion, "device_id": "phone-test",
        "draft": {"ranking": sorted((c for c in points if c not in ruled_out), key=lambda c: -points[c]),
                  "points": points, "ruled_out": list(ruled_out)}}, callback=True)
    assert ack == {"ok": True}
    the_phone.disconnect()


def submit(client, db, event_id, number, criterion, points):
    """Submit a ballot through the table API."""
    response = client.post(f"/api/tables/{table(db, event_id, number)['join_token']}/ballots", json={
        "criterion": criterion, "ranking": sorted(points, key=lambda c: -points[c]), "points": points, "ruled_out": [],
        "base_version": 0, "submission_id": f"test-{number}-{criterion}"})
    assert response.status_code == 201, response.get_json()


def post(client, event_id, action, json=False, **fields):
    """Post a control room form with its CSRF token (as the page does, or as its script does asking for JSON)."""
    csrf = Auth(client).csrf_token(f"/facilitator/events/{event_id}/control")
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/facilitator/events/{event_id}/{action}", data={"csrf_token": csrf, **fields},
                       headers=headers, follow_redirects=not json)


def test_closing_on_a_complete_unsent_draft_asks_first_and_names_the_table(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", TEN)
    page = post(signed_in, event_id, "voting", voting="closed", criterion="cost", next="control")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Close voting on {COST}?" in text
    assert "Table 4</strong> · " + COST + ": draft complete (10 of 10 points), not submitted" in text
    assert "Nudge them" in text and "Close anyway" in text and "Cancel" in text
    assert 'name="draft" value="4|cost"' in text and 'name="confirm" value="close"' in text
    assert store.voting_states(db, event_id)["cost"] == "open"


def test_close_anyway_closes_keeps_the_draft_marked_and_never_counts_it(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", TEN)
    text = post(signed_in, event_id, "voting", voting="closed", criterion="cost", confirm="close",
                next="control").get_data(as_text=True)
    assert f"Voting on {COST} is now closed." in text
    assert "The draft of table 4 (" + COST + ") was not submitted: it is kept and marked" in text
    assert store.voting_states(db, event_id)["cost"] == "closed"
    # Kept: nothing deletes a draft when voting closes.
    assert store.event_drafts(db, event_id)[(4, "cost")]["points"] == TEN
    # Marked, in the control room's grid.
    cell = next(c for c in table_status.cells(db, event_id) if (c["table"], c["criterion"]) == (4, "cost"))
    assert (cell["state"], cell["unsent"], cell["text"]) == ("closed", "complete", "Closed — draft not submitted")
    control = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert 'data-status="cost|4"' in control and "Closed — draft not submitted" in control
    # Never counted.
    results = event_results(db, event_id)
    assert results["progress"]["submitted"] == 0
    assert sum(results["total_row"].values()) == 0


def test_closing_every_criterion_asks_too_and_names_each_table_and_criterion(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", TEN)
    draft(app, signed_in, db, event_id, 1, "access", {"A": 10, "B": 0, "C": 0, "D": 0})
    text = post(signed_in, event_id, "voting", voting="closed", next="control").get_data(as_text=True)
    assert "Close voting on every criterion?" in text
    assert "Table 1</strong> · Reach: draft complete" in text and "Table 4</strong> · " + COST in text
    assert set(store.voting_states(db, event_id).values()) == {"open", "waiting"}


def test_the_script_gets_the_question_as_json_and_then_closes(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", TEN)
    asked = post(signed_in, event_id, "voting", json=True, voting="closed", criterion="cost", next="control")
    assert asked.status_code == 409
    reply = asked.get_json()
    assert reply["confirm"] is True and reply["what"] == COST
    assert [(c["table"], c["criterion"], c["draft"], c["working_title"]) for c in reply["unsent"]] == [
        (4, "cost", "10 of 10 points", COST)]
    closed = post(signed_in, event_id, "voting", json=True, voting="closed", criterion="cost", confirm="close")
    assert closed.status_code == 200 and closed.get_json()["voting"]["cost"] == "closed"


@pytest.mark.parametrize("what", ["no draft", "a draft that does not add up", "a submitted ballot", "already closed"])
def test_nothing_to_lose_closes_without_asking(app, signed_in, db, event_id, what):
    if what == "a draft that does not add up":
        draft(app, signed_in, db, event_id, 4, "cost", SEVEN)
    if what == "a submitted ballot":
        draft(app, signed_in, db, event_id, 4, "cost", TEN)
        submit(signed_in, db, event_id, 4, "cost", TEN)
    if what == "already closed":
        draft(app, signed_in, db, event_id, 4, "cost", TEN)
        store.set_voting(db, event_id, "cost", "closed")
    text = post(signed_in, event_id, "voting", voting="closed", criterion="cost", next="control").get_data(as_text=True)
    assert f"Voting on {COST} is now closed." in text
    assert store.voting_states(db, event_id)["cost"] == "closed"


def test_nudge_them_tells_those_tables_and_leaves_voting_open(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", TEN)
    at_table_4, at_table_5 = phone(app, signed_in, db, event_id, 4), phone(app, signed_in, db, event_id, 5)
    text = post(signed_in, event_id, "nudge", reason="unsent", draft="4|cost", next="control").get_data(as_text=True)
    assert "Nudged table 4. Voting stays open." in text
    assert store.voting_states(db, event_id)["cost"] == "open"
    [nudged] = [m for m in at_table_4.get_received() if m["name"] == "nudge"]
    assert nudged["args"][0]["message"] == (
        f"The facilitator is about to close voting on {COST}. Your table's draft adds up but is not submitted yet: "
        "press Submit so that it counts.")
    assert not [m for m in at_table_5.get_received() if m["name"] == "nudge"]


def test_nudges_name_criteria_by_their_working_titles(app, signed_in, db, event_id):
    at_table_4 = phone(app, signed_in, db, event_id, 4)
    assert "Nudged tables 1, 4 and 5." in post(signed_in, event_id, "nudge", next="control").get_data(as_text=True)
    [nudged] = [m for m in at_table_4.get_received() if m["name"] == "nudge"]
    # Table 4 scores "cost" and "access" (working title "Reach"): named as the room knows them, in the event's order.
    assert nudged["args"][0]["message"] == f"The facilitator is waiting for your table's answer on Reach and {COST}."


def test_voting_messages_name_the_criterion_by_its_working_title(signed_in, db, event_id):
    assert "Voting on Reach is now closed." in post(signed_in, event_id, "voting", voting="closed",
                                                      criterion="access").get_data(as_text=True)
    refused = post(signed_in, event_id, "voting", voting="sideways", criterion="access").get_data(as_text=True)
    assert "That voting change was not understood; nothing changed." in refused


def test_after_voting_closed_the_projector_message_does_not_say_results_are_hidden(signed_in, db, event_id):
    assert "(results hidden until voting closes)" in post(signed_in, event_id, "display", view="totals",
                                                          hidden="1").get_data(as_text=True)
    store.set_voting(db, event_id, None, "closed")
    text = post(signed_in, event_id, "display", view="totals", hidden="1").get_data(as_text=True)
    assert "results hidden until voting closes" not in text
    assert "The projector now shows Total points. Voting has closed, so the results show." in text


def test_the_api_refuses_to_close_on_unsent_work_unless_forced(app, client, db, event_id):
    from facilitation.web.auth import new_api_token

    headers = {"Authorization": f"Bearer {new_api_token(db, 'test')}"}
    draft(app, client, db, event_id, 4, "cost", TEN)
    url = f"/api/events/{event_id}/voting"
    refused = client.post(url, headers=headers, json={"criterion": None, "voting": "closed"})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"].startswith(f"Not changed: table 4 ({COST}) has a draft that adds up but is not submitted.")
    assert [(c["table"], c["criterion"], c["state"]) for c in body["unsent"]] == [(4, "cost", "draft_complete")]
    assert store.voting_states(db, event_id)["cost"] == "open"
    assert client.post(url, headers=headers, json={"voting": "closed", "force": "yes"}).status_code == 400
    forced = client.post(url, headers=headers, json={"criterion": None, "voting": "closed", "force": True})
    assert forced.status_code == 200 and forced.get_json()["voting"]["cost"] == "closed"
    assert (4, "cost") in store.event_drafts(db, event_id)


def test_unsent_drafts_are_exported_marked_not_counted(app, signed_in, db, event_id):
    draft(app, signed_in, db, event_id, 4, "cost", {"A": 5, "B": 5, "C": 0}, ruled_out=("D",))
    draft(app, signed_in, db, event_id, 1, "access", SEVEN)
    submit(signed_in, db, event_id, 5, "cost", TEN)
    post(signed_in, event_id, "voting", voting="closed", criterion="cost", confirm="close")
    response = signed_in.get(f"/facilitator/events/{event_id}/exports/unsent-drafts.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [(r["table"], r["criterion"], r["voting"], r["adds up"], r["status"]) for r in rows] == [
        ("1", "access", "open", "no", "not submitted — not counted"),
        ("4", "cost", "closed", "yes", "not submitted — not counted"),
    ]
    assert (rows[1]["ranking"], rows[1]["ruled out"], rows[1]["points A"], rows[1]["points D"], rows[1]["points in all"]) == (
        "A > B > C", "D", "5", "", "10")
    assert rows[1]["last changed"] and rows[1]["device"] == "phone-test"
    # The submitted ballot of table 5 is not an unsent draft; the results count only it.
    assert event_results(db, event_id)["total_row"] == TEN
    assert "Drafts a table did not submit" in signed_in.get(f"/facilitator/events/{event_id}/exports").get_data(as_text=True)


def test_the_phone_page_says_plainly_that_its_unsent_draft_was_not_counted(app, client, db, event_id):
    draft(app, client, db, event_id, 4, "cost", TEN)
    store.set_voting(db, event_id, "cost", "closed")
    page = html.unescape(client.get(f"/t/{table(db, event_id, 4)['join_token']}").get_data(as_text=True))
    assert (f"Voting on {COST} has closed. Your table's draft (10 of 10 points) was not submitted, so it is not "
            "counted. Ask the facilitator if you think it should be.") in page
    assert "Your table did not submit a ballot for this criterion." not in page.split('id="criterion-cost"')[1].split(
        "</article>")[0]
