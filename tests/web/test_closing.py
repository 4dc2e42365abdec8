"""Closing the whole event from the control room and the API: asked first, stamped, shown, refused plainly by every
locked page (the event editor, the invitee upload, opening voting, the survey form, the table's name form), and
reopened; the control room's notes panel."""
import datetime
import html
import io

import pytest

from facilitation import answers, ballots, closing, store

from ..conftest import Auth
from .test_event_form import form_fields
from .test_survey import form, reopen_survey, survey_url

MESSAGE_END = "Only the facilitator can reopen it, from the control room."


@pytest.fixture
def event_id(db, imported):
    """The explicit event, survey open for a day, the questions asking about B, voting open on access."""
    event_id = imported("allocate-explicit.json")
    reopen_survey(db, event_id, datetime.timedelta(days=1))
    answers.open_phase(db, event_id, "B")
    store.set_voting(db, event_id, "access", "open")
    return event_id


def post(client, event_id, action, **fields):
    """Post a control room form with its CSRF token, following the redirect back."""
    csrf = Auth(client).csrf_token(f"/facilitator/events/{event_id}/control")
    return client.post(f"/facilitator/events/{event_id}/{action}", data={"csrf_token": csrf, **fields},
                       follow_redirects=True)


def text(response):
    """A page's text with entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def test_close_asks_first_then_closes_and_stamps_the_control_room_and_the_event_page(signed_in, db, event_id):
    control = text(signed_in.get(f"/facilitator/events/{event_id}/control"))
    assert "Close the event</button>" in control and "Closed at" not in control
    asked = post(signed_in, event_id, "close", next="control")
    assert asked.status_code == 200 and "Close “Community mental health crisis support in Eastwold”?" in text(asked)
    assert store.get_event(db, event_id)["closed"] is None
    done = text(post(signed_in, event_id, "close", next="control", confirm="close"))
    stamp = store.get_event(db, event_id)["closed"]
    assert stamp["by"] == "facilitator"
    moment = datetime.datetime.fromisoformat(stamp["at"]).astimezone()
    words = f"Closed at {moment:%H:%M} on {moment.day} {moment:%B %Y}"
    assert f"{words}. Voting, the questions and the survey are closed" in done and "Reopen the event</button>" in done
    assert words in text(signed_in.get(f"/facilitator/events/{event_id}"))
    again = text(post(signed_in, event_id, "close", next="control", confirm="close"))
    assert f"The event is already closed. {words}. Nothing changed." in again
    assert store.get_event(db, event_id)["closed"] == stamp
    assert set(store.voting_states(db, event_id).values()) == {"closed"}
    assert store.get_event(db, event_id)["confidence_phase"]["state"] == "closed"


def test_a_closed_event_refuses_the_editor_the_invitee_upload_and_opening_voting(signed_in, db, event_id):
    closing.close_event(db, event_id)
    definition = store.load_definition(db, event_id)
    editor = f"/facilitator/events/{event_id}/edit"
    saved = signed_in.post(editor, data=form_fields(signed_in.get(editor).get_data(as_text=True), title="Renamed"))
    assert saved.status_code == 409 and MESSAGE_END in text(saved) and "This event is closed" in text(saved)
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/attendance")
    upload = signed_in.post(f"/facilitator/events/{event_id}/invitees", content_type="multipart/form-data",
                            data={"csrf_token": csrf, "invitee_file": (io.BytesIO(b"name\nLate Person\n"), "x.csv")})
    assert upload.status_code == 409 and MESSAGE_END in text(upload)
    opened = text(post(signed_in, event_id, "voting", voting="open", next="control"))
    assert "Voting was not opened. This event was closed at" in opened
    survey = text(post(signed_in, event_id, "survey", survey="open", next="control"))
    assert MESSAGE_END in survey
    assert store.load_definition(db, event_id) == definition
    assert set(store.voting_states(db, event_id).values()) == {"closed"}


def test_the_survey_form_and_the_tables_name_form_refuse_plainly_once_closed(client, db, event_id):
    page = client.get(survey_url(db, event_id)).get_data(as_text=True)
    closing.close_event(db, event_id)
    sent = client.post(survey_url(db, event_id), data=form(page))
    assert MESSAGE_END in text(sent)
    assert store.event_respondents(db, event_id) == []
    join_token = store.get_table(db, event_id, 1)["join_token"]
    table_page = text(client.get(f"/t/{join_token}"))
    assert 'id="event-closed"' in table_page and MESSAGE_END in table_page
    named = text(client.post(f"/t/{join_token}/identify", data={"respondent": "r" * 20, "name": "Late Comer"},
                             follow_redirects=True))
    assert "Your name was not saved: This event was closed at" in named
    assert store.event_respondents(db, event_id) == []


def test_reopen_unlocks_and_voting_can_open_again(signed_in, db, event_id):
    closing.close_event(db, event_id)
    reopened = text(post(signed_in, event_id, "reopen", next="control"))
    assert "The event is reopened" in reopened and "Close the event</button>" in reopened
    assert store.get_event(db, event_id)["closed"] is None
    assert "Voting on Reach is now open." in text(post(signed_in, event_id, "voting", voting="open",
                                                         criterion="access", next="control"))
    again = text(post(signed_in, event_id, "reopen", next="control"))
    assert "The event is open already. Nothing changed." in again


def test_the_api_closes_and_reopens_and_lists_the_stamp(api, db, event_id):
    closed = api("POST", f"/api/events/{event_id}/close")
    assert closed.status_code == 200 and closed.get_json()["closed"] == store.get_event(db, event_id)["closed"]
    listed = next(e for e in api("GET", "/api/events").get_json()["events"] if e["id"] == event_id)
    assert listed["closed"] == closed.get_json()["closed"]
    assert "closed" not in api("GET", f"/api/events/{event_id}").get_json()
    assert api("POST", f"/api/events/{event_id}/close").status_code == 409
    assert api("POST", f"/api/events/{event_id}/voting", json={"criterion": None, "voting": "open"}).status_code == 409
    reopened = api("POST", f"/api/events/{event_id}/reopen")
    assert reopened.status_code == 200 and reopened.get_json()["closed"] is None
    assert api("POST", f"/api/events/{event_id}/reopen").status_code == 409
    assert api("POST", "/api/events/999/close").status_code == 404


def test_the_notes_panel_shows_each_tables_notes_escaped(signed_in, db, event_id):
    table = ballots.find_table(db, store.get_table(db, event_id, 4)["join_token"])
    ballots.submit(db, table, {"criterion": "access", "ranking": ["A", "B", "C", "D"],
                               "points": {"A": 4, "B": 3, "C": 2, "D": 1}, "ruled_out": [], "base_version": 0,
                               "submission_id": "notes-panel-1", "notes": "<b>Cheapest</b> & nearest"})
    panel = signed_in.get(f"/facilitator/events/{event_id}/notes").get_data(as_text=True)
    assert "Table 4</strong> · Commissioners" in panel and "&lt;b&gt;Cheapest&lt;/b&gt; &amp; nearest" in panel
    control = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert "&lt;b&gt;Cheapest&lt;/b&gt; &amp; nearest" in control and "Notes from the tables" in control
