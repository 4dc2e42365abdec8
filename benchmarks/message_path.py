"""What one phone message costs the real server: milliseconds per join_table, confidence_state, submit_answers, submit_ballot.

Run by hand: .venv/bin/python benchmarks/message_path.py [--phones 200] [--root OTHER_CHECKOUT]
Not part of the test suite. The figures go into docs/performance.md ("Message path").

It starts a real server.py (gevent) on loopback with the 20-table event, voting and the confidence questions open,
and then, one message at a time (so the figure is the server's own work plus one loopback round trip, not
queueing), connects each phone, which joins its table, asks for its confidence state, answers and sends one ballot.
It reports the median and p95 wall time per kind, and the server's CPU time per message (from /proc, user + system),
which a noisy shared machine disturbs least. --root runs another checkout's server.py (e.g. the commit before a
change) with this checkout's client, for before/after figures in one sitting.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import socketio  # noqa: E402

from tests import servers  # noqa: E402

EVENT = ROOT / "tests" / "events" / "allocate-20.json"
KINDS = ("join_table", "confidence_state", "submit_answers", "submit_ballot")


def cpu_seconds(pid):
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose server.py to run")
    args = parser.parse_args()
    servers.ROOT = args.root.resolve()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        with servers.serve_event(instance, EVENT) as server:
            api = f"{server.url}/api/events/{server.event_id}"
            requests.post(f"{api}/voting", headers=server.api_headers, json={"criterion": None, "voting": "open"},
                          timeout=10).raise_for_status()
            event = requests.get(api, headers=server.api_headers, timeout=10).json()
            options = [o["code"] for o in event["options"] if o.get("status", "shortlisted") == "shortlisted"]
            budget, versions = event["scoring"]["budget"], {}
            requests.post(f"{api}/confidence", headers=server.api_headers, json={"phase": "open", "about": options[0]},
                          timeout=10).raise_for_status()
            timings = {kind: [] for kind in KINDS}
            clients = []
            cpu_start = cpu_seconds(server.process.pid)
            for phone in range(args.phones):
                table = server.tables[phone % len(server.tables)]
                client = socketio.SimpleClient()
                client.connect(server.url, wait_timeout=10)
                clients.append(client)
                respondent = f"bench-respondent-{phone:08d}"
                messages = [
                    ("join_table", {"join_token": table["join_token"], "respondent": respondent}),
                    ("confidence_state", {"join_token": table["join_token"], "respondent": respondent}),
                    ("submit_answers", {"join_token": table["join_token"], "respondent": respondent,
                                        "submission_id": f"bench-answers-{phone:08d}", "confidence": "more",
                                        "would_help": "A clear timetable",
                                        "risks": [{"text": f"Risk number {phone}", "theme": "other"}]}),
                    ("submit_ballot", {"join_token": table["join_token"], "criterion": table["criteria"][0],
                                       "ranking": options, "points": _points(options, budget), "ruled_out": [],
                                       "base_version": versions.get(table["number"], 0),
                                       "submission_id": f"bench-ballot-{phone:08d}"}),
                ]
                for kind, data in messages:
                    start = time.perf_counter()
                    ack = client.call(kind, data, timeout=30)
                    timings[kind].append((time.perf_counter() - start) * 1000)
                    assert ack["ok"], (kind, ack)
                    if kind == "submit_ballot":
                        versions[table["number"]] = ack["ballot"]["version"]
            cpu = cpu_seconds(server.process.pid) - cpu_start
            for client in clients:
                client.disconnect()
    messages = sum(len(t) for t in timings.values())
    print(f"{args.phones} phones, {messages} messages, one at a time; server CPU {cpu * 1000 / messages:.2f} ms "
          f"per message (includes connecting)")
    for kind, values in timings.items():
        values.sort()
        print(f"  {kind:<17} median {statistics.median(values):6.2f} ms   p95 {values[int(len(values) * 0.95)]:6.2f} ms")


def _points(options, budget):
    """The whole budget over the options in ranking order, never more to a lower-ranked one."""
    shares = list(range(len(options), 0, -1))
    points = [budget * share // sum(shares) for share in shares]
    points[0] += budget - sum(points)
    return dict(zip(options, points))


if __name__ == "__main__":
    main()
