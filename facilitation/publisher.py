"""What waits to be sent to the screens, per app: batched, never one message per ballot (the live layer sends it).

One Outbox lives in app.extensions["outbox"]. live.py queues into it when a service announces a change, and its
sending loop (one per app, running only while there is something to send) takes everything every INTERVAL. The
results themselves come from results.py; this module only remembers what changed, and what the control room was
last sent.
"""
import threading
import time

# At most four updates a second per event: fast enough to feel live, slow enough that a burst is one repaint.
INTERVAL = 0.25
# A summary or a status batch that took t seconds to make and send waits PACE × t before the next one, so however
# large the room, making them takes at most about 1 / (PACE + 1) of the process: ballots and acks keep the rest.
PACE = 4


class Sender:
    """What the process sending an event's batches remembers: the cells it last sent, and the pacing."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {}        # event id -> {(table, criterion): cell} as last sent to the control room
        self.not_before = {}  # ("answers" | "statuses", event id) -> monotonic time its next batch may go
        self.running = False  # whether this app's sending loop is running

    def _forget_sent(self, event_id):
        """Drop what was last sent for an event, and its pacing (the caller holds the lock)."""
        self.sent.pop(event_id, None)
        self.not_before.pop(("answers", event_id), None)
        self.not_before.pop(("statuses", event_id), None)

    def took(self, kind, event_id, seconds, now=None):
        """An event's summary or status batch took this long to make and send: pace its next one (PACE)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            self.not_before[(kind, event_id)] = now + PACE * seconds

    def status_changes(self, event_id, cells):
        """The cells that differ from what the control room was last sent, remembered as sent."""
        now = {(c["table"], c["criterion"]): c for c in cells}
        with self.lock:
            before = self.sent.get(event_id, {})
            self.sent[event_id] = now
        return [cell for key, cell in now.items() if before.get(key) != cell]

    def done(self):
        """The last take was sent (nothing to do where nothing is shared)."""

    def watch(self):
        """Whether the caller must start watching for batches another process left (never, with one process)."""
        return False


class Outbox(Sender):
    """One app's queues: matrix rows, confidence summaries and table statuses waiting to go out, per event."""

    def __init__(self):
        super().__init__()
        self.rows = {}        # event id -> {(criterion, table number)} whose matrix row changed
        self.answers = set()  # event ids whose confidence summary changed
        self.statuses = set()  # event ids whose table statuses may have changed

    def _queued(self):
        """Mark the loop as wanted; True when the caller must start it (the caller holds the lock)."""
        start, self.running = not self.running, True
        return start

    def ballot(self, event_id, criterion, table_number):
        """A table's ballot for a criterion changed: its row, and the statuses, go in the next batch."""
        with self.lock:
            self.rows.setdefault(event_id, set()).add((criterion, table_number))
            self.statuses.add(event_id)
            return self._queued()

    def answers_changed(self, event_id):
        """The event's confidence summary goes in the next batch."""
        with self.lock:
            self.answers.add(event_id)
            return self._queued()

    def statuses_changed(self, event_id):
        """The event's table statuses go in the next batch (a draft or voting changed)."""
        with self.lock:
            self.statuses.add(event_id)
            return self._queued()

    def forget(self, event_id):
        """Drop what waits and what was last sent for an event (its definition changed, or it was deleted)."""
        with self.lock:
            self.rows.pop(event_id, None)
            self.answers.discard(event_id)
            self.statuses.discard(event_id)
            self._forget_sent(event_id)

    def take(self, now=None):
        """What may go now, cleared: (rows by event, answer events, status events); None, stopping the loop, if idle.

        Summaries and statuses still paced (see PACE) stay queued for a later round.
        """
        now = time.monotonic() if now is None else now
        with self.lock:
            if not (self.rows or self.answers or self.statuses):
                self.running = False
                return None
            due = {kind: {e for e in waiting if self.not_before.get((kind, e), 0) <= now}
                   for kind, waiting in (("answers", self.answers), ("statuses", self.statuses))}
            taken = self.rows, due["answers"], due["statuses"]
            self.rows = {}
            self.answers -= due["answers"]
            self.statuses -= due["statuses"]
            return taken
