"""The control room's grid against the real gevent server: a phone's draft reaches it within a second, in batches."""
import time

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event
from .test_projector_live import facilitator_cookie

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the minimal event (one criterion, "access") and voting open."""
    instance = tmp_path_factory.mktemp("cockpit-instance")
    with serve_event(instance, EVENTS_DIR / "minimal.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        requests.post(f"{server.url}/api/events/{server.event_id}/voting", headers=server.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5).raise_for_status()
        yield server


class ControlRoom:
    """A real Socket.IO client watching the tables, recording each 'table_status' message with its arrival time."""

    def __init__(self, live, cookie):
        self.messages = []
        self.client = socketio.Client()
        self.client.on("table_status", lambda data: self.messages.append((time.monotonic(), data)))
        self.client.connect(live.url, headers={"Cookie": cookie} if cookie else {}, wait_timeout=10)

    def watch(self, event_id):
        """Ask where every table is; the ack is every cell."""
        return self.client.call("watch_tables", {"event_id": event_id}, timeout=10)

    def latest(self, table):
        """The last cell heard for a table."""
        cells = [c for _, m in self.messages for c in m["cells"] if c["table"] == table]
        return cells[-1] if cells else None


def phone(live, table):
    """A phone joined to its table."""
    client = socketio.SimpleClient()
    client.connect(live.url, wait_timeout=10)
    assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
    return client


def send_draft(client, table, points):
    """The phone changes its table's draft, as table.js does."""
    return client.call("draft", {"join_token": table["join_token"], "criterion": "access", "device_id": "phone-live",
                                 "draft": {"ranking": ["1", "2"], "points": points, "ruled_out": []}}, timeout=10)


def test_only_a_signed_in_facilitator_may_watch_the_tables(live):
    stranger = ControlRoom(live, None)
    try:
        assert stranger.watch(live.event_id) == {"ok": False, "error": "Sign in as the facilitator to see the tables."}
    finally:
        stranger.client.disconnect()


def test_a_draft_reaches_the_control_room_within_a_second_and_a_burst_is_a_few_messages(live):
    control = ControlRoom(live, facilitator_cookie(live))
    table = live.tables[0]
    at_the_table = phone(live, table)
    try:
        ack = control.watch(live.event_id)
        assert ack["ok"] is True
        first = next(c for c in ack["cells"] if c["table"] == table["number"])
        assert (first["state"], first["text"]) == ("not_started", "Not started")

        started = time.monotonic()
        assert send_draft(at_the_table, table, {"1": 4, "2": 6}) == {"ok": True}
        while control.latest(table["number"]) is None or control.latest(table["number"])["state"] != "draft_complete":
            assert time.monotonic() - started < 1.0, control.messages
            time.sleep(0.01)
        cell = control.latest(table["number"])
        assert (cell["text"], cell["shape"], cell["draft"]) == ("Draft complete, not submitted", "⚠", "10 of 10 points")

        # Thirty changes in a burst arrive as a handful of batches, the last one exactly right.
        before = len(control.messages)
        for n in range(30):
            send_draft(at_the_table, table, {"1": n % 10, "2": 0})
        time.sleep(1.0)
        assert len(control.messages) - before <= 8
        assert control.latest(table["number"])["state"] == "drafting"
        assert control.latest(table["number"])["draft"] == "9 of 10 points"
    finally:
        at_the_table.disconnect()
        control.client.disconnect()
