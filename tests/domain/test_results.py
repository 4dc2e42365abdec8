"""The results function on hand-made cases: totals, the matrix, highest per table, ties, X versus 0, score mode."""
import pytest

from facilitation.domain.results import results

ALLOCATE = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
SCORE = {"mode": "score", "budget": 10, "rank_first": False, "allow_rule_out": True}
OPTIONS = [{"code": c, "title": f"Option {c}"} for c in ("1", "2", "4b")]
CRITERIA = [{"code": "city", "working_title": "City:local", "weight": 1},
            {"code": "health", "working_title": "Health", "weight": 2}]
# Three tables score "city", two score "health", as a whole-system event shares criteria out.
SHARES = {1: ["city"], 2: ["city", "health"], 3: ["city"], 4: ["health"]}


def ballot(points, ruled_out=(), version=1):
    """A current ballot as the store gives it."""
    return {"points": points, "ruled_out": list(ruled_out), "version": version}


def run(ballots, scoring=ALLOCATE):
    """The results for the fixed event with these ballots."""
    return results(scoring=scoring, options=OPTIONS, criteria=CRITERIA, shares=SHARES, ballots=ballots)


FULL = {
    (1, "city"): ballot({"1": 0, "2": 3, "4b": 7}),
    (2, "city"): ballot({"1": 5, "2": 0, "4b": 5}),
    (3, "city"): ballot({"1": 0, "4b": 10}, ruled_out=["2"]),
    (2, "health"): ballot({"1": 2, "2": 2, "4b": 6}),
    (4, "health"): ballot({"1": 1, "2": 1, "4b": 8}),
}


def test_totals_are_sorted_with_weighted_totals_and_the_strongest_marked():
    out = run(FULL)
    assert [(t["code"], t["total"]) for t in out["totals"]] == [("4b", 36), ("1", 8), ("2", 6)]
    assert {t["code"]: t["weighted"] for t in out["totals"]} == {"4b": 22 + 2 * 14, "1": 5 + 2 * 3, "2": 3 + 2 * 3}
    assert out["strongest"] == ["4b"]
    assert [{k: t[k] for k in ("code", "total")} for t in out["top_three"]] == [
        {"code": "4b", "total": 36}, {"code": "1", "total": 8}, {"code": "2", "total": 6}]
    # Health weighs 2, so the rule defaults to weighted; city has 3 ballots and health 2, so per table.
    assert (out["basis"]["rule"], out["basis"]["view"]) == ("weighted", "per_table")
    assert out["top_three"][0]["score"] == round(22 / 3 + 2 * 14 / 2, 4)
    assert out["progress"] == {"submitted": 5, "expected": 5}


def test_the_matrix_has_one_row_per_criterion_and_table_with_x_for_ruled_out_and_a_total_row():
    out = run(FULL)
    rows = [(r["criterion"], r["table"]) for r in out["matrix"]]
    assert rows == [("city", 1), ("city", 2), ("city", 3), ("health", 2), ("health", 4)]
    third = out["matrix"][2]
    assert third["cells"] == {"1": 0, "2": "X", "4b": 10} and third["total"] == 10
    assert all(r["total"] == 10 for r in out["matrix"])  # the report's Total column is always the budget
    assert out["total_row"] == {"1": 8, "2": 6, "4b": 36}
    assert sum(out["total_row"].values()) == 10 * len(out["matrix"])


@pytest.mark.parametrize("points, ruled_out, highest", [
    ({"1": 5, "2": 0, "4b": 5}, [], ["1", "4b"]),      # a tie shares highest
    ({"1": 10, "2": 0, "4b": 0}, [], ["1"]),
    ({"1": 0, "4b": 10}, ["2"], ["4b"]),
    ({"1": 0, "2": 0, "4b": 0}, [], ["1", "2", "4b"]),  # score mode can give every option 0: all share highest
])
def test_highest_in_a_row_shares_ties_and_ignores_ruled_out_options(points, ruled_out, highest):
    out = run({(1, "city"): ballot(points, ruled_out)})
    assert out["matrix"][0]["highest"] == highest


def test_highest_per_criterion_counts_tables_with_ties_shared():
    city = run(FULL)["highest"]["city"]
    # Table 1: 4b; table 2: 1 and 4b tie; table 3: 4b. "4b highest at 3 of 3 tables", "1 at 1 of 3".
    assert city == {"tables": 3, "submitted": 3, "counts": {"1": 1, "4b": 3}}


def test_a_criterion_no_table_has_scored_yet():
    only_city = {key: value for key, value in FULL.items() if key[1] == "city"}
    out = run(only_city)
    assert out["per_criterion"]["health"] == {"1": None, "2": None, "4b": None}
    assert out["highest"]["health"] == {"tables": 2, "submitted": 0, "counts": {}}
    health_rows = [r for r in out["matrix"] if r["criterion"] == "health"]
    assert [r["submitted"] for r in health_rows] == [False, False]
    assert all(v is None for r in health_rows for v in r["cells"].values())
    assert out["progress"] == {"submitted": 3, "expected": 5}


def test_nothing_submitted_yet_has_no_strongest_option():
    out = run({})
    assert out["strongest"] == [] and out["top_three"] == []
    assert [t["total"] for t in out["totals"]] == [0, 0, 0]


def test_ruled_out_is_counted_apart_from_zero():
    out = run(FULL)
    by_code = {t["code"]: t for t in out["totals"]}
    assert by_code["2"]["ruled_out"] == 1 and by_code["1"]["ruled_out"] == 0
    zero_row, x_row = out["matrix"][1], out["matrix"][2]
    assert zero_row["cells"]["2"] == 0 and x_row["cells"]["2"] == "X"


def test_a_tie_for_strongest_names_every_tied_option():
    out = run({(1, "city"): ballot({"1": 5, "2": 0, "4b": 5})})
    assert out["strongest"] == ["1", "4b"]


@pytest.mark.parametrize("ballots, city, health, totals", [
    # Three tables score city (8, 6, 7 for option 1); one scores health: the mean per criterion, so each counts once.
    ({(1, "city"): ballot({"1": 8, "2": 2, "4b": 5}), (2, "city"): ballot({"1": 6, "2": 4, "4b": 5}),
      (3, "city"): ballot({"1": 7, "2": 3, "4b": 5}), (4, "health"): ballot({"1": 1, "2": 9, "4b": 5})},
     {"1": 7.0, "2": 3.0, "4b": 5.0}, {"1": 1.0, "2": 9.0, "4b": 5.0}, {"1": 8.0, "2": 12.0, "4b": 10.0}),
    # A ruled-out option is left out of the mean rather than counted as 0.
    ({(1, "city"): ballot({"1": 9, "4b": 3}, ruled_out=["2"]), (2, "city"): ballot({"1": 3, "2": 6, "4b": 3})},
     {"1": 6.0, "2": 6.0, "4b": 3.0}, {"1": None, "2": None, "4b": None}, {"1": 6.0, "2": 6.0, "4b": 3.0}),
    # Means that do not come out whole are rounded to two places.
    ({(1, "city"): ballot({"1": 1, "2": 0, "4b": 0}), (2, "city"): ballot({"1": 1, "2": 0, "4b": 0}),
      (3, "city"): ballot({"1": 2, "2": 0, "4b": 0})},
     {"1": 1.33, "2": 0.0, "4b": 0.0}, {"1": None, "2": None, "4b": None}, {"1": 1.33, "2": 0.0, "4b": 0.0}),
])
def test_score_mode_averages_each_criterion(ballots, city, health, totals):
    out = run(ballots, scoring=SCORE)
    assert out["per_criterion"]["city"] == city
    assert out["per_criterion"]["health"] == health
    assert {t["code"]: t["total"] for t in out["totals"]} == totals


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("scoring", [ALLOCATE, SCORE], ids=["allocate", "score"])
def test_replacing_ballots_one_at_a_time_gives_the_same_results_as_computing_afresh(seed, scoring):
    import random

    from facilitation.domain.results import Tally

    rng = random.Random(seed)
    tally = Tally(scoring=scoring, options=OPTIONS, criteria=CRITERIA, shares=SHARES)
    current = {}
    keys = [(t, c) for t, codes in SHARES.items() for c in codes]
    for version in range(1, 40):
        table, criterion = rng.choice(keys)
        ruled_out = [code for code in ("1", "2", "4b") if rng.random() < 0.2][:2]
        left = [code for code in ("1", "2", "4b") if code not in ruled_out]
        if scoring is ALLOCATE:
            cut = sorted(rng.randint(0, 10) for _ in left[:-1])
            amounts = [b - a for a, b in zip([0] + cut, cut + [10])]
        else:
            amounts = [rng.randint(0, 10) for _ in left]
        current[(table, criterion)] = ballot(dict(zip(left, amounts)), ruled_out, version)
        tally.apply(table, criterion, current[(table, criterion)])
        assert tally.snapshot() == run(current, scoring=scoring)


def test_a_ballot_for_a_criterion_the_table_does_not_score_changes_nothing():
    from facilitation.domain.results import Tally

    tally = Tally(scoring=ALLOCATE, options=OPTIONS, criteria=CRITERIA, shares=SHARES)
    before = tally.snapshot()
    assert tally.apply(1, "health", ballot({"1": 10})) is None
    assert tally.snapshot() == before
