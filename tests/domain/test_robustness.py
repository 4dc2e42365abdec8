"""Robustness on hand-made cases worked out by hand: the most critical criterion, leave one table out, the lines.

Every case is a real results snapshot (domain.results) rescored (domain.rescore) by the weighted rule. With one
criterion's weight w moving and the others fixed, an option's score is s + (w − w0) × v, v being the points the
criterion gave it; two lines meet at w = w0 + (s_a − s_b) / (v_b − v_a). The comments do that arithmetic.
"""
import json
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.domain import robustness, scoring
from facilitation.domain.event import parse_event, share_out
from facilitation.domain.rescore import rescore
from facilitation.domain.results import results
from tests.conftest import published_ballots

ALLOCATE = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
CRITERIA = [{"code": "cost", "working_title": "Cost", "weight": 1},
            {"code": "care", "working_title": "Care", "weight": 1}]
BOTH = {1: ["cost", "care"], 2: ["cost", "care"]}  # two tables score both criteria: points are added as given


def snapshot(rows, codes=("A", "B", "C"), shares=BOTH, criteria=CRITERIA):
    """A results snapshot from {(table, criterion): {option: points}}."""
    ballots = {key: {"points": points, "ruled_out": [], "version": 1} for key, points in rows.items()}
    return results(scoring=ALLOCATE, options=[{"code": c, "title": f"Option {c}"} for c in codes],
                   criteria=criteria, shares=shares, ballots=ballots)


def now_for(rows, weights=None, **kwargs):
    """The snapshot rescored by the weighted rule with these weights."""
    return rescore(snapshot(rows, **kwargs), weights, "weighted")


# cost: A 6+6 = 12, B 4+4 = 8; care: A 4+3 = 7, B 6+7 = 13. At weights 1 and 1: A 19, B 21, C 0.
CLOSE = {(1, "cost"): {"A": 6, "B": 4, "C": 0}, (2, "cost"): {"A": 6, "B": 4, "C": 0},
         (1, "care"): {"A": 4, "B": 6, "C": 0}, (2, "care"): {"A": 3, "B": 7, "C": 0}}
# A gets more than B on both criteria (cost 12 against 8, care 11 against 9): no weights make B overtake.
DOMINANT = {(1, "cost"): {"A": 6, "B": 4, "C": 0}, (2, "cost"): {"A": 6, "B": 4, "C": 0},
            (1, "care"): {"A": 6, "B": 4, "C": 0}, (2, "care"): {"A": 5, "B": 5, "C": 0}}
# cost: A 8, B 12; care: A 12, B 8: A and B tie on 20 (C 0) and each criterion separates them.
TIED = {(1, "cost"): {"A": 4, "B": 6, "C": 0}, (2, "cost"): {"A": 4, "B": 6, "C": 0},
        (1, "care"): {"A": 6, "B": 4, "C": 0}, (2, "care"): {"A": 6, "B": 4, "C": 0}}
# A and B get the same everywhere (cost 8, care 6: one line, tied on 14); C has cost 4, care 8 (12).
TWINS = {(1, "cost"): {"A": 4, "B": 4, "C": 2}, (2, "cost"): {"A": 4, "B": 4, "C": 2},
         (1, "care"): {"A": 3, "B": 3, "C": 4}, (2, "care"): {"A": 3, "B": 3, "C": 4}}
# cost: A 2, B 6, C 6, D 6; care: A 10, B 8, C 2, D 0. Scores: B 14, A 12, C 8, D 6.
FOUR = {(t, "cost"): {"A": 1, "B": 3, "C": 3, "D": 3} for t in (1, 2)} | {
    (t, "care"): {"A": 5, "B": 4, "C": 1, "D": 0} for t in (1, 2)}
# cost: A 10+9 = 19, B 0+1 = 1; care: A 4+4 = 8, B 6+6 = 12. Scores: A 27, B 13.
FAR = {(1, "cost"): {"A": 10, "B": 0}, (2, "cost"): {"A": 9, "B": 1},
       (1, "care"): {"A": 4, "B": 6}, (2, "care"): {"A": 4, "B": 6}}


def row(critical, code):
    """One criterion's row of critical_criteria."""
    return next(r for r in critical["criteria"] if r["code"] == code)


@pytest.mark.parametrize("rows, codes, weights, code, threshold, percent, new, drawing", [
    # cost: B (21, slope 8) and A (19, slope 12) meet at 1 + (21 − 19) / (12 − 8) = 1.5: raise it 50%.
    (CLOSE, "ABC", None, "cost", 1.5, 50.0, ["A"], ["A"]),
    # care: B (21, slope 13), A (19, slope 7): 1 + (21 − 19) / (7 − 13) = 0.6667: lower it 33.3%.
    (CLOSE, "ABC", None, "care", 0.6667, 33.3, ["A"], ["A"]),
    # cost: A and B lie on one line (14, slope 8); C (12, slope 4) meets it at 1 + 2 / (4 − 8) = 0.5.
    (TWINS, "ABC", None, "cost", 0.5, 50.0, ["C"], ["C"]),
    # care: the twins (14, slope 6) and C (12, slope 8) meet at 1 + 2 / (8 − 6) = 2: raise it 100%.
    (TWINS, "ABC", None, "care", 2, 100.0, ["C"], ["C"]),
    # cost: B (14, slope 6) and A (12, slope 2) meet at 1 + 2 / (2 − 6) = 0.5; C and D run parallel to B.
    (FOUR, "ABCD", None, "cost", 0.5, 50.0, ["A"], ["A"]),
    # cost at 2: A 12×2 + 7 = 31 leads B 8×2 + 13 = 29. A (slope 12) meets B (slope 8) at
    # 2 + (31 − 29) / (8 − 12) = 1.5: lowering it from 2 by a quarter (25%) gives B the lead again.
    (CLOSE, "ABC", {"cost": 2}, "cost", 1.5, 25.0, ["B"], ["B"]),
])
def test_a_small_weight_change_flips_the_strongest_option(rows, codes, weights, code, threshold, percent, new,
                                                           drawing):
    now = now_for(rows, weights, codes=tuple(codes))
    found = row(robustness.critical_criteria(now), code)
    assert found["threshold"] == pytest.approx(threshold, abs=1e-4)
    assert found["change"] == pytest.approx(threshold - found["weight"], abs=1e-4)
    assert found["percent"] == percent and found["new_strongest"] == new
    direction = found["raising"] if found["change"] > 0 else found["lowering"]
    assert direction["drawing_level"] == drawing


def test_the_most_critical_criterion_is_the_smallest_relative_change():
    critical = robustness.critical_criteria(now_for(CLOSE))
    # care needs 33.3% (to 0.67), cost 50% (to 1.5): care is the most critical.
    assert critical["most"] == "care" and critical["equally"] == ["care"]
    assert critical["text"] == ("Care is the most critical criterion: lowering its weight by 33.3% (from 1 to 0.67) "
                                "would make A the strongest option.")
    assert row(critical, "cost")["text"] == ("Raising the weight of Cost from 1 to 1.5 (50% more) would make A draw "
                                             "level with B; beyond that, A is the strongest option.")


@pytest.mark.parametrize("weights, tops", [
    # A beats B on each criterion alone, so on any mix of them; C has nothing anywhere.
    (None, {"cost": 3, "care": 3}),
    ({"cost": 2, "care": 0.5}, {"cost": 6, "care": 1.5}),
])
def test_no_change_within_three_times_the_weight_changes_the_strongest_option(weights, tops):
    critical = robustness.critical_criteria(now_for(DOMINANT, weights))
    assert critical["most"] is None and critical["equally"] == []
    for code, top in tops.items():
        found = row(critical, code)
        assert (found["threshold"], found["change"], found["percent"], found["new_strongest"]) == (None, None, None, [])
        assert found["top"] == top and "changes the strongest option" in found["text"]
    assert critical["text"] == ("No single weight change within 0–3× a criterion's current weight changes the "
                                "strongest option (A).")


def test_a_crossing_just_beyond_three_times_the_weight_is_not_within_it():
    # care: A (27, slope 8) and B (13, slope 12) meet at 1 + 14 / (12 − 8) = 4.5, past 3.
    # cost: A (slope 19), B (slope 1) meet at 1 + 14 / (1 − 19) = 0.2222: lowering cost 77.8% would do it.
    critical = robustness.critical_criteria(now_for(FAR, codes=("A", "B")))
    assert row(critical, "care")["threshold"] is None
    assert row(critical, "cost")["threshold"] == pytest.approx(0.2222) and row(critical, "cost")["percent"] == 77.8
    assert critical["most"] == "cost"


def test_a_criterion_weighted_zero_is_searched_up_to_three_times_the_mean_weight():
    # cost 1, care 0: A 12, B 8, C 0 (care counts nothing). Mean weight 0.5, so care is searched 0 to 1.5.
    # care: A (12, slope 7), B (8, slope 13) meet at 0 + (12 − 8) / (13 − 7) = 0.6667; B leads beyond.
    critical = robustness.critical_criteria(now_for(CLOSE, {"care": 0}))
    care = row(critical, "care")
    assert care["weight"] == 0 and care["top"] == 1.5
    assert care["threshold"] == pytest.approx(0.6667) and care["percent"] is None and care["new_strongest"] == ["B"]
    assert care["text"].startswith("Care has a weight of 0, so a change cannot be a percentage of it: giving it a "
                                   "weight of 0.67 would make B draw level with A")
    # cost: every option has 0 at a cost weight of 0 (care counts nothing), so lowering it to 0 makes all level.
    cost = row(critical, "cost")
    assert cost["threshold"] == 0 and cost["percent"] == 100.0 and cost["new_strongest"] == ["A", "B", "C"]
    assert critical["most"] == "cost"
    assert critical["text"] == ("Cost is the most critical criterion: lowering its weight by 100% (from 1 to 0) "
                                "would make B and C draw level with A.")


def test_a_criterion_no_table_has_scored_changes_nothing():
    criteria = CRITERIA + [{"code": "new", "working_title": "Patients", "weight": 1}]
    now = now_for(CLOSE, criteria=criteria, shares={1: ["cost", "care", "new"], 2: ["cost", "care", "new"]})
    new = row(robustness.critical_criteria(now), "new")
    assert new["threshold"] is None
    assert new["text"] == "No table has scored Patients yet, so its weight changes nothing."


def test_an_existing_tie_is_a_change_of_nothing_and_says_who_each_way_puts_ahead():
    critical = robustness.critical_criteria(now_for(TIED))
    cost = row(critical, "cost")
    # cost: A slope 8, B slope 12; raising it at all puts B ahead, lowering it A.
    assert (cost["threshold"], cost["change"], cost["percent"]) == (1, 0, 0)
    assert cost["raising"]["new_strongest"] == ["B"] and cost["lowering"]["new_strongest"] == ["A"]
    assert cost["new_strongest"] == ["B"]  # equally near: the raising side is the one given
    assert cost["text"] == ("A and B tie for strongest now: raising the weight of Cost at all would put B ahead; "
                            "lowering it, A.")
    assert critical["equally"] == ["cost", "care"] and critical["most"] == "cost"
    assert critical["text"] == ("A and B tie for strongest: any change to the weight of Cost or Care would separate "
                                "them.")


def test_options_tied_on_one_line_stay_tied_and_are_named_together():
    # A and B score the same everywhere: no weight separates them, and C overtakes both at once.
    critical = robustness.critical_criteria(now_for(TWINS))
    assert row(critical, "cost")["lowering"]["drawing_level"] == ["C"]
    assert row(critical, "cost")["text"] == ("Lowering the weight of Cost from 1 to 0.5 (50% less) would make C draw "
                                             "level with A and B; beyond that, C is the strongest option.")
    assert robustness.sensitivity(now_for(TWINS), "cost")["together"] == [["A", "B"]]


def test_no_ballots_yet():
    now = now_for({})
    assert robustness.critical_criteria(now)["text"] == "No ballots yet, so there is nothing to test."
    assert robustness.leave_one_out(snapshot({}))["text"] == "No ballots yet."
    assert robustness.sensitivity(now, "cost")["crossings"] == []


ONE_CRITERION = [{"code": "cost", "working_title": "Cost", "weight": 1}]
THREE = {1: ["cost"], 2: ["cost"], 3: ["cost"]}


@pytest.mark.parametrize("rows, strongest, wins, changed, text", [
    # A 10+3+2 = 15, B 0+7+5 = 12. Without table 1: A 5, B 12 (B); without 2: A 12, B 5; without 3: A 13, B 7.
    ({(1, "cost"): {"A": 10, "B": 0}, (2, "cost"): {"A": 3, "B": 7}, (3, "cost"): {"A": 2, "B": 5, "C": 3}},
     ["A"], 2, {1: ["B"]},
     "A is the strongest option with 2 of the 3 tables left out in turn; without table 1, B is."),
    # A 6+5+4 = 15, B 4+5+6 = 15: a tie. Without 1: A 9, B 11; without 2: 10 each (still a tie); without 3: 11, 9.
    ({(1, "cost"): {"A": 6, "B": 4}, (2, "cost"): {"A": 5, "B": 5}, (3, "cost"): {"A": 4, "B": 6}},
     ["A", "B"], 1, {1: ["B"], 3: ["A"]},
     "A and B share the lead with 1 of the 3 tables left out in turn; without table 1, B is; without table 3, A is."),
    # Every table gives A most: leaving any one out keeps A.
    ({(1, "cost"): {"A": 6, "B": 4}, (2, "cost"): {"A": 7, "B": 3}, (3, "cost"): {"A": 5, "B": 5}},
     ["A"], 3, {}, "A is the strongest option with any one table left out (3 of 3)."),
])
def test_leave_one_table_out(rows, strongest, wins, changed, text):
    out = robustness.leave_one_out(snapshot(rows, shares=THREE, criteria=ONE_CRITERION))
    assert out["strongest"] == strongest and (out["wins"], out["of"]) == (wins, 3) and out["text"] == text
    assert {r["table"]: r["strongest"] for r in out["tables"] if not r["same"]} == changed


def test_leaving_out_the_table_that_decides_gives_its_margin():
    rows = {(1, "cost"): {"A": 10, "B": 0}, (2, "cost"): {"A": 3, "B": 7}, (3, "cost"): {"A": 2, "B": 5, "C": 3}}
    first = robustness.leave_one_out(snapshot(rows, shares=THREE, criteria=ONE_CRITERION))["tables"][0]
    # Without table 1: B 12 against A 5: a lead of 7, 2.4 times.
    assert first["margin"]["lead"] == 7 and first["margin"]["ratio"] == 2.4 and first["same"] is False


def test_leave_one_out_with_one_table_is_the_plain_result():
    # Only table 2 has scored: leaving it out leaves no ballots, so no row can agree; the result is its own.
    rows = {(2, "cost"): {"A": 3, "B": 7}}
    snap = snapshot(rows, shares=THREE, criteria=ONE_CRITERION)
    out = robustness.leave_one_out(snap)
    assert out["strongest"] == rescore(snap)["strongest"] == ["B"]
    assert out["tables"] == [{"table": 2, "strongest": [], "margin": None, "same": False}]
    assert (out["wins"], out["of"]) == (0, 1)
    assert out["text"] == ("Only table 2 has scored so far: leaving it out leaves no ballots, so this result is that "
                           "one table's.")


def test_leave_one_out_uses_the_what_if_weights_and_rule():
    # CLOSE: B leads at 1 and 1; with cost at 2, A leads (31 against 29). Without table 1 (cost A 6, B 4; care A 3,
    # B 7): A 2×6 + 3 = 15, B 2×4 + 7 = 15, a tie; without table 2 (care A 4, B 6): A 16, B 14.
    out = robustness.leave_one_out(snapshot(CLOSE), {"cost": 2}, "weighted")
    assert out["strongest"] == ["A"]
    assert [(r["table"], r["strongest"]) for r in out["tables"]] == [(1, ["A", "B"]), (2, ["A"])]
    assert out["text"] == ("A is the strongest option with 1 of the 2 tables left out in turn; without table 1, A and "
                           "B tie.")


@pytest.mark.parametrize("rows, codes, criterion, top, lines, crossings", [
    # cost: B 21 + (w − 1)·8, A 19 + (w − 1)·12, C 0. A meets B at 1.5 on 25; C meets neither within 0..3.
    (CLOSE, "ABC", "cost", 3, {"B": (13, 37, 8), "A": (7, 43, 12), "C": (0, 0, 0)},
     [(1.5, ["B", "A"], 25, True)]),
    # cost: B 14 (slope 6), A 12 (2), C 8 (6), D 6 (6). B–A at 1 + 2/(2 − 6) = 0.5 on 11 (B and A on top);
    # A–C at 1 + 4/(6 − 2) = 2 on 14, under B's 20; A–D at 1 + 6/4 = 2.5 on 15, under B's 23.
    # B, C and D are parallel.
    (FOUR, "ABCD", "cost", 3, {"B": (8, 26, 6), "A": (10, 16, 2), "C": (2, 20, 6), "D": (0, 18, 6)},
     [(0.5, ["B", "A"], 11, True), (2, ["A", "C"], 14, False), (2.5, ["A", "D"], 15, False)]),
    # care: the twins A = B (14, slope 6) and C (12, slope 8) meet at 2 on 20: two pairs, one point.
    (TWINS, "ABC", "care", 3, {"A": (8, 26, 6), "B": (8, 26, 6), "C": (4, 28, 8)},
     [(2, ["A", "C"], 20, True), (2, ["B", "C"], 20, True)]),
    # care: A 27 (slope 8), B 13 (slope 12) meet at 4.5, past 3: the axis stretches to 4.5 × 1.1 = 4.95.
    # At 4.95: A 27 + 3.95·8 = 58.6, B 13 + 3.95·12 = 60.4.
    (FAR, "AB", "care", 4.95, {"A": (19, 58.6, 8), "B": (1, 60.4, 12)}, [(4.5, ["A", "B"], 55, True)]),
])
def test_the_sensitivity_lines_and_where_they_cross(rows, codes, criterion, top, lines, crossings):
    out = robustness.sensitivity(now_for(rows, codes=tuple(codes)), criterion)
    assert out["top"] == pytest.approx(top) and out["weight"] == 1
    assert {line["code"] for line in out["lines"]} == set(lines)
    for line in out["lines"]:
        assert (line["at_zero"], line["at_top"], line["slope"]) == pytest.approx(lines[line["code"]])
    assert [(c["weight"], c["codes"], c["score"], c["leads"]) for c in out["crossings"]] == crossings


def test_sensitivity_says_what_the_chart_shows():
    assert robustness.sensitivity(now_for(CLOSE), "cost")["text"] == (
        "The strongest option changes as the weight of Cost goes from 0 to 3: at a weight of 1.5, B and A are level "
        "on 25 weighted points.")
    assert robustness.sensitivity(now_for(DOMINANT), "care")["text"] == (
        "A stays the strongest option as the weight of Care goes from 0 to 3.")
    zero = robustness.sensitivity(now_for(CLOSE, {"care": 0}), "care")
    assert zero["top"] == 1.5 and zero["current"] == {"A": 12, "B": 8, "C": 0}


def whole_system_2009():
    """The whole-system-2009 event's snapshot with its 24 published ballots."""
    path = pathlib.Path(__file__).parents[1] / "events" / "whole-system-2009.json"
    event = parse_event(json.loads(path.read_text(encoding="utf-8")))
    codes = [c["code"] for c in event["criteria"]]
    shares = share_out(codes, [t["number"] for t in event["tables"]], event["assignment"])
    ballots = {(b["table"], b["criterion"]): {"points": b["points"], "ruled_out": b["ruled_out"], "version": 1}
               for b in published_ballots()}
    return results(scoring=event["scoring"], criteria=event["criteria"], shares=shares, ballots=ballots,
                   options=[o for o in event["options"] if o["status"] == "shortlisted"])


def test_the_2009_example_4b_leads_by_81_points_with_every_table_left_out():
    snap = whole_system_2009()
    now = rescore(snap)
    assert now["basis"]["rule"] == "raw" and now["strongest"] == ["4b"]
    assert now["margin"]["text"] == "133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81."
    out = robustness.leave_one_out(snap)
    assert (out["wins"], out["of"], out["strongest"]) == (12, 12, ["4b"])
    assert out["text"] == "4b is the strongest option with any one table left out (12 of 12)."
    critical = robustness.critical_criteria(now)
    assert critical["most"] is None
    # City:local: 4b 133 (slope 9), 3b 52 (slope 12) meet at 1 + 81 / (12 − 9) = 28, far past 3.
    city = robustness.sensitivity(now, "city")
    assert city["top"] == 3 and not [c for c in city["crossings"] if c["leads"]]
    # With City:local weighted 30, 3b leads (52 + 29 × 12 = 400 against 133 + 29 × 9 = 394) and the lines cross at 28.
    heavy = robustness.sensitivity(rescore(snap, {"city": 30}, "weighted"), "city")
    assert heavy["strongest"] == ["3b"]
    assert [(c["weight"], c["codes"]) for c in heavy["crossings"] if c["leads"]] == [(28, ["3b", "4b"])]


CELLS = st.lists(st.integers(0, 4), min_size=3, max_size=3)


@settings(max_examples=60, deadline=None, database=None)
@given(rows=st.fixed_dictionaries({key: CELLS for key in CLOSE}),
       weights=st.fixed_dictionaries({"cost": st.sampled_from([0, 0.5, 1, 2]), "care": st.sampled_from([0.5, 1, 3])}))
def test_the_threshold_is_where_rescoring_changes_the_strongest_option(rows, weights):
    rows = {key: dict(zip("ABC", cells)) for key, cells in rows.items()}
    now = now_for(rows, weights)
    for found in robustness.critical_criteria(now)["criteria"]:
        code, weight = found["code"], weights[found["code"]]
        if found["threshold"] is None or found["change"] == 0:
            continue
        # Halfway to the threshold, nothing has changed; at it (unrounded), the options drawing level tie.
        halfway = rescore(snapshot(rows), {**weights, code: weight + found["change"] / 2}, "weighted")
        assert halfway["strongest"] == now["strongest"]
        step = found["raising"] if found["change"] > 0 else found["lowering"]
        exact = robustness._meet(now, code, now["strongest"][0], step["drawing_level"][0])
        at = rescore(snapshot(rows), {**weights, code: exact}, "weighted")
        scores = [at["scores"][c] for c in now["strongest"] + step["drawing_level"]]
        assert all(scoring.same(s, max(at["scores"].values())) for s in scores)
