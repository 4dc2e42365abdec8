"""The ranking primitives on hand-made cases: the view by coverage, ties, the margin in words, families."""
import pytest

from facilitation.domain import scoring


@pytest.mark.parametrize("mode, submitted, view", [
    ("allocate", {"a": 3, "b": 3}, "points"),
    ("allocate", {"a": 3, "b": 0}, "points"),       # a criterion with no ballot yet counts nothing either way
    ("allocate", {"a": 3, "b": 1}, "per_table"),
    ("score", {"a": 3, "b": 1}, "mean_score"),
])
def test_the_view_follows_coverage(mode, submitted, view):
    assert scoring.view(mode, submitted) == view


@pytest.mark.parametrize("criteria, rule", [
    ([{"code": "a", "weight": 1}, {"code": "b", "weight": 1}], "raw"),
    ([{"code": "a", "weight": 1}, {"code": "b", "weight": 2}], "weighted"),
    ([{"code": "a", "weight": 0}], "weighted"),
])
def test_the_default_rule_is_weighted_only_when_a_weight_is_not_1(criteria, rule):
    assert scoring.default_rule(criteria) == rule


@pytest.mark.parametrize("scores, unit, text, lead, ratio", [
    # The published 2009 result: 133 - 52 = 81; 133 / 52 = 2.557… → 2.6.
    ({"4b": 133, "3b": 52, "1": 3}, "points", "133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81.",
     81, 2.5577),
    ({"4b": 10, "3b": 0}, "points", "10 points against 0 for 3b: the runner-up has nothing, a lead of 10.", 10, None),
    ({"4b": 7, "3a": 3, "3b": 3}, "points", "7 points against 3 for 3a and 3b: 2.3 times the runner-up, a lead of 4.",
     4, 2.3333),
    ({"4b": 0.1 + 0.2, "3b": 0.3}, "weighted points",
     "4b and 3b tie on 0.3 weighted points: there is no single strongest option.", 0, 1.0),
])
def test_the_margin_in_words(scores, unit, text, lead, ratio):
    order = scoring.ranked(scores, list(scores))
    margin = scoring.margin(scores, order, unit)
    assert (margin["text"], margin["lead"], margin["ratio"]) == (text, lead, ratio)


def test_equal_scores_share_a_place_and_are_all_leaders():
    scores = {"1": 5, "2": 5.0000000000001, "3": 4}
    order = scoring.ranked(scores, ["1", "2", "3"])
    assert scoring.leaders(scores, order) == ["1", "2"]
    assert scoring.places(scores, order) == [["1", "2"], ["3"]]


def test_families_add_their_members_and_options_without_one_stand_alone():
    options = [{"code": "3a", "family": "Three to two"}, {"code": "3b", "family": "Three to two"},
               {"code": "4b", "family": None}]
    rows = scoring.families(options, {"3a": 15, "3b": 52, "4b": 133}, {"3a": 15, "3b": 52, "4b": 133})
    assert [(r["kind"], r["name"], r["codes"], r["score"]) for r in rows] == [
        ("option", "4b", ["4b"], 133), ("family", "Three to two", ["3a", "3b"], 67)]
    assert scoring.families([{"code": "1"}, {"code": "2"}], {"1": 1, "2": 2}, {"1": 1, "2": 2}) == []
