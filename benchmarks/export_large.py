"""How long exporting an event with 100,000 confidence answers takes, and the exporting process's peak memory.

Run by hand: .venv/bin/python benchmarks/export_large.py [ANSWERS]
It fills a throwaway instance through the real services (ballots for every table, then the answers), then runs
'python server.py export-results ID --format zip' as a user would and measures that process alone.
Not part of the test suite. The figures go into README.md ("Performance").
"""
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facilitation import answers, ballots, store  # noqa: E402
from facilitation.cli import demo_definition  # noqa: E402
from facilitation.domain.simulation import plausible_answers, plausible_ballot  # noqa: E402


def fill(db, event_id, count, rng):
    """Every table's ballots, then count people's answers spread over the tables (through the services)."""
    store.set_voting(db, event_id, None, "open")
    shortlist = store.option_codes(db, event_id)["shortlisted"]
    tables = store.list_tables(db, event_id)
    for table in tables:
        found = ballots.find_table(db, table["join_token"])
        for criterion in table["criteria"]:
            leaning = {code: rng.uniform(0.2, 3.0) for code in shortlist}
            outcome = ballots.submit(db, found, {**plausible_ballot(rng, found["scoring"], shortlist, leaning),
                                                 "criterion": criterion, "base_version": 0,
                                                 "submission_id": "bench-" + secrets.token_hex(8)})
            assert outcome.ok, outcome
    answers.open_phase(db, event_id)
    theme_ids = [t["id"] for t in store.list_themes(db, event_id)]
    found = [ballots.find_table(db, t["join_token"]) for t in tables]
    for person in range(count):
        outcome = answers.submit_room(db, found[person % len(found)], {
            **plausible_answers(rng, theme_ids, rng.randint(0, 4)),
            "respondent": f"bench-{person:09d}-respondent", "submission_id": f"bench-{person:09d}"})
        assert outcome.ok, outcome
        if person and person % 10_000 == 0:
            print(f"  {person:,} answers stored", flush=True)


def main():
    """Fill, export, and print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        db = store.connect(str(instance / "facilitation.db"))
        store.migrate(db)
        # The fill is not what is measured: skip waiting for the disk on each of its 100,000 commits.
        db.execute("PRAGMA synchronous=OFF")
        event_id = store.create_event(db, demo_definition())
        started = time.perf_counter()
        fill(db, event_id, count, rng)
        print(f"Filled {count:,} answers in {time.perf_counter() - started:.0f} s")
        risks = sum(len(p["risks"]) for p in store.event_respondents(db, event_id))
        db.conn.close()

        env = {**os.environ, "FACILITATION_INSTANCE": str(instance)}
        for fmt, out in (("csv", instance / "csv"), ("zip", instance / "export.zip")):
            elapsed, peak = run_export(event_id, fmt, out, env)
            size = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
            what = "11 CSV files" if fmt == "csv" else "a zip of 11 CSV files and the workbook"
            print(f"Exported {count:,} answers ({risks:,} risks) as {what}: {elapsed:.1f} s, "
                  f"peak memory {peak:.0f} MiB, {size / 1_048_576:.1f} MiB on disk")


def run_export(event_id, fmt, out, env):
    """Run export-results as a user would, in its own process: (seconds, peak resident memory in MiB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "server.py", "export-results", str(event_id), "--format", fmt,
                              "--out", str(out)], cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    assert status == 0, status
    return time.perf_counter() - started, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


if __name__ == "__main__":
    main()
