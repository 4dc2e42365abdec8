"""How long one confidence summary batch takes (read everyone's answers from SQLite, count per theme) as people grow.

Run by hand: .venv/bin/python benchmarks/confidence_summary.py
Not part of the test suite. The figures go into README.md ("Performance") and docs/decisions.md.
"""
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitation import answers, store  # noqa: E402
from facilitation.domain.event import parse_event  # noqa: E402

EVENT = Path(__file__).resolve().parent.parent / "tests" / "events" / "allocate-explicit.json"
SCALE = ("much_less", "less", "same", "more", "much_more")
REPEATS = 5


def fill(db, event_id, people, rng):
    """Store answers for this many people through the real service: up to three risks each."""
    themes = [t["id"] for t in store.list_themes(db, event_id)] + ["other"]
    table = {**store.get_table(db, event_id, 1), "event_id": event_id}
    for person in range(people):
        outcome = answers.submit_room(db, table, {
            "respondent": f"bench-{person:08d}-respondent", "submission_id": f"bench-{person:08d}",
            "confidence": rng.choice(SCALE), "would_help": rng.choice(["", "A clear timetable"]),
            "risks": [{"text": f"Risk {i} of {person}", "theme": rng.choice(themes)} for i in range(rng.randint(0, 3))],
        })
        assert outcome.ok, outcome


def main():
    """Print the median time of one summary (projector and control room each take one) at 100, 1,000 and 10,000 people."""
    rng = random.Random(7)
    for people in (100, 1_000, 10_000):
        with tempfile.TemporaryDirectory() as folder:
            db = store.connect(str(Path(folder) / "bench.db"))
            store.migrate(db)
            event_id = store.create_event(db, parse_event(json.loads(EVENT.read_text())))
            answers.open_phase(db, event_id, "B")
            fill(db, event_id, people, rng)
            timings = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                answers.summary(db, event_id, include_hidden=True)
                timings.append(time.perf_counter() - start)
            print(f"{people:>6} people: one summary {statistics.median(timings) * 1000:.1f} ms")
            db.conn.close()


if __name__ == "__main__":
    main()
