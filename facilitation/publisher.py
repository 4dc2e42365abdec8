"""Live results for projectors: running tallies per event, sent in batches, never one message per ballot."""
import logging
import threading

from . import socketio
from .results import load_tally

# At most four updates a second per event: fast enough to feel live, slow enough that a burst is one repaint.
INTERVAL = 0.25

_lock = threading.Lock()
_tallies = {}       # event id -> Tally of its current ballots
_changed = {}       # event id -> {(criterion, table): matrix row} waiting to be sent
_answers = {}       # event id -> the app whose database holds answers that changed since the last batch
_loop = {"running": False}


def tally_for(db, event_id):
    """The event's running tally, loading it on first use."""
    with _lock:
        if event_id not in _tallies:
            _tallies[event_id] = load_tally(db, event_id)
        return _tallies[event_id]


def forget(event_id):
    """Drop an event's tally after its definition changed; the next use rebuilds it."""
    with _lock:
        _tallies.pop(event_id, None)
        _changed.pop(event_id, None)
        _answers.pop(event_id, None)


def ballot_stored(db, event_id, table_number, ballot):
    """Count a newly stored ballot and queue its matrix row for the next batch."""
    tally = tally_for(db, event_id)
    with _lock:
        row = tally.apply(table_number, ballot["criterion"], ballot)
        if row is not None:
            _changed.setdefault(event_id, {})[(row["criterion"], row["table"])] = row
    _ensure_loop()


def answers_changed(app, event_id):
    """Queue an event's confidence summary for the next batch (answers arrived, or the facilitator moderated)."""
    with _lock:
        _answers[event_id] = app
    _ensure_loop()


def snapshot(db, event_id):
    """The full current results of an event, for a projector that has just (re)joined."""
    tally = tally_for(db, event_id)
    with _lock:
        return tally.snapshot()


def _take_batches():
    """Everything waiting to be sent, one message per event, and clear the queue."""
    with _lock:
        batches = [(event_id, {**_tallies[event_id].summary(), "rows": list(rows.values())})
                   for event_id, rows in _changed.items() if event_id in _tallies]
        _changed.clear()
    return batches


def _take_answers():
    """The events whose answers changed, and clear the queue."""
    with _lock:
        waiting = list(_answers.items())
        _answers.clear()
    return waiting


def _send_answers(event_id, app):
    """One confidence summary to the projector (hidden comments left out) and one to the control room (marked)."""
    from . import answers
    from .db import get_db
    from .domain.confidence import without_hidden
    from .live import broadcast

    # Summaries are recounted from the database: a few hundred people at most, so a batch costs milliseconds.
    with app.app_context():
        marked = answers.summary(get_db(), event_id, include_hidden=True)
    broadcast("projector", event_id, "confidence", without_hidden(marked))
    broadcast("control", event_id, "confidence", {**marked, "moderation": True})


def _run():
    """Send waiting updates every INTERVAL to the rooms that show results."""
    from .live import broadcast

    while True:
        socketio.sleep(INTERVAL)
        for event_id, update in _take_batches():
            broadcast("projector", event_id, "results", update)
        for event_id, app in _take_answers():
            try:
                _send_answers(event_id, app)
            except Exception:  # noqa: BLE001 - one event's failure (say, deleted mid-batch) must not stop the loop
                logging.getLogger(__name__).exception("Could not send the confidence summary of event %s", event_id)


def _ensure_loop():
    """Start the one sending loop of this process the first time it is needed."""
    with _lock:
        if _loop["running"]:
            return
        _loop["running"] = True
    socketio.start_background_task(_run)
