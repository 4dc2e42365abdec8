"""How fast a table's shared draft takes its phones' taps: operations per second and ack latency on a real server.

Run by hand: .venv/bin/python benchmarks/draft_ops.py [TABLES] [PHONES_PER_TABLE] [TAPS_PER_PHONE]
It starts server.py (gevent, its own throwaway instance) on loopback, joins TABLES × PHONES real Socket.IO clients
over WebSockets, and has every phone tap + (one operation per message, the worst case: a phone batches taps made
within 150 ms) as fast as its acks come back, all at once. It checks that every tap landed, then prints the figures.
Not part of the test suite. The figures go into docs/decisions.md ("A shared draft that merges").
"""
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import socketio  # noqa: E402

from facilitation import store  # noqa: E402
from tests.servers import serve_event  # noqa: E402

OPTIONS = ["A", "B", "C", "D"]


def event_file(folder, tables, budget):
    """An event with this many tables, all scoring one criterion, with room in the budget for every tap."""
    path = Path(folder) / "bench.json"
    path.write_text(json.dumps({
        "format": 1, "title": "Draft benchmark", "scoring": {"mode": "allocate", "budget": budget},
        "options": [{"code": c, "title": f"Option {c}"} for c in OPTIONS],
        "criteria": [{"code": "c1", "title": "Criterion"}], "tables": tables,
    }))
    return path


def main(tables=12, phones=3, taps=30):
    if phones * taps > 100:
        sys.exit("An event's budget is at most 100 points: keep PHONES_PER_TABLE × TAPS_PER_PHONE within 100.")
    with tempfile.TemporaryDirectory() as folder:
        with serve_event(Path(folder) / "instance", event_file(folder, tables, phones * taps)) as server:
            clients, latencies = [], []
            for table in server.tables:
                for _ in range(phones):
                    client = socketio.SimpleClient()
                    client.connect(server.url, transports=["websocket"], wait_timeout=10)
                    assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
                    clients.append((table, client))
            start = threading.Barrier(len(clients))
            lock = threading.Lock()

            def phone(n, table, client):
                start.wait()
                mine = []
                for i in range(taps):
                    op = {"id": f"p{n:03d}-{i:06d}", "op": "add_points", "option": OPTIONS[n % len(OPTIONS)], "delta": 1}
                    sent = time.perf_counter()
                    ack = client.call("draft_ops", {"join_token": table["join_token"], "criterion": "c1",
                                                    "device_id": f"phone-{n}", "ops": [op]}, timeout=30)
                    mine.append(time.perf_counter() - sent)
                    assert ack["ok"] and ack["applied"] == [op["id"]], ack
                with lock:
                    latencies.extend(mine)

            threads = [threading.Thread(target=phone, args=(n, table, client))
                       for n, (table, client) in enumerate(clients)]
            serving = psutil.Process(server.process.pid)
            cpu_before, own_before = sum(serving.cpu_times()[:2]), sum(psutil.Process().cpu_times()[:2])
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            server_cpu = sum(serving.cpu_times()[:2]) - cpu_before
            clients_cpu = sum(psutil.Process().cpu_times()[:2]) - own_before
            for _, client in clients:
                client.disconnect()

            db = store.connect(str(Path(folder) / "instance" / "facilitation.db"))
            for table in server.tables:
                draft = store.drafts(db, store.get_table(db, server.event_id, table["number"])["id"])["c1"]
                assert sum(draft["points"].values()) == phones * taps, draft
            db.conn.close()

    count = len(latencies)
    latencies.sort()
    print(f"{tables} tables × {phones} phones × {taps} taps = {count} operations, every one landed")
    print(f"  {count / elapsed:.0f} operations/s over {elapsed:.2f} s")
    print(f"  ack latency: median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(count * 0.95)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"  CPU: the server {server_cpu:.2f} s ({server_cpu / count * 1000:.2f} ms an operation), "
          f"the {len(latencies) // taps} client phones (this process) {clients_cpu:.2f} s; load average now "
          f"{psutil.getloadavg()[0]:.1f} on {psutil.cpu_count()} cores")


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:4]])
