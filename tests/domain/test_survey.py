"""The survey's states, what the control room offers in each, and the rules for changing it."""
from datetime import datetime, timedelta, timezone

import pytest

from facilitation.domain.confidence import survey_status
from facilitation.domain.survey import (
    STATES, SurveyRefusal, change_survey, controls, read_closing_time, survey_state, write_closing_time,
)

NOW = datetime(2025, 3, 28, 12, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def when(moment):
    """A fixed, readable format for the tests."""
    return moment.strftime("%d %b %H:%M")


@pytest.mark.parametrize("closes, by_hand, about, state", [
    (NOW + HOUR, False, "B", "open"),
    (None, False, "B", "open"),
    (NOW, False, "B", "closed_by_time"),          # closing time reached: closed
    (NOW - HOUR, False, None, "closed_by_time"),
    (NOW + HOUR, True, "B", "closed_by_hand"),
    (NOW - HOUR, True, "B", "closed_by_hand"),     # closed by hand wins
    (None, False, None, "not_yet"),
])
def test_the_state_agrees_with_what_the_survey_link_does(closes, by_hand, about, state):
    assert survey_state(closes=closes, closed_by_hand=by_hand, about=about, now=NOW) == state
    stored = write_closing_time(closes)
    status, _ = survey_status(closes=stored, closed_by_hand=by_hand, about=about, now=NOW)
    assert status == {"open": "open", "not_yet": "not_yet"}.get(state, "closed")


def test_every_state_offers_a_way_on_and_never_what_it_contradicts():
    for state in STATES:
        for closes in (None, NOW + HOUR, NOW - HOUR):
            if (state == "closed_by_time") != (closes is not None and closes <= NOW) and state != "closed_by_hand":
                continue  # not a combination survey_state makes
            offers = controls(state, closes=closes, now=NOW, when=when)
            actions = [a["value"] for a in (offers["now_action"], offers["time_action"], offers["clear_action"]) if a]
            assert offers["time_action"] is not None  # the closing time can always be set or extended
            if state.startswith("closed"):
                assert "closed" not in actions
            else:
                assert "closed" in actions and "open" not in actions
            if closes is not None and closes <= NOW:
                assert "open" not in actions and "extend" in actions  # reopening needs a later time


def test_changes_in_plain_words():
    assert change_survey("extend", state="closed_by_time", closes=NOW - HOUR, closed_by_hand=False,
                         new_closes=NOW + HOUR, now=NOW, when=when) == (NOW + HOUR, False, "The closing time is now 28 Mar 13:00.")
    assert change_survey("closes", state="closed_by_hand", closes=NOW + HOUR, closed_by_hand=True,
                         new_closes=NOW + 2 * HOUR, now=NOW, when=when)[1] is True
    assert change_survey("closed", state="not_yet", closes=None, closed_by_hand=False, new_closes=None, now=NOW,
                         when=when) == (None, True, "Closed the survey.")
    assert change_survey("reopen_without_time", state="closed_by_hand", closes=None, closed_by_hand=True,
                         new_closes=None, now=NOW, when=when) == (None, False, "Removed the closing time.")


@pytest.mark.parametrize("action, state, closes, by_hand, new, words", [
    ("closed", "closed_by_time", NOW - HOUR, False, None, "has already closed: its closing time, 28 Mar 11:00, has passed"),
    ("open", "closed_by_hand", NOW - HOUR, True, None, "Not reopened: its closing time, 28 Mar 11:00, has passed"),
    ("open", "closed_by_time", NOW - HOUR, False, None, "Choose a later closing time to reopen it"),
    ("open", "not_yet", None, False, None, "The survey is not closed: it opens once the confidence questions"),
    ("extend", "closed_by_time", NOW - HOUR, False, NOW - timedelta(minutes=1), "28 Mar 11:59 has already passed"),
    ("extend", "closed_by_time", NOW - HOUR, False, NOW, "has already passed"),
    ("closes", "open", None, False, "soon", "“soon” is not a date and time"),
])
def test_refusals_in_plain_words(action, state, closes, by_hand, new, words):
    with pytest.raises(SurveyRefusal, match=words) as refused:
        change_survey(action, state=state, closes=closes, closed_by_hand=by_hand, new_closes=new, now=NOW, when=when)
    assert str(refused.value).endswith("Nothing changed.")


def test_closing_times_are_written_as_the_event_file_has_them():
    assert write_closing_time(datetime(2025, 3, 28, 17, 0, 30, 123, tzinfo=timezone.utc)) == "2025-03-28T17:00:30Z"
    assert write_closing_time(datetime(2025, 6, 1, 17, tzinfo=timezone(timedelta(hours=1)))) == "2025-06-01T17:00:00+01:00"
    assert read_closing_time("2025-03-28T17:00:00Z") == datetime(2025, 3, 28, 17, tzinfo=timezone.utc)
    assert read_closing_time(None) is None
