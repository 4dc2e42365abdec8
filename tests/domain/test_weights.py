"""The rules for a weights change: numbers 0–1,000 for known criteria, a known rule, no unknown fields."""
import pytest

from facilitation.domain.weights import WeightsError, check_weights

CODES = ["finance", "city"]


@pytest.mark.parametrize("body, weights, rule", [
    ({"weights": {"finance": 2}}, {"finance": 2}, None),
    ({"weights": {"finance": "1.5", "city": "0"}, "rule": "weighted"}, {"finance": 1.5, "city": 0}, "weighted"),
    ({"rule": "raw"}, {}, "raw"),
    ({"weights": {"city": 2.0}}, {"city": 2}, None),   # a whole number stays whole
])
def test_valid_changes(body, weights, rule):
    assert check_weights(body, CODES) == (weights, rule)


@pytest.mark.parametrize("body, message", [
    ([], 'send an object such as {"weights": {"finance": 2}, "rule": "weighted"}'),
    ({"criteria": {"finance": 2}}, "unknown field: criteria (expected weights, rule)"),
    ({"weights": [1, 2]}, "weights: must be an object from criterion code to weight"),
    ({"weights": {"health": 2}}, 'weights.health: "health" is not a criterion in this event'),
    ({"weights": {"finance": "lots"}}, "weights.finance: must be a number, such as 1 or 1.5"),
    ({"weights": {"finance": True}}, "weights.finance: must be a number, such as 1 or 1.5"),
    ({"weights": {"finance": float("nan")}}, "weights.finance: must be a number, such as 1 or 1.5"),
    ({"weights": {"finance": -1}}, "weights.finance: must be between 0 and 1000"),
    ({"weights": {"finance": 1001}}, "weights.finance: must be between 0 and 1000"),
    ({"rule": "fair"}, 'rule: must be "raw" (every criterion counts the same) or "weighted"'),
])
def test_refused_changes_say_why_in_plain_words(body, message):
    with pytest.raises(WeightsError) as refused:
        check_weights(body, CODES)
    assert [str(p) for p in refused.value.problems] == [message]


def test_every_problem_is_listed_at_once():
    with pytest.raises(WeightsError) as refused:
        check_weights({"weights": {"finance": -1, "city": "x"}, "rule": "fair", "extra": 1}, CODES)
    assert len(refused.value.problems) == 4
