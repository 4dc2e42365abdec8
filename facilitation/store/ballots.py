"""SQL for voting and tables' ballots, and reading the shared drafts (draft_ops.py writes them)."""
import json

from .events import _criterion_id
from .schema import now, transaction


def voting_states(db, event_id):
    """Each criterion's voting state ('waiting' until the facilitator first opens it), by code."""
    return {
        row["code"]: row["state"] or "waiting"
        for row in db.query(
            "SELECT c.code, v.state FROM criteria c LEFT JOIN voting v ON v.criterion_id = c.id"
            " WHERE c.event_id = ? ORDER BY c.position",
            [event_id],
        )
    }


def set_voting(db, event_id, criterion_code, state):
    """Open, close or reset voting on one criterion (or every criterion when the code is None); returns the codes changed."""
    with transaction(db):
        if criterion_code is None:
            rows = db.execute("SELECT id, code FROM criteria WHERE event_id = ? ORDER BY position", [event_id]).fetchall()
        else:
            rows = db.execute(
                "SELECT id, code FROM criteria WHERE event_id = ? AND code = ?", [event_id, criterion_code]
            ).fetchall()
        stamp = now()
        db.conn.executemany(
            "INSERT INTO voting (criterion_id, state, changed_at) VALUES (?, ?, ?)"
            " ON CONFLICT(criterion_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at",
            [[criterion_id, state, stamp] for criterion_id, _ in rows],
        )
    return [code for _, code in rows]


def drafts(db, table_id):
    """The table's drafts by criterion code (written by draft_ops.apply_ops)."""
    found = {}
    for row in db.query(
        "SELECT c.code, d.content, d.updated_at, d.updated_by, d.revision FROM drafts d"
        " JOIN criteria c ON c.id = d.criterion_id WHERE d.table_id = ?",
        [table_id],
    ):
        found[row["code"]] = {**json.loads(row["content"]), "updated_at": row["updated_at"],
                              "updated_by": row["updated_by"], "revision": row["revision"]}
    return found


_BALLOT_COLUMNS = (
    "c.code AS criterion, b.version, b.ranking, b.points, b.ruled_out, b.warnings, b.submission_id,"
    " b.submitted_at, b.submitted_by, b.source, b.notes"
)


def _ballot(row):
    """A ballots row as the protocol shows it."""
    for key in ("ranking", "points", "ruled_out", "warnings"):
        row[key] = json.loads(row[key])
    return row


def current_ballots(db, table_id):
    """The table's latest ballot for each criterion it has submitted, by criterion code."""
    return {
        row["criterion"]: _ballot(row)
        for row in db.query(
            f"SELECT {_BALLOT_COLUMNS} FROM ballots b JOIN criteria c ON c.id = b.criterion_id"
            " WHERE b.table_id = ? AND b.version = (SELECT MAX(version) FROM ballots"
            " WHERE table_id = b.table_id AND criterion_id = b.criterion_id)",
            [table_id],
        )
    }


def ballot_history(db, table_id, criterion_code):
    """Every stored version of a table's ballot for one criterion, oldest first (the audit trail)."""
    return [
        _ballot(row)
        for row in db.query(
            f"SELECT {_BALLOT_COLUMNS} FROM ballots b JOIN criteria c ON c.id = b.criterion_id"
            " WHERE b.table_id = ? AND c.code = ? ORDER BY b.version",
            [table_id, criterion_code],
        )
    ]


def record_ballot(db, table, ballot, refusal):
    """Store a checked ballot as the table's next version, atomically with the checks that depend on what is stored.

    refusal(voting_state, current_version) is the domain's decision; it returns None or a reason.
    Returns (outcome, ballot) with outcome 'stored', 'duplicate' (the ballot stored first), or the refusal.
    """
    criterion_id = _criterion_id(db, table["event_id"], ballot.criterion)
    with transaction(db):
        def fetch(where, params):
            rows = list(db.query(
                f"SELECT {_BALLOT_COLUMNS} FROM ballots b JOIN criteria c ON c.id = b.criterion_id WHERE {where}",
                params,
            ))
            return _ballot(rows[0]) if rows else None

        earlier = fetch("b.table_id = ? AND b.submission_id = ?", [table["id"], ballot.submission_id])
        if earlier is not None:
            return "duplicate", earlier
        state = db.execute("SELECT state FROM voting WHERE criterion_id = ?", [criterion_id]).fetchone()
        current = fetch(
            "b.table_id = ? AND b.criterion_id = ? ORDER BY b.version DESC LIMIT 1", [table["id"], criterion_id]
        )
        reason = refusal(state[0] if state else "waiting", current["version"] if current else 0)
        if reason is not None:
            return reason, current
        db.conn.execute(
            "INSERT INTO ballots (table_id, criterion_id, version, ranking, points, ruled_out, warnings,"
            " submission_id, submitted_at, submitted_by, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [table["id"], criterion_id, (current["version"] if current else 0) + 1, json.dumps(ballot.ranking),
             json.dumps(ballot.points), json.dumps(ballot.ruled_out), json.dumps(ballot.warnings),
             ballot.submission_id, now(), ballot.device_id, ballot.notes],
        )
        stored = fetch("b.table_id = ? AND b.submission_id = ?", [table["id"], ballot.submission_id])
    return "stored", stored


def ballots_in_use(db, event_id):
    """What the event's stored ballots (tables' and survey respondents') refer to: criteria, options, table shares."""
    in_use = {"criteria": set(), "options": set(), "shares": set()}
    for row in db.query(
        "SELECT t.number, c.code, b.points, b.ruled_out FROM ballots b JOIN tables t ON t.id = b.table_id"
        " JOIN criteria c ON c.id = b.criterion_id WHERE t.event_id = ?",
        [event_id],
    ):
        in_use["criteria"].add(row["code"])
        in_use["shares"].add((row["number"], row["code"]))
        in_use["options"].update(json.loads(row["points"]), json.loads(row["ruled_out"]))
    for row in db.query(
        "SELECT c.code, b.points, b.ruled_out FROM survey_ballots b JOIN criteria c ON c.id = b.criterion_id"
        " WHERE c.event_id = ?", [event_id],
    ):
        in_use["criteria"].add(row["code"])
        in_use["options"].update(json.loads(row["points"]), json.loads(row["ruled_out"]))
    return in_use


def event_ballots(db, event_id):
    """Every table's current ballot in an event, keyed by (table number, criterion code)."""
    return {
        (row["number"], row["criterion"]): _ballot(row)
        for row in db.query(
            f"SELECT t.number, {_BALLOT_COLUMNS} FROM ballots b JOIN criteria c ON c.id = b.criterion_id"
            " JOIN tables t ON t.id = b.table_id WHERE t.event_id = ? AND b.version = (SELECT MAX(version)"
            " FROM ballots WHERE table_id = b.table_id AND criterion_id = b.criterion_id)",
            [event_id],
        )
    }


def event_drafts(db, event_id):
    """Every table's shared draft in an event, keyed by (table number, criterion code), shaped as drafts() returns them."""
    return {
        (row["number"], row["code"]): {**json.loads(row["content"]), "updated_at": row["updated_at"],
                                       "updated_by": row["updated_by"]}
        for row in db.query(
            "SELECT t.number, c.code, d.content, d.updated_at, d.updated_by FROM drafts d"
            " JOIN tables t ON t.id = d.table_id JOIN criteria c ON c.id = d.criterion_id WHERE t.event_id = ?",
            [event_id],
        )
    }


def event_ballot_history(db, event_id):
    """Every stored version of every table's ballots in an event, in table, criterion and version order (the audit trail)."""
    return [
        _ballot(row) for row in db.query(
            f"SELECT t.number AS table_number, {_BALLOT_COLUMNS} FROM ballots b"
            " JOIN criteria c ON c.id = b.criterion_id JOIN tables t ON t.id = b.table_id"
            " WHERE t.event_id = ? ORDER BY t.number, c.position, b.version",
            [event_id],
        )
    ]


def ballots_since(db, event_id, after_id):
    """Each table's latest ballot per criterion among those stored after ballot row after_id, and the last row id seen.

    Ballots are written one transaction at a time, so a higher row id is always a later version: applying them in
    row order leaves each table's current ballot. Returns ({(table number, criterion code): ballot}, last id).
    """
    latest, last = {}, after_id
    for row in db.execute(
        "SELECT b.id, t.number, c.code, b.version, b.points, b.ruled_out FROM ballots b"
        " JOIN tables t ON t.id = b.table_id JOIN criteria c ON c.id = b.criterion_id"
        " WHERE b.id > ? AND t.event_id = ? ORDER BY b.id",
        [after_id, event_id],
    ):
        row_id, number, code, version, points, ruled_out = row
        latest[(number, code)] = {"version": version, "points": json.loads(points), "ruled_out": json.loads(ruled_out)}
        last = row_id
    return latest, last
