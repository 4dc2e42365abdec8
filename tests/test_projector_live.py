"""Live results against the real gevent server: a projector hears a ballot within a second, in batches."""
import re
import time

import pytest
import requests
import socketio


from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the minimal event imported, voting open, and an API token."""
    instance = tmp_path_factory.mktemp("projector-instance")
    with serve_event(instance, EVENTS_DIR / "minimal.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        requests.post(f"{server.url}/api/events/{server.event_id}/voting", headers=server.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5).raise_for_status()
        yield server


def signed_in_session(live):
    """A requests session signed in as the facilitator through the real form, and a CSRF token for its forms."""
    session = requests.Session()
    page = session.get(f"{live.url}/facilitator/sign-in", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{live.url}/facilitator/sign-in", data={"password": PASSWORD, "csrf_token": csrf}, timeout=5)
    # Signing in starts a new session, so the forms' token comes from a page seen after it.
    page = session.get(f"{live.url}/facilitator/", timeout=5).text
    return session, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def facilitator_cookie(live):
    """The session cookie of a signed-in facilitator."""
    session, _ = signed_in_session(live)
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


class Projector:
    """A real Socket.IO client in an event's results room, recording every 'results' message with its arrival time."""

    def __init__(self, live, cookie):
        self.messages = []
        self.client = socketio.Client()
        self.client.on("results", lambda data: self.messages.append((time.monotonic(), data)))
        self.client.connect(live.url, headers={"Cookie": cookie} if cookie else {}, wait_timeout=10)

    def join(self, event_id):
        """Ask to show an event's results; the ack is the full current results."""
        return self.client.call("join_projector", {"event_id": event_id}, timeout=10)

    def close(self):
        """Disconnect."""
        self.client.disconnect()


def submit(live, table, version, points):
    """Submit a ballot through the table API, as a script or phone would; returns the stored ballot."""
    response = requests.post(f"{live.url}/api/tables/{table['join_token']}/ballots", timeout=5, json={
        "criterion": "access", "ranking": ["1", "2"], "points": points, "ruled_out": [],
        "base_version": version - 1, "submission_id": f"t{table['number']}-v{version:05d}"})
    assert response.status_code == 201, response.text
    return response.json()


def test_only_a_signed_in_facilitator_may_show_results(live):
    anonymous = Projector(live, cookie=None)
    try:
        answer = anonymous.join(live.event_id)
        assert answer["ok"] is False and "Sign in" in answer["error"]
    finally:
        anonymous.close()


def test_a_projector_hears_a_ballot_within_a_second(live):
    projector = Projector(live, facilitator_cookie(live))
    try:
        joined = projector.join(live.event_id)
        # Other tests in this module submit for other tables; this one is the only one to use the first table.
        before = joined["results"]["progress"]["submitted"]
        assert joined["ok"] is True and not next(r for r in joined["results"]["matrix"]
                                                 if r["table"] == live.tables[0]["number"])["submitted"]
        sent = time.monotonic()
        submit(live, live.tables[0], 1, {"1": 7, "2": 3})
        deadline = sent + 1.0
        while not projector.messages and time.monotonic() < deadline:
            time.sleep(0.01)
        assert projector.messages, "no update within a second"
        arrived, update = projector.messages[0]
        print(f"ballot to projector: {(arrived - sent) * 1000:.0f} ms")
        assert arrived - sent < 1.0
        assert update["rows"] == [r for r in update["rows"] if r["table"] == live.tables[0]["number"]]
        assert update["rows"][0]["cells"] == {"1": 7, "2": 3}
        assert update["progress"]["submitted"] == before + 1
    finally:
        projector.close()


def test_a_burst_of_200_ballots_is_a_few_messages_and_the_last_is_exactly_right(live):
    projector = Projector(live, facilitator_cookie(live))
    try:
        assert projector.join(live.event_id)["ok"]
        table = live.tables[1]
        for version in range(1, 201):
            last = submit(live, table, version, {"1": version % 11, "2": 10 - version % 11})
        time.sleep(1.0)  # let the last batch go out
        results = requests.get(f"{live.url}/api/events/{live.event_id}/results", headers=live.api_headers, timeout=5).json()
        count = len(projector.messages)
        print(f"{count} projector messages for 200 ballots")
        assert 0 < count < 50, f"{count} messages for 200 ballots"
        final = projector.messages[-1][1]
        # The API also carries the survey's scores ("survey"), which arrive days later and are not streamed live.
        assert {k: v for k, v in final.items() if k != "rows"} == {
            k: v for k, v in results.items() if k not in ("matrix", "survey")}
        row = next(r for r in final["rows"] if r["table"] == table["number"])
        assert row["version"] == last["version"] == 200 and row["cells"] == last["points"]
    finally:
        projector.close()


def test_a_projector_that_reconnects_gets_the_full_state_at_once(live):
    projector = Projector(live, facilitator_cookie(live))
    try:
        joined = projector.join(live.event_id)
        results = requests.get(f"{live.url}/api/events/{live.event_id}/results", headers=live.api_headers, timeout=5).json()
        assert joined["results"] == {k: v for k, v in results.items() if k != "survey"}
    finally:
        projector.close()


def test_the_control_room_sees_phones_come_and_go_and_a_nudge_reaches_the_table(live):
    session, csrf = signed_in_session(live)
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    projector = Projector(live, cookie)
    table = live.tables[2]
    phone = socketio.SimpleClient()
    try:
        assert projector.join(live.event_id)["presence"] == {}
        presence = []
        projector.client.on("presence", presence.append)
        phone.connect(live.url, wait_timeout=10)
        assert phone.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
        deadline = time.monotonic() + 5
        while not presence and time.monotonic() < deadline:
            time.sleep(0.02)
        assert presence[-1] == {"tables": {str(table["number"]): 1}}

        session.post(f"{live.url}/facilitator/events/{live.event_id}/nudge",
                     data={"csrf_token": csrf, "table": str(table["number"])}, timeout=5).raise_for_status()
        while True:
            name, *args = phone.receive(timeout=5)
            if name == "nudge":
                assert "waiting for your table" in args[0]["message"]
                break

        phone.disconnect()
        deadline = time.monotonic() + 5
        while presence[-1] != {"tables": {}} and time.monotonic() < deadline:
            time.sleep(0.02)
        assert presence[-1] == {"tables": {}}
    finally:
        projector.close()


def test_a_display_change_reaches_the_projector_and_a_timer_reaches_the_phones(live):
    projector = Projector(live, facilitator_cookie(live))
    shown = []
    projector.client.on("display", shown.append)
    phone = socketio.SimpleClient()
    try:
        assert projector.join(live.event_id)["display"]["view"] == "totals"
        phone.connect(live.url, wait_timeout=10)
        joined = phone.call("join_table", {"join_token": live.tables[0]["join_token"]}, timeout=10)
        assert joined["timer"] == {"duration": 0, "remaining": 0, "ends_at": None, "running": False}
        url = f"{live.url}/api/events/{live.event_id}/display"
        sent = time.monotonic()
        changed = requests.put(url, headers=live.api_headers, timeout=5, json={"view": "join", "timer": {"seconds": 270, "running": True}})
        assert changed.status_code == 200
        while True:
            name, *args = phone.receive(timeout=5)
            if name == "timer":
                timer = args[0]
                break
        assert timer["duration"] == 270 and timer["running"] is True and 265 < timer["remaining"] <= 270
        deadline = sent + 1.0
        while not shown and time.monotonic() < deadline:
            time.sleep(0.01)
        assert shown and shown[-1]["view"] == "join" and shown[-1]["timer"]["running"] is True
        # A change that leaves the timer alone is not sent to the phones.
        requests.put(url, headers=live.api_headers, timeout=5, json={"theme": "dark"}).raise_for_status()
        requests.put(url, headers=live.api_headers, timeout=5, json={"timer": None}).raise_for_status()
        while True:
            name, *args = phone.receive(timeout=5)
            if name == "timer":
                assert args[0]["duration"] == 0
                break
        deadline = time.monotonic() + 2
        while len(shown) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [s["theme"] for s in shown] == ["light", "dark", "dark"]
    finally:
        requests.put(f"{live.url}/api/events/{live.event_id}/display", headers=live.api_headers, timeout=5,
                     json={"view": "totals", "theme": "light", "timer": None})
        phone.disconnect()
        projector.close()
