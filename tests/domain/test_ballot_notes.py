"""A table's discussion notes in its ballot: cleaned as typed text is, several lines kept, refused plainly when too long
or not text; and the words a closed event uses."""
from datetime import datetime, timezone

import pytest

from facilitation.domain.ballot import NOTES_LIMIT, BallotError, check_ballot
from facilitation.domain.closing import closed_at_text, closed_message

SCORING = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
BASE = {"criterion": "health", "ranking": ["1", "2"], "points": {"1": 6, "2": 4}, "ruled_out": [], "base_version": 0,
        "submission_id": "sub-0001"}


def check(**fields):
    """check_ballot on the base submission with these fields."""
    return check_ballot({**BASE, **fields}, scoring=SCORING, shortlist=["1", "2"])


@pytest.mark.parametrize("typed, kept", [
    ("", ""),
    (None, ""),
    ("  Best for efficiency.  ", "Best for efficiency."),
    ("Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
    ("Tabs\tbecome spaces", "Tabs become spaces"),
    ("Bell\x07 and null\x00 gone", "Bell and null gone"),
    ("=SUM(A1:A9) stays text here", "=SUM(A1:A9) stays text here"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("x" * NOTES_LIMIT, "x" * NOTES_LIMIT),
    (" " * 5 + "y" * NOTES_LIMIT + " " * 5, "y" * NOTES_LIMIT),
])
def test_notes_are_cleaned_and_kept_with_their_line_breaks(typed, kept):
    assert check(notes=typed).notes == kept


def test_a_ballot_without_notes_has_empty_notes():
    assert check().notes == ""


@pytest.mark.parametrize("typed, words", [
    ("z" * (NOTES_LIMIT + 1), f"are too long: at most {NOTES_LIMIT} characters (these have {NOTES_LIMIT + 1})"),
    (42, "must be text"),
    (["a", "b"], "must be text"),
    ({"text": "a"}, "must be text"),
    (True, "must be text"),
])
def test_notes_too_long_or_not_text_are_refused_at_their_field(typed, words):
    with pytest.raises(BallotError) as raised:
        check(notes=typed)
    [problem] = raised.value.problems
    assert problem.field == "notes" and words in problem.message


def test_notes_are_reported_with_every_other_problem():
    with pytest.raises(BallotError) as raised:
        check(notes=7, points={"1": 9, "2": 4})
    assert {p.field for p in raised.value.problems} == {"notes", "points"}


@pytest.mark.parametrize("at", ["2009-12-09T17:05:00+00:00", "2026-06-30T23:59:59.123+00:00"])
def test_the_closed_words_name_the_moment_on_this_servers_clock_and_who_can_reopen(at):
    moment = datetime.fromisoformat(at).astimezone()
    when = f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"
    assert closed_at_text({"at": at, "by": "facilitator"}) == f"Closed at {when}"
    message = closed_message({"at": at, "by": "facilitator"})
    assert message.startswith(f"This event was closed at {when}, so nothing more can be sent")
    assert message.endswith("Only the facilitator can reopen it, from the control room.")


def test_the_seed_days_close_reads_as_people_say_it():
    at = datetime(2009, 12, 9, 17, 5, tzinfo=timezone.utc).astimezone().replace(hour=17, minute=5)
    assert closed_at_text({"at": at.isoformat(), "by": "facilitator"}) == "Closed at 17:05 on 9 December 2009"
