"""Nudges: a reminder from the facilitator, shown on every phone at one table (nothing is stored)."""
from . import signals


def nudge(table_id, message):
    """Remind one table's phones that the room is waiting for them."""
    signals.send(signals.nudged, table_id=table_id, message=message)
