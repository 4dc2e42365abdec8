"""Closing the event: the words a refusal uses once the facilitator has closed the whole event."""
from datetime import datetime


class EventClosed(Exception):
    """A write refused because the event is closed; str() is the plain message for the person."""


def closed_message(closed):
    """Why nothing more can be sent: when the event was closed, and who can reopen it."""
    moment = datetime.fromisoformat(closed["at"]).astimezone()
    return (f"This event was closed at {moment:%H:%M} on {moment.day} {moment:%B %Y}, so nothing more can be sent "
            "or changed. Only the facilitator can reopen it, from the control room.")
