"""The whole room under load: the real server beside a bare Socket.IO relay, the same phones and messages for both.

Run by hand (not part of the test suite):
  .venv/bin/python benchmarks/load.py --phones 100,1000,2000,5000 --clients 4 --json load.json [--only app|bare]

For each number of phones, and for each target (the app: server.py with gevent on a fresh instance; the bare relay:
benchmarks/bare_relay.py, no database), on its own loopback port:
  - an event is imported with one table per 10 phones (at most 500 tables), each table scoring 2 of 8 criteria;
    voting is opened through the API, and a projector (a signed-in facilitator's socket, 'join_projector') listens
    throughout, noting when each table's row for a criterion first arrives in a 'results' message;
  - the phones connect over WebSockets and 'join_table' with their table's join token, --join-rate a second in all;
  - then, over 30 s from a common start: each table edits each of its 2 criteria in 3 drafts ('draft_ops', by three of
    its phones, relayed to the others) and submits one ballot per criterion ('submit_ballot'), at times spread over
    the 30 s; at 15 s the facilitator opens the confidence questions (POST /api/events/{id}/confidence), every phone
    asks for its state ('confidence_state') as the 'confidence_phase' message reaches it, then answers
    ('submit_answers', 1-3 risks) within 10 s.
The load comes from --clients processes (asyncio, a minimal Engine.IO 4 / Socket.IO 5 client over raw WebSockets: one
process saturates well before 5,000 phones), each with whole tables so a table's relays are timed in one clock.
Afterwards the instance's SQLite file is read: an acknowledged ballot or answer missing there is lost; a table with
more than one ballot for a criterion, or a person with more than one answer version or more risks than sent, is
double-counted. psutil follows the server's RSS (peak) and CPU seconds (joins and the 30 s, until the last ack).
It prints Markdown tables (p95 app / bare with the ratio, then p50/p95/p99 per message kind), ready for
docs/performance.md.
"""
import argparse
import asyncio
import base64
import json
import math
import multiprocessing
import os
import random
import re
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import requests  # noqa: E402

from tests.servers import environment, free_port, run_cli  # noqa: E402

PASSWORD = "load-benchmark-password"
PER_TABLE = 10
MAX_TABLES = 500            # the event file's limit (docs/event-format.md)
WINDOW = 30.0               # seconds over which drafts and ballots are spread
QUESTIONS_AT = 15.0         # when the facilitator opens the confidence questions
ANSWER_WITHIN = 10.0        # a phone answers this long (at most) after its state arrives
CALL_TIMEOUT = 180.0        # an ack later than this counts as unanswered
OPTIONS = [("1", "Do nothing"), ("2", "Enhance existing arrangements"), ("3a", "Three to two: combined management"),
           ("3b", "Three to two: full merger"), ("4a", "Three to one: one management team"),
           ("4b", "Three to one: one organisation")]
CRITERIA = ["sustainable", "culture", "finance", "city", "health", "clinical", "governance", "performance"]
THEMES = ["Organisation and management culture and leadership", "Size and local identity and focus",
          "Scale and pace of change", "Engagement, including clinical engagement", "Disruption and transition",
          "Understanding of the benefits to be delivered"]
CONFIDENCE = ["much_less", "less", "same", "more", "much_more"]
ABOUT = "2"
# Message kinds: (key, heading). Acks unless said otherwise.
KINDS = [("join", "join"), ("draft", "draft relay"), ("ballot", "ballot"), ("state", "state when questions open"),
         ("answers", "answers")]
DELIVERIES = [("relay", "draft reaches the table's other phones"), ("ballot_saved", "ballot_saved reaches the table"),
              ("phase", "questions open reaches the phones"), ("projector", "submission → projector")]
ZERO_MASK = b"\0\0\0\0"     # a client must mask its frames; with a zero key the bytes stay as they are (cheap here)


def raise_fd_limit():
    """Allow as many open files as the hard limit does (5,000 phones are 5,000 sockets on each side)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# ---------------------------------------------------------------- a lean Socket.IO client over a raw WebSocket

class Client:
    """One Socket.IO connection (Engine.IO 4 over a WebSocket, default namespace), with acks timed at arrival."""

    def __init__(self, host, port, on_event=None, headers=None, on_lost=None):
        self.host, self.port, self.headers = host, port, headers or {}
        self.on_event, self.on_lost = on_event, on_lost
        self.pending, self.next_id, self.closing, self.lost = {}, 0, False, False
        self.corrupt = None             # why the stream could not be read any more, if it broke
        self.writer = None

    async def connect(self, timeout=60):
        loop = asyncio.get_running_loop()
        self.connected = loop.create_future()
        self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
        self.writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        extra = "".join(f"{k}: {v}\r\n" for k, v in self.headers.items())
        self.writer.write((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           f"Sec-WebSocket-Version: 13\r\n{extra}\r\n").encode())
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(head.split(b"\r\n")[0].decode())
        self.task = asyncio.create_task(self._read())
        await asyncio.wait_for(asyncio.shield(self.connected), timeout)

    def send(self, text):
        data = text.encode()
        n = len(data)
        head = bytes((0x81, 0x80 | n)) if n < 126 else (bytes((0x81, 0xFE)) + n.to_bytes(2, "big") if n < 65536
                                                         else bytes((0x81, 0xFF)) + n.to_bytes(8, "big"))
        self.writer.write(head + ZERO_MASK + data)

    async def call(self, event, data, timeout=CALL_TIMEOUT):
        """Send an event with an ack id; returns (sent, arrived, ack, ack size in bytes)."""
        if self.lost:
            raise ConnectionError("connection lost")
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        sent = time.monotonic()
        self.send(f"42{self.next_id}" + json.dumps([event, data], separators=(",", ":")))
        arrived, ack, size = await asyncio.wait_for(future, timeout)
        return sent, arrived, ack, size

    async def _read(self):
        reader, parts = self.reader, []
        try:
            while True:
                head = await reader.readexactly(2)
                n = head[1] & 0x7F
                if n == 126:
                    n = int.from_bytes(await reader.readexactly(2), "big")
                elif n == 127:
                    n = int.from_bytes(await reader.readexactly(8), "big")
                if head[1] & 0x80:
                    await reader.readexactly(4)   # servers do not mask; tolerate it anyway (the key would be needed)
                payload = await reader.readexactly(n) if n else b""
                opcode = head[0] & 0x0F
                if opcode in (0, 1, 2):
                    parts.append(payload)
                    if head[0] & 0x80:
                        self._message(b"".join(parts).decode(), time.monotonic())
                        parts = []
                elif opcode == 8:
                    break
                elif opcode == 9:
                    self.writer.write(bytes((0x8A, 0x80 | len(payload))) + ZERO_MASK + payload)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        except ValueError as error:     # not UTF-8 or not JSON: the stream is broken (a frame cut short by the server)
            self.corrupt = f"{type(error).__name__}: {str(error)[-160:]}"
        finally:
            self._gone()

    def _message(self, text, arrived):
        kind = text[:1]
        if kind == "4":
            packet = text[1:2]
            if packet == "2":
                name, *args = json.loads(text[2:])
                if self.on_event:
                    self.on_event(name, args[0] if args else None, arrived)
            elif packet == "3":
                start = text.index("[")
                future = self.pending.pop(int(text[2:start]), None)
                if future and not future.done():
                    args = json.loads(text[start:])
                    future.set_result((arrived, args[0] if args else None, len(text)))
            elif packet == "0" and not self.connected.done():
                self.connected.set_result(True)
            elif packet == "4" and not self.connected.done():
                self.connected.set_exception(ConnectionError(text))
            elif packet == "1":
                self.writer.close()
        elif kind == "2":
            self.send("3" + text[1:])          # ping, pong
        elif kind == "0":
            self.send("40")                    # the Engine.IO handshake: now connect the default namespace
        elif kind == "1":
            self.writer.close()

    def _gone(self):
        self.lost = True
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ConnectionError("connection lost"))
        self.pending.clear()
        if not self.connected.done():
            self.connected.set_exception(ConnectionError("closed before connecting"))
        if not self.closing and self.on_lost:
            self.on_lost(self)
        with _quiet():
            self.writer.close()

    def close(self):
        self.closing = True
        with _quiet():
            self.send("41")
            self.writer.close()


class _quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], Exception)


# ---------------------------------------------------------------- one client process: whole tables of phones

class Recorder:
    """What one client process measured."""

    def __init__(self):
        self.latency = defaultdict(list)    # kind -> seconds
        self.sizes = defaultdict(list)      # kind -> ack bytes
        self.refused = Counter()            # kind -> acks with ok false (or refused operations)
        self.unanswered = Counter()         # kind -> no ack (timeout, connection lost)
        self.examples = {}                  # kind -> the first refusal
        self.ballots = []                   # (submission id, table, criterion, sent) acked ok
        self.duplicates = 0                 # acks that said duplicate
        self.answers = []                   # (respondent, risks sent) acked ok
        self.expected = Counter()           # delivery kind -> messages phones should have received
        self.disconnects = 0
        self.disconnected_at = []           # when each phone lost its connection (seconds from the start of the 30 s)
        self.failed = 0                     # phones that never joined
        self.failures = Counter()
        self.timeline = defaultdict(list)   # kind -> (sent, seconds) for the acks of the 30 s, to see when it slowed
        self.lag = []                       # how late this process's event loop woke, every 50 ms (its saturation)

    def ack(self, kind, sent, arrived, ack, size):
        if isinstance(ack, dict) and ack.get("ok"):
            self.latency[kind].append(arrived - sent)
            self.timeline[kind].append((sent, arrived - sent))
            self.sizes[kind].append(size)
            return True
        self.refused[kind] += 1
        self.examples.setdefault(kind, str(ack)[:300])
        return False


class Phone:
    def __init__(self, worker, table, index):
        self.worker, self.table, self.index = worker, table, index
        self.device = f"phone-{table['number']}-{index}"
        self.respondent = "load-" + uuid.uuid4().hex
        self.rng = random.Random(f"{table['number']}-{index}")
        self.asked, self.seen = False, set()
        # With several server processes the phones of a table are dealt round them, as sticky sessions spread a room.
        self.process = (table["number"] + index) % len(worker.ports)
        self.client = Client(worker.host, worker.ports[self.process], on_event=self.event, on_lost=self.lost)

    def lost(self, client):
        if not self.worker.stopping:
            self.worker.rec.disconnects += 1
            self.worker.rec.disconnected_at.append(time.monotonic())
            if client.corrupt:
                self.worker.rec.failures["a frame from the server could not be read: " + client.corrupt[:60]] += 1

    async def join(self):
        rec = self.worker.rec
        try:
            await self.client.connect()
            sent, arrived, ack, size = await self.client.call(
                "join_table", {"join_token": self.table["token"], "device_id": self.device, "respondent": self.respondent})
        except (OSError, ConnectionError, asyncio.TimeoutError) as error:
            rec.failed += 1
            rec.failures[type(error).__name__ + ": " + str(error)[:80]] += 1
            return False
        if not rec.ack("join", sent, arrived, ack, size):
            rec.failed += 1
            return False
        return True

    def event(self, name, data, arrived):
        worker = self.worker
        if name == "draft":
            for op_id in data.get("applied") or []:
                sent = worker.draft_sent.get(op_id)
                if sent is not None and op_id not in self.seen:
                    self.seen.add(op_id)
                    worker.rec.latency["relay"].append(arrived - sent)
        elif name == "ballot_saved":
            sent = worker.ballot_sent.get((self.table["number"], data["criterion"]))
            if sent is not None:
                worker.rec.latency["ballot_saved"].append(arrived - sent)
        elif name == "confidence_phase" and data.get("phase") == "open":
            worker.phase_arrivals.append(arrived)
            self.ask()

    def ask(self):
        if not self.asked and not self.client.lost:
            self.asked = True
            self.worker.spawn(self.answer())

    async def call(self, kind, event, data):
        try:
            sent, arrived, ack, size = await self.client.call(event, data)
        except (ConnectionError, asyncio.TimeoutError, OSError):
            self.worker.rec.unanswered[kind] += 1
            return None, None
        return (sent if self.worker.rec.ack(kind, sent, arrived, ack, size) else None), ack

    async def draft(self, criterion, step, points):
        """One of a criterion's three drafts: the whole draft first (8 points), then two taps on +."""
        table = self.table
        op_id = f"op-{table['number']}-{criterion}-{step}-{uuid.uuid4().hex[:8]}"
        if step == 0:
            op = {"id": op_id, "op": "set_draft", "draft": {"ranking": [c for c, _ in OPTIONS], "points": points,
                                                            "ruled_out": []}}
        else:
            op = {"id": op_id, "op": "add_points", "option": OPTIONS[step - 1][0], "delta": 1}
        self.worker.draft_sent[op_id] = time.monotonic()
        sent, ack = await self.call("draft", "draft_ops", {"join_token": table["token"], "criterion": criterion,
                                                           "device_id": self.device, "ops": [op]})
        if sent is not None:
            if ack.get("refused"):
                self.worker.rec.refused["draft"] += 1
                self.worker.rec.examples.setdefault("draft", str(ack["refused"])[:300])
            self.worker.rec.expected["relay"] += self.worker.present(table) - 1

    async def ballot(self, criterion, points):
        table = self.table
        ranking = [code for code, _ in sorted(points.items(), key=lambda item: -item[1])]
        submission_id = f"ballot-{table['number']}-{criterion}-{uuid.uuid4().hex[:12]}"
        self.worker.ballot_sent[(table["number"], criterion)] = time.monotonic()
        sent, ack = await self.call("ballot", "submit_ballot", {
            "join_token": table["token"], "criterion": criterion, "ranking": ranking, "points": points,
            "ruled_out": [], "base_version": 0, "submission_id": submission_id, "device_id": self.device})
        if sent is not None:
            self.worker.rec.ballots.append((submission_id, table["number"], criterion, sent, self.process))
            self.worker.rec.expected["ballot_saved"] += self.worker.present(table)
            if ack.get("duplicate"):
                self.worker.rec.duplicates += 1

    async def answer(self):
        table, rng = self.table, self.rng
        sent, state = await self.call("state", "confidence_state", {"join_token": table["token"],
                                                                    "respondent": self.respondent})
        if sent is None:
            return
        themes = [theme["id"] for theme in state.get("themes") or []] or ["other"]
        await asyncio.sleep(rng.uniform(0.2, ANSWER_WITHIN))
        risks = [{"text": f"Risk {k + 1} seen by {self.device}: {rng.choice(THEMES).lower()}",
                  "theme": rng.choice(themes)} for k in range(rng.randint(1, 3))]
        sent, _ = await self.call("answers", "submit_answers", {
            "join_token": table["token"], "respondent": self.respondent, "submission_id": uuid.uuid4().hex,
            "confidence": rng.choice(CONFIDENCE), "would_help": rng.choice(["", "A clear timetable", "Money"]),
            "risks": risks})
        if sent is not None:
            self.worker.rec.answers.append((self.respondent, len(risks)))


class Worker:
    """One client process: its tables' phones, its share of the joins, and the 30 s script for its tables."""

    def __init__(self, config, pipe):
        self.config, self.pipe = config, pipe
        self.host, self.ports = "127.0.0.1", config["ports"]
        self.rec = Recorder()
        self.draft_sent, self.ballot_sent, self.phase_arrivals = {}, {}, []
        self.tasks, self.stopping = set(), False
        self.phones = defaultdict(list)     # table number -> its joined phones

    def spawn(self, coroutine):
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def present(self, table):
        return sum(not phone.client.lost for phone in self.phones[table["number"]])

    async def watch_lag(self):
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + 0.05
            await asyncio.sleep(0.05)
            self.rec.lag.append(loop.time() - due)

    async def run(self):
        loop = asyncio.get_running_loop()
        watching = asyncio.create_task(self.watch_lag())
        inbox = asyncio.Queue()
        loop.add_reader(self.pipe.fileno(), lambda: inbox.put_nowait(self.pipe.recv()))
        everyone = [Phone(self, table, i) for table in self.config["tables"] for i in range(table["phones"])]
        random.Random(self.config["index"]).shuffle(everyone)   # arrivals from every table at once, as in a room
        interval, began = 1 / self.config["join_rate"], loop.time()
        joins = []
        for n, phone in enumerate(everyone):
            await asyncio.sleep(max(0.0, began + n * interval - loop.time()))
            joins.append(asyncio.create_task(phone.join()))
        for phone, joined in zip(everyone, await asyncio.gather(*joins)):
            if joined:
                self.phones[phone.table["number"]].append(phone)
        self.pipe.send(("ready", sum(map(len, self.phones.values()))))
        _, t0 = await inbox.get()
        cpu0, wall0 = time.process_time(), time.monotonic()
        self.schedule(loop, t0)
        _, opened = await inbox.get()      # the facilitator's request went out at this moment
        self.opened = opened
        await asyncio.sleep(max(0.0, opened + 20 - loop.time()))
        for phones in self.phones.values():  # a phone the phase never reached asks anyway, counted as missed
            for phone in phones:
                if not phone.asked and not phone.client.lost:
                    self.rec.failures["confidence_phase never arrived"] += 1
                    phone.ask()
        deadline = t0 + WINDOW + CALL_TIMEOUT + ANSWER_WITHIN
        while self.tasks and loop.time() < deadline:
            await asyncio.wait(list(self.tasks), timeout=max(0.1, deadline - loop.time()))
        await asyncio.sleep(1.0)            # the last relays and ballot_saved after the last acks
        for task in list(self.tasks):
            task.cancel()
        self.rec.latency["phase"] = [arrived - opened for arrived in self.phase_arrivals]
        self.rec.expected["phase"] = sum(map(len, self.phones.values()))
        busy = {"cpu": time.process_time() - cpu0, "wall": time.monotonic() - wall0}
        watching.cancel()
        self.rec.disconnected_at = [round(moment - t0, 1) for moment in self.rec.disconnected_at]
        self.rec.timeline = {kind: [(sent - t0, seconds) for sent, seconds in pairs]
                             for kind, pairs in self.rec.timeline.items()}
        self.pipe.send(("result", {**vars(self.rec), "busy": busy}))
        await inbox.get()                   # stop: the server's figures are taken; now let go
        self.stopping = True
        for phones in self.phones.values():
            for phone in phones:
                phone.client.close()
        await asyncio.sleep(0.5)

    def schedule(self, loop, t0):
        """Each table's drafts and ballots at their times: 3 drafts per criterion, then its ballot, within WINDOW."""
        for table in self.config["tables"]:
            phones = self.phones[table["number"]]
            if not phones:
                continue
            rng = random.Random(table["number"])
            for c, criterion in enumerate(table["criteria"]):
                base = dict.fromkeys((code for code, _ in OPTIONS), 0)
                for _ in range(8):
                    base[rng.choice(OPTIONS)[0]] += 1
                final = {**base, OPTIONS[0][0]: base[OPTIONS[0][0]] + 1, OPTIONS[1][0]: base[OPTIONS[1][0]] + 1}
                times = sorted(rng.uniform(0, WINDOW - 8) for _ in range(3))
                for step, at in enumerate(times):
                    phone = phones[(c * 3 + step) % len(phones)]
                    loop.call_at(t0 + at, self.spawn_later, phone.draft(criterion, step, base))
                phone = phones[rng.randrange(len(phones))]
                loop.call_at(t0 + rng.uniform(times[-1] + 1, WINDOW - 0.5), self.spawn_later,
                             phone.ballot(criterion, final))

    def spawn_later(self, coroutine):
        self.spawn(coroutine)


def worker_main(config, pipe):
    raise_fd_limit()
    asyncio.run(Worker(config, pipe).run())


# ---------------------------------------------------------------- the targets

def event_definition(tables):
    """An event like whole-system-2009: 6 short-listed options, 8 criteria, 2 per table, 6 risk themes."""
    return {
        "format": 1, "title": "Load benchmark: the whole room", "date": str(date.today()),
        "scoring": {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
        "options": [{"code": code, "title": title, "description": f"Option {code}: {title}."} for code, title in OPTIONS],
        "criteria": [{"code": code, "working_title": code.title(), "title": f"The {code} criterion",
                      "description": f"How well each option does on {code}."} for code in criteria_for(tables)],
        "tables": tables,
        "assignment": {str(n): table_criteria(n, tables) for n in range(1, tables + 1)},
        "confidence": {"about": "strongest"},
        "risk_themes": THEMES,
    }


def criteria_for(tables):
    """The criteria of an event with this many tables: 8, fewer when fewer than 4 tables could not score them all."""
    return CRITERIA[:min(len(CRITERIA), 2 * tables)]


def table_criteria(number, tables):
    """A table's 2 criteria, round the event's criteria in table order."""
    codes = criteria_for(tables)
    first = (2 * (number - 1)) % len(codes)
    return [codes[first], codes[first + 1]]


def waited_for_cpu(pid):
    """Seconds the process's threads were ready to run but waited for a core (Linux schedstat): the machine's noise."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e9


def preexec():
    raise_fd_limit()


def wait_healthy(url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {timeout}s:\n{log_path.read_text()}")


class Target:
    """A server to measure, as one or several processes (sharing a message queue): .urls, .ports, .processes, .logs,
    .event_id, .tables, .api (headers), .cookie, and .check(...). With no queue there is one process, as on a laptop."""

    control = False            # whether a control room listens too (the hall benchmark's)

    def __init__(self, folder, processes=1, queue=None):
        if processes > 1 and not queue:
            raise ValueError("several processes need a message queue")
        self.folder, self.queue = folder, queue
        self.ports = [free_port() for _ in range(processes)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.logs = [folder / f"{self.name}-{port}.log" for port in self.ports]
        self.processes = []

    def start(self, command, env):
        """Start every process of the target, one after another (each answering before the next starts)."""
        for port, url, log in zip(self.ports, self.urls, self.logs):
            process = subprocess.Popen(
                [sys.executable, *command, "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                stdout=open(log, "w"), stderr=subprocess.STDOUT, preexec_fn=preexec)
            self.processes.append(process)
            try:
                wait_healthy(url, process, log)
            except RuntimeError:
                self.stop()
                raise

    def stop(self):
        """SIGTERM to every process, then SIGKILL to any that lingers."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def errors(self):
        """The lines of the servers' logs that report an error (tracebacks counted once, by their last line)."""
        lines = [line for log in self.logs for line in log.read_text(errors="replace").splitlines()]
        found = [line for line in lines if re.search(r"Error|Exception|Traceback|Timeout|refused", line)]
        return len([line for line in lines if line.startswith("Traceback")]), found[:12]


class App(Target):
    name = "app"

    def __init__(self, folder, tables, processes=1, queue=None):
        super().__init__(folder, processes, queue)
        self.instance = folder / "instance"
        self.instance.mkdir()
        event_file = folder / "event.json"
        event_file.write_text(json.dumps(event_definition(tables)))
        self.event_id = int(run_cli(self.instance, "import", str(event_file), check=True).stdout.strip())
        self.api = {"Authorization": "Bearer " + run_cli(self.instance, "create-token", check=True).stdout.strip()}
        self.db = self.instance / "facilitation.db"
        with sqlite3.connect(self.db) as db:
            rows = db.execute("SELECT t.number, t.join_token, c.code FROM tables t JOIN assignments a ON a.table_id = t.id"
                              " JOIN criteria c ON c.id = a.criterion_id WHERE t.event_id = ? ORDER BY t.number, "
                              "c.position", [self.event_id]).fetchall()
        by_number = {}
        for number, token, code in rows:
            by_number.setdefault(number, {"number": number, "token": token, "criteria": []})["criteria"].append(code)
        self.tables = list(by_number.values())
        env = environment(self.instance, FACILITATOR_PASSWORD=PASSWORD,
                          **({"SOCKETIO_MESSAGE_QUEUE": queue} if queue else {}))
        self.start(["server.py", "--no-demo"], env)
        requests.post(f"{self.urls[0]}/api/events/{self.event_id}/voting", headers=self.api,
                      json={"criterion": None, "voting": "open"}, timeout=30).raise_for_status()
        session = requests.Session()   # the facilitator's session is in the database: good on every process
        page = session.get(f"{self.urls[0]}/facilitator/sign-in", timeout=30).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        session.post(f"{self.urls[0]}/facilitator/sign-in", data={"password": PASSWORD, "csrf_token": csrf},
                     timeout=30).raise_for_status()
        self.cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())

    def check(self, ballots, answers):
        """Lost and double-counted, against the SQLite file: what was acknowledged against what is stored."""
        with sqlite3.connect(self.db) as db:
            stored = db.execute(
                "SELECT b.submission_id, t.number, c.code FROM ballots b JOIN tables t ON t.id = b.table_id "
                "JOIN criteria c ON c.id = b.criterion_id WHERE t.event_id = ?", [self.event_id]).fetchall()
            people = db.execute(
                "SELECT r.token, r.version, (SELECT COUNT(*) FROM risks k WHERE k.respondent_id = r.id), "
                "(SELECT COUNT(*) FROM answer_history h WHERE h.respondent_id = r.id) FROM respondents r "
                "WHERE r.event_id = ? AND r.source = 'room'", [self.event_id]).fetchall()
        ids = {row[0] for row in stored}
        per_cell = Counter((number, code) for _, number, code in stored)
        acked = {submission_id for submission_id, *_ in ballots}
        by_token = {token: (version, risks, history) for token, version, risks, history in people}
        answered = {token for token, _ in answers}
        answers_lost = sum(1 for token, _ in answers if token not in by_token or by_token[token][0] < 1)
        answers_double = sum(1 for token, sent in answers if token in by_token and (
            by_token[token][0] > 1 or by_token[token][2] > 1 or by_token[token][1] > sent))
        return {"ballots_stored": len(stored), "ballots_lost": len(acked - ids),
                "ballots_double": sum(count - 1 for count in per_cell.values() if count > 1),
                "ballots_stored_unacked": len(ids - acked),
                "answers_stored": sum(1 for v in by_token.values() if v[0] >= 1), "answers_lost": answers_lost,
                "answers_double": answers_double,
                "answers_stored_unacked": sum(1 for token, v in by_token.items() if v[0] >= 1 and token not in answered)}


class Bare(Target):
    name = "bare"

    def __init__(self, folder, tables, processes=1, queue=None):
        super().__init__(folder, processes, queue)
        self.event_id = 1
        self.tables = [{"number": n, "token": "bare-" + uuid.uuid4().hex, "criteria": table_criteria(n, tables)}
                       for n in range(1, tables + 1)]
        spec = folder / "bare.json"
        spec.write_text(json.dumps({
            "event_id": 1, "title": "Load benchmark: the whole room",
            "scoring": {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
            "options": [{"code": c, "title": t} for c, t in OPTIONS],
            "criteria": [{"code": c, "working_title": c.title(), "title": f"The {c} criterion"} for c in criteria_for(tables)],
            "themes": THEMES, "tables": {t["token"]: t for t in self.tables}}))
        self.start([str(ROOT / "benchmarks" / "bare_relay.py"), "--spec", str(spec),
                    *(["--message-queue", queue] if queue else [])], {**os.environ, "PYTHONUNBUFFERED": "1"})
        self.api, self.cookie = {}, ""

    def check(self, ballots, answers):
        return {}


# ---------------------------------------------------------------- one run: N phones against one target

class Servers:
    """The target's server processes seen together (psutil): summed CPU seconds and RSS, and their wait for a core."""

    def __init__(self, processes):
        self.all = [psutil.Process(process.pid) for process in processes]

    def cpu(self):
        return sum(sum(server.cpu_times()[:2]) for server in self.all)

    def iowait(self):
        return sum(getattr(server.cpu_times(), "iowait", 0.0) for server in self.all)

    def rss(self):
        return sum(server.memory_info().rss for server in self.all)

    def waited(self):
        return sum(waited_for_cpu(server.pid) for server in self.all)

    def fd_limit(self):
        return min(server.rlimit(psutil.RLIMIT_NOFILE)[0] for server in self.all)


def rows_shown(ballots, rows):
    """What the projector received of the acked ballots' matrix rows: each should come exactly once."""
    counts = [rows.get((table, criterion), 0) for _, table, criterion, *_ in ballots]
    return {"expected": len(counts), "missing": counts.count(0), "duplicated": sum(1 for n in counts if n > 1),
            "extra_copies": sum(n - 1 for n in counts if n > 1)}


async def drive(target, pipes, phones):
    """The projector (and control room), the clock, the facilitator's request at 15 s, the servers' RSS and CPU.

    With several processes the projector is on the first, the control room (if the target has one) on the second and
    the facilitator's request goes to the last, so every message they see came through the message queue.
    """
    loop = asyncio.get_running_loop()
    inbox = asyncio.Queue()
    for pipe in pipes:
        loop.add_reader(pipe.fileno(), lambda pipe=pipe: inbox.put_nowait(pipe.recv()))
    servers = Servers(target.processes)
    fd_limit = servers.fd_limit()
    if fd_limit < phones + 100:
        raise RuntimeError(f"the server may open only {fd_limit} files, too few for {phones} phones")
    shown, rows, messages, control_messages = {}, Counter(), Counter(), Counter()
    last = {}   # what a screen last received: a summary, or a table's status cell (to count the same sent again)

    def repeated(screen, key, value):
        if last.get((screen, key)) == value:
            (messages if screen == "projector" else control_messages)[f"repeated {key[0]}"] += 1
        last[(screen, key)] = value

    def heard(name, data, arrived):
        messages[name] += 1
        if name == "confidence":
            repeated("projector", ("confidence",), data)
        if name == "results":
            for row in data.get("rows") or []:
                if row.get("submitted"):
                    shown.setdefault((row["table"], row["criterion"]), arrived)
                    rows[(row["table"], row["criterion"])] += 1

    headers = {"Cookie": target.cookie} if target.cookie else {}
    projector = Client("127.0.0.1", target.ports[0], on_event=heard, headers=headers)
    await projector.connect()
    _, _, ack, _ = await projector.call("join_projector", {"event_id": target.event_id}, timeout=60)
    if not ack.get("ok"):
        raise RuntimeError(f"the projector could not join: {ack}")
    control = None
    if getattr(target, "control", False):
        def seen(name, data, arrived):
            control_messages[name] += 1
            if name == "confidence":   # the projector room's copy and the control room's marked one, apart
                repeated("control", ("confidence", bool(data.get("moderation"))), data)
            elif name == "table_status":
                for cell in data.get("cells") or []:
                    repeated("control", ("table_status", cell.get("table"), cell.get("criterion")), cell)

        control = Client("127.0.0.1", target.ports[1 % len(target.ports)], headers=headers, on_event=seen)
        await control.connect()
        for event, data in (("join_projector", {"event_id": target.event_id, "control": True}),
                            ("watch_tables", {"event_id": target.event_id})):
            _, _, ack, _ = await control.call(event, data, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"the control room could not join: {ack}")
    rss = {"start": servers.rss(), "peak": 0}

    busy = []   # (seconds since the start, share of one core the servers used in the last second)

    async def sample():
        last, when = servers.cpu(), time.monotonic()
        while True:
            rss["peak"] = max(rss["peak"], servers.rss())
            await asyncio.sleep(0.25)
            if time.monotonic() - when >= 1:
                now, cpu = time.monotonic(), servers.cpu()
                busy.append((round(now - began, 1), round((cpu - last) / (now - when), 2)))
                last, when = cpu, now

    sampler = asyncio.create_task(sample())
    cpu0, began = servers.cpu(), time.monotonic()
    iowait0, waited0 = servers.iowait(), servers.waited()
    for pipe in pipes:
        pipe.send(("go",))
    connected = 0
    for _ in pipes:
        connected += (await inbox.get())[1]
    joined = time.monotonic()
    cpu_joined = servers.cpu()
    t0 = time.monotonic() + 1.0
    for pipe in pipes:
        pipe.send(("start", t0))
    await asyncio.sleep(t0 + QUESTIONS_AT - time.monotonic())
    opened = time.monotonic()
    response = await loop.run_in_executor(None, lambda: requests.post(
        f"{target.urls[-1]}/api/events/{target.event_id}/confidence", headers=target.api,
        json={"phase": "open", "about": ABOUT}, timeout=CALL_TIMEOUT))
    response.raise_for_status()
    request_took = time.monotonic() - opened
    for pipe in pipes:
        pipe.send(("opened", opened))
    results = [(await inbox.get())[1] for _ in pipes]
    cpu1, ended = servers.cpu(), time.monotonic()
    iowait, waited = servers.iowait() - iowait0, servers.waited() - waited0
    rss["end"] = servers.rss()
    sampler.cancel()
    for pipe in pipes:
        pipe.send(("stop",))
    projector.close()
    if control:
        control.close()
    return {"connected": connected, "join_seconds": joined - began, "run_seconds": ended - t0,
            "cpu_joins": cpu_joined - cpu0, "cpu_total": cpu1 - cpu0, "rss": rss, "shown": shown, "rows": rows,
            "projector_messages": dict(messages), "control_messages": dict(control_messages),
            "projector_lost": projector.lost or bool(control and control.lost),
            "open_request_seconds": request_took, "fd_limit": fd_limit, "iowait": iowait, "waited": waited, "busy": busy,
            "projector_corrupt": projector.corrupt, "start": began, "t0": t0,
            "pids": [p.pid for p in target.processes]}, results


def run(kind, phones, clients, join_rate, processes=1, queue=None, control=False):
    """One target at one size (as this many processes, through this message queue if any): start it, load it, check
    it, stop it; the figures as a dict."""
    tables = min(MAX_TABLES, math.ceil(phones / PER_TABLE))
    with tempfile.TemporaryDirectory(prefix=f"load-{kind}-{phones}-") as folder:
        target = (App if kind == "app" else Bare)(Path(folder), tables, processes, queue)
        target.control = control
        try:
            layout = [dict(t, phones=phones // tables + (1 if i < phones % tables else 0))
                      for i, t in enumerate(target.tables)]
            context = multiprocessing.get_context("spawn")
            pipes, workers = [], []
            for index in range(clients):
                mine, theirs = context.Pipe()
                config = {"index": index, "ports": target.ports, "tables": layout[index::clients],
                          "join_rate": join_rate / clients}
                process = context.Process(target=_worker_after_go, args=(config, theirs), daemon=True)
                process.start()
                pipes.append(mine)
                workers.append(process)
            server, results = asyncio.run(drive(target, pipes, phones))
            for process in workers:
                process.join(timeout=30)
                if process.is_alive():
                    process.kill()
        finally:
            target.stop()
        traceback_count, error_lines = target.errors()
        merged = merge(results)
        stored = target.check(merged["ballots"], merged["answers"])
    return summarise(kind, phones, tables, clients, server, merged, stored, traceback_count, error_lines)


def _worker_after_go(config, pipe):
    pipe.recv()   # "go": the projector has joined and the clock is running
    worker_main(config, pipe)


def merge(results):
    merged = {"latency": defaultdict(list), "sizes": defaultdict(list), "refused": Counter(), "unanswered": Counter(),
              "examples": {}, "ballots": [], "answers": [], "expected": Counter(), "disconnects": 0, "failed": 0,
              "failures": Counter(), "duplicates": 0, "busy": [], "disconnected_at": [], "timeline": defaultdict(list), "lag": []}
    for r in results:
        for key in ("latency", "sizes", "timeline"):
            for kind, values in r[key].items():
                merged[key][kind].extend(values)
        for key in ("refused", "unanswered", "expected", "failures"):
            merged[key].update(r[key])
        for key in ("ballots", "answers", "disconnected_at"):
            merged[key].extend(r[key])
        for key in ("disconnects", "failed", "duplicates"):
            merged[key] += r[key]
        merged["examples"].update(r["examples"])
        merged["busy"].append(r["busy"])
        merged["lag"].extend(r["lag"])
    return merged


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def summarise(kind, phones, tables, clients, server, merged, stored, traceback_count, error_lines):
    latency = dict(merged["latency"])
    latency["projector"] = [server["shown"][(t, c)] - sent for _, t, c, sent, _ in merged["ballots"]
                            if (t, c) in server["shown"]]
    # Through the message queue: ballots from phones on another process than the projector's (process 0).
    latency["projector_elsewhere"] = [server["shown"][(t, c)] - sent for _, t, c, sent, process in merged["ballots"]
                                      if (t, c) in server["shown"] and process != 0]
    figures = {}
    for key in [k for k, _ in KINDS] + [k for k, _ in DELIVERIES] + ["projector_elsewhere"]:
        values = latency.get(key, [])
        figures[key] = {"n": len(values), **{f"p{q}": (percentile(values, q / 100) or 0) * 1000 for q in (50, 95, 99)},
                        "max": max(values, default=0) * 1000, "refused": merged["refused"][key],
                        "unanswered": merged["unanswered"][key],
                        "ack_bytes": round(sum(merged["sizes"][key]) / len(merged["sizes"][key]))
                        if merged["sizes"].get(key) else None}
    for key in ("relay", "ballot_saved", "phase"):
        figures[key]["expected"] = merged["expected"][key]
    figures["projector"]["expected"] = len(merged["ballots"])
    busy = max((b["cpu"] / b["wall"] for b in merged["busy"] if b["wall"]), default=0)
    timeline = {}   # kind -> p95 (ms) of the acks sent in each 5 s of the run (before 0: the joins)
    for key, pairs in merged["timeline"].items():
        buckets = defaultdict(list)
        for sent, seconds in pairs:
            buckets[int(sent // 5) * 5].append(seconds)
        timeline[key] = {start: round(percentile(values, 0.95) * 1000, 1) for start, values in sorted(buckets.items())}
    # Acks of the 30 s script (not the joins): how many, and when the last arrived (the script's last send is at 30 s).
    acks = [(sent + seconds) for key, pairs in merged["timeline"].items() if key != "join" for sent, seconds in pairs]
    return {"target": kind, "phones": phones, "tables": tables, "clients": clients, "connected": server["connected"],
            "acks": len(acks), "last_ack_s": max(acks, default=None),
            "failed": merged["failed"], "failures": dict(merged["failures"]), "disconnects": merged["disconnects"],
            "disconnected_at_s": [percentile(merged["disconnected_at"], q) for q in (0, 0.5, 1)]
            if merged["disconnected_at"] else None,
            "projector_disconnected": server["projector_lost"], "kinds": figures, "examples": merged["examples"],
            "acked_ballots": len(merged["ballots"]), "rows_shown": rows_shown(merged["ballots"], server["rows"]),
            "control_messages": server["control_messages"], "processes": len(server["pids"]), "acked_answers": len(merged["answers"]),
            "duplicate_acks": merged["duplicates"], "stored": stored,
            "lost": stored.get("ballots_lost", 0) + stored.get("answers_lost", 0) if stored else None,
            "double": stored.get("ballots_double", 0) + stored.get("answers_double", 0) if stored else None,
            "rss_start_mb": server["rss"]["start"] / 2**20, "rss_peak_mb": server["rss"]["peak"] / 2**20,
            "cpu_joins_s": server["cpu_joins"], "cpu_s": server["cpu_total"], "join_seconds": server["join_seconds"],
            "run_seconds": server["run_seconds"], "open_request_ms": server["open_request_seconds"] * 1000,
            "projector_messages": server["projector_messages"], "client_busiest": busy,
            "client_lag_p99_ms": (percentile(merged["lag"], 0.99) or 0) * 1000,
            "client_lag_max_ms": max(merged["lag"], default=0) * 1000, "timeline_p95_ms": timeline,
            "server_fd_limit": server["fd_limit"], "server_iowait_s": server["iowait"],
            "server_waited_for_cpu_s": server["waited"],
            "server_cpu_by_second": server["busy"], "projector_stream_broken": server["projector_corrupt"],
            "joins_before_start_s": server["t0"] - server["start"], "server_tracebacks": traceback_count, "server_error_lines": error_lines}


# ---------------------------------------------------------------- the report

def ms(value):
    if value is None:
        return "—"
    return f"{value / 1000:.1f} s" if value >= 10_000 else (f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms")


def ratio(a, b):
    return f"{a / b:.1f}×" if a is not None and b else "—"


def report(runs):
    by = {(r["target"], r["phones"]): r for r in runs}
    sizes = sorted({r["phones"] for r in runs})
    lines = []
    both = [n for n in sizes if ("app", n) in by and ("bare", n) in by]
    if both:
        lines += ["p95 acknowledgement (submission → projector: p95 from the ballot sent to its row shown), app / bare "
                  "(ratio):", "",
                  "| phones (tables) | " + " | ".join(h for _, h in KINDS) + " | submission → projector | disconnects "
                  "| lost | double-counted |", "|---" * (len(KINDS) + 5) + "|"]
        for n in both:
            app, bare = by[("app", n)], by[("bare", n)]
            cells = [f"{ms(app['kinds'][k]['p95'])} / {ms(bare['kinds'][k]['p95'])} "
                     f"({ratio(app['kinds'][k]['p95'], bare['kinds'][k]['p95'])})" for k in [k for k, _ in KINDS]
                     + ["projector"]]
            lines.append(f"| {n:,} ({app['tables']}) | " + " | ".join(cells) +
                         f" | {app['disconnects']} / {bare['disconnects']} | {app['lost']} | {app['double']} |")
        lines += ["", "Server, app / bare (ratio): peak RSS, CPU seconds (the joins and the 30 s, until the last ack):", "",
                  "| phones | peak RSS | CPU | CPU of the joins | ready but waiting for a core (other work) |",
                  "|---|---|---|---|---|"]
        for n in both:
            app, bare = by[("app", n)], by[("bare", n)]
            lines.append(f"| {n:,} | {app['rss_peak_mb']:.0f} / {bare['rss_peak_mb']:.0f} MB "
                         f"({ratio(app['rss_peak_mb'], bare['rss_peak_mb'])}) | {app['cpu_s']:.1f} / {bare['cpu_s']:.1f} s "
                         f"({ratio(app['cpu_s'], bare['cpu_s'])}) | {app['cpu_joins_s']:.1f} / "
                         f"{bare['cpu_joins_s']:.1f} s | {app['server_waited_for_cpu_s']:.1f} / "
                         f"{bare['server_waited_for_cpu_s']:.1f} s |")
        lines.append("")
    lines += ["Every run, p50 / p95 / p99 (ms):", "",
              "| target | phones | connected | disconnects | " + " | ".join(h for _, h in KINDS + DELIVERIES) +
              " | unanswered | refused | peak RSS | CPU | client loop late, p99 / max |",
              "|---" * (len(KINDS) + len(DELIVERIES) + 9) + "|"]
    notes = []
    for r in sorted(runs, key=lambda r: (r["phones"], r["target"])):
        k = r["kinds"]
        cells = [f"{k[key]['p50']:.0f} / {k[key]['p95']:.0f} / {k[key]['p99']:.0f}" if k[key]["n"] else "—"
                 for key in [key for key, _ in KINDS + DELIVERIES]]
        missing = [f"{key} {k[key]['n']}/{k[key]['expected']}" for key, _ in DELIVERIES
                   if k[key].get("expected") and k[key]["n"] < k[key]["expected"]]
        unanswered = sum(v["unanswered"] for v in k.values())
        refused = sum(v["refused"] for v in k.values())
        lines.append(f"| {r['target']} | {r['phones']:,} | {r['connected']:,} | {r['disconnects']} | " + " | ".join(cells)
                     + f" | {unanswered} | {refused} | {r['rss_peak_mb']:.0f} MB | {r['cpu_s']:.1f} s | "
                       f"{r['client_lag_p99_ms']:.0f} / {r['client_lag_max_ms']:.0f} ms |")
        if r["projector_stream_broken"]:
            notes.append(f"- {r['target']}, {r['phones']:,} phones: the projector's stream broke "
                         f"({r['projector_stream_broken'][:80]}…)")
        if missing:
            notes.append(f"- {r['target']}, {r['phones']:,} phones: received of expected: " + ", ".join(missing))
    return "\n".join(lines + ([""] + notes if notes else []))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="100,1000", help="comma-separated numbers of phones (default 100,1000)")
    parser.add_argument("--clients", type=int, default=max(2, os.cpu_count() or 2),
                        help="client processes generating the load")
    parser.add_argument("--join-rate", type=float, default=250, help="phones joining per second, in all (default 250)")
    parser.add_argument("--only", choices=["app", "bare"], help="measure one target only")
    parser.add_argument("--json", help="write every figure to this file")
    args = parser.parse_args()
    limit = raise_fd_limit()
    sizes = [int(n.replace("_", "")) for n in args.phones.split(",")]
    if max(sizes) + 200 > limit:
        sys.exit(f"{max(sizes):,} phones need more open files than this machine's hard limit ({limit}).")
    targets = [args.only] if args.only else ["app", "bare"]
    runs = []
    for phones in sizes:
        for kind in targets:
            print(f"{kind}: {phones:,} phones from {args.clients} client processes…", file=sys.stderr, flush=True)
            result = run(kind, phones, args.clients, args.join_rate)
            runs.append(result)
            k = result["kinds"]
            print(f"  connected {result['connected']:,}, disconnects {result['disconnects']}, p95 "
                  + ", ".join(f"{key} {ms(k[key]['p95'])}" for key, _ in KINDS) + f", projector {ms(k['projector']['p95'])}"
                  f"; lost {result['lost']}, double {result['double']}; server {result['rss_peak_mb']:.0f} MB, "
                  f"{result['cpu_s']:.1f} s CPU ({result['server_iowait_s']:.1f} s waiting for the disk, "
                  f"{result['server_waited_for_cpu_s']:.1f} s ready but waiting for a core); "
                  f"log: {result['server_tracebacks']} tracebacks",
                  file=sys.stderr, flush=True)
            for key in ("draft", "ballot", "answers"):
                print(f"  p95 of the {key} acks sent in each 5 s from the start: " + ", ".join(
                    f"{start}s {ms(value)}" for start, value in result["timeline_p95_ms"].get(key, {}).items()),
                    file=sys.stderr)
            if result["disconnected_at_s"]:
                first, middle, last = result["disconnected_at_s"]
                print(f"  phones lost their connection from {first} s to {last} s after the start (median {middle} s)",
                      file=sys.stderr)
            if result["stored"].get("answers_stored_unacked") or result["stored"].get("ballots_stored_unacked"):
                print(f"  stored but never acknowledged (the phone would send again, and be answered 'duplicate'): "
                      f"{result['stored']['ballots_stored_unacked']} ballots, "
                      f"{result['stored']['answers_stored_unacked']} answers", file=sys.stderr)
            if result["projector_stream_broken"]:
                print(f"  the projector's stream broke: {result['projector_stream_broken']}", file=sys.stderr)
            for failure, count in result["failures"].items():
                print(f"  {count} × {failure}", file=sys.stderr)
            for kind_, example in result["examples"].items():
                print(f"  refused ({kind_}): {example}", file=sys.stderr)
            for line in result["server_error_lines"][:5]:
                print(f"  server log: {line[:200]}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d %H:%M"), "args": vars(args), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "runs": runs}, indent=1, default=str))
    print(f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"{args.clients} client processes, {args.join_rate:.0f} joins/s\n")
    print(report(runs))


if __name__ == "__main__":
    main()
