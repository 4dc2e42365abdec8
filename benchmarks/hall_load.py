"""The hall: the load benchmark against one and against several server processes sharing a Redis message queue.

Run by hand (not part of the test suite):
  .venv/bin/python benchmarks/hall_load.py --phones 500,2000 --processes local,1,2,3,4 --clients 4 --json hall.json

For each number of phones and each number of processes ("local": one process and no queue, the laptop default; N:
N processes with SOCKETIO_MESSAGE_QUEUE on a fresh redis-server, tests/redis_server.py), it runs benchmarks/load.py's
room (the same event, phones, drafts, ballots and confidence questions; see its docstring) twice: against server.py
(gevent, N processes on one instance folder, so one SQLite database) and against the bare relay (benchmarks/
bare_relay.py, N processes with --message-queue on the same kind of Redis). The phones of each table are dealt round
the processes (phone i of table t on process (t + i) mod N), as sticky sessions in front would spread a room; the
projector is on the first process, the control room (join_projector with control, and watch_tables) on the second,
and the facilitator's request that opens the questions goes to the last, so what they see crossed the queue.
Besides load.py's figures it reports the ballot → projector latency of ballots from phones on other processes than
the projector's, the matrix rows the projector received (each acked ballot's row should come exactly once: missing
and duplicated are counted), the summaries and table statuses the screens received, and the ratios ours / bare.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import psutil  # noqa: E402

import load  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402


def hall_run(kind, phones, layout, clients, join_rate):
    """One target at one size and layout ("local" or a number of processes), with its own redis-server if any."""
    if layout == "local":
        result = load.run(kind, phones, clients, join_rate, control=True)
        return {**result, "layout": "local", "redis_cpu_s": None}
    with tempfile.TemporaryDirectory(prefix="hall-redis-") as folder, RedisServer(Path(folder)) as redis:
        server = psutil.Process(redis.process.pid)
        before = sum(server.cpu_times()[:2])
        result = load.run(kind, phones, clients, join_rate, processes=int(layout), queue=redis.url, control=True)
        return {**result, "layout": layout, "redis_cpu_s": sum(server.cpu_times()[:2]) - before}


def errors(r):
    """Everything that went wrong in a run, counted together (each kind is kept apart in the JSON)."""
    k = r["kinds"]
    return (r["failed"] + r["disconnects"] + sum(v["unanswered"] + v["refused"] for v in k.values())
            + r["server_tracebacks"] + int(bool(r["projector_disconnected"])) + (r["lost"] or 0) + (r["double"] or 0))


def throughput(r):
    """Acks a second over the 30 s script, from its start to the last ack."""
    return r["acks"] / r["last_ack_s"] if r["last_ack_s"] else None


def label(layout):
    return "1, no Redis" if layout == "local" else layout


def report(runs):
    by = {(r["target"], r["phones"], r["layout"]): r for r in runs}
    keys = sorted({(r["phones"], r["layout"]) for r in runs}, key=lambda k: (k[0], k[1] != "local", k[1]))
    ms, ratio = load.ms, load.ratio
    lines = []
    both = [k for k in keys if ("app", *k) in by and ("bare", *k) in by]
    if both:
        lines += ["Ours / bare (ratio), p50 / p95 (ms) unless said:", "",
                  "| phones | processes | ballot ack p50 | p95 | p99 | ballot → projector (other process) p50 | p95 "
                  "| phase change → phones p50 | p95 | throughput (acks/s) | errors, ours / bare |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for phones, layout in both:
            app, bare = by[("app", phones, layout)], by[("bare", phones, layout)]
            key = "projector" if layout in ("local", "1") else "projector_elsewhere"
            cells = [ratio(app["kinds"][kind][q], bare["kinds"][kind][q])
                     for kind, qs in (("ballot", ("p50", "p95", "p99")), (key, ("p50", "p95")), ("phase", ("p50", "p95")))
                     for q in qs]
            lines.append(f"| {phones:,} | {label(layout)} | " + " | ".join(cells) +
                         f" | {ratio(throughput(app), throughput(bare))} | {errors(app)} / {errors(bare)} |")
        lines.append("")
    lines += ["Every run (ms; ballot → projector counts ballots from phones on another process than the projector's "
              "when there are several; the last ack is seconds after the script's start, its last send being at 30 s):",
              "", "| target | phones | processes | connected | ballot ack p50 / p95 / p99 | ballot → projector p50 / p95 "
              "| phase change → phones p50 / p95 | acks/s | last ack | errors | CPU, servers (+ Redis) | peak RSS, servers "
              "| waited for a core | client loop late, p99 |", "|---" * 14 + "|"]
    for phones, layout in keys:
        for kind in ("app", "bare"):
            r = by.get((kind, phones, layout))
            if r is None:
                continue
            k = r["kinds"]
            key = "projector" if layout in ("local", "1") else "projector_elsewhere"
            redis = f" (+ {r['redis_cpu_s']:.1f})" if r["redis_cpu_s"] is not None else ""
            lines.append(
                f"| {kind} | {phones:,} | {label(layout)} | {r['connected']:,} | "
                f"{ms(k['ballot']['p50'])} / {ms(k['ballot']['p95'])} / {ms(k['ballot']['p99'])} | "
                f"{ms(k[key]['p50'])} / {ms(k[key]['p95'])} | {ms(k['phase']['p50'])} / {ms(k['phase']['p95'])} | "
                f"{throughput(r) or 0:.0f} | {r['last_ack_s'] or 0:.1f} s | {errors(r)} | {r['cpu_s']:.1f} s{redis} | "
                f"{r['rss_peak_mb']:.0f} MB | {r['server_waited_for_cpu_s']:.1f} s | {r['client_lag_p99_ms']:.0f} ms |")
    lines += ["", "What the screens received (ours): each acked ballot's matrix row should reach the projector exactly "
              "once; summaries ('confidence') and table statuses are counted as messages:", "",
              "| phones | processes | rows expected | missing | duplicated (extra copies) | projector 'confidence' "
              "(the same as the one before) | control room 'confidence' (the same) | control room 'table_status' "
              "(cells the same as that cell's last) | lost / double-counted in the database |",
              "|---|---|---|---|---|---|---|---|---|"]
    for phones, layout in keys:
        r = by.get(("app", phones, layout))
        if r is None:
            continue
        shown, pm, cm = r["rows_shown"], r["projector_messages"], r["control_messages"]
        lines.append(f"| {phones:,} | {label(layout)} | {shown['expected']} | {shown['missing']} | "
                     f"{shown['duplicated']} ({shown['extra_copies']}) | {pm.get('confidence', 0)} "
                     f"({pm.get('repeated confidence', 0)}) | {cm.get('confidence', 0)} "
                     f"({cm.get('repeated confidence', 0)}) | {cm.get('table_status', 0)} "
                     f"({cm.get('repeated table_status', 0)}) | {r['lost']} / {r['double']} |")
    notes = [f"- {r['target']}, {r['phones']:,} phones, {label(r['layout'])}: " + "; ".join(
        [f"{n} × {f}" for f, n in r["failures"].items()] + [f"server log: {line[:160]}" for line in r["server_error_lines"][:3]])
        for r in runs if r["failures"] or r["server_error_lines"]]
    return "\n".join(lines + ([""] + notes if notes else []))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="500,2000", help="comma-separated numbers of phones (default 500,2000)")
    parser.add_argument("--processes", default="local,1,2,3,4",
                        help="comma-separated layouts: 'local' (one process, no Redis) or a number of processes "
                             "sharing Redis (default local,1,2,3,4)")
    parser.add_argument("--clients", type=int, default=4, help="client processes generating the load (default 4)")
    parser.add_argument("--join-rate", type=float, default=250, help="phones joining per second, in all (default 250)")
    parser.add_argument("--only", choices=["app", "bare"], help="measure one target only")
    parser.add_argument("--json", help="write every figure to this file (rewritten after each run)")
    args = parser.parse_args()
    limit = load.raise_fd_limit()
    sizes = [int(n.replace("_", "")) for n in args.phones.split(",")]
    layouts = [n.strip() for n in args.processes.split(",")]
    if max(sizes) + 200 > limit:
        sys.exit(f"{max(sizes):,} phones need more open files than this machine's hard limit ({limit}).")
    targets = [args.only] if args.only else ["app", "bare"]
    runs, began = [], time.strftime("%Y-%m-%d %H:%M")
    for phones in sizes:
        for layout in layouts:
            for kind in targets:
                print(f"{kind}: {phones:,} phones, processes {label(layout)}, from {args.clients} client processes…",
                      file=sys.stderr, flush=True)
                try:
                    r = hall_run(kind, phones, layout, args.clients, args.join_rate)
                except Exception as error:  # noqa: BLE001 - say what broke and go on with the next run
                    print(f"  broke: {type(error).__name__}: {str(error)[:400]}", file=sys.stderr, flush=True)
                    continue
                runs.append(r)
                k = r["kinds"]
                print(f"  connected {r['connected']:,}, errors {errors(r)}, ballot p95 {load.ms(k['ballot']['p95'])}, "
                      f"projector (other process) p95 {load.ms(k['projector_elsewhere']['p95'])}, phase p95 "
                      f"{load.ms(k['phase']['p95'])}, rows {r['rows_shown']}, projector messages "
                      f"{r['projector_messages']}, control {r['control_messages']}; CPU {r['cpu_s']:.1f} s", file=sys.stderr,
                      flush=True)
                for line in r["server_error_lines"][:3]:
                    print(f"  server log: {line[:200]}", file=sys.stderr)
                if args.json:
                    Path(args.json).write_text(json.dumps({
                        "date": began, "args": vars(args), "cpus": os.cpu_count(), "load_average": os.getloadavg(),
                        "runs": runs}, indent=1, default=str))
    print(f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"{args.clients} client processes, {args.join_rate:.0f} joins/s\n")
    print(report(runs))


if __name__ == "__main__":
    main()
