"""How many phones are connected at each table, per app: counted up and down as phones join and leave.

One Presence lives in app.extensions["presence"]; live.py updates it, and the control room's page reads it. It
covers this process's own sockets (with several processes each counts its own; docs/deployment.md).
"""
import threading
from collections import Counter

from flask import current_app


class Presence:
    """Which table each connected phone joined, and a running count per event and table."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phones = {}    # socket id -> (event id, table number)
        self.counts = {}    # event id -> Counter of table number -> phones connected

    def joined(self, sid, event_id, table_number):
        """A phone joined a table; returns the events whose counts changed (a phone may move to another table)."""
        with self.lock:
            before = self._leave(sid)
            self.phones[sid] = (event_id, table_number)
            self.counts.setdefault(event_id, Counter())[table_number] += 1
        return [event_id] if before in (None, event_id) else [before, event_id]

    def left(self, sid):
        """A phone went away; returns its event, or None if it had not joined a table."""
        with self.lock:
            return self._leave(sid)

    def _leave(self, sid):
        """Take a phone off its table's count (the caller holds the lock); its event, or None."""
        found = self.phones.pop(sid, None)
        if found is None:
            return None
        event_id, table_number = found
        counts = self.counts[event_id]
        counts[table_number] -= 1
        if counts[table_number] <= 0:
            del counts[table_number]
        if not counts:
            del self.counts[event_id]
        return event_id

    def of(self, event_id):
        """How many phones are connected at each table of an event (tables with none left out)."""
        with self.lock:
            return dict(self.counts.get(event_id, {}))


def init_app(app):
    """Give the app its own count."""
    app.extensions["presence"] = Presence()


def counts(event_id):
    """How many phones are connected at each table of an event, in the running app."""
    return current_app.extensions["presence"].of(event_id)
