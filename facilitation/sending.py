"""The batches: every publisher.INTERVAL, what the app's outbox holds is sent to projectors and control rooms.

live.py queues what services announce (queued); one sending loop per app sends it and stops once a round finds
nothing. With several processes the outbox is the hall's (batches.py): the loop sends only while this process holds
the event's lease, and a watcher picks up batches a process that died left queued.
"""
import functools
import logging
import time

from . import answers, batches, publisher, results, socketio, table_status
from .db import get_db
from .domain.confidence import without_hidden
from .offload import in_thread
from .rooms import broadcast


def outbox_of(app):
    """The app's outbox: what waits for the next batch (publisher.Outbox)."""
    return app.extensions["outbox"]


def queued(app, start):
    """Start the app's sending loop if queuing asked for it (it stops itself once there is nothing left to send)."""
    if start:
        socketio.start_background_task(_run, app)
    watch(app)


def watch(app):
    """With several processes, start looking (once) for batches a process that died left queued (batches.py)."""
    if outbox_of(app).watch():
        socketio.start_background_task(_watching, app)


def _watching(app):
    """Every LEASE seconds: if something is queued and this process's loop is not running, run it (it may take the
    lease of a holder that died)."""
    while True:
        socketio.sleep(batches.LEASE)
        if outbox_of(app).orphaned():
            socketio.start_background_task(_run, app)


def _send(app, rows, answered, statuses):
    """One batch: each event's changed matrix rows to its projectors, its confidence summaries, its table statuses."""
    log = logging.getLogger(__name__)
    outbox = outbox_of(app)
    with app.app_context():
        db = get_db()
        for event_id, keys in rows.items():
            try:
                update = results.changed_rows(db, event_id, keys)
            except Exception:  # noqa: BLE001 - one event's failure (say, deleted mid-batch) must not stop the others
                log.exception("Could not send the results of event %s", event_id)
                continue
            if update is not None:
                broadcast("projector", event_id, "results", update)
        for event_id in answered:
            started = time.monotonic()
            try:
                # Thousands of answers take a tenth of a second to summarise: made in a thread, and paced (PACE).
                marked = in_thread(functools.partial(answers.summary, include_hidden=True), db, event_id)
            except Exception:  # noqa: BLE001
                log.exception("Could not send the confidence summary of event %s", event_id)
                continue
            broadcast("projector", event_id, "confidence", without_hidden(marked))
            broadcast("control", event_id, "confidence", {**marked, "moderation": True})
            outbox.took("answers", event_id, time.monotonic() - started)
        for event_id in statuses:
            started = time.monotonic()
            try:
                different = outbox.status_changes(event_id, in_thread(table_status.cells, db, event_id))
            except Exception:  # noqa: BLE001
                log.exception("Could not send the table statuses of event %s", event_id)
                continue
            if different:
                broadcast("control", event_id, "table_status", {"cells": different})
            outbox.took("statuses", event_id, time.monotonic() - started)


def _run(app):
    """The app's sending loop: every INTERVAL, send what waits; stop once a round finds nothing."""
    outbox = outbox_of(app)
    while True:
        socketio.sleep(publisher.INTERVAL)
        taken = outbox.take()
        if taken is None:
            return
        if not any(taken):
            continue   # what is queued is another process's to send (it holds the lease)
        try:
            _send(app, *taken)
        except Exception:  # noqa: BLE001 - the loop must outlive any one batch
            logging.getLogger(__name__).exception("Could not send a batch")
        outbox.done()
