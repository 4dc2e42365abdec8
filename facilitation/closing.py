"""Closing and reopening the whole event, and the check every write that a close locks makes first."""
from . import signals, store
from .domain.closing import EventClosed, closed_message
from .lookups import get_event


def closed(db, event_id):
    """When and by whom the event was closed ({"at", "by"}), or None while it is open."""
    return get_event(db, event_id)["closed"]


def closed_words(db, event_id):
    """The plain message a phone or survey page shows while the event is closed, or "" while it is open."""
    stamp = closed(db, event_id)
    return closed_message(stamp) if stamp else ""


def check_open(db, event_id):
    """Raise EventClosed, with the plain message, when the event is closed."""
    stamp = closed(db, event_id)
    if stamp:
        raise EventClosed(closed_message(stamp))


def close_event(db, event_id, by="facilitator"):
    """Close voting on every criterion, the confidence questions and the survey, and lock the event; returns the stamp."""
    stamp = store.close_event(db, event_id, by)
    signals.send(signals.event_closed, event_id=event_id, closed=stamp)
    return stamp


def reopen_event(db, event_id):
    """Unlock the event; voting, the questions and the survey stay closed until the facilitator opens them again."""
    store.reopen_event(db, event_id)
    signals.send(signals.event_closed, event_id=event_id, closed=None)
