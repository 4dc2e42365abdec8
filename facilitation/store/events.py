"""SQL for events and their parts: options, criteria, tables and join links, share-out, display, invitees."""
import json

from ..domain import joining
from ..domain.event import share_out
from .schema import now, transaction


def create_event(db, definition, demo=False):
    """Store a canonical event definition whole, with fresh join links; return the new event's id."""
    with transaction(db):
        return _insert_event(db, definition, demo)


def create_first_event(db, definition, demo=False):
    """Store an event only if the database has none yet (checked in the same write transaction); its id, or None.

    So of several processes starting together on a new instance folder, exactly one loads the demo.
    """
    with transaction(db):
        if db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None:
            return None
        return _insert_event(db, definition, demo)


def _insert_event(db, definition, demo):
    """create_event's writes (inside the caller's transaction)."""
    stamp = now()
    cursor = db.conn.execute(
        "INSERT INTO events (title, date, scoring, assignment, confidence, survey, programme, stakeholder_groups,"
        " paper, created_at, updated_at, demo, survey_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*_event_columns(definition), stamp, stamp, int(demo), joining.new_join_token()],
    )
    event_id = cursor.lastrowid
    _write_parts(db, event_id, definition)
    return event_id


def update_event(db, event_id, definition):
    """Replace an event's definition whole; tables that still exist keep their join links and codes."""
    with transaction(db):
        db.conn.execute(
            "UPDATE events SET title = ?, date = ?, scoring = ?, assignment = ?, confidence = ?, survey = ?,"
            " programme = ?, stakeholder_groups = ?, paper = ?, updated_at = ? WHERE id = ?",
            [*_event_columns(definition), now(), event_id],
        )
        _write_parts(db, event_id, definition)


def _event_columns(definition):
    """The events row's own columns, in insert order."""
    return [
        definition["title"],
        definition["date"],
        json.dumps(definition["scoring"]),
        json.dumps(definition["assignment"]),
        json.dumps(definition["confidence"]),
        json.dumps(definition["survey"]),
        json.dumps(definition.get("programme", [])),
        json.dumps(definition.get("stakeholder_groups", [])),
        json.dumps(definition.get("paper", {})),
    ]


def _write_parts(db, event_id, definition):
    """Write options, criteria, tables, share-out, themes and invitees (inside the caller's transaction)."""
    conn = db.conn
    _sync_by_code(db, "options", event_id, [
        {"code": o["code"], "title": o["title"], "description": o["description"], "status": o["status"],
         "family": o.get("family"), "excluded_reason": o["excluded_reason"], "briefing": json.dumps(o["briefing"])}
        for o in definition["options"]
    ])
    _sync_by_code(db, "criteria", event_id, [
        {"code": c["code"], "working_title": c["working_title"], "title": c["title"],
         "description": c["description"], "measures": json.dumps(c["measures"]), "weight": c["weight"]}
        for c in definition["criteria"]
    ])
    _write_tables(db, event_id, definition["tables"])
    criterion_ids = dict(conn.execute("SELECT code, id FROM criteria WHERE event_id = ?", [event_id]).fetchall())
    table_ids = dict(conn.execute("SELECT number, id FROM tables WHERE event_id = ?", [event_id]).fetchall())
    shares = share_out(
        [c["code"] for c in definition["criteria"]], [t["number"] for t in definition["tables"]],
        definition["assignment"],
    )
    conn.executemany(
        "INSERT INTO assignments (table_id, criterion_id) VALUES (?, ?)",
        [[table_ids[number], criterion_ids[code]] for number, codes in shares.items() for code in codes],
    )
    # Themes keep their ids by name: risks raised on the day will point at them.
    responses = definition.get("theme_responses", {})
    _sync_by_code(db, "risk_themes", event_id, [{"name": name, "response": responses.get(name, "")}
                                                 for name in definition["risk_themes"]], key="name")
    _write_invitees(db, event_id, definition["invitees"])


def _write_invitees(db, event_id, invitees):
    """Replace the invitee list; someone still on it (same name and organisation) keeps their links and check-in.

    The survey token and the check-in token both stay, so a personal survey link already sent, a badge already
    printed and a check-in already made all still point at the same person.
    """
    conn = db.conn
    kept = {(name, organisation): tokens for name, organisation, *tokens in conn.execute(
        "SELECT name, organisation, survey_token, checkin_token FROM invitees WHERE event_id = ?",
        [event_id]).fetchall()}
    conn.execute("DELETE FROM invitees WHERE event_id = ?", [event_id])
    rows = []
    for i, p in enumerate(invitees):
        survey_token, checkin_token = kept.pop((p["name"], p["organisation"]), None) or (None, None)
        rows.append([event_id, i, p["name"], p["organisation"], p.get("group", ""),
                     survey_token or joining.new_join_token(), checkin_token or joining.new_join_token()])
    conn.executemany(
        "INSERT INTO invitees (event_id, position, name, organisation, stakeholder_group, survey_token, checkin_token)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", rows,
    )


def _sync_by_code(db, table, event_id, rows, key="code"):
    """Make an event's options, criteria or themes match rows: the same code (or name) keeps its id and what refers to it."""
    conn = db.conn
    existing = dict(conn.execute(f"SELECT {key}, id FROM {table} WHERE event_id = ?", [event_id]).fetchall())
    wanted = {row[key] for row in rows}
    for code, row_id in existing.items():
        if code not in wanted:
            conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
    for position, row in enumerate(rows):
        values = {**row, "position": position}
        if row[key] in existing:
            assignments = ", ".join(f"{column} = :{column}" for column in values)
            conn.execute(f"UPDATE {table} SET {assignments} WHERE id = :id", {**values, "id": existing[row[key]]})
        else:
            columns = ", ".join(["event_id", *values])
            placeholders = ", ".join([":event_id", *(f":{column}" for column in values)])
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", {**values, "event_id": event_id})


def _write_tables(db, event_id, tables):
    """Add new tables with fresh join links, rename kept ones, drop removed ones; clear the share-out."""
    conn = db.conn
    existing = dict(conn.execute("SELECT number, id FROM tables WHERE event_id = ?", [event_id]).fetchall())
    wanted = {t["number"]: t["name"] for t in tables}
    for number, table_id in existing.items():
        if number not in wanted:
            conn.execute("DELETE FROM tables WHERE id = ?", [table_id])
    conn.execute(
        "DELETE FROM assignments WHERE table_id IN (SELECT id FROM tables WHERE event_id = ?)", [event_id]
    )
    for number, name in wanted.items():
        if number in existing:
            conn.execute("UPDATE tables SET name = ? WHERE id = ?", [name, existing[number]])
        else:
            conn.execute(
                "INSERT INTO tables (event_id, number, name, join_token, join_code) VALUES (?, ?, ?, ?, ?)",
                [event_id, number, name, joining.new_join_token(), _unused_join_code(db)],
            )


def _unused_join_code(db):
    """A short table code no other table on this server has."""
    while True:
        code = joining.new_join_code()
        if db.execute("SELECT 1 FROM tables WHERE join_code = ?", [code]).fetchone() is None:
            return code


def list_events(db):
    """Every event, newest first, with its table count and its close ({"at", "by"}, or None while open)."""
    return [
        {**row, "closed": json.loads(row["closed"]) if row["closed"] else None}
        for row in db.query(
            "SELECT e.id, e.title, e.date, e.updated_at, COUNT(t.id) AS table_count, e.closed FROM events e"
            " LEFT JOIN tables t ON t.event_id = e.id GROUP BY e.id ORDER BY e.id DESC"
        )
    ]


def get_event(db, event_id):
    """One event's own row (title, date, settings), or None."""
    rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        return None
    row = rows[0]
    for key in ("scoring", "assignment", "confidence", "survey", "display", "confidence_phase", "programme",
                "stakeholder_groups", "paper"):
        row[key] = json.loads(row[key])
    row["closed"] = json.loads(row["closed"]) if row["closed"] else None
    for key in ("demo", "survey_closed", "ask_identity"):
        row[key] = bool(row[key])
    return row


def set_display(db, event_id, display):
    """Store what the projector shows for an event."""
    with transaction(db):
        db.conn.execute("UPDATE events SET display = ? WHERE id = ?", [json.dumps(display), event_id])


def set_weights(db, event_id, weights, rule=None):
    """Change some criteria's weights and, if given, the rule that names the strongest option, in one transaction."""
    with transaction(db):
        db.conn.executemany("UPDATE criteria SET weight = ? WHERE event_id = ? AND code = ?",
                            [[weight, event_id, code] for code, weight in weights.items()])
        if rule is not None:
            db.conn.execute("UPDATE events SET scoring = json_set(scoring, '$.rule', ?) WHERE id = ?", [rule, event_id])


def change_display(db, event_id, decide):
    """Change what the projector shows as one write transaction: decide(stored display) returns the new one (or raises).

    Reading and writing under the same lock means two quick presses of a clicker both count, whichever process
    serves them.
    """
    with transaction(db):
        (stored,) = db.execute("SELECT display FROM events WHERE id = ?", [event_id]).fetchone()
        display = decide(json.loads(stored))
        db.conn.execute("UPDATE events SET display = ? WHERE id = ?", [json.dumps(display), event_id])
    return display


def load_definition(db, event_id):
    """The event's canonical definition, as parse_event returns it; None if there is no such event."""
    event = get_event(db, event_id)
    if event is None:
        return None
    return {
        "format": 1,
        "title": event["title"],
        "date": event["date"],
        "scoring": event["scoring"],
        "options": list_options(db, event_id),
        "criteria": list_criteria(db, event_id),
        "tables": [{"number": t["number"], "name": t["name"]} for t in list_tables(db, event_id)],
        "assignment": event["assignment"],
        "confidence": event["confidence"],
        "risk_themes": [
            r["name"] for r in db.query("SELECT name FROM risk_themes WHERE event_id = ? ORDER BY position", [event_id])
        ],
        "survey": event["survey"],
        "invitees": list(db.query(
            "SELECT name, organisation, stakeholder_group AS [group] FROM invitees WHERE event_id = ? ORDER BY position",
            [event_id])),
        "programme": event["programme"],
        "stakeholder_groups": event["stakeholder_groups"],
        "theme_responses": dict(db.execute(
            "SELECT name, response FROM risk_themes WHERE event_id = ? AND response != '' ORDER BY position",
            [event_id]).fetchall()),
        "paper": event["paper"],
    }


def option_codes(db, event_id):
    """The event's short-listed and excluded option codes, in file order (all a ballot check needs)."""
    codes = {"shortlisted": [], "excluded": []}
    for code, status in db.execute(
        "SELECT code, status FROM options WHERE event_id = ? ORDER BY position", [event_id]
    ).fetchall():
        codes[status].append(code)
    return codes


def list_options(db, event_id):
    """The event's options (long list) in file order."""
    options = []
    for row in db.query(
        "SELECT code, title, description, status, family, excluded_reason, briefing FROM options"
        " WHERE event_id = ? ORDER BY position",
        [event_id],
    ):
        row["briefing"] = json.loads(row["briefing"])
        options.append(row)
    return options


def list_criteria(db, event_id):
    """The event's criteria in file order."""
    criteria = []
    for row in db.query(
        "SELECT code, working_title, title, description, measures, weight FROM criteria"
        " WHERE event_id = ? ORDER BY position",
        [event_id],
    ):
        row["measures"] = json.loads(row["measures"])
        # Stored as REAL; give back the whole number the file had.
        if float(row["weight"]).is_integer():
            row["weight"] = int(row["weight"])
        criteria.append(row)
    return criteria


def _criterion_id(db, event_id, code):
    """A criterion's row id from its code, or None."""
    row = db.execute("SELECT id FROM criteria WHERE event_id = ? AND code = ?", [event_id, code]).fetchone()
    return row[0] if row else None


def list_tables(db, event_id):
    """The event's tables in number order, each with its join token, code and criterion codes."""
    tables = list(
        db.query(
            "SELECT id, number, name, join_token, join_code FROM tables WHERE event_id = ? ORDER BY number",
            [event_id],
        )
    )
    shares = {}
    for row in db.query(
        "SELECT a.table_id, c.code FROM assignments a JOIN criteria c ON c.id = a.criterion_id"
        " JOIN tables t ON t.id = a.table_id WHERE t.event_id = ? ORDER BY c.position",
        [event_id],
    ):
        shares.setdefault(row["table_id"], []).append(row["code"])
    for table in tables:
        table["criteria"] = shares.get(table["id"], [])
    return tables


def get_table(db, event_id, number):
    """One table of an event by its number, with its criterion codes, or None."""
    return next((t for t in list_tables(db, event_id) if t["number"] == number), None)


def find_table_by_code(db, join_code):
    """The table a short code belongs to, as (event_id, table number, join token), or None."""
    row = db.execute("SELECT event_id, number, join_token FROM tables WHERE join_code = ?", [join_code]).fetchone()
    return tuple(row) if row else None


def find_stale_token(db, join_token):
    """The table a replaced join link used to point at, as (event_id, table number), or None."""
    row = db.execute(
        "SELECT t.event_id, t.number FROM stale_join_tokens s JOIN tables t ON t.id = s.table_id"
        " WHERE s.join_token = ?",
        [join_token],
    ).fetchone()
    return tuple(row) if row else None


def regenerate_join(db, event_id, number):
    """Give one table a new join link and code; the old link is kept as stale. Returns the old token, or None."""
    with transaction(db):
        row = db.execute(
            "SELECT id, join_token FROM tables WHERE event_id = ? AND number = ?", [event_id, number]
        ).fetchone()
        if row is None:
            return None
        table_id, old_token = row
        db.conn.execute(
            "INSERT INTO stale_join_tokens (join_token, table_id, replaced_at) VALUES (?, ?, ?)",
            [old_token, table_id, now()],
        )
        db.conn.execute(
            "UPDATE tables SET join_token = ?, join_code = ? WHERE id = ?",
            [joining.new_join_token(), _unused_join_code(db), table_id],
        )
    return old_token


def find_table(db, join_token):
    """The table a join link points at, with what scoring needs: ids, event, assigned criterion codes; or None."""
    rows = list(db.query(
        "SELECT t.id, t.event_id, t.number, t.name, e.title AS event_title, e.scoring FROM tables t"
        " JOIN events e ON e.id = t.event_id WHERE t.join_token = ?",
        [join_token],
    ))
    if not rows:
        return None
    table = rows[0]
    table["scoring"] = json.loads(table["scoring"])
    table["criteria"] = [
        row["code"] for row in db.query(
            "SELECT c.code FROM assignments a JOIN criteria c ON c.id = a.criterion_id"
            " WHERE a.table_id = ? ORDER BY c.position",
            [table["id"]],
        )
    ]
    return table


def list_invitees(db, event_id):
    """The event's invitees in list order, each with their stakeholder group, personal survey and check-in tokens."""
    return list(db.query(
        "SELECT name, organisation, stakeholder_group AS [group], survey_token, checkin_token FROM invitees"
        " WHERE event_id = ? ORDER BY position", [event_id]
    ))


def delete_event(db, event_id):
    """Remove an event and everything that belongs to it."""
    with transaction(db):
        db.conn.execute("DELETE FROM events WHERE id = ?", [event_id])


def close_event(db, event_id, by):
    """In one transaction: voting closed on every criterion, the questions and the survey closed, the event locked."""
    stamp = {"at": now(), "by": by}
    with transaction(db):
        db.conn.execute(
            "INSERT INTO voting (criterion_id, state, changed_at) SELECT id, 'closed', ? FROM criteria"
            " WHERE event_id = ? ON CONFLICT(criterion_id) DO UPDATE SET state = 'closed', changed_at = excluded.changed_at",
            [stamp["at"], event_id])
        db.conn.execute(
            "UPDATE events SET confidence_phase = json_set(confidence_phase, '$.state', 'closed', '$.changed_at', ?),"
            " survey_closed = 1, closed = ? WHERE id = ?", [stamp["at"], json.dumps(stamp), event_id])
    return stamp


def reopen_event(db, event_id):
    """Unlock the event (what the close closed stays closed until opened again)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET closed = NULL WHERE id = ?", [event_id])
