"""The report's sentences: the strongest option, which option was rated highest, dates."""
from datetime import datetime, timezone

import pytest

from facilitation.domain.scoring import basis, other_rule
from facilitation.domain.report import and_list, highest_sentence, long_date, long_moment, strongest_sentence

TITLES = {"3a": "Three-to-two, combined management", "3b": "Three-to-two, full merger", "4b": "Three-to-one, full merger"}
ORDER = ["3a", "3b", "4b"]


def row(table, highest, submitted=True):
    """A matrix row with only what the sentences read."""
    return {"table": table, "submitted": submitted, "highest": highest}


RAW = basis("raw", "points", {"a": 3})
WEIGHTED = basis("weighted", "points", {"a": 3})


def results(strongest, totals, matrix, mode="allocate", rule="raw", weights=(1,), other=None, others=None):
    """Results with only what the strongest sentence reads: scores by the rule, the other rule's beside them."""
    chosen = "mean_score" if mode == "score" else "points"
    others = others or totals
    return {"mode": mode, "strongest": strongest, "matrix": matrix, "basis": basis(rule, chosen, {"a": 1}),
            "criteria": [{"code": f"c{i}", "weight": w} for i, w in enumerate(weights)],
            "other": {**basis(other_rule(rule), chosen, {"a": 1}), "strongest": other if other is not None else strongest},
            "totals": [{"code": code, "total": total, "score": total, "other_score": others[code]}
                       for code, total in totals.items()]}


def test_the_strongest_option_with_how_many_tables_rated_it_highest():
    matrix = [row(1, ["4b"]), row(1, ["3a"]), row(2, ["3a", "4b"]), row(3, ["3b"]), row(4, [], submitted=False)]
    text = strongest_sentence(results(["4b"], {"4b": 123, "3a": 90, "3b": 40}, matrix), TITLES)
    assert text == ("Option 4b (Three-to-one, full merger) is the strongest by total points: 123 points, rated highest "
                    "by 2 of the 3 tables that scored, on at least one of their criteria.")


def test_a_tie_for_strongest_names_every_tied_option():
    text = strongest_sentence(results(["3b", "4b"], {"3b": 45, "4b": 45, "3a": 10}, []), TITLES)
    assert text == ("Options 3b (Three-to-two, full merger) and 4b (Three-to-one, full merger) tie as the strongest "
                    "by total points: 45 points each.")


def test_score_mode_says_what_its_total_is():
    text = strongest_sentence(results(["3a"], {"3a": 23.25}, [row(1, ["3a"])], mode="score"), TITLES)
    assert ("is the strongest by total of mean scores: 23.2 (its mean scores per criterion added up), rated highest "
            "by 1 of the 1 table") in text


@pytest.mark.parametrize("rule, other, others, expected", [
    ("weighted", ["4b"], {"3a": 15, "3b": 52, "4b": 133}, "Option 3b (Three-to-two, full merger) is the strongest by weighted "
     "points: 12 weighted points, rated highest by 1 of the 1 table that scored, on at least one of their criteria. "
     "By total points, with every criterion counting the same, 4b (Three-to-one, full merger) would be the strongest "
     "instead: 133 points."),
    ("weighted", ["3b"], {"3a": 15, "3b": 52, "4b": 133}, "By total points, with every criterion counting the same, the "
     "strongest option is the same."),
    ("raw", ["3a", "4b"], {"3a": 20, "3b": 12, "4b": 20}, "By weighted points, with each criterion counted by its "
     "weight, 3a (Three-to-two, combined management) and 4b (Three-to-one, full merger) would tie as the strongest "
     "instead: 20 weighted points each."),
])
def test_the_sentence_names_the_rule_and_what_the_other_rule_names(rule, other, others, expected):
    text = strongest_sentence(results(["3b"], {"3a": 5, "3b": 12, "4b": 9}, [row(1, ["3b"])], rule=rule, weights=(0, 1),
                                      other=other, others=others), TITLES)
    assert expected in text


def test_with_every_weight_1_the_other_rule_is_not_mentioned():
    text = strongest_sentence(results(["3b"], {"3b": 12, "4b": 9}, [row(1, ["3b"])], rule="weighted"), TITLES)
    assert "By total points" not in text and text.startswith("Option 3b (Three-to-two, full merger) is the strongest "
                                                              "by weighted points: 12 weighted points")


def test_no_ballots_no_strongest_option():
    assert strongest_sentence(results([], {"3a": 0}, []), TITLES) == "No ballots yet, so there is no strongest option."


@pytest.mark.parametrize("entry, voter, expected", [
    ({"tables": 3, "submitted": 3, "counts": {"3b": 2, "4b": 1}}, "table",
     "3b was rated highest by 2 of the 3 tables considering this criterion; then 4b by 1."),
    ({"tables": 3, "submitted": 3, "counts": {"3a": 1, "3b": 2, "4b": 2}}, "table",
     "3b and 4b were each rated highest by 2 of the 3 tables considering this criterion; then 3a by 1."),
    ({"tables": 3, "submitted": 2, "counts": {"4b": 2}}, "table",
     "4b was rated highest by 2 of the 3 tables considering this criterion (2 of 3 have scored it so far)."),
    ({"tables": 1, "submitted": 1, "counts": {"3a": 1}}, "table",
     "3a was rated highest by the only table considering this criterion."),
    ({"tables": 3, "submitted": 0, "counts": {}}, "table", "No ballots yet for this criterion (3 tables to score it)."),
    ({"tables": 2, "submitted": 2, "counts": {}}, "table", "No option was rated highest: every option was ruled out."),
    ({"tables": 0, "submitted": 0, "counts": {}}, "respondent", "No respondent has scored this criterion."),
    ({"tables": 5, "submitted": 5, "counts": {"3a": 4, "4b": 1}}, "respondent",
     "3a was rated highest by 4 of the 5 respondents considering this criterion; then 4b by 1."),
])
def test_which_option_was_rated_highest_in_words(entry, voter, expected):
    assert highest_sentence(entry, ORDER, voter) == expected


@pytest.mark.parametrize("words, expected", [(["3a"], "3a"), (["3a", "3b"], "3a and 3b"), (["1", "2", "3"], "1, 2 and 3")])
def test_and_list(words, expected):
    assert and_list(words) == expected


def test_dates_are_written_out():
    assert long_date("2024-06-12") == "12 June 2024" and long_date(None) == "No date set"
    assert long_moment(datetime(2025, 11, 20, 9, 5, tzinfo=timezone.utc)) == "20 November 2025 at 09:05 (UTC)"
