"""Agreement between tables on hand-made cases: ranks, Kendall's W with ties worked out by hand, words, spread."""
import pytest

from facilitation.domain.agreement import agreement, kendall_w, ranks, spread, words
# The event of test_results (options 1, 2, 4b; city scored by tables 1–3, health by tables 2 and 4) and its ballots.
from tests.domain.test_results import FULL, SCORE, ballot, run

CODES = ["1", "2", "4b"]


def cells(points, ruled_out=()):
    """A matrix row's cells: points, X for ruled out."""
    return {code: "X" if code in ruled_out else points.get(code, 0) for code in CODES}


@pytest.mark.parametrize("row, expected", [
    (cells({"1": 6, "2": 3, "4b": 1}), {"1": 1, "2": 2, "4b": 3}),
    # 1 and 2 share places 1 and 2: (1 + 2) / 2 = 1.5 each.
    (cells({"1": 5, "2": 5, "4b": 0}), {"1": 1.5, "2": 1.5, "4b": 3}),
    # A ruled-out option ranks below one given 0.
    (cells({"1": 0, "4b": 10}, ruled_out=["2"]), {"4b": 1, "1": 2, "2": 3}),
    # Two ruled out share places 2 and 3: 2.5 each.
    (cells({"1": 10}, ruled_out=["2", "4b"]), {"1": 1, "2": 2.5, "4b": 2.5}),
    # All equal: places 1–3 shared, 2 each.
    ({"1": 4, "2": 4, "4b": 4}, {"1": 2, "2": 2, "4b": 2}),
])
def test_ranks_give_more_points_a_better_rank_and_share_ties(row, expected):
    assert ranks(row, CODES) == expected


R = {"1": 1, "2": 2, "4b": 3}


@pytest.mark.parametrize("rankings, w", [
    # Three tables, the same order 1, 2, 3: rank sums 3, 6, 9 about a mean of 3 × 4 / 2 = 6, S = 9 + 0 + 9 = 18;
    # W = 12 × 18 / (3² × (3³ − 3)) = 216 / 216 = 1.
    ([R, R, R], 1),
    # Two tables, reversed: rank sums 4, 4, 4, all at the mean, S = 0, W = 0.
    ([R, {"1": 3, "2": 2, "4b": 1}], 0),
    # Ties: (1.5, 1.5, 3), (1, 2, 3), (2, 1, 3). Sums 4.5, 4.5, 9 about 6: S = 2.25 + 2.25 + 9 = 13.5.
    # One tie of two: T = 2³ − 2 = 6. W = 12 × 13.5 / (9 × 24 − 3 × 6) = 162 / 198 = 9 / 11.
    ([{"1": 1.5, "2": 1.5, "4b": 3}, R, {"1": 2, "2": 1, "4b": 3}], 9 / 11),
    # Two tables each tying two: (1, 2.5, 2.5) and (3, 2, 1). Sums 4, 4.5, 3.5 about 4: S = 0 + 0.25 + 0.25 = 0.5.
    # T = 6. W = 12 × 0.5 / (4 × 24 − 2 × 6) = 6 / 84 = 1 / 14.
    ([{"1": 1, "2": 2.5, "4b": 2.5}, {"1": 3, "2": 2, "4b": 1}], 1 / 14),
    # The same tie at both tables: sums 5, 5, 2 about 4, S = 1 + 1 + 4 = 6; T = 6 + 6 = 12;
    # W = 12 × 6 / (4 × 24 − 2 × 12) = 72 / 72 = 1: with the correction, identical tied orders agree fully.
    ([{"1": 2.5, "2": 2.5, "4b": 1}] * 2, 1),
    # Four options, two tables, one swap in the middle: (1, 2, 3, 4) and (1, 3, 2, 4). Sums 2, 5, 5, 8 about 5:
    # S = 9 + 0 + 0 + 9 = 18; W = 12 × 18 / (4 × (64 − 4)) = 216 / 240 = 0.9.
    ([{"a": 1, "b": 2, "c": 3, "d": 4}, {"a": 1, "b": 3, "c": 2, "d": 4}], 0.9),
])
def test_kendall_w_worked_by_hand(rankings, w):
    assert kendall_w(rankings) == pytest.approx(w)


@pytest.mark.parametrize("rankings", [
    [],
    [R],                                                     # one table: nothing to agree with
    [{"1": 2, "2": 2, "4b": 2}, {"1": 2, "2": 2, "4b": 2}],  # every option tied at every table: 0 / 0
    [{"1": 1}, {"1": 1}],                                    # one option: nothing to order
])
def test_kendall_w_is_none_when_there_is_nothing_to_compare(rankings):
    assert kendall_w(rankings) is None


@pytest.mark.parametrize("w, m, text", [
    (1, 3, "the three tables largely agree"),
    (0.7, 3, "the three tables largely agree"),
    (0.6999, 3, "the three tables agree moderately"),
    (0.5, 2, "both tables agree moderately"),
    (0.4999, 4, "the four tables agree only a little"),
    (0.3, 3, "the three tables agree only a little"),
    (0.2999, 3, "the three tables disagree"),
    (0, 13, "the 13 tables disagree"),
    (None, 1, "only one table scored it"),
    (None, 0, "no table has scored it yet"),
    (None, 2, "both tables gave every option the same points, so there is no order to compare"),
])
def test_words_follow_schmidts_reading_of_w(w, m, text):
    assert words(w, m) == text


def test_agreement_per_criterion_worked_by_hand():
    out = agreement(run(FULL))
    # City: ranks (3, 2, 1), (1.5, 3, 1.5), (2, 3, 1) for 1, 2, 4b. Sums 6.5, 8, 3.5 about 6:
    # S = 0.25 + 4 + 6.25 = 10.5; one tie of two, T = 6; W = 12 × 10.5 / (9 × 24 − 3 × 6) = 126 / 198 = 7 / 11.
    # Health: both tables (2.5, 2.5, 1): W = 1 (see the hand-worked case above).
    assert out["criteria"] == [
        {"code": "city", "working_title": "City:local", "tables": 3, "w": round(7 / 11, 4),
         "words": "the three tables agree moderately", "flagged": False},
        {"code": "health", "working_title": "Health", "tables": 2, "w": 1.0,
         "words": "both tables largely agree", "flagged": False},
    ]
    assert out["flagged"] == []
    assert out["text"].startswith("Wherever two or more tables scored a criterion, they agree at least moderately")


def test_disagreeing_criteria_are_flagged_lowest_first():
    ballots = {
        # City: tables 1 and 2 reversed, table 3 puts 2 first: ranks (1, 2, 3), (3, 2, 1), (2, 1, 3).
        # Sums 6, 5, 7 about 6: S = 0 + 1 + 1 = 2; W = 24 / 216 = 1 / 9, the three tables disagree.
        (1, "city"): ballot({"1": 6, "2": 3, "4b": 1}),
        (2, "city"): ballot({"1": 1, "2": 3, "4b": 6}),
        (3, "city"): ballot({"1": 3, "2": 6, "4b": 1}),
        # Health: (1, 2.5, 2.5) with 2 and 4b ruled out, and (3, 2, 1): W = 1 / 14 (worked above).
        (2, "health"): ballot({"1": 10}, ruled_out=["2", "4b"]),
        (4, "health"): ballot({"1": 0, "2": 4, "4b": 6}),
    }
    out = agreement(run(ballots))
    assert [(c["w"], c["words"], c["flagged"]) for c in out["criteria"]] == [
        (round(1 / 9, 4), "the three tables disagree", True), (round(1 / 14, 4), "both tables disagree", True)]
    assert out["flagged"] == ["health", "city"]
    assert out["text"] == (
        "The tables agree least on Health (W 0.07) and City:local (W 0.11): they put the options in noticeably "
        "different orders (Kendall's W below 0.5, where 1 is full agreement and 0 none), so read the totals for those criteria "
        "with care.")


def test_one_table_only_has_no_w_and_says_so():
    out = agreement(run({(1, "city"): ballot({"1": 6, "2": 3, "4b": 1})}))
    assert [(c["tables"], c["w"], c["words"], c["flagged"]) for c in out["criteria"]] == [
        (1, None, "only one table scored it", False), (0, None, "no table has scored it yet", False)]
    assert out["flagged"] == []
    assert "no agreement between tables to measure" in out["text"]


def test_score_mode_with_every_option_scored_the_same_has_no_order_to_compare():
    same = {(1, "city"): ballot({"1": 5, "2": 5, "4b": 5}), (2, "city"): ballot({"1": 7, "2": 7, "4b": 7})}
    city = agreement(run(same, scoring=SCORE))["criteria"][0]
    assert (city["w"], city["words"]) == (None, "both tables gave every option the same points, so there is no "
                                                "order to compare")


def test_spread_of_points_between_tables_worked_by_hand():
    out = spread(run(FULL))
    by_code = {row["code"]: row for row in out["options"]}
    # Option 1 on city: 0, 5, 0, mean 5/3; squares (5/3)², (10/3)², (5/3)² = 150/9; / 3 → sd √(50/9) = 2.357.
    # On health: 2, 1: sd 0.5. Ranges 5 and 1: widest city, mean range 3.
    assert by_code["1"] == {
        "code": "1", "widest": "city", "mean_range": 3.0,
        "criteria": {"city": {"min": 0, "max": 5, "sd": 2.357, "tables": 3},
                     "health": {"min": 1, "max": 2, "sd": 0.5, "tables": 2}}}
    # Option 2 on city: 3, 0, X (counted as 0): mean 1, squares 4, 1, 1 → sd √2 = 1.4142. Ranges 3 and 1.
    assert by_code["2"]["criteria"]["city"] == {"min": 0, "max": 3, "sd": 1.4142, "tables": 3}
    assert (by_code["2"]["widest"], by_code["2"]["mean_range"]) == ("city", 2.0)
    # 4b on city: 7, 5, 10, mean 22/3; squares 1/9, 49/9, 64/9 = 114/9; / 3 → sd √(38/9) = 2.0548. Health 6, 8: 1.
    assert by_code["4b"]["criteria"] == {"city": {"min": 5, "max": 10, "sd": 2.0548, "tables": 3},
                                         "health": {"min": 6, "max": 8, "sd": 1.0, "tables": 2}}
    assert (by_code["4b"]["widest"], by_code["4b"]["mean_range"]) == ("city", 3.5)
    assert out["text"] == ("The tables scoring the same criterion differed most, by 5 points, over 1 on City:local "
                           "(from 0 to 5) and 4b on City:local (from 5 to 10).")


def test_spread_with_one_table_per_criterion_has_no_range_between_tables():
    out = spread(run({(1, "city"): ballot({"1": 6, "2": 3, "4b": 1})}))
    first = out["options"][0]
    assert first["criteria"] == {"city": {"min": 6, "max": 6, "sd": 0.0, "tables": 1},
                                 "health": {"min": None, "max": None, "sd": None, "tables": 0}}
    assert (first["widest"], first["mean_range"]) == (None, None)
    assert out["text"] == ("No criterion has yet been scored by more than one table, so there is no spread between "
                           "tables.")


def test_spread_when_tables_gave_the_same_points():
    same = {(1, "city"): ballot({"1": 6, "2": 3, "4b": 1}), (2, "city"): ballot({"1": 6, "2": 3, "4b": 1})}
    out = spread(run(same))
    assert [row["mean_range"] for row in out["options"]] == [0.0, 0.0, 0.0]
    assert [row["widest"] for row in out["options"]] == [None, None, None]
    assert out["text"].startswith("Every table scoring a criterion gave each option the same points")


def test_one_disagreeing_criterion_is_named_alone():
    ballots = {**FULL, (2, "health"): ballot({"1": 6, "2": 3, "4b": 1}),
               (4, "health"): ballot({"1": 1, "2": 3, "4b": 6})}
    out = agreement(run(ballots))
    # Health: two tables reversed, W = 0; city as worked above, 7 / 11.
    assert out["flagged"] == ["health"]
    assert out["text"].startswith("The tables agree least on Health (W 0.00): they put the options in noticeably")
    assert out["text"].endswith("so read the totals for that criterion with care.")


def test_spread_in_score_mode_speaks_of_scores():
    ballots = {(1, "city"): ballot({"1": 9, "2": 3, "4b": 5}), (2, "city"): ballot({"1": 2, "2": 3, "4b": 5})}
    assert spread(run(ballots, scoring=SCORE))["text"] == (
        "The tables scoring the same criterion differed most, by a score of 7, over 1 on City:local (from 2 to 9).")
