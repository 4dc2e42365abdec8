"""Where every table is with each of its criteria, for the control room: computed from the store, sent in batches.

The status of one (table, criterion) is domain.progress.status; this module gathers its inputs, lists the work that
closing voting would leave unsent, and tells the control room what changed at most every publisher.INTERVAL.
"""
import logging
import threading

from . import publisher, socketio, store
from .domain import progress

_lock = threading.Lock()
_waiting = {}       # event id -> the app whose database holds a status that may have changed
_sent = {}          # event id -> {(table, criterion): cell} as last sent to the control room
_loop = {"running": False}


def _cell(table_number, criterion, draft, ballot, voting, scoring, shortlist):
    """One (table, criterion) with its status in words and a symbol, and what its unsent draft holds."""
    status = progress.status(draft, ballot, voting, scoring, shortlist)
    return {
        "table": table_number, "criterion": criterion, "voting": voting, "state": status.state, "version": status.version,
        "unsent": status.unsent, "text": progress.words(status), "shape": progress.shape(status),
        "draft": progress.summary(draft, scoring, shortlist) if status.unsent else "",
        "changed_at": draft["updated_at"] if status.unsent else None,
    }


def cells(db, event_id):
    """Every (table, criterion) of the event, in criterion then table order, with its status in words and symbols."""
    event = store.get_event(db, event_id)
    if event is None:
        return []
    shortlist = store.option_codes(db, event_id)["shortlisted"]
    voting = store.voting_states(db, event_id)
    ballots, drafts = store.event_ballots(db, event_id), store.event_drafts(db, event_id)
    order = {code: i for i, code in enumerate(voting)}
    found = [_cell(table["number"], code, drafts.get((table["number"], code)), ballots.get((table["number"], code)),
                   voting[code], event["scoring"], shortlist)
             for table in store.list_tables(db, event_id) for code in table["criteria"]]
    return sorted(found, key=lambda cell: (order[cell["criterion"]], cell["table"]))


def phone_notes(db, table):
    """What a table's phone says for each criterion whose voting closed on its unsent draft, by criterion code."""
    shortlist = store.option_codes(db, table["event_id"])["shortlisted"]
    voting = store.voting_states(db, table["event_id"])
    titles = {c["code"]: c["working_title"] for c in store.list_criteria(db, table["event_id"])}
    ballots, drafts = store.current_ballots(db, table["id"]), store.drafts(db, table["id"])
    notes = {}
    for code in table["criteria"]:
        status = progress.status(drafts.get(code), ballots.get(code), voting[code], table["scoring"], shortlist)
        note = progress.closed_note(titles[code], status, progress.summary(drafts.get(code), table["scoring"], shortlist))
        if note:
            notes[code] = note
    return notes


def unsent_on_closing(db, event_id, criterion, state):
    """The complete drafts, not submitted, that closing (or resetting) voting on a criterion, or all, would leave behind.

    Only criteria open now count: closing what is already closed loses nothing more.
    """
    if state == "open":
        return []
    voting = store.voting_states(db, event_id)
    closing = {code for code, now in voting.items() if now == "open" and criterion in (None, code)}
    if not closing:
        return []
    titles = {c["code"]: c["working_title"] for c in store.list_criteria(db, event_id)}
    return [{**cell, "working_title": titles[cell["criterion"]]} for cell in cells(db, event_id)
            if cell["criterion"] in closing and cell["state"] == "draft_complete"]


def unsent_drafts(db, event_id):
    """Every draft with something in it that its table has not submitted, with its status, for the export."""
    drafts = store.event_drafts(db, event_id)
    return [{**cell, "content": drafts[(cell["table"], cell["criterion"])]}
            for cell in cells(db, event_id) if cell["unsent"]]


def changed(app, event_id):
    """Queue the event's statuses for the next batch to the control room (a draft, a ballot or voting changed)."""
    with _lock:
        _waiting[event_id] = app
        start = not _loop["running"]
        _loop["running"] = True
    if start:
        socketio.start_background_task(_run)


def forget(event_id):
    """Drop what was last sent for an event (its definition changed, or it was deleted)."""
    with _lock:
        _sent.pop(event_id, None)
        _waiting.pop(event_id, None)


def _changes(db, event_id):
    """The cells that differ from what the control room was last sent, remembered as sent."""
    now = {(c["table"], c["criterion"]): c for c in cells(db, event_id)}
    with _lock:
        before = _sent.get(event_id, {})
        different = [cell for key, cell in now.items() if before.get(key) != cell]
        _sent[event_id] = now
    return different


def _send(event_id, app):
    """One batch for one event: the cells that changed, to the control room only (drafts are not the room's)."""
    from .db import get_db
    from .live import broadcast

    with app.app_context():
        different = _changes(get_db(), event_id)
    if different:
        broadcast("control", event_id, "table_status", {"cells": different})


def _run():
    """Send waiting statuses every publisher.INTERVAL, like the projector's results."""
    while True:
        socketio.sleep(publisher.INTERVAL)
        with _lock:
            waiting = list(_waiting.items())
            _waiting.clear()
        for event_id, app in waiting:
            try:
                _send(event_id, app)
            except Exception:  # noqa: BLE001 - one event's failure (say, deleted mid-batch) must not stop the loop
                logging.getLogger(__name__).exception("Could not send the table statuses of event %s", event_id)
