"""Facilitator sessions kept server-side: a signed cookie names one, and it counts only while its row is not ended."""
from .schema import now, transaction


def create_session(db, session_id):
    """Record a new facilitator session (by the stored form of its id), seen now."""
    at = now()
    with transaction(db):
        db.conn.execute("INSERT INTO facilitator_sessions (id, created_at, seen_at) VALUES (?, ?, ?)",
                        [session_id, at, at])


def get_session(db, session_id):
    """One session's row ({"id", "created_at", "seen_at", "ended_at", "ended_why"}), or None: one primary-key read."""
    row = db.execute("SELECT id, created_at, seen_at, ended_at, ended_why FROM facilitator_sessions WHERE id = ?",
                     [session_id]).fetchone()
    return dict(zip(("id", "created_at", "seen_at", "ended_at", "ended_why"), row)) if row else None


def touch_session(db, session_id):
    """Note that a live session was used just now."""
    with transaction(db):
        db.conn.execute("UPDATE facilitator_sessions SET seen_at = ? WHERE id = ? AND ended_at IS NULL",
                        [now(), session_id])


def end_session(db, session_id, why):
    """End one session (a sign-out); whether it was live until now."""
    with transaction(db):
        cursor = db.conn.execute("UPDATE facilitator_sessions SET ended_at = ?, ended_why = ? "
                                 "WHERE id = ? AND ended_at IS NULL", [now(), why, session_id])
    return cursor.rowcount == 1


def end_all_sessions(db, why):
    """End every live session (a new password); the ids of those ended."""
    with transaction(db):
        ended = [row[0] for row in db.conn.execute("SELECT id FROM facilitator_sessions WHERE ended_at IS NULL")]
        db.conn.execute("UPDATE facilitator_sessions SET ended_at = ?, ended_why = ? WHERE ended_at IS NULL",
                        [now(), why])
    return ended


def ended_sessions(db, session_ids):
    """Which of these sessions have ended (or were never recorded)."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        return set()
    live = {row[0] for row in db.execute(
        f"SELECT id FROM facilitator_sessions WHERE ended_at IS NULL AND id IN ({', '.join('?' * len(ids))})", ids)}
    return set(ids) - live
