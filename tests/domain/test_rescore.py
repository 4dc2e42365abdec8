"""Rescoring from the matrix with the stored weights gives the live summary exactly, for any ballots and weights.

The event strategy here (any options, families, criteria, weights ≥ 0, shares and ballots, both scoring modes) is
also what tests/domain/test_analysis.py draws its events from.
"""
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from facilitation.domain.rescore import rescore
from facilitation.domain.results import results

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))

BUDGET = 10
OPTION_CODES = ("A", "B", "C", "D")
CRITERION_CODES = ("x", "y", "z")
# Any weight ≥ 0: whole, halves and arbitrary floats, 0 included.
any_weight = st.one_of(st.integers(0, 5), st.sampled_from([0.5, 1.5, 2.5]),
                       st.floats(0, 10, allow_nan=False, allow_infinity=False))


@st.composite
def ballots_for(draw, mode, codes):
    """One table's ballot: some options ruled out, the budget shared among the rest (allocate) or scores 0–10."""
    ruled_out = draw(st.lists(st.sampled_from(codes), unique=True, max_size=len(codes) - 1))
    left = [code for code in codes if code not in ruled_out]
    if mode == "allocate":
        cuts = sorted(draw(st.lists(st.integers(0, BUDGET), min_size=len(left) - 1, max_size=len(left) - 1)))
        amounts = [b - a for a, b in zip([0, *cuts], [*cuts, BUDGET])]
    else:
        amounts = draw(st.lists(st.integers(0, 10), min_size=len(left), max_size=len(left)))
    return {"points": dict(zip(left, amounts)), "ruled_out": ruled_out, "version": 1}


@st.composite
def events(draw, weights=any_weight, min_tables=1, max_tables=4, modes=("allocate", "score"), full=False):
    """An event's parts and ballots: {scoring, options, criteria, shares, ballots}, for domain.results.results.

    full: every table scores every criterion and has submitted every ballot (equal coverage).
    """
    mode = draw(st.sampled_from(modes))
    codes = list(OPTION_CODES[:draw(st.integers(2, len(OPTION_CODES)))])
    families = draw(st.lists(st.sampled_from([None, "One", "Two"]), min_size=len(codes), max_size=len(codes)))
    options = [{"code": code, "title": f"Option {code}", "family": family} for code, family in zip(codes, families)]
    criterion_codes = CRITERION_CODES[:draw(st.integers(1, len(CRITERION_CODES)))]
    criteria = [{"code": code, "working_title": f"Criterion {code}", "weight": draw(weights)}
                for code in criterion_codes]
    tables = range(1, draw(st.integers(min_tables, max_tables)) + 1)
    if full:
        shares = {table: list(criterion_codes) for table in tables}
    else:
        shares = {table: draw(st.lists(st.sampled_from(criterion_codes), unique=True, min_size=1)) for table in tables}
    ballots = {}
    for table, scored in shares.items():
        for criterion in scored:
            if full or draw(st.booleans()):
                ballots[(table, criterion)] = draw(ballots_for(mode, codes))
    rule = draw(st.sampled_from([None, "raw", "weighted"]))
    scoring = {"mode": mode, "budget": BUDGET, "rank_first": mode == "allocate", "allow_rule_out": True, "rule": rule}
    return {"scoring": scoring, "options": options, "criteria": criteria, "shares": shares, "ballots": ballots}


def snapshot(event):
    """The results snapshot (summary and matrix) of a drawn event."""
    return results(**event)


@settings(max_examples=80, deadline=None)
@given(event=events())
def test_rescore_with_the_stored_weights_is_the_live_summary(event):
    live = snapshot(event)
    now = rescore(live)
    assert now["basis"] == live["basis"]
    assert now["totals"] == [{key: row[key] for key in ("code", "score", "other_score", "total")}
                             for row in live["totals"]]
    for key in ("strongest", "margin", "other", "families"):
        assert now[key] == live[key], key
    assert now["submitted"] == {code: part["submitted"] for code, part in live["highest"].items()}


@settings(max_examples=40, deadline=None)
@given(event=events(), rule=st.sampled_from(["raw", "weighted"]))
def test_rescore_by_a_rule_is_the_live_summary_of_the_event_with_that_rule(event, rule):
    live = snapshot({**event, "scoring": {**event["scoring"], "rule": rule}})
    now = rescore(snapshot(event), rule=rule)
    assert (now["basis"], now["strongest"], now["margin"], now["other"]) == (
        live["basis"], live["strongest"], live["margin"], live["other"])


@settings(max_examples=40, deadline=None)
@given(event=events(), data=st.data())
def test_rescore_with_what_if_weights_is_the_live_summary_of_the_event_with_those_weights(event, data):
    weights = {c["code"]: data.draw(any_weight) for c in event["criteria"]}
    reweighted = [{**c, "weight": weights[c["code"]]} for c in event["criteria"]]
    # The stored rule, as the event had it, so a default rule does not follow the new weights.
    rule = snapshot(event)["basis"]["rule"]
    live = snapshot({**event, "criteria": reweighted, "scoring": {**event["scoring"], "rule": rule}})
    now = rescore(snapshot(event), weights=weights)
    assert [row["code"] for row in now["totals"]] == [row["code"] for row in live["totals"]]
    assert (now["strongest"], now["margin"], now["families"]) == (live["strongest"], live["margin"], live["families"])
