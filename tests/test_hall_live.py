"""A hall of two real server processes sharing one database and a real redis-server: what one process takes in
reaches the screens and phones of the other, and the batches survive the death of the process sending them."""
import contextlib
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests
import socketio

from facilitation import store
from .redis_server import RedisServer
from .two_processes import hall_of_two, wait_for
from .test_projector_live import Projector, facilitator_cookie, signed_in_session

pytestmark = pytest.mark.server

BALLOT_WAIT = 1.0


@contextlib.contextmanager
def open_hall(folder):
    """A redis-server and two server processes, A and B, with the minimal event, voting open: (Redis URL, A, B)."""
    with RedisServer(folder / "redis") as queue, hall_of_two(folder, queue.url) as (a, b):
        requests.post(f"{a.url}/api/events/{a.event_id}/voting", headers=a.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5).raise_for_status()
        yield queue.url, a, b


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """Two processes, A and B, and their Redis: (A, B, event id, tables, API headers, Redis URL)."""
    with open_hall(tmp_path_factory.mktemp("hall")) as (url, a, b):
        yield a, b, a.event_id, a.tables, a.api_headers, url


def submit(server, table, version, points, criterion="access"):
    """A ballot through one process's table API: the response."""
    return requests.post(f"{server.url}/api/tables/{table['join_token']}/ballots", timeout=5, json={
        "criterion": criterion, "ranking": ["1", "2"], "points": points, "ruled_out": [],
        "base_version": version - 1, "submission_id": f"hall-t{table['number']}-v{version}-{time.monotonic_ns()}"})


def phone_on(server, table):
    """A phone (a real Socket.IO client) joined to a table through one process, recording what it hears."""
    heard = []
    phone = socketio.Client()
    for name in ("confidence_phase", "timer", "nudge", "voting", "ballot_saved"):
        phone.on(name, lambda data, name=name: heard.append((name, data)))
    phone.connect(server.url, wait_timeout=10)
    assert phone.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
    return phone, heard


def rows_for(projector, table_number, after=0.0):
    """The 'results' messages a projector got since `after` that carry a table's row."""
    return [(at, update) for at, update in projector.messages
            if at >= after and any(row["table"] == table_number for row in update.get("rows", []))]


def test_a_ballot_through_one_process_reaches_a_projector_on_the_other_within_a_second(hall):
    a, b, event_id, tables, _headers, _url = hall
    on_b, on_a = Projector(b, facilitator_cookie(b)), Projector(a, facilitator_cookie(a))
    try:
        assert on_b.join(event_id)["ok"] and on_a.join(event_id)["ok"]
        table = tables[0]
        sent = time.monotonic()
        assert submit(a, table, 1, {"1": 6, "2": 4}).status_code == 201
        assert wait_for(lambda: rows_for(on_b, table["number"], sent), BALLOT_WAIT), "no update on B within a second"
        arrived, update = rows_for(on_b, table["number"], sent)[0]
        print(f"ballot via A to projector on B: {(arrived - sent) * 1000:.0f} ms")
        assert next(r for r in update["rows"] if r["table"] == table["number"])["cells"] == {"1": 6, "2": 4}
        # One process sends each batch: each projector hears of the row once, not once per process.
        time.sleep(1.0)
        assert len(rows_for(on_b, table["number"], sent)) == 1 and len(rows_for(on_a, table["number"], sent)) == 1
    finally:
        on_a.close()
        on_b.close()


def test_a_phase_change_a_nudge_the_timer_and_the_display_reach_phones_and_screens_on_both_processes(hall):
    a, b, event_id, tables, headers, _url = hall
    table = tables[1]
    phones = [phone_on(server, table) for server in (a, b)]
    session, csrf = signed_in_session(a)
    screen = Projector(a, "; ".join(f"{name}={value}" for name, value in session.cookies.items()))
    shown = []
    screen.client.on("display", shown.append)
    try:
        assert screen.join(event_id)["ok"]
        opened = requests.post(f"{a.url}/api/events/{event_id}/confidence", headers=headers, timeout=5,
                               json={"phase": "open", "about": "1"})
        assert opened.status_code == 200, opened.text
        requests.put(f"{b.url}/api/events/{event_id}/display", headers=headers, timeout=5,
                     json={"view": "join", "timer": {"seconds": 120, "running": True}}).raise_for_status()
        session.post(f"{a.url}/facilitator/events/{event_id}/nudge",
                     data={"csrf_token": csrf, "table": str(table["number"])}, timeout=5).raise_for_status()
        for _phone, heard in phones:
            assert wait_for(lambda heard=heard: {"confidence_phase", "timer", "nudge"} <= {n for n, _ in heard}, 2), heard
            assert next(d for n, d in heard if n == "confidence_phase")["phase"] == "open"
            assert next(d for n, d in heard if n == "timer")["duration"] == 120
        # The display changed through B reaches the projector connected to A.
        assert wait_for(lambda: shown and shown[-1]["view"] == "join", 2), shown
    finally:
        requests.post(f"{a.url}/api/events/{event_id}/confidence", headers=headers, timeout=5, json={"phase": "closed"})
        requests.put(f"{a.url}/api/events/{event_id}/display", headers=headers, timeout=5,
                     json={"view": "totals", "timer": None})
        screen.close()
        for phone, _heard in phones:
            phone.disconnect()


def test_an_edit_through_one_process_holds_at_once_in_the_other(hall):
    a, b, event_id, tables, headers, _url = hall
    table = tables[2]
    # B has the table's link in its cache (a phone joined through it), then the link is replaced through A.
    first = socketio.SimpleClient()
    first.connect(b.url, wait_timeout=10)
    try:
        assert first.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
    finally:
        first.disconnect()
    replaced = requests.post(f"{a.url}/api/events/{event_id}/tables/{table['number']}/new-link", headers=headers,
                             timeout=5)
    assert replaced.status_code == 200, replaced.text
    stale = submit(b, table, 1, {"1": 5, "2": 5})
    assert stale.status_code == 410 and "replaced" in stale.text, stale.text   # the old link is refused in B too
    # Voting closed through A: B refuses a ballot on the new link at once.
    new = requests.get(f"{b.url}/api/events/{event_id}/tables", headers=headers, timeout=5).json()
    found = next(t for t in new["tables"] if t["number"] == table["number"])
    new_table = {**table, "join_token": found["join_url"].rsplit("/", 1)[1]}
    requests.post(f"{a.url}/api/events/{event_id}/voting", headers=headers, timeout=5,
                  json={"criterion": "access", "voting": "closed"}).raise_for_status()
    try:
        refused = submit(b, new_table, 1, {"1": 5, "2": 5})
        assert refused.status_code in (409, 422) and "closed" in refused.text.lower(), refused.text
    finally:
        requests.post(f"{a.url}/api/events/{event_id}/voting", headers=headers, timeout=5,
                      json={"criterion": "access", "voting": "open"}).raise_for_status()
    assert submit(b, new_table, 1, {"1": 5, "2": 5}).status_code == 201


@pytest.fixture
def held_by_a(tmp_path):
    """A fresh hall whose process A holds the event's batches (it took the first ballot), a projector on B:
    (Redis client, A, B, event id, tables, projector)."""
    with open_hall(tmp_path) as (url, a, b):
        event_id, tables = a.event_id, a.tables
        projector = Projector(b, facilitator_cookie(b))
        try:
            assert projector.join(event_id)["ok"]
            assert submit(a, tables[0], 1, {"1": 7, "2": 3}).status_code == 201
            assert wait_for(lambda: rows_for(projector, tables[0]["number"]), BALLOT_WAIT)
            client = redis.Redis.from_url(url, decode_responses=True)
            holder = client.get(f"facilitation:batches:{event_id}")
            assert holder and holder.split(":")[1] == str(a.process.pid), holder
            yield client, a, b, event_id, tables, projector
        finally:
            projector.close()
            if a.process.poll() is None:
                os.kill(a.process.pid, signal.SIGCONT)   # a stopped process cannot be stopped cleanly


def test_killing_the_process_that_sends_the_batches_leaves_the_other_sending_them(held_by_a):
    client, a, b, event_id, tables, projector = held_by_a
    os.kill(a.process.pid, signal.SIGKILL)
    a.process.wait(timeout=10)
    killed = time.monotonic()
    # Ballots keep coming through B; B takes the lease once A's has run out, and sends them.
    for version, table in enumerate(tables[1:], start=1):
        assert submit(b, table, 1, {"1": version, "2": 10 - version}).status_code == 201
    assert wait_for(lambda: all(rows_for(projector, t["number"], killed) for t in tables[1:]), 8), \
        "B never sent the batches after A died"
    taken_over = max(rows_for(projector, t["number"], killed)[0][0] for t in tables[1:]) - killed
    print(f"batches again after the holder was killed: {taken_over:.2f} s")
    assert client.get(f"facilitation:batches:{event_id}").split(":")[1] == str(b.process.pid)


def test_a_batch_left_queued_by_a_dead_holder_is_sent_by_another_process_though_nothing_new_arrives(held_by_a):
    client, a, _b, event_id, tables, projector = held_by_a
    # A stops (SIGSTOP: it holds the lease but sends nothing), with a row of table 2 queued as A would queue it.
    os.kill(a.process.pid, signal.SIGSTOP)
    client.hincrby(f"facilitation:queue:{event_id}", f'row ["access", {tables[1]["number"]}]', 1)
    client.sadd("facilitation:queued", event_id)
    stopped = time.monotonic()
    assert wait_for(lambda: rows_for(projector, tables[1]["number"], stopped), 10), "the queued batch was never sent"
    print(f"left batch sent after {rows_for(projector, tables[1]['number'], stopped)[0][0] - stopped:.2f} s")


def test_two_processes_taking_ballots_for_one_table_at_the_same_moment_store_one_and_refuse_the_other_as_stale(hall):
    a, b, _event_id, tables, _headers, _url = hall
    table = tables[1]
    db = store.connect(str(a.instance / "facilitation.db"))
    try:
        for round_number in range(15):
            current = len(store.ballot_history(db, table["id"], "access"))
            start = threading.Barrier(2)

            def send(server, points):
                """Submit on top of the current version through one process, as soon as the other is ready too."""
                start.wait(timeout=10)
                return submit(server, table, current + 1, points)

            with ThreadPoolExecutor(2) as pool:
                answers = [pool.submit(send, server, {"1": n, "2": 10 - n}) for n, server in ((3, a), (8, b))]
                responses = [answer.result(timeout=20) for answer in answers]
            codes = sorted(r.status_code for r in responses)
            assert codes == [201, 409], [r.text for r in responses]
            refused = next(r for r in responses if r.status_code == 409).json()
            assert refused["stale"] is True and refused["current"]["version"] == current + 1, refused
            assert len(store.ballot_history(db, table["id"], "access")) == current + 1, round_number
    finally:
        db.conn.close()
