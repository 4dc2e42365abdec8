"""SQL for check-in at the door and the facilitator's decisions on who a typed name is: check_ins, attendance_matches."""
from .schema import now, snapshot, transaction

_COLUMNS = ("id, event_id, invitee_token, name, organisation, stakeholder_group AS [group], how, checked_in_at,"
            " undone_at")


def find_invitee_by_checkin_token(db, checkin_token):
    """The invitee behind a personal check-in token, with their event id; None when no invitee has it."""
    if not checkin_token:
        return None
    return next(iter(db.query(
        "SELECT event_id, name, organisation, stakeholder_group AS [group], checkin_token FROM invitees"
        " WHERE checkin_token = ?", [checkin_token])), None)


def active_check_in(db, event_id, invitee_token):
    """An invitee's check-in that has not been undone, or None."""
    return next(iter(db.query(
        f"SELECT {_COLUMNS} FROM check_ins WHERE event_id = ? AND invitee_token = ? AND undone_at IS NULL",
        [event_id, invitee_token])), None)


def get_check_in(db, event_id, check_in_id):
    """One check-in of the event (undone or not), or None."""
    return next(iter(db.query(f"SELECT {_COLUMNS} FROM check_ins WHERE event_id = ? AND id = ?",
                              [event_id, check_in_id])), None)


def add_check_in(db, event_id, invitee_token, name, organisation="", group="", how="desk"):
    """Record a check-in; for an invitee already checked in, nothing is written: (check-in row, whether it is new)."""
    with transaction(db):
        # Looked up inside the write lock, so two desks tapping the same person at once record one check-in.
        if invitee_token is not None:
            existing = active_check_in(db, event_id, invitee_token)
            if existing is not None:
                return existing, False
        cursor = db.conn.execute(
            "INSERT INTO check_ins (event_id, invitee_token, name, organisation, stakeholder_group, how, checked_in_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", [event_id, invitee_token, name, organisation, group, how, now()])
        return get_check_in(db, event_id, cursor.lastrowid), True


def undo_check_in(db, event_id, check_in_id):
    """Mark a check-in undone (it is kept, with when it was undone): the row, whether it changed; None if unknown."""
    with transaction(db):
        row = get_check_in(db, event_id, check_in_id)
        if row is None or row["undone_at"] is not None:
            return row, False
        db.conn.execute("UPDATE check_ins SET undone_at = ? WHERE id = ?", [now(), check_in_id])
        return get_check_in(db, event_id, check_in_id), True


def active_check_ins(db, event_id):
    """The event's check-ins that have not been undone, oldest first."""
    return list(db.query(f"SELECT {_COLUMNS} FROM check_ins WHERE event_id = ? AND undone_at IS NULL ORDER BY id",
                         [event_id]))


def check_in_counts(db, event_id):
    """How many invitees and walk-ins are checked in now, and how many invitees there are."""
    with snapshot(db):
        row = db.execute(
            "SELECT COUNT(invitee_token), COUNT(*) - COUNT(invitee_token) FROM check_ins"
            " WHERE event_id = ? AND undone_at IS NULL", [event_id]).fetchone()
        invited = db.execute("SELECT COUNT(*) FROM invitees WHERE event_id = ?", [event_id]).fetchone()[0]
    return {"invitees": row[0], "walk_ins": row[1], "checked_in": row[0] + row[1], "invited": invited}


def room_respondent_tokens(db, event_id):
    """Each room respondent's id and token, so a decision on who they are can name them."""
    return {row["id"]: row["token"] for row in db.query(
        "SELECT id, token FROM respondents WHERE event_id = ? AND source = 'room'", [event_id])}


def attendance_matches(db, event_id):
    """The facilitator's decisions on typed names: {respondent token: invitee checkin_token, or None = not invited}."""
    return {row["respondent_token"]: row["invitee_token"] for row in db.query(
        "SELECT respondent_token, invitee_token FROM attendance_matches WHERE event_id = ?", [event_id])}


def set_attendance_match(db, event_id, respondent_token, invitee_token):
    """Record (or replace) the decision on who a room respondent is: an invitee's checkin_token, or None."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO attendance_matches (event_id, respondent_token, invitee_token, decided_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(event_id, respondent_token) DO UPDATE SET invitee_token = excluded.invitee_token,"
            " decided_at = excluded.decided_at", [event_id, respondent_token, invitee_token, now()])


def clear_attendance_match(db, event_id, respondent_token):
    """Forget the decision on a room respondent, so their typed name is matched afresh."""
    with transaction(db):
        db.conn.execute("DELETE FROM attendance_matches WHERE event_id = ? AND respondent_token = ?",
                        [event_id, respondent_token])
