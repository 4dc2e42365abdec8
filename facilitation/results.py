"""An event's results, read from the store in one transaction and computed by the one domain function
(domain.results) that the projector, the control room, the API, the exports, the report and the survey all use.

For speed each app keeps a Tally per event in app.extensions["results"]: a read brings it up to date with the
ballots stored since the last read (O(options) each), inside the same transaction as the rest of that read. It is
rebuilt when the event's version stamp changes (migration 9: its definition, tables or voting changed, here or in
another process) and dropped by forget(). tests/test_results_cache.py holds it equal to a full recompute after any sequence of changes.
"""
import threading

from flask import current_app, has_app_context

from . import store
from .store import versions
from .domain.results import EventRead, Tally, survey_results
from .domain.results import event_results as compute


def init_app(app):
    """Give the app its own results cache (nothing is shared between apps)."""
    app.extensions["results"] = ResultsCache()


def _definition(db, event_id):
    """What a tally is laid out by: scoring, the short list, criteria and each table's share; None if no event."""
    event = store.get_event(db, event_id)
    if event is None:
        return None
    return {"scoring": event["scoring"],
            "options": [o for o in store.list_options(db, event_id) if o["status"] == "shortlisted"],
            "criteria": store.list_criteria(db, event_id),
            "shares": {t["number"]: t["criteria"] for t in store.list_tables(db, event_id)}}


def read_event(db, event_id):
    """Everything an event's results are computed from, in one read transaction; None if there is no such event."""
    with store.snapshot(db):
        definition = _definition(db, event_id)
        if definition is None:
            return None
        return EventRead(**definition, ballots=store.event_ballots(db, event_id),
                         survey_ballots=store.survey_ballots(db, event_id))


class ResultsCache:
    """One app's running tallies, by event id, each with the stamp and last ballot row it reflects."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}   # event id -> [stamp, definition, Tally, last ballot row id applied]

    def forget(self, event_id):
        """Drop an event's tally (its definition changed, or it was deleted); the next read rebuilds it."""
        with self.lock:
            self.entries.pop(event_id, None)

    def current(self, db, event_id):
        """(definition, tally) as of the caller's read transaction (the caller holds self.lock); None if no event."""
        stamp = versions.event_version(db, event_id)
        entry = self.entries.get(event_id)
        if stamp is None:
            self.entries.pop(event_id, None)
            return None
        if entry is None or entry[0] != stamp:
            definition = _definition(db, event_id)
            entry = self.entries[event_id] = [stamp, definition, Tally(**definition), 0]
        ballots, entry[3] = store.ballots_since(db, event_id, entry[3])
        for (table, criterion), ballot in ballots.items():
            entry[2].apply(table, criterion, ballot)
        return entry[1], entry[2]


def _cache(db):
    """This app's cache, or None without an app (a script on a bare connection) or inside a caller's transaction.

    Inside a caller's transaction the read started before the lock was taken, so it could be older than the
    tally: that (rare) read is recomputed whole instead.
    """
    if not has_app_context() or db.conn.in_transaction:
        return None
    return current_app.extensions.get("results")


def _from_tally(db, event_id, use):
    """use(definition, tally) with the event's up-to-date tally, inside one read transaction; None if no such event."""
    cache = _cache(db)
    if cache is None:
        with store.snapshot(db):
            definition = _definition(db, event_id)
            if definition is None:
                return None
            tally = Tally(**definition)
            for (table, criterion), ballot in store.event_ballots(db, event_id).items():
                tally.apply(table, criterion, ballot)
            return use(definition, tally)
    # The transaction starts under the lock, so each refresh reads a state at least as new as the one before.
    with cache.lock, store.snapshot(db):
        found = cache.current(db, event_id)
        return None if found is None else use(*found)


def event_results(db, event_id):
    """The event's current results (domain.results.event_results: the room's, and the survey's apart); None if no event."""
    if _cache(db) is None:
        read = read_event(db, event_id)
        return None if read is None else compute(read)

    def with_survey(definition, tally):
        """The tally's results with the survey's, read in the same transaction."""
        return {**tally.snapshot(), "survey": survey_results(
            scoring=definition["scoring"], options=definition["options"], criteria=definition["criteria"],
            ballots=store.survey_ballots(db, event_id))}

    return _from_tally(db, event_id, with_survey)


def room_results(db, event_id):
    """The room's results alone (no survey): what a projector gets when it (re)joins."""
    return _from_tally(db, event_id, lambda _definition, tally: tally.snapshot())


def changed_rows(db, event_id, keys):
    """The room's summary and the matrix rows of these (criterion, table number) keys: one batch to the projectors."""
    return _from_tally(db, event_id, lambda _definition, tally: {
        **tally.summary(), "rows": [row for key, row in tally.rows.items() if key in keys]})


def forget(event_id):
    """Drop an event's cached tally in this app (its definition was replaced, or it was deleted)."""
    cache = current_app.extensions.get("results") if has_app_context() else None
    if cache is not None:
        cache.forget(event_id)
