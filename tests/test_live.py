"""Socket.IO against the real gevent server: phones join, share a draft, race to submit; ballots survive a kill."""
import threading

import pytest
import requests
import socketio

from facilitation import store

from .conftest import EVENTS_DIR
from .servers import LiveServer, run_cli, serve_event

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py process with one imported event."""
    instance = tmp_path_factory.mktemp("live-instance")
    with serve_event(instance, EVENTS_DIR / "minimal.json") as server:
        server.db = store.connect(str(instance / "facilitation.db"))
        yield server
        server.db.conn.close()


def connect(live, transports=None):
    """A real python-socketio client; by default it starts with polling and upgrades, as browsers do."""
    client = socketio.SimpleClient()
    client.connect(live.url, transports=transports, wait_timeout=10)
    return client


def test_a_phone_joins_its_table_over_a_websocket(live):
    table = live.tables[0]
    # WebSocket only: proves the gevent server serves WebSockets (disconnect then waits ~3 s for a close frame).
    client = connect(live, transports=["websocket"])
    try:
        assert client.client.transport() == "websocket"
        answer = client.call("join_table", {"join_token": table["join_token"]}, timeout=10)
        assert answer["ok"] is True and answer["table"] == table["number"]
        assert [c["code"] for c in answer["state"]["criteria"]] == ["access"]
    finally:
        client.disconnect()


@pytest.mark.parametrize("payload", [None, "text", {}, {"join_token": ""}, {"join_token": 7}, {"join_token": "x" * 24}])
def test_a_bad_join_is_refused_in_plain_words(live, payload):
    client = connect(live)
    try:
        answer = client.call("join_table", payload, timeout=10)
        assert answer["ok"] is False and "QR code" in answer["error"]
    finally:
        client.disconnect()


def current(live, index):
    """One of the event's tables as it is now (another test may have replaced its link)."""
    return store.get_table(live.db, live.event_id, live.tables[index]["number"])


def joined(live, table):
    """A client that has joined a table's rooms."""
    client = connect(live)
    assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
    return client


def received(client, event, timeout=5):
    """The next event of this name the client receives (others are skipped)."""
    while True:
        name, *args = client.receive(timeout=timeout)
        if name == event:
            return args[0] if args else None


def submission(table, submission_id, points):
    """A valid submission from base version 0 for the minimal event's one criterion."""
    return {"join_token": table["join_token"], "criterion": "access", "ranking": ["1", "2"], "points": points,
            "ruled_out": [], "base_version": 0, "submission_id": submission_id}


def test_two_phones_share_a_draft_and_race_to_submit_and_exactly_one_wins(live):
    table = live.tables[1]
    first, second = joined(live, table), joined(live, table)
    try:
        # The facilitator opens voting: both phones are told at once.
        response = requests.post(f"{live.url}/api/events/{live.event_id}/voting", headers=live.api_headers,
                                 json={"criterion": "access", "voting": "open"}, timeout=5)
        assert response.status_code == 200
        assert received(first, "voting") == {"criterion": "access", "voting": "open"}
        assert received(second, "voting") == {"criterion": "access", "voting": "open"}

        # One phone edits the draft; the other sees it.
        draft = {"ranking": ["2", "1"], "points": {"1": 4, "2": 6}, "ruled_out": []}
        ack = first.call("draft", {"join_token": table["join_token"], "criterion": "access", "draft": draft,
                                   "device_id": "phone-a"}, timeout=5)
        assert ack == {"ok": True}
        shared = received(second, "draft")
        assert shared["criterion"] == "access" and shared["draft"]["points"] == {"1": 4, "2": 6}
        assert shared["draft"]["updated_by"] == "phone-a"

        # Both submit from the same base version at the same moment.
        acks = {}
        start = threading.Barrier(2)

        def send(name, client, points):
            start.wait()
            acks[name] = client.call("submit_ballot", submission(table, f"race-{name}-0001", points), timeout=10)

        threads = [threading.Thread(target=send, args=("a", first, {"1": 4, "2": 6})),
                   threading.Thread(target=send, args=("b", second, {"1": 9, "2": 1}))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [name for name, ack in acks.items() if ack["ok"]]
        assert len(winners) == 1
        loser = acks["b" if winners == ["a"] else "a"]
        assert loser["stale"] is True and loser["current"] == acks[winners[0]]["ballot"]
        assert "another phone at your table saved version 1" in loser["error"]
        # Both phones hear about the stored ballot.
        assert received(first, "ballot_saved")["ballot"]["version"] == 1
        assert received(second, "ballot_saved")["ballot"]["version"] == 1
        stored = store.ballot_history(live.db, store.get_table(live.db, live.event_id, table["number"])["id"], "access")
        assert len(stored) == 1
    finally:
        first.disconnect()
        second.disconnect()


def test_a_refused_submission_over_the_socket_lists_its_problems(live):
    table = current(live, 2)
    client = joined(live, table)
    try:
        requests.post(f"{live.url}/api/events/{live.event_id}/voting", headers=live.api_headers,
                      json={"criterion": "access", "voting": "open"}, timeout=5)
        ack = client.call("submit_ballot", submission(table, "bad-sum-0001", {"1": 4, "2": 4}), timeout=10)
        assert ack["ok"] is False
        assert ack["problems"] == [{"field": "points", "message": "the points add up to 8; they must add up to exactly 10"}]
    finally:
        client.disconnect()


def test_a_replaced_link_is_reported_stale_over_the_socket(live):
    old = current(live, -1)
    store.regenerate_join(live.db, live.event_id, old["number"])
    client = connect(live)
    try:
        answer = client.call("join_table", {"join_token": old["join_token"]}, timeout=10)
        assert answer["ok"] is False and answer["stale_link"] is True
        assert "replaced" in answer["error"]
    finally:
        client.disconnect()


def test_an_acknowledged_ballot_survives_the_server_being_killed(tmp_path):
    event_id = int(run_cli(tmp_path, "import", str(EVENTS_DIR / "minimal.json"), check=True).stdout.strip())
    server = LiveServer(tmp_path, args=["--no-demo"]).start()
    try:
        db = store.connect(str(tmp_path / "facilitation.db"))
        store.set_voting(db, event_id, None, "open")
        table = store.get_table(db, event_id, 1)
        db.conn.close()
        client = joined(server, table)
        ack = client.call("submit_ballot", submission(table, "before-kill-01", {"1": 7, "2": 3}), timeout=10)
        assert ack["ok"] is True
        server.process.kill()  # SIGKILL: no clean shutdown, no chance to flush anything more
        server.process.wait()
        client.disconnect()
        server.start()
        state = requests.get(f"{server.url}/api/tables/{table['join_token']}", timeout=5).json()
        assert state["criteria"][0]["ballot"] == ack["ballot"]
    finally:
        server.stop()

