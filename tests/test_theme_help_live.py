"""Per-theme help end to end against the real server: a phone's answer for a theme reaches the projector under that
theme, with its stakeholder group counted, and the organisers' response typed in the control room follows it there."""
import json
import re
import threading
import time

import pytest
import socketio

from facilitation import store

from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event
from .test_confidence_live import open_questions
from .test_projector_live import signed_in_session

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the explicit event plus stakeholder groups, its questions open about B."""
    instance = tmp_path_factory.mktemp("theme-help-instance")
    definition = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text(encoding="utf-8"))
    definition["stakeholder_groups"] = ["GPs", "Patients and public"]
    path = instance / "event.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    with serve_event(instance, path, env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        open_questions(server, server.event_id)
        db = store.connect(str(instance / "facilitation.db"))
        server.themes = {t["name"].split()[0]: t["id"] for t in store.list_themes(db, server.event_id)}
        db.conn.close()
        yield server


class Screen:
    """A real Socket.IO client in the event's projector room, keeping every confidence summary it is sent."""

    def __init__(self, live, session):
        self.summaries, self.arrived = [], threading.Condition()
        self.client = socketio.Client()
        self.client.on("confidence", self.got)
        cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
        self.client.connect(live.url, headers={"Cookie": cookie}, wait_timeout=10)
        joined = self.client.call("join_projector", {"event_id": live.event_id}, timeout=10)
        assert joined["ok"]
        self.got(joined["confidence"])

    def got(self, summary):
        """Keep one summary."""
        with self.arrived:
            self.summaries.append(summary)
            self.arrived.notify_all()

    def wait_for(self, test, timeout=10):
        """The first summary (already here, or arriving within timeout) that passes test."""
        end = time.monotonic() + timeout
        with self.arrived:
            while True:
                found = next((s for s in self.summaries if test(s)), None)
                if found is not None or time.monotonic() >= end:
                    return found
                self.arrived.wait(end - time.monotonic())


def theme_row(summary, theme_id):
    """One theme's row of a summary."""
    return next(row for row in summary["themes"] if row["theme"] == theme_id)


def test_a_phones_help_for_a_theme_and_a_response_reach_the_projector(live):
    session, csrf = signed_in_session(live)
    screen = Screen(live, session)
    staffing = live.themes["Staffing"]
    phone = socketio.Client()
    phone.connect(live.url, wait_timeout=10)
    try:
        table = live.tables[0]
        token = "live-delegate-token-0001"
        named = phone.call("identify", {"join_token": table["join_token"], "respondent": token, "name": "Ann",
                                        "organisation": "City GPs", "stakeholder_group": "gps"}, timeout=10)
        assert named == {"ok": True, "name": "Ann", "organisation": "City GPs", "stakeholder_group": "GPs"}
        refused = phone.call("submit_answers", {
            "join_token": table["join_token"], "respondent": token, "submission_id": "live-send-0000",
            "confidence": "more", "would_help": "x", "would_help_theme": [staffing]}, timeout=10)
        assert refused["ok"] is False and refused["problems"][0]["field"] == "would_help_theme"
        ack = phone.call("submit_answers", {
            "join_token": table["join_token"], "respondent": token, "submission_id": "live-send-0001",
            "confidence": "much_more", "would_help": "Named leads out of hours", "would_help_theme": staffing,
            "risks": [{"text": "Rotas", "theme": staffing}]}, timeout=10)
        assert ack["ok"] and ack["answers"]["would_help_theme"] == staffing
    finally:
        phone.disconnect()
    try:
        arrived = screen.wait_for(lambda s: [w["text"] for w in theme_row(s, staffing)["would_help"]] == [
            "Named leads out of hours"])
        assert arrived is not None, "the answer under its theme never reached the projector"
        assert [w["theme"] for w in arrived["would_help"]] == [staffing] and arrived["general_help"] == []
        gps = next(r for r in arrived["by_group"]["stakeholder_group"] if r["name"] == "GPs")
        assert (gps["people"], gps["more"], gps["themes"]) == (1, 1, {"Staffing out of hours": 1})
        page = session.get(f"{live.url}/facilitator/events/{live.event_id}/control", timeout=5).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        saved = session.post(f"{live.url}/facilitator/events/{live.event_id}/themes/{staffing}/response",
                             headers={"Accept": "application/json"}, timeout=5,
                             data={"csrf_token": csrf, "next": "control", "response": "Recruit a lead by March"})
        assert saved.status_code == 200 and saved.json()["ok"]
        shown = screen.wait_for(lambda s: theme_row(s, staffing)["response"] == "Recruit a lead by March")
        assert shown is not None, "the response never reached the projector"
    finally:
        screen.client.disconnect()
