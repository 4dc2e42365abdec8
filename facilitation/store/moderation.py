"""SQL for moderation: every comment with when it arrived, the "seen" mark, bulk moves and hiding, merges, and the
log of changes that undo reads. Each change checks what it names and writes in one transaction, with its log entry.

The checks are the domain's (domain/moderation.py), called inside the transaction with what is stored at that
moment, so a phone sending in between cannot slip past them; a refusal raised there rolls everything back.
"""
import json

from .schema import now, snapshot, transaction

_IN = "IN (SELECT value FROM json_each(?))"   # one parameter for any number of ids


def comments(db, event_id):
    """Every risk and 'what would help' answer, in answering order: what the moderation page lists."""
    with snapshot(db):
        risks = [{"kind": "risk", **row, "hidden": bool(row["hidden"])} for row in db.query(
            "SELECT r.id, r.text, r.theme_id AS theme, p.source, r.hidden, r.added_at FROM risks r"
            " JOIN respondents p ON p.id = r.respondent_id WHERE p.event_id = ? AND p.confidence IS NOT NULL"
            " ORDER BY p.id, r.position", [event_id])]
        helps = [{"kind": "would_help", **row, "theme": None, "hidden": bool(row["hidden"])} for row in db.query(
            "SELECT id, would_help AS text, source, would_help_hidden AS hidden, would_help_at AS added_at"
            " FROM respondents WHERE event_id = ? AND confidence IS NOT NULL AND would_help != '' ORDER BY id",
            [event_id])]
    return risks + helps


def seen(db, event_id):
    """The moment up to which the facilitator has seen every comment, or None."""
    row = db.execute("SELECT moderation_seen FROM events WHERE id = ?", [event_id]).fetchone()
    return row[0] if row else None


def mark_seen(db, event_id, upto):
    """Everything that arrived up to this moment has been seen (the mark only ever moves forward)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET moderation_seen = ? WHERE id = ? AND"
                        " (moderation_seen IS NULL OR moderation_seen < ?)", [upto, event_id, upto])


def theme_risk_count(db, event_id, theme_id):
    """How many risks are under a theme."""
    return db.execute("SELECT COUNT(*) FROM risks r JOIN respondents p ON p.id = r.respondent_id"
                      " WHERE p.event_id = ? AND r.theme_id = ?", [event_id, theme_id]).fetchone()[0]


def _themes(db, event_id):
    """{theme id: (name, position)} of an event."""
    return {row[0]: (row[1], row[2]) for row in db.execute(
        "SELECT id, name, position FROM risk_themes WHERE event_id = ?", [event_id]).fetchall()}


def _risks(db, event_id, ids):
    """{risk id: (theme id or None, hidden, text)} for those of the ids that are this event's risks."""
    return {row[0]: (row[1], bool(row[2]), row[3]) for row in db.execute(
        f"SELECT r.id, r.theme_id, r.hidden, r.text FROM risks r JOIN respondents p ON p.id = r.respondent_id"
        f" WHERE p.event_id = ? AND r.id {_IN}", [event_id, json.dumps(ids)]).fetchall()}


def _helps(db, event_id, ids):
    """{respondent id: (hidden, text)} for those of the ids whose 'what would help' answer is this event's."""
    return {row[0]: (bool(row[1]), row[2]) for row in db.execute(
        f"SELECT id, would_help_hidden, would_help FROM respondents WHERE event_id = ? AND would_help != ''"
        f" AND confidence IS NOT NULL AND id {_IN}", [event_id, json.dumps(ids)]).fetchall()}


def _log(db, event_id, kind, label, undo):
    """Write a change into the log undo reads (inside the change's transaction)."""
    db.conn.execute("INSERT INTO moderation_actions (event_id, kind, label, undo, done_at) VALUES (?, ?, ?, ?, ?)",
                    [event_id, kind, label, json.dumps(undo), now()])


def move_risks(db, event_id, risk_ids, theme_id, check):
    """Put risks under a theme (None: Other) at once; check(found risks, themes) names it or raises. Returns the name."""
    with transaction(db):
        found = {i: (theme, text) for i, (theme, _hidden, text) in _risks(db, event_id, risk_ids).items()}
        label = check(found, {i: name for i, (name, _position) in _themes(db, event_id).items()})
        db.conn.execute(f"UPDATE risks SET theme_id = ? WHERE id {_IN}", [theme_id, json.dumps(risk_ids)])
        _log(db, event_id, "move", label, {"theme": theme_id, "risks": [[i, *found[i]] for i in risk_ids]})
    return label


def set_hidden(db, event_id, risk_ids, help_ids, hidden, check):
    """Hide (or show) risks and 'what would help' answers at once; check(found risks, found helps) names it or raises."""
    with transaction(db):
        risks = {i: (h, text) for i, (_theme, h, text) in _risks(db, event_id, risk_ids).items()}
        helps = _helps(db, event_id, help_ids)
        label = check(risks, helps)
        db.conn.execute(f"UPDATE risks SET hidden = ? WHERE id {_IN}", [int(hidden), json.dumps(risk_ids)])
        db.conn.execute(f"UPDATE respondents SET would_help_hidden = ? WHERE event_id = ? AND id {_IN}",
                        [int(hidden), event_id, json.dumps(help_ids)])
        _log(db, event_id, "hide", label, {"hidden": hidden, "risks": [[i, *risks[i]] for i in risk_ids],
                                           "would_help": [[i, *helps[i]] for i in help_ids]})
    return label


def merge_themes(db, event_id, from_id, into_id, check):
    """Move every risk of one theme into another and remove the first, logging what undo needs; returns (name, moved)."""
    in_event = " AND respondent_id IN (SELECT id FROM respondents WHERE event_id = ?)"
    with transaction(db):
        themes = _themes(db, event_id)
        label = check(themes)
        moved = db.execute("SELECT id, text FROM risks WHERE theme_id = ?" + in_event, [from_id, event_id]).fetchall()
        chosen = [row[0] for row in db.execute("SELECT id FROM risks WHERE chosen_theme_id = ?" + in_event,
                                               [from_id, event_id]).fetchall()]
        redirected = [row[0] for row in db.execute("SELECT from_id FROM theme_merges WHERE into_id = ? AND event_id = ?",
                                                   [from_id, event_id]).fetchall()]
        db.conn.execute("UPDATE risks SET theme_id = ? WHERE theme_id = ?" + in_event, [into_id, from_id, event_id])
        # What people chose follows too, so a phone re-sending the old theme keeps the facilitator's moderation.
        db.conn.execute("UPDATE risks SET chosen_theme_id = ? WHERE chosen_theme_id = ?" + in_event,
                        [into_id, from_id, event_id])
        db.conn.execute("UPDATE theme_merges SET into_id = ? WHERE into_id = ? AND event_id = ?",
                        [into_id, from_id, event_id])
        # What would help for the merged theme goes with its risks (else deleting the theme would make it general).
        db.conn.execute("UPDATE respondents SET would_help_theme_id = ? WHERE would_help_theme_id = ? AND event_id = ?",
                        [into_id, from_id, event_id])
        db.conn.execute("INSERT INTO theme_merges (from_id, into_id, event_id) VALUES (?, ?, ?)",
                        [from_id, into_id, event_id])
        db.conn.execute("DELETE FROM risk_themes WHERE id = ? AND event_id = ?", [from_id, event_id])
        name, position = themes[from_id]
        _log(db, event_id, "merge", label, {
            "from": {"id": from_id, "name": name, "position": position}, "into": into_id,
            "risks": [list(row) for row in moved], "chosen": chosen, "redirected": redirected})
    return label, len(moved)


def actions(db, event_id, limit):
    """The latest changes not undone, newest first: [{"id", "kind", "label", "done_at"}]."""
    return list(db.query("SELECT id, kind, label, done_at FROM moderation_actions WHERE event_id = ? AND undone_at IS NULL"
                         " ORDER BY id DESC LIMIT ?", [event_id, limit]))


def undo(db, event_id, action_id, plan):
    """Undo one logged change: plan(action, facts) says what to write, or raises if it no longer applies. Returns its name.

    Returns None if the event has no such change.
    """
    with transaction(db):
        row = db.execute("SELECT kind, label, undo, undone_at FROM moderation_actions WHERE id = ? AND event_id = ?",
                         [action_id, event_id]).fetchone()
        if row is None:
            return None
        action = {"kind": row[0], "label": row[1], "undo": json.loads(row[2]), "undone_at": row[3]}
        record = action["undo"]
        risk_ids = [entry[0] for entry in record.get("risks", [])]
        help_ids = [entry[0] for entry in record.get("would_help", [])]
        merged = record.get("from", {}).get("id")
        facts = {"themes": {i: name for i, (name, _position) in _themes(db, event_id).items()},
                 "risks": _risks(db, event_id, risk_ids), "helps": _helps(db, event_id, help_ids),
                 "id_free": merged is None or db.execute("SELECT 1 FROM risk_themes WHERE id = ?",
                                                         [merged]).fetchone() is None}
        steps = plan(action, facts)
        getattr(_Undo, action["kind"])(db, event_id, steps)
        db.conn.execute("UPDATE moderation_actions SET undone_at = ? WHERE id = ?", [now(), action_id])
    return action["label"]


class _Undo:
    """Writing each kind of undo's plan (inside undo's transaction)."""

    @staticmethod
    def merge(db, event_id, steps):
        """The merged theme back, with its id, name and place; its risks, people's choices and merge redirects too."""
        theme = steps["theme"]
        db.conn.execute("INSERT INTO risk_themes (id, event_id, position, name) VALUES (?, ?, ?, ?)",
                        [theme["id"], event_id, theme["position"], theme["name"]])
        db.conn.execute(f"UPDATE risks SET theme_id = ? WHERE id {_IN}", [theme["id"], json.dumps(steps["risks"])])
        db.conn.execute(f"UPDATE risks SET chosen_theme_id = ? WHERE chosen_theme_id = ? AND id {_IN}",
                        [theme["id"], steps["into"], json.dumps(steps["chosen"])])
        # Phones are no longer redirected from it, and themes merged into it earlier point at it again.
        db.conn.execute("DELETE FROM theme_merges WHERE from_id = ? AND event_id = ?", [theme["id"], event_id])
        db.conn.execute(f"UPDATE theme_merges SET into_id = ? WHERE into_id = ? AND event_id = ? AND from_id {_IN}",
                        [theme["id"], steps["into"], event_id, json.dumps(steps["redirected"])])

    @staticmethod
    def move(db, event_id, steps):
        """Each risk back under the theme it came from."""
        db.conn.executemany("UPDATE risks SET theme_id = ? WHERE id = ?",
                            [[previous, risk_id] for risk_id, previous in steps["risks"]])

    @staticmethod
    def hide(db, event_id, steps):
        """Each comment hidden or shown as it was."""
        db.conn.executemany("UPDATE risks SET hidden = ? WHERE id = ?",
                            [[int(previous), risk_id] for risk_id, previous in steps["risks"]])
        db.conn.executemany("UPDATE respondents SET would_help_hidden = ? WHERE id = ? AND event_id = ?",
                            [[int(previous), i, event_id] for i, previous in steps["would_help"]])
