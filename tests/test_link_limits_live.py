"""New people per link per minute against the real server: a table's card over Socket.IO, the survey link over HTTP."""
import json
import sqlite3

import pytest
import requests
import socketio

from facilitation.domain import link_limits

from .conftest import EVENTS_DIR
from .servers import serve_event

pytestmark = [pytest.mark.server, pytest.mark.timeout(120)]
MESSAGE = "Too many people have joined through this link in the last minute; please wait a moment and try again."


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the explicit event (invitees, a survey), the questions open about B, the survey open."""
    instance = tmp_path_factory.mktemp("limits-instance")
    event = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text(encoding="utf-8"))
    event["survey"]["closes"] = "2999-01-01T12:00:00Z"
    event_file = instance / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    with serve_event(instance, event_file) as server:
        base = f"{server.url}/api/events/{server.event_id}"
        assert requests.post(f"{base}/confidence", headers=server.api_headers, json={"phase": "open", "about": "B"},
                             timeout=10).ok
        with sqlite3.connect(instance / "facilitation.db") as connection:
            server.survey_token = connection.execute("SELECT survey_token FROM events").fetchone()[0]
        yield server


def person(n, prefix):
    """One person's answers with their own answer key."""
    return {"respondent": f"{prefix}-{n:08d}", "submission_id": f"send-{prefix}-{n:08d}", "confidence": "same",
            "risks": []}


def test_a_table_card_adds_30_new_people_a_minute_over_socket_io_and_then_says_to_wait(live):
    limit = link_limits.NEW_PER_MINUTE["room"]
    join_token = live.tables[0]["join_token"]
    phone = socketio.SimpleClient()
    phone.connect(live.url, transports=["websocket"], wait_timeout=10)
    try:
        acks = [phone.call("submit_answers", {"join_token": join_token, **person(n, "live-room")}, timeout=10)
                for n in range(limit + 1)]
        assert [a["ok"] for a in acks] == [True] * limit + [False]
        assert acks[-1]["error"] == MESSAGE and acks[-1]["status"] == "too_many"
        again = phone.call("submit_answers", {"join_token": join_token, **person(3, "live-room"),
                                              "submission_id": "send-again-live-3", "confidence": "more"}, timeout=10)
        assert again["ok"] and again["answers"]["version"] == 2  # someone already answering is never limited
        refused = phone.call("identify", {"join_token": join_token, "respondent": "live-room-name-only",
                                          "name": "Ann"}, timeout=10)
        # It follows "Your name was not saved: " on the phone, so it starts in lower case.
        assert refused["ok"] is False and refused["problems"][0]["message"] == "t" + MESSAGE[1:].rstrip(".")
    finally:
        phone.disconnect()
    # The same count over HTTP (the table API and the plain form share the service).
    over_http = requests.post(f"{live.url}/api/tables/{join_token}/answers", json=person(99, "live-room"), timeout=10)
    assert over_http.status_code == 429 and over_http.json()["error"] == MESSAGE
    form = requests.post(f"{live.url}/t/{join_token}/answers", data={**person(98, "live-room"), "risk_text": ""},
                         timeout=10)
    assert form.status_code == 429 and "Too many people have joined through this link" in form.text
    # Another table's card has its own count.
    other = requests.post(f"{live.url}/api/tables/{live.tables[1]['join_token']}/answers",
                          json=person(0, "live-other-table"), timeout=10)
    assert other.status_code == 201


def test_the_shared_survey_link_adds_60_a_minute_then_429_and_the_plain_form_says_so(live):
    limit = link_limits.NEW_PER_MINUTE["survey"]
    url = f"{live.url}/api/survey/{live.survey_token}/answers"
    with requests.Session() as http:
        codes = [http.post(url, json=person(n, "live-survey"), timeout=10).status_code for n in range(limit + 1)]
        assert codes == [201] * limit + [429]
        refused = http.post(url, json=person(limit + 1, "live-survey"), timeout=10).json()
        assert refused["error"] == MESSAGE
        page = http.get(f"{live.url}/s/{live.survey_token}", timeout=10).text
        form = {"respondent": "live-survey-plain-form", "submission_id": "plain-form-send-1", "confidence": "more"}
        sent = http.post(f"{live.url}/s/{live.survey_token}", data=form, timeout=10)
        assert sent.status_code == 429 and "Too many people have joined through this link" in sent.text
        assert 'name="confidence"' in sent.text and "Scoring" in page
