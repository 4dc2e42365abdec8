"""The database file itself: connections, transactions, the schema and its migrations (settings: settings.py)."""
import contextlib
import sqlite3
from datetime import datetime, timezone

from sqlite_utils import Database

from ..domain import joining
from . import files, write_lock


def connect(path, shared=False):
    """Open the SQLite file with the settings every connection needs (shared: for db.py's pool, any thread)."""
    # SQLite's own busy timeout waits inside C, stopping the gevent loop: short, for the rare read that meets a lock.
    # Writes wait for the lock cooperatively instead (write_lock.py), as long as write_lock.WRITE_WAIT.
    # A pooled connection goes to whichever thread or greenlet serves the next event, never to two at once.
    files.create_private(path)
    conn = sqlite3.connect(path, timeout=write_lock.READ_WAIT, check_same_thread=not shared)
    db = Database(conn)
    if db.journal_mode != "wal":
        # The one change of journal mode takes the whole file: processes starting together wait for it in turn.
        write_lock.patiently(conn, "PRAGMA journal_mode=wal")
    # FULL: a ballot acknowledged to a phone must survive a power cut, not just a crash.
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


@contextlib.contextmanager
def transaction(db):
    """Run a block as one write transaction that commits whole or not at all."""
    # IMMEDIATE takes the write lock up front, so a concurrent writer waits instead of failing mid-way; it waits
    # without stopping the event loop (write_lock.py), however many processes share the file.
    write_lock.patiently(db.conn, "BEGIN IMMEDIATE")
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


def _schema_1(db):
    """Events, their options, criteria, tables and share-out; settings and API tokens."""
    _script(db,
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
    _script(db,
        """
        CREATE TABLE stale_join_tokens (
            join_token TEXT PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            replaced_at TEXT NOT NULL);
        """
    )


def _schema_3(db):
    """Voting state per criterion, each table's shared draft, and every submitted ballot version."""
    _script(db,
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
    _script(db,
        """
        ALTER TABLE events ADD COLUMN display TEXT NOT NULL DEFAULT '{"view": "totals", "hidden": true}';
        ALTER TABLE events ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        """
    )


def _schema_5(db):
    """Confidence and risks: the phase, the survey link, personal links, respondents, their answers and risks."""
    _script(db,
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
    _script(db,
        """
        CREATE UNIQUE INDEX events_survey_token ON events (survey_token);
        CREATE UNIQUE INDEX invitees_survey_token ON invitees (survey_token);
        """
    )


def _schema_6(db):
    """Scores from survey respondents, when the survey asks them to score too: one set per version of their answers."""
    _script(db,
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
    _script(db,
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
    _script(db,
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
    _script(db,
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
    _script(db, "\n".join(statements))


def _schema_10(db):
    """Option families: options that belong together ("Three to two") can be totalled together."""
    _script(db, "ALTER TABLE options ADD COLUMN family TEXT;")


def _schema_11(db):
    """The whole day: check-in, stakeholder groups, per-theme help and responses, table notes, the paper, the close.

    The events row gains its programme, stakeholder groups, the board paper's edited sections and when (and by
    whom) the event was closed; the version trigger is rebuilt so a close or a new group list reaches every cache.
    """
    _script(db,
        """
        ALTER TABLE events ADD COLUMN programme TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE events ADD COLUMN stakeholder_groups TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE events ADD COLUMN paper TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE events ADD COLUMN closed TEXT;
        ALTER TABLE risk_themes ADD COLUMN response TEXT NOT NULL DEFAULT '';
        ALTER TABLE invitees ADD COLUMN stakeholder_group TEXT NOT NULL DEFAULT '';
        ALTER TABLE invitees ADD COLUMN checkin_token TEXT;
        ALTER TABLE respondents ADD COLUMN stakeholder_group TEXT NOT NULL DEFAULT '';
        ALTER TABLE respondents ADD COLUMN would_help_theme_id INTEGER REFERENCES risk_themes(id) ON DELETE SET NULL;
        ALTER TABLE ballots ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        CREATE TABLE check_ins (
            id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            invitee_token TEXT, name TEXT NOT NULL, organisation TEXT NOT NULL DEFAULT '',
            stakeholder_group TEXT NOT NULL DEFAULT '', how TEXT NOT NULL CHECK (how IN ('desk', 'walk_in', 'badge')),
            checked_in_at TEXT NOT NULL, undone_at TEXT);
        CREATE INDEX check_ins_event ON check_ins (event_id);
        CREATE UNIQUE INDEX check_ins_one_per_invitee ON check_ins (event_id, invitee_token)
            WHERE invitee_token IS NOT NULL AND undone_at IS NULL;
        CREATE TABLE attendance_matches (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            respondent_token TEXT NOT NULL, invitee_token TEXT, decided_at TEXT NOT NULL,
            PRIMARY KEY (event_id, respondent_token));
        DROP TRIGGER events_update_version;
        """
    )
    for (invitee_id,) in db.execute("SELECT id FROM invitees").fetchall():
        db.conn.execute("UPDATE invitees SET checkin_token = ? WHERE id = ?", [joining.new_join_token(), invitee_id])
    _script(db, "CREATE UNIQUE INDEX invitees_checkin_token ON invitees (checkin_token);")
    columns = ("title, date, scoring, assignment, confidence, survey, display, demo, confidence_phase, survey_closed,"
               " survey_token, ask_identity, programme, stakeholder_groups, closed")
    _script(db,
        f"CREATE TRIGGER events_update_version AFTER UPDATE OF {columns} ON events"
        " BEGIN UPDATE version_counter SET stamp = stamp + 1;"
        " UPDATE events SET version = (SELECT stamp FROM version_counter) WHERE id = NEW.id; END;")


def _schema_12(db):
    """Facilitator sessions kept server-side, so signing out or a new password ends them; respondents by age.

    A browser's signed cookie names its session; the session counts only while its row has no ended_at, so a cookie
    copied before sign-out opens nothing afterwards. The index serves the per-link limit on new respondents a minute.
    """
    _script(db,
        """
        CREATE TABLE facilitator_sessions (
            id TEXT PRIMARY KEY, created_at TEXT NOT NULL, seen_at TEXT NOT NULL, ended_at TEXT,
            ended_why TEXT NOT NULL DEFAULT '');
        CREATE INDEX respondents_recent ON respondents (event_id, source, table_number, created_at);
        """
    )


MIGRATIONS = [_schema_1, _schema_2, _schema_3, _schema_4, _schema_5, _schema_6, _schema_7, _schema_8, _schema_9,
              _schema_10, _schema_11, _schema_12]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db):
    """The schema version this database file is at (0 for a new file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db, target=SCHEMA_VERSION):
    """Upgrade the database in place, one migration per transaction, up to the target version.

    The version is read again inside each write transaction, so when several processes start together on one file
    each migration runs once: the others find it done when the lock comes to them.
    """
    _refuse_newer(schema_version(db))
    while schema_version(db) < target:
        with transaction(db):
            version = schema_version(db)
            _refuse_newer(version)
            if version >= target:
                break
            MIGRATIONS[version](db)
            db.conn.execute(f"PRAGMA user_version = {version + 1}")
    return schema_version(db)


def _refuse_newer(version):
    """Refuse a database file written by a newer app."""
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"This database is at schema version {version}, newer than this app ({SCHEMA_VERSION}). "
            "Upgrade the app before using it."
        )


def _script(db, sql):
    """Run a migration's SQL statements one by one inside its transaction.

    Not executescript: the sqlite3 module commits the open transaction before a script, which would leave a
    migration half done if it failed, and let a second process starting at the same moment run it again.
    """
    statement = ""
    pieces = sql.split(";")
    for number, piece in enumerate(pieces):
        statement += piece if number == len(pieces) - 1 else piece + ";"
        if sqlite3.complete_statement(statement):   # a trigger's body holds semicolons of its own
            if statement.strip(" \n;"):
                db.conn.execute(statement)
            statement = ""
    if statement.strip(" \n;"):
        raise ValueError(f"An incomplete SQL statement in a migration: {statement.strip()[:80]}")
