"""Table notes and closing the event against the real gevent server: the control room hears notes at once; after a
close, ballots (Socket.IO and HTTP), room answers and survey answers are refused with the plain message and change
nothing; phones hear the close; reopening lets the facilitator open voting again and a ballot is then accepted."""
import sqlite3
import time
import uuid

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event
from .test_confidence_live import open_questions
from .test_projector_live import facilitator_cookie

pytestmark = pytest.mark.server

CLOSED_START = "This event was closed at "
CLOSED_END = "Only the facilitator can reopen it, from the control room."


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the explicit event: its survey open for a day, the questions open about B."""
    instance = tmp_path_factory.mktemp("closing-instance")
    with serve_event(instance, EVENTS_DIR / "allocate-explicit.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        open_questions(server, server.event_id)
        server.database = instance / "facilitation.db"
        yield server


def api(live, method, path, **kwargs):
    """One call to the facilitator's API."""
    return requests.request(method, f"{live.url}/api/events/{live.event_id}{path}", headers=live.api_headers,
                            timeout=10, **kwargs)


def reopened(live):
    """The event open, with voting open on every criterion (whatever an earlier test left)."""
    events = requests.get(f"{live.url}/api/events", headers=live.api_headers, timeout=10).json()["events"]
    if next(e for e in events if e["id"] == live.event_id)["closed"]:
        api(live, "POST", "/reopen").raise_for_status()
    api(live, "POST", "/voting", json={"criterion": None, "voting": "open"}).raise_for_status()


def table(live, number):
    """One of the event's tables."""
    return next(t for t in live.tables if t["number"] == number)


def phone(live, number, heard=None):
    """A phone joined to a table; events it hears are recorded in heard (name -> [payloads])."""
    client = socketio.Client()
    if heard is not None:
        for name in ("ballot_saved", "event_closed", "voting"):
            client.on(name, lambda data, name=name: heard.setdefault(name, []).append(data))
    client.connect(live.url, wait_timeout=10)
    ack = client.call("join_table", {"join_token": table(live, number)["join_token"]}, timeout=10)
    assert ack["ok"], ack
    return client, ack


def submission(live, number, criterion, notes="", base_version=None, points=None):
    """A valid ballot for a table, on top of its current version."""
    points = points or {"A": 4, "B": 3, "C": 2, "D": 1}
    state = requests.get(f"{live.url}/api/tables/{table(live, number)['join_token']}", timeout=10).json()
    current = next(c for c in state["criteria"] if c["code"] == criterion)["ballot"]
    return {"criterion": criterion, "ranking": sorted(points, key=points.get, reverse=True), "points": points,
            "ruled_out": [], "base_version": base_version if base_version is not None else (current or {}).get("version", 0),
            "submission_id": uuid.uuid4().hex, "device_id": "phone-close", "notes": notes}


def counts(live):
    """What the database holds for the event: ballot rows, respondents, answer versions, delegates' names."""
    with sqlite3.connect(live.database) as conn:
        return tuple(conn.execute(sql, [live.event_id]).fetchone()[0] for sql in (
            "SELECT COUNT(*) FROM ballots b JOIN tables t ON t.id = b.table_id WHERE t.event_id = ?",
            "SELECT COUNT(*) FROM respondents WHERE event_id = ?",
            "SELECT COUNT(*) FROM answer_history h JOIN respondents r ON r.id = h.respondent_id WHERE r.event_id = ?",
            "SELECT COALESCE(group_concat(name, '|'), '') FROM respondents WHERE event_id = ?",
        ))


def wait_for(condition, timeout=5):
    """Wait until condition() is true (live messages arrive on their own thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def answers(token, n=1):
    """One person's confidence answers."""
    return {"respondent": token, "submission_id": f"{token[:20]}-{n}-{uuid.uuid4().hex[:8]}", "confidence": "more",
            "would_help": "A clear timetable", "risks": []}


def test_the_control_room_hears_a_tables_notes_at_once_and_its_panel_shows_them(live):
    reopened(live)
    cookie = facilitator_cookie(live)
    heard = []
    control = socketio.Client()
    control.on("table_notes", heard.append)
    control.connect(live.url, headers={"Cookie": cookie}, wait_timeout=10)
    client, _ = phone(live, 2)
    try:
        assert control.call("watch_tables", {"event_id": live.event_id}, timeout=10)["ok"]
        note = "Safest option: staff already on site.\nBut the police link is weak."
        ack = client.call("submit_ballot", {"join_token": table(live, 2)["join_token"],
                                            **submission(live, 2, "safety", notes=note)}, timeout=10)
        assert ack["ok"] and ack["ballot"]["notes"] == note
        assert wait_for(lambda: heard), "the control room heard no table_notes"
        assert heard[-1]["criterion"] == "safety" and heard[-1]["table"] == 2 and heard[-1]["notes"] == note
        panel = requests.get(f"{live.url}/facilitator/events/{live.event_id}/notes", headers={"Cookie": cookie},
                             timeout=10)
        assert panel.status_code == 200
        assert "Table 2</strong> · Clinicians" in panel.text and "the police link is weak." in panel.text
    finally:
        client.disconnect()
        control.disconnect()


def test_after_the_close_every_submission_is_refused_plainly_and_changes_nothing_until_reopened(live):
    reopened(live)
    person = f"closing-person-{uuid.uuid4().hex}"
    with sqlite3.connect(live.database) as conn:
        survey_token = conn.execute("SELECT survey_token FROM events WHERE id = ?", [live.event_id]).fetchone()[0]
    heard, survey_heard = {}, []
    client, _ = phone(live, 1, heard)
    watcher = socketio.Client()
    watcher.on("event_closed", survey_heard.append)
    watcher.connect(live.url, wait_timeout=10)
    assert watcher.call("watch_survey", {"survey_token": survey_token}, timeout=10) == {
        "ok": True, "closed": None, "message": ""}
    assert watcher.call("watch_survey", {"survey_token": "x" * 30}, timeout=10)["ok"] is False
    token = table(live, 1)["join_token"]
    try:
        # Before the close, the same kinds of sending are accepted (so the refusals below are the close's doing).
        assert client.call("submit_ballot", {"join_token": token, **submission(live, 1, "access")}, timeout=10)["ok"]
        assert client.call("submit_answers", {"join_token": token, **answers(person)}, timeout=10)["ok"]
        assert requests.post(f"{live.url}/api/survey/{survey_token}/answers",
                             json=answers(f"closing-survey-{uuid.uuid4().hex}"), timeout=10).status_code == 201
        before = counts(live)

        closed = api(live, "POST", "/close")
        assert closed.status_code == 200 and closed.json()["closed"]["by"] == "api"
        assert set(closed.json()["voting"].values()) == {"closed"}
        assert wait_for(lambda: heard.get("event_closed")), "the phone did not hear that the event closed"
        message = heard["event_closed"][-1]["message"]
        assert message.startswith(CLOSED_START) and message.endswith(CLOSED_END)
        assert wait_for(lambda: survey_heard), "the survey page did not hear that the event closed"
        assert survey_heard[-1] == {"closed": closed.json()["closed"], "message": message}

        ack = client.call("submit_ballot", {"join_token": token, **submission(live, 1, "access", notes="late")},
                          timeout=10)
        assert ack == {"ok": False, "error": message, "closed": True}
        http = requests.post(f"{live.url}/api/tables/{token}/ballots", json=submission(live, 1, "people"), timeout=10)
        assert http.status_code == 409 and http.json() == {"error": message, "closed": True}
        room = client.call("submit_answers", {"join_token": token, **answers(person, 2)}, timeout=10)
        assert room["ok"] is False and room["status"] == "closed" and room["error"] == message
        survey = requests.post(f"{live.url}/api/survey/{survey_token}/answers",
                               json=answers(f"closing-survey-{uuid.uuid4().hex}"), timeout=10)
        assert survey.status_code == 409 and survey.json()["error"] == message
        named = client.call("identify", {"join_token": token, "respondent": person, "name": "Late Comer"}, timeout=10)
        assert named["ok"] is False and named["problems"][0]["message"] == message
        assert counts(live) == before

        # Nothing reopens by the back door: voting, the questions, the survey and the definition stay locked.
        assert api(live, "POST", "/voting", json={"criterion": None, "voting": "open"}).status_code == 409
        assert api(live, "POST", "/confidence", json={"phase": "open", "about": "B"}).status_code == 422
        definition = api(live, "GET", "").json()
        edit = api(live, "PUT", "", json={**definition, "title": "Renamed after the close"})
        assert edit.status_code == 409 and edit.json()["error"] == message
        assert api(live, "GET", "").json()["title"] == definition["title"]
    finally:
        reopen = api(live, "POST", "/reopen")
        client.disconnect()
        watcher.disconnect()
    assert reopen.status_code == 200 and reopen.json()["closed"] is None
    assert set(reopen.json()["voting"].values()) == {"closed"}

    # Reopened: the facilitator opens voting again and a ballot is accepted.
    api(live, "POST", "/voting", json={"criterion": "access", "voting": "open"}).raise_for_status()
    client, _ = phone(live, 1)
    try:
        ack = client.call("submit_ballot", {"join_token": token, **submission(live, 1, "access", notes="After all")},
                          timeout=10)
        assert ack["ok"] and ack["ballot"]["notes"] == "After all"
    finally:
        client.disconnect()
