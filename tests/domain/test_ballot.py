"""Table ballots: every rule refuses a submission with a plain message at its field; canonical form; warnings."""
import copy
import json

import pytest

from facilitation.domain.ballot import (
    MAX_BALLOT_BYTES,
    Ballot,
    BallotError,
    BallotProblem,
    check_ballot,
    check_draft,
    contradictions,
    is_stale,
    voting_refusal,
)

SCORING = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
SHORTLIST = ["1", "2", "3a", "3b"]
EXCLUDED = ["5a"]

# A valid submission, which each case below changes in one place.
BASE = {
    "criterion": "health",
    "ranking": ["1", "2", "3a", "3b"],
    "points": {"1": 4, "2": 3, "3a": 2, "3b": 1},
    "ruled_out": [],
    "base_version": 0,
    "submission_id": "sub-0001",
    "device_id": "phone-1",
}
DROP = object()
SCORE_MODE = {"mode": "score"}
NO_RANKING = {"rank_first": False}
NO_RULE_OUT = {"allow_rule_out": False}


def submission(**changes):
    """BASE with some top-level fields replaced (or removed when the value is DROP)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is DROP:
            del data[key]
        else:
            data[key] = copy.deepcopy(value)
    return data


def check(data, scoring=None):
    """check_ballot with the base event's settings, some of them changed."""
    return check_ballot(
        data, scoring={**SCORING, **(scoring or {})}, shortlist=list(SHORTLIST), excluded=list(EXCLUDED),
    )


def problems_of(data, scoring=None):
    """The problems check_ballot lists for a submission."""
    with pytest.raises(BallotError) as raised:
        check(data, scoring)
    return raised.value.problems


def assert_plain(message):
    """A message a table can read: no Python reprs or tracebacks."""
    assert message and message == message.strip()
    for jargon in ("None", "True", "False", "Traceback", "<", "{", "[", "\\n", "TypeError", "KeyError"):
        assert jargon not in message, (jargon, message)


def test_the_base_submission_is_valid():
    assert check(submission()) == Ballot(
        criterion="health",
        ranking=["1", "2", "3a", "3b"],
        points={"1": 4, "2": 3, "3a": 2, "3b": 1},
        ruled_out=[],
        base_version=0,
        submission_id="sub-0001",
        device_id="phone-1",
        warnings=[],
    )


def test_checking_does_not_change_the_submission():
    data = submission(points={"3b": 0, "1": 10}, ruled_out=["3b"], ranking=["1", "2", "3a"])
    before = copy.deepcopy(data)
    check(data)
    assert data == before


# --- valid ballots and their canonical form ---------------------------------------------------------------------


def valid(name, changes, scoring=None, *, points, ranking=("1", "2", "3a", "3b"), ruled_out=()):
    """A row: a change to BASE that is accepted, and the canonical points, ranking and ruled_out it gives."""
    return pytest.param(changes, scoring, points, list(ranking), list(ruled_out), id=name)


VALID = [
    valid("all 10 points to one option",
          {"points": {"1": 10, "2": 0, "3a": 0, "3b": 0}}, points={"1": 10, "2": 0, "3a": 0, "3b": 0}),
    valid("all 10 points to the last-ranked option (a warning, not a refusal)",
          {"points": {"1": 0, "2": 0, "3a": 0, "3b": 10}}, points={"1": 0, "2": 0, "3a": 0, "3b": 10}),
    valid("zeros are allowed",
          {"points": {"1": 5, "2": 5, "3a": 0, "3b": 0}}, points={"1": 5, "2": 5, "3a": 0, "3b": 0}),
    valid("missing points count as 0 in allocate mode",
          {"points": {"1": 10}}, points={"1": 10, "2": 0, "3a": 0, "3b": 0}),
    valid("points come back in short-list order",
          {"points": {"3b": 1, "3a": 2, "2": 3, "1": 4}}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("the ranking keeps the table's order",
          {"ranking": ["3b", "3a", "2", "1"], "points": {"1": 1, "2": 2, "3a": 3, "3b": 4}},
          points={"1": 1, "2": 2, "3a": 3, "3b": 4}, ranking=["3b", "3a", "2", "1"]),
    valid("ruling out one option: it leaves the ranking and gets no points",
          {"ruled_out": ["3b"], "ranking": ["1", "2", "3a"], "points": {"1": 5, "2": 3, "3a": 2}},
          points={"1": 5, "2": 3, "3a": 2}, ranking=["1", "2", "3a"], ruled_out=["3b"]),
    valid("a ruled-out option may be given an explicit 0, which is dropped",
          {"ruled_out": ["3b"], "ranking": ["1", "2", "3a"], "points": {"1": 5, "2": 3, "3a": 2, "3b": 0}},
          points={"1": 5, "2": 3, "3a": 2}, ranking=["1", "2", "3a"], ruled_out=["3b"]),
    valid("ruled_out comes back in short-list order",
          {"ruled_out": ["3b", "2"], "ranking": ["3a", "1"], "points": {"3a": 6, "1": 4}},
          points={"1": 4, "3a": 6}, ranking=["3a", "1"], ruled_out=["2", "3b"]),
    valid("all but one option ruled out",
          {"ruled_out": ["1", "2", "3a"], "ranking": ["3b"], "points": {"3b": 10}},
          points={"3b": 10}, ranking=["3b"], ruled_out=["1", "2", "3a"]),
    valid("a budget other than 10",
          {"points": {"1": 60, "2": 40, "3a": 0, "3b": 0}}, {"budget": 100},
          points={"1": 60, "2": 40, "3a": 0, "3b": 0}),
    valid("a budget of 1",
          {"points": {"2": 1}, "ranking": ["2", "1", "3a", "3b"]}, {"budget": 1},
          points={"1": 0, "2": 1, "3a": 0, "3b": 0}, ranking=["2", "1", "3a", "3b"]),
    valid("no ranking when the event does not rank first",
          {"ranking": []}, NO_RANKING, points={"1": 4, "2": 3, "3a": 2, "3b": 1}, ranking=[]),
    valid("no ranking field at all when the event does not rank first",
          {"ranking": DROP}, NO_RANKING, points={"1": 4, "2": 3, "3a": 2, "3b": 1}, ranking=[]),
    valid("a full ranking is still accepted when the event does not rank first",
          {}, NO_RANKING, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("score mode: each option 0 to 10, no total to reach",
          {"points": {"1": 10, "2": 10, "3a": 0, "3b": 7}}, SCORE_MODE, points={"1": 10, "2": 10, "3a": 0, "3b": 7}),
    valid("score mode: a total under 10",
          {"points": {"1": 1, "2": 0, "3a": 0, "3b": 0}}, SCORE_MODE, points={"1": 1, "2": 0, "3a": 0, "3b": 0}),
    valid("score mode: a ruled-out option needs no score",
          {"ruled_out": ["1"], "ranking": ["2", "3a", "3b"], "points": {"2": 9, "3a": 8, "3b": 7}}, SCORE_MODE,
          points={"2": 9, "3a": 8, "3b": 7}, ranking=["2", "3a", "3b"], ruled_out=["1"]),
    valid("no ruled_out field at all", {"ruled_out": DROP}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("an empty ruled_out when the event does not allow ruling out",
          {}, NO_RULE_OUT, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("the socket's join_token field is allowed",
          {"join_token": "abc"}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("base_version of a later ballot",
          {"base_version": 7}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("submission_id of 64 characters", {"submission_id": "a" * 64}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    valid("submission_id of 8 characters", {"submission_id": "A_b-9876"}, points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
]


@pytest.mark.parametrize("changes, scoring, points, ranking, ruled_out", VALID)
def test_a_valid_ballot_comes_back_in_canonical_form(changes, scoring, points, ranking, ruled_out):
    ballot = check(submission(**changes), scoring)
    assert ballot.points == points
    assert list(ballot.points) == [code for code in SHORTLIST if code in points]  # short-list order
    assert ballot.ranking == ranking
    assert ballot.ruled_out == ruled_out
    assert not set(ballot.ruled_out) & set(ballot.points) and not set(ballot.ruled_out) & set(ballot.ranking)


def test_the_device_id_is_optional_and_comes_back_empty():
    ballot = check(submission(device_id=DROP))
    assert ballot.device_id == ""
    assert ballot.submission_id == "sub-0001" and ballot.base_version == 0 and ballot.criterion == "health"


# --- refusals --------------------------------------------------------------------------------------------------


def refused(field, words, scoring=None, marks=(), **changes):
    """A row: a change to BASE (and maybe to the event's settings) that is refused with one problem at field."""
    return pytest.param(field, words, changes, scoring, id=f"{field}: {words}", marks=marks)


RULES = [
    # Allocation: the row adds up to the budget
    refused("points", "the points add up to 11; they must add up to exactly 10",
            points={"1": 5, "2": 3, "3a": 2, "3b": 1}),
    refused("points", "the points add up to 9; they must add up to exactly 10",
            points={"1": 4, "2": 3, "3a": 2, "3b": 0}),
    refused("points", "the points add up to 9; they must add up to exactly 10", points={"1": 9}),
    refused("points", "the points add up to 0; they must add up to exactly 10", points={}),
    refused("points", "the points add up to 0; they must add up to exactly 10", points=DROP),
    refused("points", "the points add up to 10; they must add up to exactly 100", {"budget": 100}),
    refused("points", "the points add up to 9; they must add up to exactly 10",
            ruled_out=["3b"], ranking=["1", "2", "3a"], points={"1": 4, "2": 3, "3a": 2, "3b": 0}),
    # Allocation: whole numbers from 0 to the budget
    refused("points.3b", "cannot be negative", points={"1": 6, "2": 3, "3a": 2, "3b": -1}),
    refused("points.3a", "must be a whole number", points={"1": 4, "2": 3, "3a": 2.5, "3b": 1}),
    refused("points.3a", "must be a whole number", points={"1": 4, "2": 3, "3a": 2.0, "3b": 1}),
    refused("points.3b", "must be a whole number", points={"1": 4, "2": 3, "3a": 2, "3b": True}),
    refused("points.3b", "must be a whole number", points={"1": 4, "2": 3, "3a": 3, "3b": False}),
    refused("points.3a", "must be a whole number", points={"1": 4, "2": 3, "3a": "2", "3b": 1}),
    refused("points.3a", "must be a whole number", points={"1": 4, "2": 3, "3a": None, "3b": 1}),
    refused("points.1", "cannot be more than 10", points={"1": 11, "2": 0, "3a": 0, "3b": 0}),
    refused("points", "must map option codes to whole numbers", points=[4, 3, 2, 1]),
    refused("points", "must map option codes to whole numbers", points="1=4"),
    # Only the event's short-listed options
    refused("points.9", '"9" is not an option in this event', points={**BASE["points"], "9": 0}),
    refused("points.5a", '"5a" is not on the short list', points={**BASE["points"], "5a": 0}),
    refused("ranking[4]", '"9" is not an option in this event', ranking=[*BASE["ranking"], "9"]),
    refused("ranking[4]", '"5a" is not on the short list', ranking=[*BASE["ranking"], "5a"]),
    refused("ranking[4]", "must be an option code", ranking=[*BASE["ranking"], 1]),
    refused("ranking[4]", "must be an option code", ranking=[*BASE["ranking"], None]),
    refused("ranking[4]", "must be an option code", ranking=[*BASE["ranking"], ["1"]]),
    refused("ruled_out[0]", '"9" is not an option in this event', ruled_out=["9"]),
    refused("ruled_out[0]", '"5a" is not on the short list', ruled_out=["5a"]),
    refused("ruled_out[0]", "must be an option code", ruled_out=[3]),
    refused("ruled_out[0]", "must be an option code", ruled_out=[{"code": "3b"}]),
    # Ranking: every option still in, exactly once
    refused("ranking[2]", '"2" is ranked twice', ranking=["1", "2", "2", "3a", "3b"]),
    refused("ranking", 'rank every option that is not ruled out; missing: "3b"', ranking=["1", "2", "3a"]),
    refused("ranking", 'missing: "1", "2", "3a", "3b"', ranking=[]),
    refused("ranking", 'missing: "1", "2", "3a", "3b"', ranking=DROP),
    refused("ranking", 'missing: "3a"', NO_RANKING, ranking=["1", "2", "3b"]),
    refused("ranking", "must be a list of option codes, best first", ranking="1, 2, 3a, 3b"),
    refused("ranking", "must be a list of option codes, best first", NO_RANKING, ranking={"1": 1}),
    # Ruled out (X)
    refused("ranking[3]", '"3b" is ruled out, so it is not ranked',
            ruled_out=["3b"], points={"1": 4, "2": 3, "3a": 3}),
    refused("points.3b", '"3b" is ruled out, so it gets no points',
            ruled_out=["3b"], ranking=["1", "2", "3a"], points={"1": 4, "2": 3, "3a": 3, "3b": 1}),
    refused("points.3b", '"3b" is ruled out, so it gets no points', SCORE_MODE,
            ruled_out=["3b"], ranking=["1", "2", "3a"], points={"1": 4, "2": 3, "3a": 2, "3b": 1}),
    refused("ruled_out", "at least one option must stay in",
            ruled_out=["3b", "3a", "2", "1"], ranking=[], points={}),
    refused("ruled_out[1]", '"3b" is ruled out twice',
            ruled_out=["3b", "3b"], ranking=["1", "2", "3a"], points={"1": 4, "2": 3, "3a": 3}),
    refused("ruled_out", "this event does not let tables rule options out", NO_RULE_OUT, ruled_out=["3b"]),
    refused("ruled_out", "must be a list of option codes", ruled_out="3b"),
    # Score mode
    refused("points.1", "cannot be more than 10", SCORE_MODE, points={"1": 11, "2": 5, "3a": 5, "3b": 5}),
    refused("points.1", "cannot be negative", SCORE_MODE, points={"1": -1, "2": 5, "3a": 5, "3b": 5}),
    refused("points.3b", "give 3b a score from 0 to 10", SCORE_MODE, points={"1": 5, "2": 5, "3a": 5}),
    refused("points.2", "must be a whole number", SCORE_MODE, points={"1": 5, "2": 5.0, "3a": 5, "3b": 5}),
    # The submission's own fields
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="short"),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="a" * 65),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="sub 0001"),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="sub/0001.x"),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="sübmission"),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id=12345678),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id=DROP),
    refused("submission_id", "must be 8 to 64 letters, digits", submission_id="sub-0001\n"),
    refused("base_version", "0 if none", base_version=-1),
    refused("base_version", "0 if none", base_version="1"),
    refused("base_version", "0 if none", base_version=1.0),
    refused("base_version", "0 if none", base_version=True),
    refused("base_version", "0 if none", base_version=None),
    refused("base_version", "0 if none", base_version=DROP),
    refused("device_id", "must be up to 64 letters, digits", device_id="phone 1"),
    refused("device_id", "must be up to 64 letters, digits", device_id="p" * 65),
    refused("device_id", "must be up to 64 letters, digits", device_id=7),
    refused("device_id", "must be up to 64 letters, digits", device_id="phone-1\n"),
    refused("criterion", "say which criterion this ballot is for", criterion=DROP),
    refused("criterion", "say which criterion this ballot is for", criterion=""),
    refused("criterion", "say which criterion this ballot is for", criterion=7),
    refused("colour", "unknown field", colour="blue"),
    refused("version", "unknown field", version=1),
]


@pytest.mark.parametrize("field, words, changes, scoring", RULES)
def test_each_rule_refuses_the_ballot_with_a_plain_message_at_its_field(field, words, changes, scoring):
    problems = problems_of(submission(**changes), scoring)
    assert [problem.field for problem in problems] == [field], problems
    assert words in problems[0].message
    assert_plain(problems[0].message)


@pytest.mark.parametrize("data", ["a ballot", [BASE], None, 1, True, b"{}"], ids=repr)
def test_something_other_than_an_object_is_one_problem_for_the_whole_ballot(data):
    problems = problems_of(data)
    assert problems == [BallotProblem("", "a ballot must be an object with named fields")]
    assert str(BallotError(problems)) == "a ballot must be an object with named fields"


def test_several_problems_at_once_are_all_listed():
    data = submission(
        colour="blue",
        criterion="",
        submission_id="x",
        base_version=-3,
        ruled_out=["9", "3b"],
        points={"1": 2.5, "2": 3, "3b": 4, "5a": 1},
        ranking=["1", "1", "3b"],
    )
    problems = problems_of(data)
    assert [problem.field for problem in problems] == [
        "colour",
        "criterion",
        "submission_id",
        "base_version",
        "ruled_out[0]",
        "points.1",
        "points.3b",
        "points.5a",
        "ranking[1]",
        "ranking[2]",
        "ranking",
    ]
    for problem in problems:
        assert_plain(problem.message)
    assert problems[-1].message == 'rank every option that is not ruled out; missing: "2", "3a"'


def test_score_mode_lists_every_option_left_without_a_score():
    problems = problems_of(submission(points={"2": 4}), SCORE_MODE)
    assert [str(problem) for problem in problems] == [
        "points.1: give 1 a score from 0 to 10",
        "points.3a: give 3a a score from 0 to 10",
        "points.3b: give 3b a score from 0 to 10",
    ]


def test_the_error_message_has_one_problem_per_line():
    with pytest.raises(BallotError) as raised:
        check(submission(colour="blue", points={"1": 9}))
    assert str(raised.value) == "colour: unknown field\npoints: the points add up to 9; they must add up to exactly 10"
    assert isinstance(raised.value, ValueError)


def test_a_ballot_for_a_dozen_options_is_far_under_the_size_limit():
    codes = [f"opt{n:02}" for n in range(12)]
    data = {
        **BASE, "ranking": codes, "points": {code: 0 for code in codes}, "ruled_out": [],
        "submission_id": "s" * 64, "device_id": "d" * 64, "join_token": "t" * 43,
    }
    assert MAX_BALLOT_BYTES == 16 * 1024
    assert len(json.dumps(data).encode()) < MAX_BALLOT_BYTES // 8


# --- warnings --------------------------------------------------------------------------------------------------

WARNINGS = [
    pytest.param({"1": 3, "2": 4, "3a": 2, "3b": 1}, ['"2" is ranked below "1" but has more points (4)'],
                 id="second has more than first"),
    pytest.param({"1": 0, "2": 0, "3a": 0, "3b": 10}, ['"3b" is ranked below "1", "2", "3a" but has more points (10)'],
                 id="all points to the last"),
    pytest.param({"1": 1, "2": 2, "3a": 3, "3b": 4}, [
        '"2" is ranked below "1" but has more points (2)',
        '"3a" is ranked below "1", "2" but has more points (3)',
        '"3b" is ranked below "1", "2", "3a" but has more points (4)',
    ], id="points in reverse order"),
    pytest.param({"1": 4, "2": 0, "3a": 6}, ['"3a" is ranked below "1", "2" but has more points (6)'],
                 id="a missing point counts as 0"),
]


@pytest.mark.parametrize("points, warnings", WARNINGS)
def test_points_that_contradict_the_ranking_are_accepted_with_a_warning_naming_both_options(points, warnings):
    ballot = check(submission(points=points))
    assert ballot.warnings == warnings
    assert ballot.points == {code: points.get(code, 0) for code in SHORTLIST}


def test_a_contradiction_in_score_mode_is_also_only_a_warning():
    ballot = check(submission(points={"1": 2, "2": 9, "3a": 0, "3b": 0}), SCORE_MODE)
    assert ballot.warnings == ['"2" is ranked below "1" but has more points (9)']


@pytest.mark.parametrize("points", [
    {"1": 4, "2": 3, "3a": 2, "3b": 1},
    {"1": 10},
    {"1": 4, "2": 4, "3a": 1, "3b": 1},
    {"1": 3, "2": 3, "3a": 2, "3b": 2},
], ids=["falling", "all to the first", "ties", "two ties"])
def test_points_that_follow_the_ranking_give_no_warning(points):
    assert check(submission(points=points)).warnings == []


def test_no_ranking_means_no_warnings():
    assert check(submission(ranking=[], points={"3b": 10}), NO_RANKING).warnings == []


@pytest.mark.parametrize("ranking, points, warnings", [
    ([], {"A": 5}, []),
    (["A"], {"A": 5}, []),
    (["A", "B"], {"A": 5, "B": 5}, []),
    (["A", "B"], {"A": 4, "B": 6}, ['"B" is ranked below "A" but has more points (6)']),
    (["A", "B", "C"], {"A": 5, "C": 5}, ['"C" is ranked below "B" but has more points (5)']),
])
def test_contradictions(ranking, points, warnings):
    assert contradictions(ranking, points) == warnings


# --- when a table may submit, and stale ballots -----------------------------------------------------------------


@pytest.mark.parametrize("criterion, assigned, voting, refusal", [
    ("wealth", ["health", "value"], "open", 'this table does not score the criterion "wealth"'),
    ("wealth", ["health", "value"], "closed", 'this table does not score the criterion "wealth"'),
    ("health", [], "open", 'this table does not score the criterion "health"'),
    ("health", ["health", "value"], "waiting", "voting on this criterion has not opened yet"),
    ("health", ["health", "value"], "closed", "voting on this criterion has closed"),
    ("health", ["health", "value"], "open", None),
    ("value", ["health", "value"], "open", None),
], ids=["unassigned", "unassigned and closed", "no criteria assigned", "waiting", "closed", "open", "open (second)"])
def test_voting_refusal(criterion, assigned, voting, refusal):
    assert voting_refusal(criterion, assigned, voting) == refusal


@pytest.mark.parametrize("base_version, current_version, stale", [
    (0, 0, False),
    (3, 3, False),
    (0, 1, True),
    (2, 3, True),
    (4, 3, True),  # based on a version the table never had: refused too, with the current ballot shown
], ids=["no ballot yet", "equal", "older (first ballot)", "older", "newer"])
def test_is_stale(base_version, current_version, stale):
    assert is_stale(base_version, current_version) is stale


# --- drafts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("draft, content", [
    ({}, {"ranking": [], "points": {}, "ruled_out": []}),
    ({"ranking": ["2"]}, {"ranking": ["2"], "points": {}, "ruled_out": []}),
    ({"points": {"1": 3}}, {"ranking": [], "points": {"1": 3}, "ruled_out": []}),
    ({"points": {"1": None, "2": 7}}, {"ranking": [], "points": {"1": None, "2": 7}, "ruled_out": []}),
    ({"ruled_out": ["3b"], "ranking": ["1", "3a"]}, {"ranking": ["1", "3a"], "points": {}, "ruled_out": ["3b"]}),
    ({"ranking": ["1", "2", "3a", "3b"], "points": {"1": 4, "2": 3, "3a": 2, "3b": 1}, "ruled_out": []},
     {"ranking": ["1", "2", "3a", "3b"], "points": {"1": 4, "2": 3, "3a": 2, "3b": 1}, "ruled_out": []}),
    ({"points": {"1": 11, "2": 5}}, {"ranking": [], "points": {"1": 11, "2": 5}, "ruled_out": []}),
], ids=["empty", "part of a ranking", "one point", "a cleared number", "ruled out", "complete", "over the budget"])
def test_check_draft_accepts_work_in_progress(draft, content):
    assert check_draft(draft, SHORTLIST) == content


@pytest.mark.parametrize("draft, field", [
    (None, "draft"),
    ([], "draft"),
    ("1,2,3a", "draft"),
    ({"updated_at": "2025-03-14T10:00:00Z"}, "draft.updated_at"),
    ({"criterion": "health"}, "draft.criterion"),
    ({"ranking": "1,2"}, "draft.ranking"),
    ({"ranking": ["5a"]}, "draft.ranking"),
    ({"ranking": ["9"]}, "draft.ranking"),
    ({"ranking": [1]}, "draft.ranking"),
    ({"ranking": [["1"]]}, "draft.ranking"),
    ({"ruled_out": ["5a"]}, "draft.ruled_out"),
    ({"ruled_out": "3b"}, "draft.ruled_out"),
    ({"points": [4, 3]}, "draft.points"),
    ({"points": {"5a": 1}}, "draft.points"),
    ({"points": {"1": 2.5}}, "draft.points"),
    ({"points": {"1": 2.0}}, "draft.points"),
    ({"points": {"1": True}}, "draft.points"),
    ({"points": {"1": "4"}}, "draft.points"),
], ids=repr)
def test_check_draft_refuses_junk_shapes(draft, field):
    with pytest.raises(BallotError) as raised:
        check_draft(draft, SHORTLIST)
    assert [problem.field for problem in raised.value.problems] == [field]
    assert_plain(raised.value.problems[0].message)


def test_check_draft_lists_every_problem():
    with pytest.raises(BallotError) as raised:
        check_draft({"ranking": ["9"], "points": {"1": 0.5}, "ruled_out": "x", "note": ""}, SHORTLIST)
    assert [problem.field for problem in raised.value.problems] == [
        "draft.note", "draft.ranking", "draft.ruled_out", "draft.points",
    ]
