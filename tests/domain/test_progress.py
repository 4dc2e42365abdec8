"""Where a table is with a criterion: every state, from its draft, its latest ballot and the voting state."""
import pytest

from facilitation.domain.progress import STATES, Status, checked, closed_note, is_blank, shape, status, summary, words

ALLOCATE = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
SCORE = {"mode": "score", "budget": 10, "rank_first": False, "allow_rule_out": True}
SHORTLIST = ["1", "2", "3a", "3b"]
EARLY, LATE = "2024-06-12T10:00:00.000+00:00", "2024-06-12T10:05:00.000+00:00"


def draft(points, ranking=("1", "2", "3a", "3b"), ruled_out=(), at=LATE):
    """A shared draft as store.drafts returns it."""
    return {"ranking": list(ranking), "points": dict(points), "ruled_out": list(ruled_out),
            "updated_at": at, "updated_by": "phone-1"}


def ballot(points, version=1, ranking=("1", "2", "3a", "3b"), ruled_out=(), at=EARLY):
    """A stored ballot as store.current_ballots returns it."""
    return {"version": version, "ranking": list(ranking), "points": dict(points), "ruled_out": list(ruled_out),
            "submitted_at": at}


TEN = {"1": 4, "2": 3, "3a": 2, "3b": 1}
SEVEN = {"1": 4, "2": 3, "3a": 0, "3b": 0}
OTHER_TEN = {"1": 1, "2": 2, "3a": 3, "3b": 4}
BLANK = {"1": 0, "2": 0, "3a": 0, "3b": 0}

CASES = [
    # (what, draft, ballot, voting, expected Status)
    ("nothing yet", None, None, "open", Status("not_started", 0, "")),
    ("voting not opened", None, None, "waiting", Status("not_started", 0, "")),
    ("a draft with nothing in it", draft(BLANK), None, "open", Status("not_started", 0, "")),
    ("a draft that does not add up", draft(SEVEN), None, "open", Status("drafting", 0, "drafting")),
    ("only the order changed", draft(BLANK, ranking=("2", "1", "3a", "3b")), None, "open",
     Status("drafting", 0, "drafting")),
    ("a draft with a number still missing", draft({**TEN, "3b": None}), None, "open",
     Status("drafting", 0, "drafting")),
    ("a draft that adds up", draft(TEN), None, "open", Status("draft_complete", 0, "complete")),
    ("adds up with one ruled out", draft({"1": 5, "2": 5, "3a": 0}, ranking=("1", "2", "3a"), ruled_out=("3b",)),
     None, "open", Status("draft_complete", 0, "complete")),
    ("submitted", draft(TEN, at=EARLY), ballot(TEN, at=LATE), "open", Status("submitted", 1, "")),
    ("submitted, no draft (through the API)", None, ballot(TEN, version=2), "open", Status("submitted", 2, "")),
    ("draft sent again after submitting", draft(TEN, at=LATE), ballot(TEN, at=EARLY), "open",
     Status("submitted", 1, "")),
    ("an older draft than the ballot", draft(OTHER_TEN, at=EARLY), ballot(TEN, at=LATE), "open",
     Status("submitted", 1, "")),
    ("changed after submitting, adds up", draft(OTHER_TEN), ballot(TEN), "open",
     Status("draft_complete", 1, "complete")),
    ("changed after submitting, not adding up", draft(SEVEN), ballot(TEN), "open", Status("drafting", 1, "drafting")),
    ("closed, nothing in", None, None, "closed", Status("closed", 0, "")),
    ("closed, submitted", draft(TEN, at=EARLY), ballot(TEN, at=LATE), "closed", Status("closed", 1, "")),
    ("closed on a complete draft", draft(TEN), None, "closed", Status("closed", 0, "complete")),
    ("closed on an unfinished draft", draft(SEVEN), None, "closed", Status("closed", 0, "drafting")),
    ("closed on changes after a ballot", draft(OTHER_TEN), ballot(TEN), "closed", Status("closed", 1, "complete")),
]


@pytest.mark.parametrize("what, the_draft, the_ballot, voting, expected", CASES, ids=[c[0] for c in CASES])
def test_status(what, the_draft, the_ballot, voting, expected):
    assert status(the_draft, the_ballot, voting, ALLOCATE, SHORTLIST) == expected


def test_the_cases_cover_every_state():
    assert {case[4].state for case in CASES} == set(STATES)


WORDS = [
    (Status("not_started"), "Not started", "○"),
    (Status("drafting", 0, "drafting"), "Drafting", "✎"),
    (Status("drafting", 2, "drafting"), "Drafting changes (v2 counts)", "✎"),
    (Status("draft_complete", 0, "complete"), "Draft complete, not submitted", "⚠"),
    (Status("draft_complete", 1, "complete"), "Changes not submitted (v1 counts)", "⚠"),
    (Status("submitted", 3), "Submitted (version 3)", "✓"),
    (Status("closed", 0, "complete"), "Closed — draft not submitted", "⚠"),
    (Status("closed", 0, "drafting"), "Closed — draft not submitted", "⚠"),
    (Status("closed", 1, "complete"), "Closed — draft not submitted (v1 counts)", "⚠"),
    (Status("closed", 2), "Closed — submitted (version 2)", "✓"),
    (Status("closed"), "Closed — nothing submitted", "—"),
]


@pytest.mark.parametrize("the_status, text, symbol", WORDS, ids=[w[1] for w in WORDS])
def test_words_and_shape(the_status, text, symbol):
    assert words(the_status) == text
    assert shape(the_status) == symbol


SCORE_CASES = [
    ("nothing typed", draft({"1": None, "2": None, "3a": None, "3b": None}), Status("not_started", 0, "")),
    ("a score of 0 is something", draft({"1": 0, "2": None, "3a": None, "3b": None}), Status("drafting", 0, "drafting")),
    ("every option scored, order ignored", draft({"1": 0, "2": 10, "3a": 5, "3b": 5}, ranking=("3b", "1", "2", "3a")),
     Status("draft_complete", 0, "complete")),
]


@pytest.mark.parametrize("what, the_draft, expected", SCORE_CASES, ids=[c[0] for c in SCORE_CASES])
def test_status_in_score_mode(what, the_draft, expected):
    assert status(the_draft, None, "open", SCORE, SHORTLIST) == expected


def test_a_complete_draft_in_score_mode_matches_its_ballot_whatever_the_order():
    scores = {"1": 0, "2": 10, "3a": 5, "3b": 5}
    the_ballot = ballot(scores, ranking=())
    assert status(draft(scores, ranking=("3b", "1", "2", "3a")), the_ballot, "open", SCORE, SHORTLIST) == Status(
        "submitted", 1, "")


def test_adding_up_is_the_ballot_rules():
    assert checked(draft(TEN), ALLOCATE, SHORTLIST) == {"ranking": ["1", "2", "3a", "3b"], "points": TEN, "ruled_out": []}
    assert checked(draft({**TEN, "1": 5}), ALLOCATE, SHORTLIST) is None             # 11 points
    assert checked(draft(TEN, ranking=("1", "2", "3a")), ALLOCATE, SHORTLIST) is None  # 3b not ranked
    assert checked(draft({"1": 10, "2": 0, "3a": 0, "3b": 0}, ruled_out=("1",)), ALLOCATE, SHORTLIST) is None
    assert checked(draft(TEN, ruled_out=("3b",)), {**ALLOCATE, "allow_rule_out": False}, SHORTLIST) is None


def test_blank_drafts():
    assert is_blank(None, ALLOCATE, SHORTLIST)
    assert is_blank(draft(BLANK), ALLOCATE, SHORTLIST)
    assert is_blank(draft(BLANK, ranking=()), ALLOCATE, SHORTLIST)
    assert not is_blank(draft(BLANK, ruled_out=("1",)), ALLOCATE, SHORTLIST)
    assert not is_blank(draft(SEVEN), ALLOCATE, SHORTLIST)


@pytest.mark.parametrize("the_draft, scoring, text", [
    (draft(TEN), ALLOCATE, "10 of 10 points"),
    (draft(SEVEN), ALLOCATE, "7 of 10 points"),
    (draft({**SEVEN, "3a": None}), ALLOCATE, "7 of 10 points"),
    (draft({"1": 6, "2": 4, "3a": 0}, ruled_out=("3b",)), ALLOCATE, "10 of 10 points, 1 ruled out"),
    (draft({"1": 3, "2": None, "3a": 0}, ruled_out=("3b",)), SCORE, "scores for 2 of 3 options, 1 ruled out"),
    (None, ALLOCATE, "0 of 10 points"),
])
def test_summary(the_draft, scoring, text):
    assert summary(the_draft, scoring, SHORTLIST) == text


def test_what_the_phone_says_when_voting_closed_on_its_unsent_draft():
    assert closed_note("Efficiency", Status("closed", 0, "complete"), "10 of 10 points") == (
        "Voting on Efficiency has closed. Your table's draft (10 of 10 points) was not submitted, so it is not "
        "counted. Ask the facilitator if you think it should be.")
    assert closed_note("Efficiency", Status("closed", 2, "drafting"), "7 of 10 points") == (
        "Voting on Efficiency has closed. Your table's latest changes (7 of 10 points) were not submitted, so "
        "version 2 is what counts. Ask the facilitator if you think the changes should count.")
    for nothing_lost in (Status("closed", 1), Status("closed"), Status("draft_complete", 0, "complete")):
        assert closed_note("Efficiency", nothing_lost, "10 of 10 points") == ""
