"""How long applying one ballot and rebuilding the projector's summary takes with 100, 1,000 and 10,000 ballots in.

Run by hand: .venv/bin/python benchmarks/results_update.py
Not part of the test suite. The figures go into README.md ("Performance").
"""
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitation.domain.results import Tally, results  # noqa: E402

OPTIONS = [{"code": c, "title": f"Option {c}"} for c in ("1", "2", "3a", "3b", "4a", "4b")]
CRITERIA = [{"code": f"c{i}", "working_title": f"Criterion {i}", "weight": 1} for i in range(8)]
REPEATS = 2000


def random_ballot(rng, version):
    """A plausible allocate-mode ballot: 10 points over the options, sometimes one ruled out."""
    ruled_out = [rng.choice(OPTIONS)["code"]] if rng.random() < 0.2 else []
    left = [o["code"] for o in OPTIONS if o["code"] not in ruled_out]
    cuts = sorted(rng.randint(0, 10) for _ in left[:-1])
    points = dict(zip(left, [b - a for a, b in zip([0] + cuts, cuts + [10])]))
    return {"points": points, "ruled_out": ruled_out, "version": version}


def measure(ballot_count, rng):
    """Median microseconds for apply + summary, and for a full recomputation, with ballot_count ballots in."""
    tables = ballot_count // len(CRITERIA)
    shares = {t: [c["code"] for c in CRITERIA] for t in range(1, tables + 1)}
    tally = Tally(scoring={"mode": "allocate"}, options=OPTIONS, criteria=CRITERIA, shares=shares)
    current = {}
    for table in shares:
        for criterion in shares[table]:
            current[(table, criterion)] = random_ballot(rng, 1)
            tally.apply(table, criterion, current[(table, criterion)])
    keys = list(current)
    timings = []
    for i in range(REPEATS):
        table, criterion = rng.choice(keys)
        ballot = random_ballot(rng, i + 2)
        start = time.perf_counter()
        tally.apply(table, criterion, ballot)
        tally.summary()
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    results(scoring={"mode": "allocate"}, options=OPTIONS, criteria=CRITERIA, shares=shares, ballots=current)
    afresh = time.perf_counter() - start
    return statistics.median(timings) * 1e6, afresh * 1e6, len(current)


def main():
    """Print a table of the three sizes with ratios to the 100-ballot case."""
    rng = random.Random(1)
    rows = [measure(n, rng) for n in (100, 1_000, 10_000)]
    base = rows[0][0]
    print(f"{'ballots':>8} {'apply+summary µs':>17} {'ratio':>6} {'recompute all µs':>17}")
    for update, afresh, count in rows:
        print(f"{count:>8} {update:>17.1f} {update / base:>6.2f} {afresh:>17.0f}")


if __name__ == "__main__":
    main()
