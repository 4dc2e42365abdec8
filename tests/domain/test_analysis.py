"""analyse() as a whole: coverage normalisation and Kendall's W on hand-made cases, and hypothesis properties.

Properties (issue 12): relabelling tables or options changes no measure beyond the relabelling; scaling every
weight by the same factor changes no ranking; with equal weights and full coverage the weighted and raw rankings
agree; leave-one-out with one table is the plain result.
"""
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.domain.analysis import analyse
from facilitation.domain.results import results
from tests.domain.test_rescore import events, snapshot

ALLOCATE = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
OPTIONS = [{"code": c, "title": f"Option {c}"} for c in ("1", "2", "4b")]
# Nice weights (whole and halves) and factors, so scaled scores are exact and a tie stays a tie.
nice_weight = st.sampled_from([0, 0.5, 1, 1, 2, 3])
factors = st.sampled_from([0.5, 2, 3, 10])


def ballot(points, ruled_out=()):
    """A current ballot as the store gives it."""
    return {"points": points, "ruled_out": list(ruled_out), "version": 1}


def run(criteria, shares, ballots):
    """The results snapshot of a hand-made event scored by allocating 10 points."""
    return results(scoring=ALLOCATE, options=OPTIONS, criteria=criteria, shares=shares, ballots=ballots)


# City is scored by three tables, "new" (a criterion added later) by one.
UNEQUAL_CRITERIA = [{"code": "city", "working_title": "City:local", "weight": 1},
                    {"code": "new", "working_title": "Patient involvement", "weight": 1}]
UNEQUAL_SHARES = {1: ["city"], 2: ["city"], 3: ["city"], 4: ["new"]}
UNEQUAL = {
    (1, "city"): ballot({"1": 7, "2": 3, "4b": 0}),
    (2, "city"): ballot({"1": 5, "2": 5, "4b": 0}),
    (3, "city"): ballot({"1": 6, "2": 2, "4b": 2}),
    (4, "new"): ballot({"1": 0, "2": 0, "4b": 10}),
}


def test_a_criterion_scored_by_one_table_counts_as_much_as_one_scored_by_three():
    live = run(UNEQUAL_CRITERIA, UNEQUAL_SHARES, UNEQUAL)
    out = analyse(live)
    # Added up as given, city's three ballots outweigh new's one: 1 has 18, 4b 2 + 10 = 12, 2 has 10.
    # Per table: city 18/3 = 6, 10/3 = 3.3333, 2/3 = 0.6667; new 0, 0, 10. So 4b 10.6667, 1 6, 2 3.3333.
    assert live["basis"]["view"] == "per_table" and out["basis"]["view"] == "per_table"
    assert out["basis"]["label"] == "Points per table"
    assert [(row["code"], row["score"], row["total"], row["place"]) for row in out["ranking"]] == [
        ("4b", 10.6667, 12, 1), ("1", 6.0, 18, 2), ("2", 3.3333, 10, 3)]
    assert out["strongest"] == ["4b"]
    # 10.6667 against 6: 1.7778 times, a lead of 4.6667.
    assert (out["margin"]["lead"], out["margin"]["ratio"]) == (4.6667, 1.7778)
    coverage = out["coverage"]
    assert (coverage["view"], coverage["equal"]) == ("per_table", False)
    assert coverage["text"].startswith("Criteria have been scored by different numbers of tables (1 to 3)")
    assert coverage["criteria"] == [
        {"code": "city", "working_title": "City:local", "tables": 3, "submitted": 3},
        {"code": "new", "working_title": "Patient involvement", "tables": 1, "submitted": 1}]
    # Share: per table out of 10 points × 2 criteria scored: 10.6667 / 20, 6 / 20, 3.3333 / 20.
    assert coverage["options"] == [{"code": "4b", "per_table": 10.6667, "share": 0.5333},
                                   {"code": "1", "per_table": 6.0, "share": 0.3},
                                   {"code": "2", "per_table": 3.3333, "share": 0.1667}]


def test_criteria_scored_by_equal_numbers_of_tables_are_added_up_as_given():
    shares = {1: ["city"], 2: ["city"], 3: ["new"], 4: ["new"]}
    ballots = {(1, "city"): ballot({"1": 7, "2": 3, "4b": 0}), (2, "city"): ballot({"1": 5, "2": 5, "4b": 0}),
               (3, "new"): ballot({"1": 0, "2": 0, "4b": 10}), (4, "new"): ballot({"1": 2, "2": 2, "4b": 6})}
    out = analyse(run(UNEQUAL_CRITERIA, shares, ballots))
    # Points: 1 has 7 + 5 + 0 + 2 = 14, 2 has 10, 4b 16. Per table (for the share): 1 has 6 + 1 = 7 of 20.
    assert (out["coverage"]["view"], out["coverage"]["equal"]) == ("points", True)
    assert [(row["code"], row["score"]) for row in out["ranking"]] == [("4b", 16), ("1", 14), ("2", 10)]
    assert out["coverage"]["options"][1] == {"code": "1", "per_table": 7.0, "share": 0.35}


CITY = [{"code": "city", "working_title": "City:local", "weight": 1}]


@pytest.mark.parametrize("rows, w, words", [
    # Three tables give 6, 3, 1: ranks 1, 2, 3 at each; sums 3, 6, 9 about 6, S = 18; W = 12 × 18 / (9 × 24) = 1.
    ([{"1": 6, "2": 3, "4b": 1}] * 3, 1.0, "the three tables largely agree"),
    # Two tables, reversed: rank sums 4, 4, 4, S = 0, W = 0.
    ([{"1": 6, "2": 3, "4b": 1}, {"1": 1, "2": 3, "4b": 6}], 0.0, "both tables disagree"),
    # Ranks (1.5, 1.5, 3), (1, 2, 3), (2, 1, 3) with 4b ruled out at the third: sums 4.5, 4.5, 9, S = 13.5;
    # one tie of two, T = 6; W = 12 × 13.5 / (9 × 24 − 3 × 6) = 162 / 198 = 0.8182.
    ([{"1": 5, "2": 5, "4b": 0}, {"1": 6, "2": 3, "4b": 1}, ({"1": 0, "2": 10}, ["4b"])], 0.8182,
     "the three tables largely agree"),
    # One table: nothing to compare it with.
    ([{"1": 6, "2": 3, "4b": 1}], None, "only one table scored it"),
])
def test_kendalls_w_in_the_analysis(rows, w, words):
    ballots = {(table, "city"): ballot(*row) if isinstance(row, tuple) else ballot(row)
               for table, row in enumerate(rows, start=1)}
    city = analyse(run(CITY, {1: ["city"], 2: ["city"], 3: ["city"]}, ballots))["agreement"]["criteria"][0]
    assert (city["tables"], city["w"], city["words"]) == (len(rows), w, words)


# Relabelling -------------------------------------------------------------------------------------------------------


def rename_options(event, names):
    """The event with its options' codes renamed (same order), in the options and every ballot."""
    return {**event,
            "options": [{**o, "code": names[o["code"]]} for o in event["options"]],
            "ballots": {key: {**b, "points": {names[c]: v for c, v in b["points"].items()},
                              "ruled_out": [names[c] for c in b["ruled_out"]]} for key, b in event["ballots"].items()}}


def renumber_tables(event, numbers):
    """The event with its tables renumbered, in the shares and every ballot."""
    return {**event, "shares": {numbers[t]: codes for t, codes in event["shares"].items()},
            "ballots": {(numbers[t], c): b for (t, c), b in event["ballots"].items()}}


def relabelled(value, names, numbers=None):
    """An analysis with option codes renamed wherever they appear (keys, values, words) and table numbers renumbered."""
    if isinstance(value, dict):
        return {names.get(key, key): (numbers[item] if key == "table" and numbers else relabelled(item, names, numbers))
                for key, item in value.items()}
    if isinstance(value, list):
        return [relabelled(item, names, numbers) for item in value]
    if isinstance(value, str):
        return re.sub(r"\bQ\d\b", lambda found: names.get(found.group(0), found.group(0)), value)
    return value


def assert_same(a, b, where="analysis"):
    """Equal structures, floats to 1e-9 (a sum in another order may differ in its last bit)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (where, a, b)
    else:
        assert a == b, (where, a, b)


def by_table(analysis):
    """The analysis with leave-one-out as {table: result} (its list follows table numbers) and without its words."""
    loo = analysis["leave_one_out"]
    rest = {key: value for key, value in loo.items() if key not in ("tables", "text")}
    return {**analysis, "leave_one_out": {**rest, "tables": {row["table"]: row for row in
                                                             sorted(loo["tables"], key=lambda row: row["table"])}}}


def distinct(event):
    """The event with option codes Q1, Q2, … that cannot be mistaken for words or numbers in the text."""
    return rename_options(event, {o["code"]: f"Q{i}" for i, o in enumerate(event["options"], start=1)})


@settings(max_examples=40, deadline=None)
@given(event=events(weights=nice_weight), data=st.data())
def test_relabelling_options_changes_nothing_but_the_labels(event, data):
    event = distinct(event)
    codes = [o["code"] for o in event["options"]]
    names = dict(zip(codes, data.draw(st.permutations(codes))))
    assert_same(relabelled(analyse(snapshot(event)), names), analyse(snapshot(rename_options(event, names))))


@settings(max_examples=40, deadline=None)
@given(event=events(weights=nice_weight), data=st.data())
def test_renumbering_tables_changes_nothing_but_the_numbers(event, data):
    tables = sorted(event["shares"])
    numbers = dict(zip(tables, data.draw(st.lists(st.integers(1, 40), min_size=len(tables), max_size=len(tables),
                                                  unique=True))))
    before = relabelled(by_table(analyse(snapshot(event))), {}, numbers)
    after = by_table(analyse(snapshot(renumber_tables(event, numbers))))
    # Leave-one-out's tables are compared as a mapping; renumber its keys, which relabelled() left alone.
    before["leave_one_out"]["tables"] = dict(sorted((numbers[t], row) for t, row in
                                                    before["leave_one_out"]["tables"].items()))
    assert_same(before, after)


# Weights -----------------------------------------------------------------------------------------------------------


def rankings(analysis):
    """What a change of scale must not change: order, places, ties, strongest, leave-one-out and critical winners."""
    loo = analysis["leave_one_out"]
    return {
        "order": [row["code"] for row in analysis["ranking"]],
        "places": [row["place"] for row in analysis["ranking"]],
        "ties": analysis["ties"],
        "strongest": analysis["strongest"],
        "families": [row["codes"] for row in analysis["families"]],
        "leave_one_out": ([(row["table"], row["strongest"], row["same"]) for row in loo["tables"]], loo["wins"],
                          loo["of"], loo["strongest"]),
        "critical": ([(row["code"], row["new_strongest"]) for row in analysis["critical"]["criteria"]],
                     analysis["critical"]["most"]),
    }


@settings(max_examples=40, deadline=None)
@given(event=events(weights=nice_weight), factor=factors)
def test_scaling_every_weight_by_the_same_factor_changes_no_ranking(event, factor):
    live = snapshot(event)
    scaled = {c["code"]: c["weight"] * factor for c in live["criteria"]}
    before, after = analyse(live, rule="weighted"), analyse(live, weights=scaled, rule="weighted")
    assert rankings(after) == rankings(before)
    # The critical change as a percentage of the weight is a ratio, so it does not scale either.
    for old, new in zip(before["critical"]["criteria"], after["critical"]["criteria"]):
        assert (old["percent"] is None) == (new["percent"] is None)
        if old["percent"] is not None:
            assert new["percent"] == pytest.approx(old["percent"], rel=1e-6, abs=0.06)
    if before["margin"] and before["margin"]["ratio"] is not None:
        assert after["margin"]["ratio"] == pytest.approx(before["margin"]["ratio"], abs=1e-4)


@settings(max_examples=40, deadline=None)
@given(event=events(full=True), weight=st.sampled_from([0.5, 1, 2, 3]))
def test_with_equal_weights_and_full_coverage_weighted_and_raw_rankings_agree(event, weight):
    event = {**event, "criteria": [{**c, "weight": weight} for c in event["criteria"]]}
    live = snapshot(event)
    raw, weighted = analyse(live, rule="raw"), analyse(live, rule="weighted")
    assert raw["coverage"]["equal"] and weighted["coverage"]["equal"]
    assert rankings(raw) == rankings(weighted)
    assert raw["other"]["strongest"] == raw["strongest"] and weighted["other"]["strongest"] == weighted["strongest"]


# Leave one table out ---------------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(event=events(min_tables=1, max_tables=1))
def test_leave_one_out_with_one_table_is_the_plain_result(event):
    out = analyse(snapshot(event))
    loo = out["leave_one_out"]
    assert loo["strongest"] == out["strongest"]
    assert loo["of"] == (1 if event["ballots"] else 0)
    assert isinstance(loo["text"], str) and loo["text"]


@settings(max_examples=30, deadline=None)
@given(event=events(min_tables=2))
def test_leaving_a_table_out_is_the_plain_result_of_the_event_without_its_ballots(event):
    out = analyse(snapshot(event))
    for row in out["leave_one_out"]["tables"]:
        without = {**event, "ballots": {key: b for key, b in event["ballots"].items() if key[0] != row["table"]}}
        plain = analyse(snapshot(without))
        assert (row["strongest"], row["margin"]) == (plain["strongest"], plain["margin"])
        assert row["same"] == (row["strongest"] == out["strongest"])


def test_lowering_a_weight_to_zero_ties_everyone_whatever_the_scale():
    # One criterion, score mode: B's mean is (0 + 1 + 3) / 3 = 4/3, C's (0 + 2) / 2 = 1, A's 0. At a weight of 0
    # every option scores 0, so lowering the weight to 0 ties all three; at 5 the floats meet at 2e-16, not 0.
    tables = {1: {"A": 0, "B": 0, "C": 0}, 2: {"A": 0, "B": 1, "C": 2}, 4: {"B": 3}}
    event = {"scoring": {"mode": "score", "budget": 10, "rank_first": False, "allow_rule_out": True},
             "options": [{"code": c, "title": c} for c in "ABC"],
             "criteria": [{"code": "x", "working_title": "Reach", "weight": 0.5}],
             "shares": {t: ["x"] for t in (1, 2, 3, 4)},
             "ballots": {(t, "x"): {"points": p, "ruled_out": [c for c in "ABC" if c not in p], "version": 1}
                         for t, p in tables.items()}}
    live = snapshot(event)
    for weight in (0.5, 5):
        row = analyse(live, weights={"x": weight}, rule="weighted")["critical"]["criteria"][0]
        assert (row["threshold"], row["percent"], row["new_strongest"]) == (0, 100, ["B", "C", "A"]), weight
