"""A table's link replaced while phones are on it, against the real gevent server and real Socket.IO clients."""
import time

import pytest
import requests
import socketio

from facilitation import store

from .conftest import EVENTS_DIR
from .servers import serve_event

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py process with the minimal event (three tables, one criterion), voting open."""
    instance = tmp_path_factory.mktemp("link-instance")
    with serve_event(instance, EVENTS_DIR / "minimal.json") as server:
        server.db = store.connect(str(instance / "facilitation.db"))
        requests.post(f"{server.url}/api/events/{server.event_id}/voting", headers=server.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5)
        yield server
        server.db.conn.close()


def joined(live, join_token):
    """A real python-socketio client that has joined a table with this join token."""
    client = socketio.SimpleClient()
    client.connect(live.url, wait_timeout=10)
    assert client.call("join_table", {"join_token": join_token}, timeout=10)["ok"]
    return client


def next_event(client, event, timeout):
    """The next event of this name within the timeout, or None (a closed connection receives nothing more)."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            name, *args = client.receive(timeout=left)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError):
            return None
        if name == event:
            return args[0] if args else {}
    return None


def submission(join_token, submission_id, base_version=0):
    """A valid ballot for the minimal event's one criterion."""
    return {"join_token": join_token, "criterion": "access", "ranking": ["1", "2"], "points": {"1": 6, "2": 4},
            "ruled_out": [], "base_version": base_version, "submission_id": submission_id}


def new_link(live, number):
    """Replace a table's link through the API, as a script would; the new token."""
    response = requests.post(f"{live.url}/api/events/{live.event_id}/tables/{number}/new-link",
                             headers=live.api_headers, timeout=5)
    assert response.status_code == 200
    return store.get_table(live.db, live.event_id, number)["join_token"]


def test_a_phone_on_the_old_link_is_told_at_once_and_hears_nothing_more_from_its_table(live):
    old = store.get_table(live.db, live.event_id, 1)["join_token"]
    other_table = store.get_table(live.db, live.event_id, 2)["join_token"]
    stale_phone, neighbour = joined(live, old), joined(live, other_table)
    try:
        started = time.monotonic()
        new = new_link(live, 1)
        message = next_event(stale_phone, "link_replaced", timeout=1)
        assert message is not None, "the phone on the old link was not told within 1 s"
        assert time.monotonic() - started < 1
        assert message["message"].startswith("This table's card was replaced. Scan the new card")
        assert message["join_page"] == f"{live.url}/join"
        assert next_event(neighbour, "link_replaced", timeout=0.3) is None  # other tables are not told

        # A phone that scanned the new card submits: its table hears it, the phone on the old card does not.
        fresh = joined(live, new)
        try:
            # Another test may have stored a version at this table already (the module shares one server).
            version = current(live, 1)
            ack = fresh.call("submit_ballot", submission(new, "after-new-card-01", base_version=version), timeout=10)
            assert ack["ok"] is True
            assert next_event(fresh, "ballot_saved", timeout=2)["ballot"]["version"] == version + 1
            assert next_event(stale_phone, "ballot_saved", timeout=1.5) is None
        finally:
            fresh.disconnect()
    finally:
        stale_phone.disconnect()
        neighbour.disconnect()


def test_the_old_link_is_let_go_by_the_server_and_cannot_send(live):
    old = store.get_table(live.db, live.event_id, 3)["join_token"]
    stale_phone = joined(live, old)
    new_link(live, 3)
    assert next_event(stale_phone, "link_replaced", timeout=1) is not None
    # The server ends the old phone's connection (so it is in no room at all); joining again is refused as stale.
    deadline = time.monotonic() + 2
    while stale_phone.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not stale_phone.connected
    again = socketio.SimpleClient()
    again.connect(live.url, wait_timeout=10)
    try:
        answer = again.call("join_table", {"join_token": old}, timeout=10)
        assert answer["ok"] is False and answer["stale_link"] is True
        refused = again.call("submit_ballot", submission(old, "old-card-ballot-1"), timeout=10)
        assert refused["ok"] is False and refused["stale_link"] is True
    finally:
        again.disconnect()


def draft_change(join_token, op_id, value):
    """One typed number in the table's shared draft."""
    return {"join_token": join_token, "criterion": "access", "device_id": "link-test",
            "ops": [{"id": op_id, "op": "set_points", "option": "1", "value": value}]}


def test_a_socket_on_two_tables_lets_go_of_the_replaced_one_only_and_hears_nothing_more_from_it(live):
    # A socket that joined two tables (a tester's client, a shared tablet) is the hard case: the server must not
    # lose track of its first link because it joined a second.
    first, second = (store.get_table(live.db, live.event_id, n)["join_token"] for n in (1, 2))
    both = joined(live, first)
    assert both.call("join_table", {"join_token": second}, timeout=10)["ok"]
    try:
        new = new_link(live, 1)
        told = next_event(both, "link_replaced", timeout=2)
        assert told is not None and told["message"].startswith("This table's card was replaced")
        assert both.connected  # it still holds table 2's link
        fresh = joined(live, new)
        neighbour = joined(live, second)
        try:
            # Table 1's new phones draft and submit: the socket on the old link hears neither.
            assert fresh.call("draft_ops", draft_change(new, "after-replace-op-1", 3), timeout=10)["ok"]
            assert fresh.call("submit_ballot", submission(new, "after-replace-both-1", base_version=current(live, 1)),
                              timeout=10)["ok"]
            assert next_event(both, "ballot_saved", timeout=1.5) is None
            # Table 2 still reaches it.
            assert neighbour.call("draft_ops", draft_change(second, "table-two-op-01", 2), timeout=10)["ok"]
            heard = next_event(both, "draft", timeout=3)
            assert heard is not None and heard["draft"]["points"]["1"] == 2
        finally:
            fresh.disconnect()
            neighbour.disconnect()
    finally:
        both.disconnect()


def current(live, number):
    """The version of a table's current ballot for the one criterion (0 before any)."""
    ballot = store.current_ballots(live.db, store.get_table(live.db, live.event_id, number)["id"]).get("access")
    return ballot["version"] if ballot else 0


def test_after_new_link_the_old_phone_hears_no_draft_either(live):
    old = store.get_table(live.db, live.event_id, 2)["join_token"]
    stale_phone = joined(live, old)
    try:
        new = new_link(live, 2)
        assert next_event(stale_phone, "link_replaced", timeout=2) is not None
        fresh, other = joined(live, new), joined(live, new)
        try:
            assert fresh.call("draft_ops", draft_change(new, "after-replace-op-2", 4), timeout=10)["ok"]
            assert next_event(other, "draft", timeout=3) is not None  # the table's phones do hear it
            assert next_event(stale_phone, "draft", timeout=1) is None
        finally:
            fresh.disconnect()
            other.disconnect()
    finally:
        stale_phone.disconnect()
