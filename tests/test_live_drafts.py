"""The shared draft over Socket.IO against the real gevent server: two phones' concurrent changes all land, a change sent
again is applied once, a bad one is refused in plain words and changes nothing."""
import statistics
import threading
import time

import pytest
import socketio

from facilitation import store

from .conftest import EVENTS_DIR
from .servers import serve_event

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py process with the 20-point event imported (options A–D, criteria falls and home, 4 tables)."""
    instance = tmp_path_factory.mktemp("live-drafts")
    with serve_event(instance, EVENTS_DIR / "allocate-20.json") as server:
        server.db = store.connect(str(instance / "facilitation.db"))
        yield server
        server.db.conn.close()


def joined(live, table):
    """A real python-socketio client that has joined a table's rooms (over a WebSocket, as phones end up)."""
    client = socketio.SimpleClient()
    client.connect(live.url, transports=["websocket"], wait_timeout=10)
    assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
    return client


def drafts_received(client, timeout=1.0):
    """Every 'draft' broadcast the client has received until nothing more comes for a moment."""
    found = []
    while True:
        try:
            name, *args = client.receive(timeout=timeout)
        except socketio.exceptions.TimeoutError:
            return found
        if name == "draft":
            found.append(args[0])


def stored(live, table, criterion):
    """The draft as it is in the server's SQLite file now."""
    return store.drafts(live.db, store.get_table(live.db, live.event_id, table["number"])["id"]).get(criterion)


def tap(phone, n, option, delta=1):
    return {"id": f"{phone}-{n:06d}-tap", "op": "add_points", "option": option, "delta": delta}


def message(table, *ops, criterion="falls", device="phone-a"):
    return {"join_token": table["join_token"], "criterion": criterion, "device_id": device, "ops": list(ops)}


def test_two_phones_tapping_at_the_same_moment_both_land_and_both_see_every_tap(live):
    table = live.tables[0]
    first, second = joined(live, table), joined(live, table)
    acks, latencies = {"a": [], "b": []}, []
    start = threading.Barrier(2)

    def phone(name, client, option):
        start.wait()
        for n in range(10):
            sent = time.perf_counter()
            acks[name].append(client.call("draft_ops", message(table, tap(name, n, option), device=f"phone-{name}"),
                                          timeout=10))
            latencies.append(time.perf_counter() - sent)

    try:
        began = time.perf_counter()
        threads = [threading.Thread(target=phone, args=("a", first, "A")),
                   threading.Thread(target=phone, args=("b", second, "C"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        assert all(ack["ok"] and len(ack["applied"]) == 1 for ack in acks["a"] + acks["b"])
        # Every change counted up the revision once, in one order the server chose: 20 changes, 20 revisions.
        assert sorted(ack["draft"]["revision"] for ack in acks["a"] + acks["b"]) == list(range(1, 21))
        assert stored(live, table, "falls")["points"] == {"A": 10, "B": 0, "C": 10, "D": 0}
        # Each phone heard about every change: the other's as 'draft', its own in its acks. The newest it knows is
        # the stored draft.
        for name, client in (("a", first), ("b", second)):
            heard = drafts_received(client)
            other = "b" if name == "a" else "a"
            assert [d["applied"][0][0] for d in heard] == [other] * 10
            known = [d["draft"] for d in heard] + [ack["draft"] for ack in acks[name]]
            assert sorted(d["revision"] for d in known) == list(range(1, 21))
            assert max(known, key=lambda d: d["revision"]) == stored(live, table, "falls")
        print(f"\n20 single-tap messages from 2 phones in {elapsed * 1000:.0f} ms; ack latency median "
              f"{statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    finally:
        first.disconnect()
        second.disconnect()


def test_a_change_sent_again_after_reconnecting_is_applied_once(live):
    table = live.tables[1]
    client = joined(live, table)
    try:
        batch = message(table, tap("a", 1, "B"), tap("a", 2, "B"), tap("a", 3, "D"))
        first = client.call("draft_ops", batch, timeout=10)
        assert first["ok"] and first["applied"] == ["a-000001-tap", "a-000002-tap", "a-000003-tap"]
        client.disconnect()

        client = joined(live, table)   # the answer was lost on the way back: the phone sends the same batch again
        again = client.call("draft_ops", batch, timeout=10)
        assert again["ok"] and again["applied"] == [] and again["duplicate"] == first["applied"]
        assert again["draft"] == first["draft"] and again["draft"]["points"]["B"] == 2
        assert drafts_received(client, timeout=0.5) == []     # nothing changed, so nobody is told anything
        assert stored(live, table, "falls")["points"] == {"A": 0, "B": 2, "C": 0, "D": 1}
        state = client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["state"]
        assert next(c for c in state["criteria"] if c["code"] == "falls")["draft"] == first["draft"]
    finally:
        client.disconnect()


def test_a_bad_change_is_refused_in_plain_words_and_changes_nothing(live):
    table = live.tables[2]
    first, second = joined(live, table), joined(live, table)
    try:
        assert first.call("draft_ops", message(table, tap("a", 1, "A")), timeout=10)["ok"]
        drafts_received(second, timeout=0.5)
        before = stored(live, table, "falls")
        ack = first.call("draft_ops", message(table, {"id": "bad-000001", "op": "set_points", "option": "A", "value": 99},
                                              {"id": "bad-000002", "op": "rule_out", "option": "Z"},
                                              {"id": "bad-000003", "op": "explode"}), timeout=10)
        assert ack["ok"] and ack["applied"] == []
        assert ack["refused"] == [
            {"id": "bad-000001", "error": 'the points for "A" must be a whole number from 0 to 20'},
            {"id": "bad-000002", "error": '"Z" is not an option on the short list'},
            {"id": "bad-000003", "error": "there is no such change as 'explode'"}]
        assert stored(live, table, "falls") == before
        assert drafts_received(second, timeout=0.5) == []

        # Refused whole: another table's criterion, a change without an id, a replaced link.
        wrong = first.call("draft_ops", message(table, tap("a", 2, "A"), criterion="elsewhere"), timeout=10)
        assert wrong == {"ok": False, "error": 'Not kept: this table does not score the criterion "elsewhere".'}
        no_id = first.call("draft_ops", message(table, {"op": "add_points", "option": "A", "delta": 1}), timeout=10)
        assert no_id["ok"] is False and "needs an id" in no_id["error"]
        unknown = first.call("draft_ops", {**message(table, tap("a", 3, "A")), "join_token": "x" * 24}, timeout=10)
        assert unknown["ok"] is False and unknown["stale_link"] is False and "QR code" in unknown["error"]
        assert stored(live, table, "falls") == before
    finally:
        first.disconnect()
        second.disconnect()


def test_a_phone_with_an_older_page_still_shares_its_whole_draft(live):
    table = live.tables[3]
    first, second = joined(live, table), joined(live, table)
    try:
        assert first.call("draft_ops", message(table, tap("a", 1, "A"), tap("a", 2, "A")), timeout=10)["ok"]
        drafts_received(second, timeout=0.5)
        ack = second.call("draft", {"join_token": table["join_token"], "criterion": "falls", "device_id": "old-page",
                                    "draft": {"ranking": ["D", "C"], "points": {"D": 12, "C": 8}, "ruled_out": []}},
                          timeout=10)
        assert ack == {"ok": True}
        [shared] = drafts_received(first)
        assert shared["draft"]["ranking"] == ["D", "C", "A", "B"]
        assert shared["draft"]["points"] == {"D": 12, "C": 8, "A": 0, "B": 0}
        assert shared["draft"]["updated_by"] == "old-page" and shared["draft"]["revision"] == 2
        refused = second.call("draft", {"join_token": table["join_token"], "criterion": "falls",
                                        "draft": {"points": {"D": 21}}}, timeout=10)
        assert refused == {"ok": False, "error": 'This draft was not kept: the points for "D" must be a whole number '
                                                 'from 0 to 20.'}
    finally:
        first.disconnect()
        second.disconnect()


def test_every_acknowledged_change_survives_the_server_being_killed(tmp_path):
    with serve_event(tmp_path, EVENTS_DIR / "allocate-20.json") as server:
        table = server.tables[0]
        client = joined(server, table)
        acks = [client.call("draft_ops", message(table, tap("k", n, "B")), timeout=10) for n in range(5)]
        assert all(ack["ok"] for ack in acks)
        server.process.kill()  # SIGKILL: no clean shutdown, no chance to flush anything more
        server.process.wait()
        client.disconnect()
        server.start()
        client = joined(server, table)
        state = client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["state"]
        client.disconnect()
        assert next(c for c in state["criteria"] if c["code"] == "falls")["draft"] == acks[-1]["draft"]
