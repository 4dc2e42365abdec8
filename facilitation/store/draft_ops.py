"""The SQL that changes a table's shared draft: its phones' operations applied in one transaction, each id once.

store.drafts reads the drafts; this module is the only one that writes them.
"""
import json

from .events import _criterion_id
from .schema import now, transaction


def apply_ops(db, table, criterion_code, ops, merge, device_id):
    """Apply a phone's operations to the table's draft for one criterion, atomically; returns (draft, results).

    ops: [(op id, op or None, problem or None)] in the phone's order. merge(stored, ballot, seen) is the domain's
    decision, made on what is stored at the moment of writing: stored is the draft's content (None before the table
    has one), ballot the table's current ballot (or None), seen the ids already dealt with; it returns
    (content, results) with content None when nothing changed. The revision goes up by one with each change.
    Returns the draft as store.drafts shows it (None if the table still has none), the results, and whether it changed.
    """
    criterion_id = _criterion_id(db, table["event_id"], criterion_code)
    ids = [op_id for op_id, _, _ in ops]
    # A draft is work in progress, changed several times a second per table: its commits skip the disk flush (WAL,
    # synchronous=NORMAL), so one survives the server being killed but not the laptop losing power, and a flush
    # (~2–20 ms, during which gevent serves nobody) is not paid per tap. Ballots keep FULL: their flush covers these.
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        return _apply(db, table, criterion_id, ops, ids, merge, device_id)
    finally:
        db.execute("PRAGMA synchronous=FULL")


def _apply(db, table, criterion_id, ops, ids, merge, device_id):
    """apply_ops's transaction."""
    with transaction(db):
        row = db.execute(
            "SELECT content, revision, updated_at, updated_by FROM drafts WHERE table_id = ? AND criterion_id = ?",
            [table["id"], criterion_id],
        ).fetchone()
        stored = json.loads(row[0]) if row else None
        ballot = None
        if row is None:
            latest = db.execute(
                "SELECT ranking, points, ruled_out FROM ballots WHERE table_id = ? AND criterion_id = ?"
                " ORDER BY version DESC LIMIT 1", [table["id"], criterion_id],
            ).fetchone()
            if latest:
                ballot = {"ranking": json.loads(latest[0]), "points": json.loads(latest[1]),
                          "ruled_out": json.loads(latest[2])}
        seen = {found for (found,) in db.execute(
            f"SELECT op_id FROM draft_ops WHERE table_id = ? AND op_id IN ({', '.join('?' * len(ids))})",
            [table["id"], *ids],
        )}
        content, results = merge(stored, ballot, seen)
        revision, updated_at, updated_by = (row[1], row[2], row[3]) if row else (0, None, None)
        changed = content is not None
        if not changed:
            content = stored
        else:
            revision, updated_at, updated_by = revision + 1, now(), device_id
            db.conn.execute(
                "INSERT INTO drafts (table_id, criterion_id, content, updated_at, updated_by, revision)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(table_id, criterion_id) DO UPDATE SET"
                " content = excluded.content, updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                " revision = excluded.revision",
                [table["id"], criterion_id, json.dumps(content), updated_at, device_id, revision],
            )
        by_id = {op_id: op for op_id, op, _ in ops}
        stamp = now()
        db.conn.executemany(
            "INSERT INTO draft_ops (table_id, op_id, criterion_id, status, revision, op, device_id, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[table["id"], r.id, criterion_id, r.status, revision, json.dumps(by_id[r.id]), device_id, stamp]
             # An operation refused for its shape (op None) is refused the same way every time: nothing to remember.
             for r in results if r.status != "duplicate" and by_id[r.id] is not None],
        )
    if content is None:
        return None, results, False
    return {**content, "updated_at": updated_at, "updated_by": updated_by, "revision": revision}, results, changed


def op_log(db, table_id, criterion_code):
    """Every operation the table's phones sent for one criterion, in the order the server dealt with them (the audit)."""
    return [
        {**row, "op": json.loads(row["op"])}
        for row in db.query(
            "SELECT o.op_id, o.status, o.revision, o.op, o.device_id, o.received_at FROM draft_ops o"
            " JOIN criteria c ON c.id = o.criterion_id WHERE o.table_id = ? AND c.code = ? ORDER BY o.rowid",
            [table_id, criterion_code],
        )
    ]
