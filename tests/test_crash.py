"""kill -9 mid-burst: every acknowledged ballot and answer survives, and sending everything again counts each once.

A real server process, real Socket.IO clients at twelve tables: each table's two criteria get a chain of ballots (each on
the last, as phones send them) and its delegates answer the confidence questions all at once. The server is SIGKILLed
while hundreds are in flight, started again on the same instance folder, and every submission is sent again with its
own submission id, acknowledged or not.
"""
import json
import sqlite3
import threading
import time

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR
from .servers import LiveServer, import_event

pytestmark = pytest.mark.server

CHAIN = 12           # ballots per table and criterion: 12 tables × 2 criteria × 12 = 288
PEOPLE = 16          # delegates answering per table: 192
KILL_AT = 0.4        # the delegates answer once this share of the ballots is acknowledged


def ballot(table, criterion, k):
    """The k-th ballot of a table's chain on one criterion: based on version k, its own submission id."""
    points = {"1": 2, "2": 2, "3a": 2, "3b": 2, "4a": 2, "4b": 0}
    points["4b"], points["1"] = k % 3, 2 - k % 3
    return {"join_token": table["join_token"], "criterion": criterion,
            "ranking": sorted(points, key=lambda code: -points[code]), "points": points, "ruled_out": [],
            "base_version": k, "submission_id": f"ballot-{table['number']:02d}-{criterion}-{k:03d}"}


def answers(table, person):
    """One delegate's answers, with their own answer key and submission id."""
    return {"join_token": table["join_token"], "respondent": f"crash-person-{table['number']:02d}-{person:02d}-key",
            "submission_id": f"answer-{table['number']:02d}-{person:02d}", "confidence": "more",
            "would_help": f"Help from table {table['number']}", "risks": []}


class Phones:
    """One Socket.IO client per table, sending its ballots in chains and its delegates' answers all at once."""

    def __init__(self, url, tables):
        self.url, self.tables = url, tables
        self.sent, self.acks, self.lock = set(), {}, threading.Lock()

    def connect(self):
        """Connect and join every table."""
        self.clients = {}
        for table in self.tables:
            client = socketio.Client(reconnection=False)
            client.connect(self.url, transports=["websocket"], wait_timeout=10)
            assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
            self.clients[table["number"]] = client

    def sending(self, submission_id):
        with self.lock:
            self.sent.add(submission_id)

    def record(self, submission_id, ack):
        with self.lock:
            self.acks[submission_id] = ack

    def chain(self, table, criterion):
        """Send a table's chain on one criterion, each ballot once the one before it is acknowledged."""
        client = self.clients[table["number"]]
        for k in range(CHAIN):
            sent = ballot(table, criterion, k)
            self.sending(sent["submission_id"])
            try:
                ack = client.call("submit_ballot", sent, timeout=5)
            except socketio.exceptions.SocketIOError:   # the server was killed: this one is in flight
                return
            self.record(sent["submission_id"], ack)
            if not ack.get("ok"):
                return

    def everyone_answers(self, table):
        """Every delegate at the table sends their answers without waiting for the others' acknowledgements."""
        client = self.clients[table["number"]]
        for person in range(PEOPLE):
            sent = answers(table, person)
            self.sending(sent["submission_id"])
            try:
                client.emit("submit_answers", sent, callback=lambda ack, sid=sent["submission_id"]: self.record(sid, ack))
            except socketio.exceptions.SocketIOError:
                return

    def start(self, senders, *groups):
        """Start one sender per group of arguments, at once."""
        for args in groups:
            threading.Thread(target=senders, args=args, daemon=True).start()

    def count(self, prefix):
        """How many submissions whose ids start so are sent, and acknowledged."""
        with self.lock:
            return sum(sid.startswith(prefix) for sid in self.sent), sum(sid.startswith(prefix) for sid in self.acks)

    def close(self):
        for client in self.clients.values():
            client.disconnect()


def stored(database):
    """Every ballot (table, criterion, version, submission id) and answer (respondent key, version, submission id)."""
    conn = sqlite3.connect(database)
    try:
        ballots = conn.execute(
            "SELECT t.number, c.code, b.version, b.submission_id FROM ballots b JOIN tables t ON t.id = b.table_id"
            " JOIN criteria c ON c.id = b.criterion_id").fetchall()
        people = conn.execute(
            "SELECT p.token, p.version, h.submission_id FROM respondents p"
            " JOIN answer_history h ON h.respondent_id = p.id").fetchall()
        return ballots, people
    finally:
        conn.close()


def send_again(url, table, resent):
    """A table's phone after the restart: every ballot of its chains in order, then every delegate's answers."""
    client = socketio.Client(reconnection=False)
    client.connect(url, transports=["websocket"], wait_timeout=10)
    try:
        assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
        for criterion in table["criteria"]:
            for k in range(CHAIN):
                sent = ballot(table, criterion, k)
                resent[sent["submission_id"]] = client.call("submit_ballot", sent, timeout=10)
        for person in range(PEOPLE):
            sent = answers(table, person)
            resent[sent["submission_id"]] = client.call("submit_answers", sent, timeout=10)
    finally:
        client.disconnect()


def test_a_kill_mid_burst_loses_no_acknowledged_submission_and_sending_again_counts_each_once(tmp_path):
    definition = json.loads((EVENTS_DIR / "whole-system-2009.json").read_text(encoding="utf-8"))
    instance = tmp_path / "instance"
    event_id, token, tables = import_event(instance, EVENTS_DIR / "whole-system-2009.json")
    api = {"Authorization": f"Bearer {token}"}
    everything = len(tables) * (2 * CHAIN + PEOPLE)

    server = LiveServer(instance, args=["--no-demo"]).start()
    try:
        base = f"{server.url}/api/events/{event_id}"
        requests.post(f"{base}/voting", json={"criterion": None, "voting": "open"}, headers=api,
                      timeout=10).raise_for_status()
        requests.post(f"{base}/confidence", json={"phase": "open", "about": definition["options"][0]["code"]},
                      headers=api, timeout=10).raise_for_status()
        phones = Phones(server.url, tables)
        phones.connect()
        # The tables' chains run; with a share of them saved, every delegate in the room answers at once, and the
        # server is killed while those answers and the chains' next ballots are in flight.
        phones.start(phones.chain, *[(t, c) for t in tables for c in t["criteria"]])
        deadline = time.monotonic() + 30
        while phones.count("ballot-")[1] < KILL_AT * len(tables) * 2 * CHAIN:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        phones.start(phones.everyone_answers, *[(t,) for t in tables])
        while phones.count("answer-")[0] < len(tables) * PEOPLE:
            assert time.monotonic() < deadline
            time.sleep(0.001)
        server.process.kill()   # SIGKILL: no handler runs, nothing is flushed that was not already committed
        server.process.wait(timeout=10)
        with phones.lock:
            acked = {sid for sid, ack in phones.acks.items() if ack.get("ok")}
            in_flight = len(phones.sent) - len(phones.acks)
        assert all(ack.get("ok") for ack in phones.acks.values()), [a for a in phones.acks.values() if not a.get("ok")]
        phones.close()
    finally:
        server.stop()

    ballots, people = stored(instance / "facilitation.db")
    committed = {row[3] for row in ballots} | {row[2] for row in people}
    print(f"killed with {in_flight} in flight and {len(acked)} of {everything} acknowledged; {len(committed)} committed "
          f"({len(committed - acked)} committed but not acknowledged when the server died)")
    assert in_flight >= 50 and len(acked) >= KILL_AT * len(tables) * 2 * CHAIN, "the kill came mid-burst"
    assert acked <= committed, sorted(acked - committed)[:10]

    with LiveServer(instance, args=["--no-demo"]) as again:
        resent = {}
        # Each table's phone sends everything again, its chains in order, the tables side by side.
        senders = [threading.Thread(target=send_again, args=(again.url, table, resent)) for table in tables]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)
    assert len(resent) == everything and all(ack["ok"] for ack in resent.values())
    # What was saved before the kill is recognised as already saved, whether or not its ack got through.
    assert {sid for sid, ack in resent.items() if ack.get("duplicate")} == committed

    ballots, people = stored(instance / "facilitation.db")
    assert len(ballots) == len(tables) * 2 * CHAIN and len(people) == len(tables) * PEOPLE
    for table in tables:
        for criterion in table["criteria"]:
            chain = sorted((version, sid) for number, code, version, sid in ballots
                           if (number, code) == (table["number"], criterion))
            assert chain == [(k + 1, ballot(table, criterion, k)["submission_id"]) for k in range(CHAIN)]
    assert {version for _token, version, _sid in people} == {1}
