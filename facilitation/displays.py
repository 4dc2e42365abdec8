"""The projector's display: read it, change it (control room, the projector's keys, the API), store it, announce it."""
from datetime import datetime, timezone

from . import signals, store
from .domain.display import change, present, timer_changed, timer_message


def now():
    """The time now, in UTC."""
    return datetime.now(timezone.utc)


def current(db, event_id):
    """The event's display as screens and scripts get it (docs/api.md)."""
    event = store.get_event(db, event_id)
    return present(event["display"], store.voting_states(db, event_id), now())


def update(db, event_id, body):
    """Apply a change (raises DisplayError, changing nothing), store it, and announce it (with the timer, if it changed)."""
    moment = now()
    voting = store.voting_states(db, event_id)
    # Next and previous pass over the families view when no option has a family (it is not offered then).
    skip = () if any(o.get("family") for o in store.list_options(db, event_id)) else ("families",)
    stored = store.change_display(db, event_id, lambda display: change(display, body, voting, moment, skip))
    shown = present(stored, voting, moment)
    signals.send(signals.display_changed, event_id=event_id, display=shown,
                 timer=timer_message(stored, moment) if timer_changed(body) else None)
    return shown
