"""Facilitator sessions that end: signing in starts one, signing out ends it, a new password ends them all.

The browser's signed cookie holds a random session id; the database keeps only its SHA-256 (its key), as it does for
API tokens. A session counts while its row has no ended_at, so a cookie copied before sign-out opens nothing after.
Ending announces `sessions_ended` with the keys, and the live layer lets go of the sockets opened with them.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from . import signals, store

# seen_at is for the record (when a session was last used), so it is written at most this often, not on every page.
TOUCH_EVERY = timedelta(minutes=5)


def key(session_id):
    """The stored form of a session id (what the database, the live layer and the signal know it by)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(db):
    """A new live session; returns its id for the browser's cookie."""
    session_id = secrets.token_urlsafe(32)
    store.create_session(db, key(session_id))
    return session_id


def is_live(db, session_id):
    """Whether a cookie's session id names a session that has not ended (one primary-key read)."""
    if not isinstance(session_id, str) or not session_id:
        return False
    row = store.get_session(db, key(session_id))
    if row is None or row["ended_at"] is not None:
        return False
    if datetime.fromisoformat(store.now()) - datetime.fromisoformat(row["seen_at"]) > TOUCH_EVERY:
        store.touch_session(db, row["id"])
    return True


def end(db, session_id, why="signed out"):
    """End one session (sign-out) and let its sockets go."""
    if isinstance(session_id, str) and session_id and store.end_session(db, key(session_id), why):
        signals.send(signals.sessions_ended, keys=[key(session_id)])


def end_all(db, why="new password"):
    """End every session (a new password); returns how many were live. The sockets of this process go at once."""
    ended = store.end_all_sessions(db, why)
    if ended:
        signals.send(signals.sessions_ended, keys=ended)
    return len(ended)


def ended(db, keys):
    """Which of these session keys have ended (a new password set from the command line, say)."""
    return store.ended_sessions(db, keys)
