"""The reads behind the results cache (facilitation/results.py): an event's stamp, and the ballots stored since a point.

Every function takes the caller's connection; callers read inside store.snapshot so the parts agree.
"""
import json


def event_stamp(db, event_id):
    """What changes whenever the event's definition is replaced (or the event is deleted and its id reused); None if gone."""
    row = db.execute("SELECT created_at, updated_at FROM events WHERE id = ?", [event_id]).fetchone()
    return tuple(row) if row else None


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
