"""The only module that knows the database: schema, migrations and every SQL statement."""
import contextlib
import json
import sqlite3
from datetime import datetime, timezone

from sqlite_utils import Database

from .domain import joining
from .domain.event import share_out


def connect(path):
    """Open the SQLite file with the settings every connection needs."""
    # A generous busy timeout: a second process (CLI import while the server runs) waits rather than fails.
    conn = sqlite3.connect(path, timeout=30)
    db = Database(conn)
    if db.journal_mode != "wal":
        db.enable_wal()
    # FULL: a ballot acknowledged to a phone must survive a power cut, not just a crash.
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


@contextlib.contextmanager
def transaction(db):
    """Run a block as one write transaction that commits whole or not at all."""
    # IMMEDIATE takes the write lock up front, so a concurrent writer waits instead of failing mid-way.
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.commit()


@contextlib.contextmanager
def snapshot(db):
    """Run several reads against one consistent state of the database, even while others write.

    In WAL mode each statement outside a transaction sees the latest commit; a read transaction pins one.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        db.conn.commit()


def now():
    """The current time as an ISO 8601 UTC string, as stored everywhere."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------- schema and migrations

def _schema_1(db):
    """Events, their options, criteria, tables and share-out; settings and API tokens."""
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY, title TEXT NOT NULL, date TEXT,
            scoring TEXT NOT NULL, assignment TEXT NOT NULL, confidence TEXT NOT NULL,
            survey TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE options (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
            status TEXT NOT NULL, excluded_reason TEXT, briefing TEXT NOT NULL,
            UNIQUE (event_id, code));
        CREATE TABLE criteria (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, code TEXT NOT NULL, working_title TEXT NOT NULL, title TEXT NOT NULL,
            description TEXT NOT NULL, measures TEXT NOT NULL, weight REAL NOT NULL,
            UNIQUE (event_id, code));
        CREATE TABLE tables (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            number INTEGER NOT NULL, name TEXT NOT NULL,
            join_token TEXT NOT NULL UNIQUE, join_code TEXT NOT NULL UNIQUE,
            UNIQUE (event_id, number));
        CREATE TABLE assignments (
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            PRIMARY KEY (table_id, criterion_id));
        CREATE TABLE risk_themes (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, name TEXT NOT NULL);
        CREATE TABLE invitees (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, name TEXT NOT NULL, organisation TEXT NOT NULL);
        """
    )


def _schema_2(db):
    """Keep replaced join links, so an old card can say it is stale instead of 'not found'."""
    db.executescript(
        """
        CREATE TABLE stale_join_tokens (
            join_token TEXT PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            replaced_at TEXT NOT NULL);
        """
    )


def _schema_3(db):
    """Voting state per criterion, each table's shared draft, and every submitted ballot version."""
    db.executescript(
        """
        CREATE TABLE voting (
            criterion_id INTEGER PRIMARY KEY REFERENCES criteria(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('waiting', 'open', 'closed')),
            changed_at TEXT NOT NULL);
        CREATE TABLE drafts (
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            content TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
            PRIMARY KEY (table_id, criterion_id));
        CREATE TABLE ballots (
            id INTEGER PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            ranking TEXT NOT NULL, points TEXT NOT NULL, ruled_out TEXT NOT NULL, warnings TEXT NOT NULL,
            submission_id TEXT NOT NULL, submitted_at TEXT NOT NULL, submitted_by TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'room',
            UNIQUE (table_id, criterion_id, version),
            UNIQUE (table_id, submission_id));
        """
    )


def _schema_4(db):
    """What the projector shows (view, hidden until voting closes), and which events are demos to rehearse with."""
    db.executescript(
        """
        ALTER TABLE events ADD COLUMN display TEXT NOT NULL DEFAULT '{"view": "totals", "hidden": true}';
        ALTER TABLE events ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        """
    )


def _schema_5(db):
    """Confidence and risks: the phase, the survey link, personal links, respondents, their answers and risks."""
    db.executescript(
        """
        ALTER TABLE events ADD COLUMN confidence_phase TEXT NOT NULL DEFAULT '{"state": "waiting", "about": null}';
        ALTER TABLE events ADD COLUMN survey_closed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE events ADD COLUMN survey_token TEXT;
        ALTER TABLE events ADD COLUMN ask_identity INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE invitees ADD COLUMN survey_token TEXT;
        CREATE TABLE respondents (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            token TEXT NOT NULL UNIQUE, source TEXT NOT NULL CHECK (source IN ('room', 'survey')),
            table_number INTEGER, name TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '',
            confidence TEXT, about TEXT, would_help TEXT NOT NULL DEFAULT '',
            would_help_hidden INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX respondents_event ON respondents (event_id);
        CREATE TABLE risks (
            id INTEGER PRIMARY KEY, respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, text TEXT NOT NULL, chosen_theme_id INTEGER,
            theme_id INTEGER REFERENCES risk_themes(id) ON DELETE SET NULL, hidden INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX risks_respondent ON risks (respondent_id);
        CREATE TABLE answer_history (
            id INTEGER PRIMARY KEY, respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL, submission_id TEXT NOT NULL, content TEXT NOT NULL, submitted_at TEXT NOT NULL,
            UNIQUE (respondent_id, version), UNIQUE (respondent_id, submission_id));
        CREATE TABLE theme_merges (
            from_id INTEGER PRIMARY KEY, into_id INTEGER NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE);
        """
    )
    for (event_id,) in db.execute("SELECT id FROM events").fetchall():
        db.conn.execute("UPDATE events SET survey_token = ? WHERE id = ?", [joining.new_join_token(), event_id])
    for (invitee_id,) in db.execute("SELECT id FROM invitees").fetchall():
        db.conn.execute("UPDATE invitees SET survey_token = ? WHERE id = ?", [joining.new_join_token(), invitee_id])
    db.executescript(
        """
        CREATE UNIQUE INDEX events_survey_token ON events (survey_token);
        CREATE UNIQUE INDEX invitees_survey_token ON invitees (survey_token);
        """
    )


def _schema_6(db):
    """Scores from survey respondents, when the survey asks them to score too: one set per version of their answers."""
    db.executescript(
        """
        CREATE TABLE survey_ballots (
            id INTEGER PRIMARY KEY,
            respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            answer_version INTEGER NOT NULL,
            ranking TEXT NOT NULL, points TEXT NOT NULL, ruled_out TEXT NOT NULL, warnings TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            UNIQUE (respondent_id, criterion_id, answer_version));
        """
    )


def _schema_7(db):
    """The shared draft merges its phones' operations: a revision per draft, and each operation id seen (applied once)."""
    db.executescript(
        """
        ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE draft_ops (
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            op_id TEXT NOT NULL,
            criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('applied', 'refused')),
            revision INTEGER NOT NULL, op TEXT NOT NULL, device_id TEXT NOT NULL, received_at TEXT NOT NULL,
            PRIMARY KEY (table_id, op_id));
        """
    )


def _schema_8(db):
    """Moderation: when each comment arrived (for "new since you last looked"), that mark per event, and undo's log."""
    db.executescript(
        """
        ALTER TABLE risks ADD COLUMN added_at TEXT;
        ALTER TABLE respondents ADD COLUMN would_help_at TEXT;
        ALTER TABLE events ADD COLUMN moderation_seen TEXT;
        UPDATE risks SET added_at = (SELECT updated_at FROM respondents WHERE respondents.id = risks.respondent_id);
        UPDATE respondents SET would_help_at = updated_at WHERE would_help != '';
        CREATE TABLE moderation_actions (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'move', 'hide')), label TEXT NOT NULL, undo TEXT NOT NULL,
            done_at TEXT NOT NULL, undone_at TEXT);
        CREATE INDEX moderation_actions_event ON moderation_actions (event_id, id);
        """
    )


def _schema_9(db):
    """A version stamp per event, changed by every write to what processes cache about it (facilitation/lookups.py).

    Triggers keep it, so no write can forget: the event row's settings, display and phase, its options, criteria,
    tables and join links, share-out, voting, themes and merges. Stamps come from one counter, so an event id used
    again after a delete never meets an old stamp. Ballots, drafts and answers do not touch it.
    """
    db.executescript(
        """
        CREATE TABLE version_counter (id INTEGER PRIMARY KEY CHECK (id = 1), stamp INTEGER NOT NULL);
        ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        INSERT INTO version_counter (id, stamp) VALUES (1, (SELECT COUNT(*) FROM events));
        UPDATE events SET version = (SELECT COUNT(*) FROM events e WHERE e.id <= events.id);
        """
    )
    bump = ("BEGIN UPDATE version_counter SET stamp = stamp + 1;"
            " UPDATE events SET version = (SELECT stamp FROM version_counter) WHERE id = {event}; END;")
    columns = ("title, date, scoring, assignment, confidence, survey, display, demo, confidence_phase, survey_closed,"
               " survey_token, ask_identity")
    statements = [f"CREATE TRIGGER events_insert_version AFTER INSERT ON events {bump.format(event='NEW.id')}",
                  f"CREATE TRIGGER events_update_version AFTER UPDATE OF {columns} ON events"
                  f" {bump.format(event='NEW.id')}"]
    owners = {"options": "{row}.event_id", "criteria": "{row}.event_id", "tables": "{row}.event_id",
              "risk_themes": "{row}.event_id", "theme_merges": "{row}.event_id",
              "assignments": "(SELECT event_id FROM tables WHERE id = {row}.table_id)",
              "voting": "(SELECT event_id FROM criteria WHERE id = {row}.criterion_id)"}
    for table, owner in owners.items():
        for action, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(f"CREATE TRIGGER {table}_{action.lower()}_version AFTER {action} ON {table}"
                              f" {bump.format(event=owner.format(row=row))}")
    db.executescript("\n".join(statements))


MIGRATIONS = [_schema_1, _schema_2, _schema_3, _schema_4, _schema_5, _schema_6, _schema_7, _schema_8, _schema_9]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db):
    """The schema version this database file is at (0 for a new file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db, target=SCHEMA_VERSION):
    """Upgrade the database in place, one migration per transaction, up to the target version."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"This database is at schema version {version}, newer than this app ({SCHEMA_VERSION}). "
            "Upgrade the app before using it."
        )
    for number in range(version + 1, target + 1):
        with transaction(db):
            MIGRATIONS[number - 1](db)
            db.conn.execute(f"PRAGMA user_version = {number}")
    return schema_version(db)


# ---------------------------------------------------------------- settings and API tokens

def get_setting(db, key):
    """One stored setting, or None."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(db, key, value):
    """Store one setting, replacing any earlier value."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def add_api_token(db, token_hash, label=""):
    """Record a new API token by its hash (the token itself is never stored)."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO api_tokens (token_hash, label, created_at) VALUES (?, ?, ?)", [token_hash, label, now()]
        )


def api_token_exists(db, token_hash):
    """Whether an API token with this hash was issued."""
    return db.execute("SELECT 1 FROM api_tokens WHERE token_hash = ?", [token_hash]).fetchone() is not None


# ---------------------------------------------------------------- events

def create_event(db, definition, demo=False):
    """Store a canonical event definition whole, with fresh join links; return the new event's id."""
    with transaction(db):
        stamp = now()
        cursor = db.conn.execute(
            "INSERT INTO events (title, date, scoring, assignment, confidence, survey, created_at, updated_at, demo,"
            " survey_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            " updated_at = ? WHERE id = ?",
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
    ]


def _write_parts(db, event_id, definition):
    """Write options, criteria, tables, share-out, themes and invitees (inside the caller's transaction)."""
    conn = db.conn
    _sync_by_code(db, "options", event_id, [
        {"code": o["code"], "title": o["title"], "description": o["description"], "status": o["status"],
         "excluded_reason": o["excluded_reason"], "briefing": json.dumps(o["briefing"])}
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
    _sync_by_code(db, "risk_themes", event_id, [{"name": name} for name in definition["risk_themes"]], key="name")
    _write_invitees(db, event_id, definition["invitees"])


def _write_invitees(db, event_id, invitees):
    """Replace the invitee list; someone still on it (same name and organisation) keeps their personal survey link."""
    conn = db.conn
    kept = {(name, organisation): token for name, organisation, token in conn.execute(
        "SELECT name, organisation, survey_token FROM invitees WHERE event_id = ?", [event_id]).fetchall()}
    conn.execute("DELETE FROM invitees WHERE event_id = ?", [event_id])
    conn.executemany(
        "INSERT INTO invitees (event_id, position, name, organisation, survey_token) VALUES (?, ?, ?, ?, ?)",
        [[event_id, i, p["name"], p["organisation"],
          kept.pop((p["name"], p["organisation"]), None) or joining.new_join_token()]
         for i, p in enumerate(invitees)],
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
    """Every event, newest first, with its table count."""
    return list(
        db.query(
            "SELECT e.id, e.title, e.date, e.updated_at, COUNT(t.id) AS table_count FROM events e"
            " LEFT JOIN tables t ON t.event_id = e.id GROUP BY e.id ORDER BY e.id DESC"
        )
    )


def get_event(db, event_id):
    """One event's own row (title, date, settings), or None."""
    rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        return None
    row = rows[0]
    for key in ("scoring", "assignment", "confidence", "survey", "display", "confidence_phase"):
        row[key] = json.loads(row[key])
    for key in ("demo", "survey_closed", "ask_identity"):
        row[key] = bool(row[key])
    return row


def set_display(db, event_id, display):
    """Store what the projector shows for an event."""
    with transaction(db):
        db.conn.execute("UPDATE events SET display = ? WHERE id = ?", [json.dumps(display), event_id])


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
        "invitees": list(
            db.query("SELECT name, organisation FROM invitees WHERE event_id = ? ORDER BY position", [event_id])
        ),
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
        "SELECT code, title, description, status, excluded_reason, briefing FROM options"
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


def delete_event(db, event_id):
    """Remove an event and everything that belongs to it."""
    with transaction(db):
        db.conn.execute("DELETE FROM events WHERE id = ?", [event_id])


# ---------------------------------------------------------------- voting, drafts and ballots

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


def _criterion_id(db, event_id, code):
    """A criterion's row id from its code, or None."""
    row = db.execute("SELECT id FROM criteria WHERE event_id = ? AND code = ?", [event_id, code]).fetchone()
    return row[0] if row else None


def drafts(db, table_id):
    """The table's drafts by criterion code (written by store_drafts.apply_ops)."""
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
    " b.submitted_at, b.submitted_by, b.source"
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
            " submission_id, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [table["id"], criterion_id, (current["version"] if current else 0) + 1, json.dumps(ballot.ranking),
             json.dumps(ballot.points), json.dumps(ballot.ruled_out), json.dumps(ballot.warnings),
             ballot.submission_id, now(), ballot.device_id],
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


# ---------------------------------------------------------------- confidence phase, survey and attendance settings

def set_confidence_phase(db, event_id, state, about):
    """Open or close the confidence questions, naming the option they ask about."""
    with transaction(db):
        db.conn.execute(
            "UPDATE events SET confidence_phase = ? WHERE id = ?",
            [json.dumps({"state": state, "about": about, "changed_at": now()}), event_id],
        )


def set_survey_closed(db, event_id, closed):
    """Close the survey by hand (or reopen it until its closing time)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET survey_closed = ? WHERE id = ?", [int(closed), event_id])


def change_survey(db, event_id, decide):
    """Change the survey's closing time (in the event definition) and closed-by-hand flag in one transaction.

    decide(closes, closed_by_hand) sees what is stored at the moment of writing and returns the new pair (it may
    raise to refuse, and then nothing is written); returns what decide returned.
    """
    with transaction(db):
        survey, closed = db.conn.execute("SELECT survey, survey_closed FROM events WHERE id = ?", [event_id]).fetchone()
        survey = json.loads(survey)
        outcome = decide(survey["closes"], bool(closed))
        survey["closes"] = outcome[0]
        db.conn.execute("UPDATE events SET survey = ?, survey_closed = ?, updated_at = ? WHERE id = ?",
                        [json.dumps(survey), int(outcome[1]), now(), event_id])
    return outcome


def set_ask_identity(db, event_id, ask):
    """Whether delegates are offered name and organisation fields (always optional for them)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET ask_identity = ? WHERE id = ?", [int(ask), event_id])


def find_survey(db, survey_token):
    """The event a survey link belongs to, with the invitee for a personal link: (event id, invitee or None), or None."""
    row = db.execute("SELECT id FROM events WHERE survey_token = ?", [survey_token]).fetchone()
    if row:
        return row[0], None
    rows = list(db.query("SELECT event_id, name, organisation FROM invitees WHERE survey_token = ?", [survey_token]))
    if rows:
        return rows[0]["event_id"], {"name": rows[0]["name"], "organisation": rows[0]["organisation"]}
    return None


def list_invitees(db, event_id):
    """The event's invitees in list order, each with their personal survey token."""
    return list(db.query(
        "SELECT name, organisation, survey_token FROM invitees WHERE event_id = ? ORDER BY position", [event_id]
    ))


# ---------------------------------------------------------------- risk themes, live

def list_themes(db, event_id):
    """The event's risk themes in display order, with their ids."""
    return list(db.query("SELECT id, name FROM risk_themes WHERE event_id = ? ORDER BY position", [event_id]))


def theme_merges(db, event_id):
    """Every merge so far, as {merged theme id: the theme it went into}."""
    return dict(db.execute("SELECT from_id, into_id FROM theme_merges WHERE event_id = ?", [event_id]).fetchall())


def add_theme(db, event_id, name):
    """Add a theme at the end of the list; returns its id."""
    with transaction(db):
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM risk_themes WHERE event_id = ?", [event_id]
        ).fetchone()[0]
        # Never the id of a merged theme: phones still offering it are redirected, and undoing the merge restores it.
        fresh = db.execute("SELECT MAX(COALESCE((SELECT MAX(id) FROM risk_themes), 0),"
                           " COALESCE((SELECT MAX(from_id) FROM theme_merges), 0)) + 1").fetchone()[0]
        return db.conn.execute(
            "INSERT INTO risk_themes (id, event_id, position, name) VALUES (?, ?, ?, ?)", [fresh, event_id, position, name]
        ).lastrowid


def rename_theme(db, event_id, theme_id, name):
    """Rename a theme in place: its risks stay with it. Returns False if there is no such theme."""
    with transaction(db):
        return db.conn.execute(
            "UPDATE risk_themes SET name = ? WHERE id = ? AND event_id = ?", [name, theme_id, event_id]
        ).rowcount == 1


def remove_theme(db, event_id, theme_id):
    """Remove a theme no risk is under; returns False (and changes nothing) if risks use it."""
    with transaction(db):
        used = db.execute("SELECT 1 FROM risks WHERE theme_id = ? LIMIT 1", [theme_id]).fetchone()
        if used:
            return False
        db.conn.execute("DELETE FROM risk_themes WHERE id = ? AND event_id = ?", [theme_id, event_id])
    return True


def themes_in_use(db, event_id):
    """The names of the event's themes that have risks under them."""
    return {row[0] for row in db.execute(
        "SELECT DISTINCT t.name FROM risks r JOIN risk_themes t ON t.id = r.theme_id WHERE t.event_id = ?", [event_id]
    ).fetchall()}


# ---------------------------------------------------------------- respondents and their answers

_RESPONDENT_COLUMNS = ("id, event_id, source, table_number, name, organisation, confidence, about, would_help,"
                       " would_help_hidden, version, created_at, updated_at")


def _respondent(db, row):
    """A respondents row with its risks and (survey) current scores, as the domain reads it."""
    row["would_help_hidden"] = bool(row["would_help_hidden"])
    row["scoring"] = {
        r["criterion"]: _ballot(r) for r in db.query(
            "SELECT c.code AS criterion, b.ranking, b.points, b.ruled_out, b.warnings FROM survey_ballots b"
            " JOIN criteria c ON c.id = b.criterion_id WHERE b.respondent_id = ? AND b.answer_version = ?"
            " ORDER BY c.position", [row["id"], row["version"]])
    }
    row["risks"] = [
        {"id": r["id"], "text": r["text"], "theme": r["theme_id"] if r["theme_id"] is not None else "other",
         "chosen_theme": r["chosen_theme_id"] if r["chosen_theme_id"] is not None else "other", "hidden": bool(r["hidden"])}
        for r in db.query("SELECT id, text, theme_id, chosen_theme_id, hidden FROM risks WHERE respondent_id = ?"
                          " ORDER BY position", [row["id"]])
    ]
    return row


def get_respondent(db, event_id, token):
    """One person's stored answers and risks by their secret token, or None."""
    with snapshot(db):
        rows = list(db.query(f"SELECT {_RESPONDENT_COLUMNS} FROM respondents WHERE token = ? AND event_id = ?",
                             [token, event_id]))
        return _respondent(db, rows[0]) if rows else None


def register_respondent(db, event_id, token, source, *, table_number=None, name=None, organisation=None):
    """Create a respondent (or update the name and organisation they gave); returns False if the token is another event's or source's."""
    with transaction(db):
        row = db.execute("SELECT event_id, source FROM respondents WHERE token = ?", [token]).fetchone()
        if row and tuple(row) != (event_id, source):
            return False
        stamp = now()
        if row is None:
            db.conn.execute(
                "INSERT INTO respondents (event_id, token, source, table_number, name, organisation, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, token, source, table_number, name or "", organisation or "", stamp, stamp],
            )
        elif name is not None:
            db.conn.execute(
                "UPDATE respondents SET name = ?, organisation = ?, updated_at = ? WHERE token = ?",
                [name, organisation or "", stamp, token],
            )
    return True


def record_answers(db, event_id, token, source, answers, submission_id, refusal, *, table_number=None, identity=None):
    """Store one person's checked answers as their next version, atomically with the checks that depend on what is stored.

    refusal(phase) is the domain's decision given the phase read inside this transaction; it returns None or a reason.
    A risk kept word for word under the same chosen theme keeps the facilitator's moves and hiding.
    Returns (outcome, respondent) with outcome 'stored', 'duplicate', 'not_yours' or the refusal.
    """
    with transaction(db):
        row = db.execute("SELECT id, event_id, source, version FROM respondents WHERE token = ?", [token]).fetchone()
        if row and (row[1], row[2]) != (event_id, source):
            return "not_yours", None
        if row and db.execute("SELECT 1 FROM answer_history WHERE respondent_id = ? AND submission_id = ?",
                              [row[0], submission_id]).fetchone():
            return "duplicate", get_respondent(db, event_id, token)
        event = db.execute("SELECT confidence_phase FROM events WHERE id = ?", [event_id]).fetchone()
        reason = refusal(json.loads(event[0]))
        if reason is not None:
            return reason, None
        stamp = now()
        identity = identity or {}
        if row is None:
            respondent_id = db.conn.execute(
                "INSERT INTO respondents (event_id, token, source, table_number, name, organisation, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, token, source, table_number, identity.get("name", ""), identity.get("organisation", ""),
                 stamp, stamp],
            ).lastrowid
            version = 1
        else:
            respondent_id, version = row[0], row[3] + 1
        previous_help = db.execute("SELECT would_help, would_help_hidden, would_help_at FROM respondents WHERE id = ?",
                                   [respondent_id]).fetchone()
        same_help = previous_help[0] == answers["would_help"]
        db.conn.execute(
            "UPDATE respondents SET confidence = ?, about = ?, would_help = ?, would_help_hidden = ?, version = ?,"
            " updated_at = ?, would_help_at = ? WHERE id = ?",
            [answers["confidence"], answers["about"], answers["would_help"], int(previous_help[1] and same_help),
             version, stamp, (previous_help[2] if same_help else stamp) if answers["would_help"] else None,
             respondent_id],
        )
        if identity and row is not None:
            db.conn.execute("UPDATE respondents SET name = ?, organisation = ? WHERE id = ?",
                            [identity["name"], identity["organisation"], respondent_id])
        earlier = {}
        for risk_id, text, chosen, theme, hidden, added in db.execute(
            "SELECT id, text, chosen_theme_id, theme_id, hidden, added_at FROM risks WHERE respondent_id = ?",
            [respondent_id]
        ).fetchall():
            earlier.setdefault((text, chosen), []).append((risk_id, theme, hidden, added))
        db.conn.execute("DELETE FROM risks WHERE respondent_id = ?", [respondent_id])
        rows = []
        for position, risk in enumerate(answers["risks"]):
            chosen = None if risk["theme"] == "other" else risk["theme"]
            # A risk kept word for word keeps its id and arrival time too: moderation's selection, undo and
            # "new since you last looked" follow it through the person's later sendings.
            risk_id, theme, hidden, added = (earlier.get((risk["text"], chosen)) or [(None, chosen, 0, stamp)]).pop(0)
            rows.append([risk_id, respondent_id, position, risk["text"], chosen, theme, hidden, added])
        # Kept ids first, so that a new risk cannot be given one of them.
        db.conn.executemany(
            "INSERT INTO risks (id, respondent_id, position, text, chosen_theme_id, theme_id, hidden, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sorted(rows, key=lambda row: row[0] is None))
        db.conn.execute(
            "INSERT INTO answer_history (respondent_id, version, submission_id, content, submitted_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [respondent_id, version, submission_id, json.dumps(answers), stamp],
        )
        # A survey respondent's scores are a set: this version's set replaces the last (earlier sets stay as history).
        criterion_ids = dict(db.execute("SELECT code, id FROM criteria WHERE event_id = ?", [event_id]).fetchall())
        db.conn.executemany(
            "INSERT INTO survey_ballots (respondent_id, criterion_id, answer_version, ranking, points, ruled_out,"
            " warnings, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[respondent_id, criterion_ids[b["criterion"]], version, json.dumps(b["ranking"]), json.dumps(b["points"]),
              json.dumps(b["ruled_out"]), json.dumps(b["warnings"]), stamp] for b in answers.get("scoring", [])],
        )
        return "stored", get_respondent(db, event_id, token)


def event_respondents(db, event_id):
    """Everyone who has answered (or registered) in an event, with their risks: what the summaries count."""
    with snapshot(db):
        return _event_respondents(db, event_id)


def _event_respondents(db, event_id):
    """event_respondents, inside one read snapshot (people and their risks from the same moment)."""
    people = {row["id"]: {**row, "would_help_hidden": bool(row["would_help_hidden"]), "risks": []}
              for row in db.query(f"SELECT {_RESPONDENT_COLUMNS} FROM respondents WHERE event_id = ? ORDER BY id",
                                  [event_id])}
    for r in db.query(
        "SELECT r.id, r.respondent_id, r.text, r.theme_id, r.chosen_theme_id, r.hidden FROM risks r"
        " JOIN respondents p ON p.id = r.respondent_id WHERE p.event_id = ? ORDER BY r.respondent_id, r.position",
        [event_id],
    ):
        people[r["respondent_id"]]["risks"].append(
            {"id": r["id"], "text": r["text"], "theme": r["theme_id"] if r["theme_id"] is not None else "other",
             "chosen_theme": r["chosen_theme_id"] if r["chosen_theme_id"] is not None else "other",
             "hidden": bool(r["hidden"])})
    return list(people.values())


def answer_history(db, event_id):
    """Every stored version of everyone's answers, oldest first (the audit trail)."""
    rows = list(db.query(
        "SELECT p.id AS respondent, p.source, h.version, h.submission_id, h.content, h.submitted_at"
        " FROM answer_history h JOIN respondents p ON p.id = h.respondent_id WHERE p.event_id = ?"
        " ORDER BY h.submitted_at, h.id", [event_id]))
    for row in rows:
        row["content"] = json.loads(row["content"])
    return rows


def survey_ballots(db, event_id):
    """Survey respondents' current scores, keyed by (respondent id, criterion code), from their latest answers."""
    return {
        (row["respondent"], row["criterion"]): _ballot(row)
        for row in db.query(
            "SELECT p.id AS respondent, c.code AS criterion, p.version, b.ranking, b.points, b.ruled_out, b.warnings,"
            " b.submitted_at FROM survey_ballots b JOIN respondents p ON p.id = b.respondent_id"
            " JOIN criteria c ON c.id = b.criterion_id WHERE p.event_id = ? AND b.answer_version = p.version",
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
