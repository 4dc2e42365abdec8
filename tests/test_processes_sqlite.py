"""Several real server processes on one SQLite file: started together on a new folder they make one password, one
demo and one signing key; writing together they store every acknowledged ballot; and a process waiting for another's
write lock keeps serving its other phones meanwhile (store/write_lock.py)."""
import json
import re
import sqlite3
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from facilitation import store
from .servers import LiveServer, import_event
from .test_sessions_live import opens_facilitator_pages, signed_in

pytestmark = pytest.mark.server

HOLD = 2.0   # how long the test itself holds the write lock, as a process in the middle of a long write would


def start_together(servers):
    """Start every server at the same moment; wait until each answers."""
    with ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(LiveServer.start, servers))
    return servers


def test_processes_started_together_on_a_new_folder_make_one_password_one_demo_and_one_key(tmp_path):
    instance = tmp_path / "instance"
    servers = [LiveServer(instance) for _ in range(4)]
    try:
        start_together(servers)
        printed = [re.findall(r"Facilitator password: (\S+)", server.output()) for server in servers]
        passwords = [found[0] for found in printed if found]
        assert len(passwords) == 1, [server.output() for server in servers]
        assert sum("Loaded the demo event" in server.output() for server in servers) == 1
        db = store.connect(str(instance / "facilitation.db"))
        try:
            assert store.schema_version(db) == store.SCHEMA_VERSION
            events = store.list_events(db)
            assert len(events) == 1 and store.get_event(db, events[0]["id"])["demo"] is True
        finally:
            db.conn.close()
        assert re.fullmatch(r"[0-9a-f]{64}", (instance / "secret_key").read_text())
        assert not list(instance.glob(".secret_key.*"))
        # One key: a browser signed in through one process is signed in on every other.
        browser = signed_in(servers[0], passwords[0])
        cookie = f"session={browser.cookies.get('session')}"
        assert all(opens_facilitator_pages(server, cookie) for server in servers)
        assert not any("Traceback" in server.output() for server in servers)
    finally:
        for server in servers:
            server.stop()


def hall_event(folder, tables=24):
    """An event file with many tables and two criteria, every table scoring both."""
    path = folder / "hall.json"
    path.write_text(json.dumps({
        "format": 1, "title": "Hall", "tables": tables,
        "options": [{"code": "1", "title": "One"}, {"code": "2", "title": "Two"}],
        "criteria": [{"code": "access", "title": "Access"}, {"code": "quality", "title": "Quality"}],
    }))
    return path


def submit(server, table, criterion, version):
    """One ballot through a process's table API: (status code, seconds it took, the body)."""
    started = time.monotonic()
    answer = requests.post(f"{server.url}/api/tables/{table['join_token']}/ballots", timeout=60, json={
        "criterion": criterion, "ranking": ["1", "2"], "points": {"1": version % 10, "2": 10 - version % 10},
        "ruled_out": [], "base_version": version - 1,
        "submission_id": f"t{table['number']}-{criterion}-v{version}"})
    return answer.status_code, time.monotonic() - started, answer.text


@pytest.fixture
def open_event(tmp_path):
    """An instance folder with the hall event imported and voting open: (instance, event id, tables, API token)."""
    instance = tmp_path / "instance"
    event_id, token, tables = import_event(instance, hall_event(tmp_path))
    db = store.connect(str(instance / "facilitation.db"))
    try:
        for criterion in ("access", "quality"):
            store.set_voting(db, event_id, criterion, "open")
    finally:
        db.conn.close()
    return instance, event_id, tables, token


def test_three_processes_writing_at_once_store_every_acknowledged_ballot(open_event, redis_url):
    instance, _event_id, tables, _token = open_event
    env = {"SOCKETIO_MESSAGE_QUEUE": redis_url}
    servers = start_together([LiveServer(instance, args=["--no-demo"], env=env) for _ in range(3)])
    try:
        def table_round(n):
            """A table submits three versions of both its ballots, each through the next process in turn."""
            table = tables[n]
            return [submit(servers[(n + version) % 3], table, criterion, version)
                    for version in (1, 2, 3) for criterion in ("access", "quality")]

        with ThreadPoolExecutor(len(tables)) as pool:
            outcomes = [outcome for outcomes in pool.map(table_round, range(len(tables))) for outcome in outcomes]
        assert [code for code, _, _ in outcomes] == [201] * len(tables) * 6, [o for o in outcomes if o[0] != 201][:3]
        db = store.connect(str(instance / "facilitation.db"))
        try:
            for table in tables:
                for criterion in ("access", "quality"):
                    assert [b["version"] for b in store.ballot_history(db, table["id"], criterion)] == [1, 2, 3]
        finally:
            db.conn.close()
        print(f"\n{len(outcomes)} ballots through 3 processes: median {statistics.median(o[1] for o in outcomes):.3f} s,"
              f" slowest {max(o[1] for o in outcomes):.3f} s")
        assert not any(re.search("database is locked|Traceback", server.output()) for server in servers)
    finally:
        for server in servers:
            server.stop()


def test_a_process_waiting_for_another_processes_write_lock_keeps_serving(open_event):
    instance, _event_id, tables, _token = open_event
    with LiveServer(instance, args=["--no-demo"]) as server:
        other = sqlite3.connect(str(instance / "facilitation.db"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")   # as another process in the middle of a write would
        took = {}
        waiting = threading.Thread(target=lambda: took.update(ballot=submit(server, tables[0], "access", 1)))
        waiting.start()
        time.sleep(0.2)   # the ballot is now waiting for the lock
        gaps, deadline = [], time.monotonic() + HOLD - 0.2
        while time.monotonic() < deadline:
            started = time.monotonic()
            assert requests.get(f"{server.url}/healthz", timeout=10).ok
            gaps.append(time.monotonic() - started)
            time.sleep(0.05)
        assert waiting.is_alive(), took   # still waiting: it neither failed nor went ahead
        other.execute("COMMIT")
        other.close()
        waiting.join(timeout=10)
        code, seconds, text = took["ballot"]
        assert code == 201, text
        assert seconds >= HOLD - 0.3
        print(f"\n/healthz while a ballot waited {seconds:.2f} s for the lock: {len(gaps)} answers,"
              f" slowest {max(gaps) * 1000:.0f} ms")
        assert max(gaps) < 0.5
