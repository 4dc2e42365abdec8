"""The survey's state and closing time as the control room shows and changes them (the rules: domain/survey.py)."""
from datetime import datetime

from . import answers, closing, store
from .domain.closing import EventClosed
from .domain.survey import (
    SurveyRefusal, change_survey, controls, read_closing_time, survey_state, write_closing_time,
)


def when(moment):
    """A time as the facilitator reads it, in this server's time zone: '21 June 2024 at 17:00 (BST)'."""
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y at %H:%M} ({local:%Z})"


def local_input(moment):
    """A time as a datetime-local field's value, in this server's time zone (as the event editor has it)."""
    return moment.astimezone().strftime("%Y-%m-%dT%H:%M") if moment else ""


def typed_time(text):
    """A datetime-local value as an aware time in this server's time zone; None if empty; the text if unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    # The browser sends the time without a zone: it is the time where the event (and this server) is.
    return moment if moment.tzinfo else moment.astimezone()


def control_state(db, event_id, moment=None):
    """The survey as the control room shows it: answers.survey() plus its state, what it offers and its times."""
    current = moment or answers.now()
    survey = answers.survey(db, event_id, current)
    closes = read_closing_time(survey["closes"])
    state = survey_state(closes=closes, closed_by_hand=survey["closed_by_hand"], about=survey["about"], now=current)
    return {**survey, **controls(state, closes=closes, now=current, when=when),
            "closes_text": when(closes) if closes else "", "closes_local": local_input(closes)}


def change(db, event_id, action, typed="", moment=None):
    """Close, reopen or move the closing time; returns (message, control_state), or raises SurveyRefusal."""
    if action != "closed":
        # A closed event keeps its survey closed: anything but closing could let answers in again.
        try:
            closing.check_open(db, event_id)
        except EventClosed as error:
            raise SurveyRefusal(f"{error} Nothing changed.") from None
    current = moment or answers.now()
    about = answers.survey(db, event_id, current)["about"]
    new_closes = typed_time(typed)
    done = []

    def decide(stored_closes, closed_by_hand):
        """The rules, applied to what is stored at the moment of writing."""
        closes = read_closing_time(stored_closes)
        state = survey_state(closes=closes, closed_by_hand=closed_by_hand, about=about, now=current)
        closes, closed_by_hand, words = change_survey(action, state=state, closes=closes, closed_by_hand=closed_by_hand,
                                                      new_closes=new_closes, now=current, when=when)
        done.append(words)
        return write_closing_time(closes), closed_by_hand

    store.change_survey(db, event_id, decide)
    after = control_state(db, event_id, current)
    return f"{done[0]} {after['summary']}", after
