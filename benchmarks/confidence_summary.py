"""How long one confidence summary batch takes (read everyone's answers from SQLite, count and group per theme).

Run by hand: .venv/bin/python benchmarks/confidence_summary.py
Not part of the test suite. The figures go into README.md ("Performance") and docs/decisions.md.
Each person raises up to three risks: about a third are common risks as people type them (case, spacing,
punctuation), the rest are their own words, so grouping meets realistic numbers of distinct wordings.
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
from facilitation.domain.confidence import without_hidden  # noqa: E402
from facilitation.domain.event import parse_event  # noqa: E402
from facilitation.domain.grouping import group_comments  # noqa: E402

EVENT = Path(__file__).resolve().parent.parent / "tests" / "events" / "allocate-explicit.json"
SCALE = ("much_less", "less", "same", "more", "much_more")
REPEATS = 5
COMMON = ["Staff shortages on nights", "Loss of local identity", "Too much change too fast", "GPs not engaged",
          "Transport links to the new site", "Disruption to patients during the move", "Cost of the merger"]
WORDS = ("ward budget board parking rota records training morale estates IT patients carers council trust GP "
         "pharmacy beds waiting lists funding leadership culture merger sites travel staff nights weekends").split()


def wording(rng):
    """One risk as a person might type it."""
    if rng.random() < 0.35:
        text = rng.choice(COMMON)
        return rng.choice([text, text.lower(), text + ".", text.upper(), "  " + text + "  ", text + "!"])
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()


def fill(db, event_id, people, rng):
    """Store answers for this many people through the real service: up to three risks each."""
    themes = [t["id"] for t in store.list_themes(db, event_id)] + ["other"]
    table = {**store.get_table(db, event_id, 1), "event_id": event_id}
    for person in range(people):
        outcome = answers.submit_room(db, table, {
            "respondent": f"bench-{person:08d}-respondent", "submission_id": f"bench-{person:08d}",
            "confidence": rng.choice(SCALE), "would_help": rng.choice(["", "A clear timetable", wording(rng)]),
            "risks": [{"text": wording(rng), "theme": rng.choice(themes)} for _ in range(rng.randint(0, 3))],
        })
        assert outcome.ok, outcome


def median_ms(action):
    """The median processor time of an action, in milliseconds (on a shared machine, wall time mostly measures others)."""
    timings = []
    for _ in range(REPEATS):
        start = time.process_time()
        action()
        timings.append(time.process_time() - start)
    return statistics.median(timings) * 1000


def main():
    """Print the median time of one batch (the marked summary and the projector's copy) and its grouping share."""
    rng = random.Random(7)
    for people in (100, 500, 5_000):
        with tempfile.TemporaryDirectory() as folder:
            db = store.connect(str(Path(folder) / "bench.db"))
            store.migrate(db)
            event_id = store.create_event(db, parse_event(json.loads(EVENT.read_text())))
            answers.open_phase(db, event_id, "B")
            fill(db, event_id, people, rng)
            marked = answers.summary(db, event_id, include_hidden=True)
            batch = median_ms(lambda: without_hidden(answers.summary(db, event_id, include_hidden=True)))
            grouping = median_ms(lambda: [group_comments(t["risks"]) for t in marked["themes"]]
                                 + [group_comments(marked["would_help"])])
            risks = sum(len(t["risks"]) for t in marked["themes"])
            rows = sum(len(t["groups"]) for t in marked["themes"])
            print(f"{people:>6} people, {risks:>5} risks in {rows:>5} rows: one batch {batch:.1f} ms "
                  f"(grouping {grouping:.1f} ms per summary)")
            db.conn.close()


if __name__ == "__main__":
    main()
