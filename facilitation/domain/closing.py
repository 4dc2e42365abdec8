"""Closing the event: the words a refusal uses once the facilitator has closed the whole event."""
from datetime import datetime


class EventClosed(Exception):
    """A write refused because the event is closed; str() is the plain message for the person."""


def _when(closed):
    """The moment of the close on this server's clock: '17:05 on 9 December 2009'."""
    moment = datetime.fromisoformat(closed["at"]).astimezone()
    return f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"


def closed_message(closed):
    """Why nothing more can be sent: when the event was closed, and who can reopen it."""
    return (f"This event was closed at {_when(closed)}, so nothing more can be sent "
            "or changed. Only the facilitator can reopen it, from the control room.")


def closed_at_text(closed):
    """The close as the facilitator reads it: 'Closed at 17:05 on 9 December 2009'."""
    return f"Closed at {_when(closed)}"
