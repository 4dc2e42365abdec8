"""What every phone message reads about its event, kept in memory per app and checked by the event's version stamp.

The event's row (settings, display, phase), options, criteria, voting, themes, merges and tables with their join
links are read once per version of the event; every later lookup costs one primary-key read of the version
(store_versions.event_version). Migration 9's triggers change the stamp in the same transaction as any write to
those, so this process (or another sharing the file) sees a change, or a replaced join link, at its next message.

Values handed out are shared with other callers: read them, never change them.
"""
import threading

from flask import current_app, has_app_context

from . import store
from .store import versions as store_versions


class _Cache:
    """One app's cached events and join links."""

    def __init__(self):
        self.events = {}   # event id -> parts (store_versions.event_parts, plus "by_token")
        self.tokens = {}   # join token -> event id, for links seen current at some version
        self.lock = threading.Lock()


def _cache():
    """This app's cache, or None outside an app (the CLI, benchmarks): then everything is read from the database."""
    if not has_app_context():
        return None
    extensions = current_app.extensions
    found = extensions.get("lookups")
    if found is None:
        found = extensions.setdefault("lookups", _Cache())
    return found


def _build(db, event_id):
    """An event's parts from the database, with its tables by join token as store.find_table shapes them."""
    parts = store_versions.event_parts(db, event_id)
    if parts is None:
        return None
    event = parts["event"]
    shares = {}
    for table_id, code in parts["shares"]:
        shares.setdefault(table_id, []).append(code)
    parts["by_token"] = {
        row["join_token"]: {"id": row["id"], "event_id": event_id, "number": row["number"], "name": row["name"],
                            "event_title": event["title"], "scoring": event["scoring"],
                            "criteria": shares.get(row["id"], [])}
        for row in parts["tables"]
    }
    return parts


def event_parts(db, event_id):
    """The event's cached parts if its version is unchanged, else read afresh; None if there is no such event."""
    cache = _cache()
    # Inside a write transaction the stamp may be one that rolls back: read afresh and keep nothing.
    if cache is None or db.conn.in_transaction:
        return _build(db, event_id)
    version = store_versions.event_version(db, event_id)
    if version is None:
        return None
    parts = cache.events.get(event_id)
    if parts is not None and parts["version"] == version:
        return parts
    parts = _build(db, event_id)
    if parts is not None:
        with cache.lock:
            known = cache.events.get(event_id)
            if known is None or known["version"] <= parts["version"]:
                cache.events[event_id] = parts
            for token in parts["by_token"]:
                cache.tokens[token] = event_id
    return parts


def find_table(db, join_token):
    """The table a current join link leads to, shaped as store.find_table gives it, or None."""
    if not isinstance(join_token, str) or not join_token:
        return None
    cache = _cache()
    if cache is None or db.conn.in_transaction:
        return store.find_table(db, join_token)
    event_id = cache.tokens.get(join_token)
    if event_id is None:
        event_id = store_versions.token_event(db, join_token)
        if event_id is None:
            return None
    parts = event_parts(db, event_id)
    # A link replaced (or a table removed) since it was cached is gone from the event's fresh parts.
    table = parts["by_token"].get(join_token) if parts is not None else None
    if table is None:
        with cache.lock:
            cache.tokens.pop(join_token, None)
    return table


def _cached(db):
    """Whether this lookup may use the cache: in an app, and not inside a write transaction."""
    return _cache() is not None and not db.conn.in_transaction


def get_event(db, event_id):
    """store.get_event, cached."""
    if not _cached(db):
        return store.get_event(db, event_id)
    parts = event_parts(db, event_id)
    return parts["event"] if parts else None


def list_options(db, event_id):
    """store.list_options, cached."""
    if not _cached(db):
        return store.list_options(db, event_id)
    parts = event_parts(db, event_id)
    return parts["options"] if parts else []


def list_criteria(db, event_id):
    """store.list_criteria, cached."""
    if not _cached(db):
        return store.list_criteria(db, event_id)
    parts = event_parts(db, event_id)
    return parts["criteria"] if parts else []


def option_codes(db, event_id):
    """store.option_codes, cached."""
    if not _cached(db):
        return store.option_codes(db, event_id)
    parts = event_parts(db, event_id)
    return parts["codes"] if parts else {"shortlisted": [], "excluded": []}


def voting_states(db, event_id):
    """store.voting_states, cached."""
    if not _cached(db):
        return store.voting_states(db, event_id)
    parts = event_parts(db, event_id)
    return parts["voting"] if parts else {}


def list_themes(db, event_id):
    """store.list_themes, cached (each theme a fresh dict, as callers put them into messages)."""
    if not _cached(db):
        return store.list_themes(db, event_id)
    parts = event_parts(db, event_id)
    return [dict(theme) for theme in parts["themes"]] if parts else []


def theme_merges(db, event_id):
    """store.theme_merges, cached."""
    if not _cached(db):
        return store.theme_merges(db, event_id)
    parts = event_parts(db, event_id)
    return dict(parts["merges"]) if parts else {}
