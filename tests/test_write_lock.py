"""store/write_lock.py and the store's writes that several processes may make at once, on real SQLite files: a
writer waits for another connection's lock instead of failing, gives up in plain words after WRITE_WAIT with nothing
written, and each migration, the password and the demo are written once however many start together."""
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitation import store
from facilitation.store import schema, write_lock
from facilitation.web.auth import PASSWORD_SETTING, ensure_password, password_matches

from .conftest import DEMO_FILE
from .test_store import definition


@pytest.fixture
def path(tmp_path):
    """A migrated database file."""
    db = store.connect(str(tmp_path / "facilitation.db"))
    store.migrate(db)
    db.conn.close()
    return str(tmp_path / "facilitation.db")


def hold_write_lock(path, seconds):
    """Another connection (as another process would) takes the write lock now and lets go after `seconds`."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(seconds, lambda: (other.execute("COMMIT"), other.close()))
    timer.start()
    return timer


def busy_error(code):
    """A real sqlite3 error carrying one result code."""
    error = sqlite3.OperationalError("some message")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize("error, busy", [
    (busy_error(sqlite3.SQLITE_BUSY), True),
    (busy_error(sqlite3.SQLITE_LOCKED), True),
    (busy_error(sqlite3.SQLITE_BUSY_RECOVERY), True),     # extended codes keep the primary code in the low byte
    (busy_error(sqlite3.SQLITE_BUSY_SNAPSHOT), True),
    (busy_error(sqlite3.SQLITE_ERROR), False),
    (busy_error(sqlite3.SQLITE_CONSTRAINT_UNIQUE), False),
    (sqlite3.OperationalError("database is locked"), True),
    (sqlite3.OperationalError("no such table: events"), False),
])
def test_only_a_lock_held_elsewhere_counts_as_busy(error, busy):
    assert write_lock.is_busy(error) is busy


def test_a_writer_waits_for_another_connections_lock_and_then_writes(path):
    db = store.connect(path)
    holder = hold_write_lock(path, 0.4)
    started = time.monotonic()
    store.set_setting(db, "colour", "green")
    waited = time.monotonic() - started
    holder.join()
    assert 0.35 <= waited < 2.0
    assert store.get_setting(db, "colour") == "green"
    # Waiting turned SQLite's own busy handler off only while it waited: reads keep their short timeout.
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == int(write_lock.READ_WAIT * 1000)
    db.conn.close()


def test_a_lock_held_past_the_wait_is_refused_in_plain_words_and_nothing_is_written(path, monkeypatch):
    monkeypatch.setattr(write_lock, "WRITE_WAIT", 0.3)
    db = store.connect(path)
    holder = hold_write_lock(path, 1.0)
    with pytest.raises(store.DatabaseBusy, match="stayed busy .* nothing was saved. Try again"):
        store.set_setting(db, "colour", "green")
    assert not db.conn.in_transaction
    holder.join()
    assert store.get_setting(db, "colour") is None
    store.set_setting(db, "colour", "blue")   # the connection is usable as soon as the lock is free
    assert store.get_setting(db, "colour") == "blue"
    db.conn.close()


def test_an_error_that_is_not_a_lock_is_raised_at_once(path):
    db = store.connect(path)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="syntax error"):
        write_lock.patiently(db.conn, "BEGIN WRONGLY")
    assert time.monotonic() - started < 0.1
    db.conn.close()


def test_writers_on_many_connections_at_once_all_write(path):
    def write(n):
        db = store.connect(path)
        try:
            for i in range(20):
                store.set_setting(db, f"writer-{n}-{i}", str(i))
        finally:
            db.conn.close()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(8)))
    db = store.connect(path)
    assert db.execute("SELECT count(*) FROM settings WHERE key LIKE 'writer-%'").fetchone()[0] == 160
    db.conn.close()


def test_connections_made_at_once_on_a_new_file_all_migrate_it_once(tmp_path):
    path = str(tmp_path / "new.db")
    start = threading.Barrier(6)

    def open_and_migrate(_):
        start.wait(timeout=10)
        db = store.connect(path)
        try:
            return store.migrate(db)
        finally:
            db.conn.close()

    with ThreadPoolExecutor(6) as pool:
        versions = list(pool.map(open_and_migrate, range(6)))
    assert versions == [store.SCHEMA_VERSION] * 6
    db = store.connect(path)
    assert db.journal_mode == "wal"
    assert db.execute("SELECT count(*) FROM version_counter").fetchone()[0] == 1
    db.conn.close()


def test_a_migration_that_fails_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    db = store.connect(str(tmp_path / "old.db"))
    store.migrate(db, target=1)

    def half_done(db):
        """Creates a table, then breaks."""
        schema._script(db, "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], half_done, *schema.MIGRATIONS[2:]])
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store.migrate(db)
    assert store.schema_version(db) == 1
    assert "half_done" not in db.table_names()
    db.conn.close()


@pytest.mark.parametrize("sql, statements", [
    ("CREATE TABLE a (x); CREATE TABLE b (y);", 2),
    ("CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; UPDATE a SET x = 2; END;", 2),
    ("CREATE TABLE a (x TEXT DEFAULT 'one; two');", 1),
    ("\n  ;\n", 0),
])
def test_a_migrations_script_runs_statement_by_statement(sql, statements):
    db = store.connect(":memory:")
    ran = []
    db.conn.set_trace_callback(ran.append)
    schema._script(db, sql)
    assert len(ran) == statements, ran
    assert all(sqlite3.complete_statement(statement) for statement in ran)
    db.conn.close()


def test_a_migrations_script_refuses_an_unfinished_statement():
    db = store.connect(":memory:")
    with pytest.raises(ValueError, match="incomplete SQL statement"):
        schema._script(db, "CREATE TABLE a (x INTEGER); CREATE TABLE b (y")
    db.conn.close()


def test_a_setting_stored_once_is_stored_by_the_first_caller_only(path):
    db = store.connect(path)
    assert store.set_setting_once(db, "key", "first") is True
    assert store.set_setting_once(db, "key", "second") is False
    assert store.get_setting(db, "key") == "first"
    db.conn.close()


def test_of_connections_starting_together_one_makes_the_password_and_one_loads_the_demo(path, app):
    start = threading.Barrier(4)

    def first_start(_):
        db = store.connect(path)
        try:
            start.wait(timeout=10)
            with app.app_context():   # the password is hashed as sign-in hashes it (web/slow.py)
                password = ensure_password(db)
            return password, store.create_first_event(db, definition(DEMO_FILE), demo=True)
        finally:
            db.conn.close()

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(first_start, range(4)))
    passwords = [password for password, _ in outcomes if password]
    demos = [event_id for _, event_id in outcomes if event_id]
    assert len(passwords) == 1 and len(demos) == 1, outcomes
    db = store.connect(path)
    assert [event["id"] for event in store.list_events(db)] == demos
    assert store.get_setting(db, PASSWORD_SETTING)
    with app.app_context():
        assert password_matches(db, passwords[0])
    db.conn.close()


def test_a_ballot_the_database_stays_too_busy_for_is_refused_in_plain_words_and_not_stored(app, client, db, imported,
                                                                                             monkeypatch):
    from facilitation import socketio

    monkeypatch.setattr(write_lock, "WRITE_WAIT", 0.2)
    event_id = imported("allocate-explicit.json")
    store.set_voting(db, event_id, "access", "open")
    token = store.get_table(db, event_id, 1)["join_token"]
    ballot = {"criterion": "access", "ranking": ["A", "B", "C", "D"], "points": {"A": 4, "B": 3, "C": 2, "D": 1},
              "ruled_out": [], "base_version": 0, "submission_id": "busy-submission-1"}
    phone = socketio.test_client(app)
    holder = hold_write_lock(app.config["DATABASE"], 1.5)
    answer = client.post(f"/api/tables/{token}/ballots", json=ballot)
    ack = phone.emit("submit_ballot", {**ballot, "join_token": token, "submission_id": "busy-submission-2"}, callback=True)
    holder.join()
    assert answer.status_code == 503, answer.get_json()
    assert answer.get_json()["busy"] is True and "nothing was saved" in answer.get_json()["error"]
    assert ack["ok"] is False and ack["busy"] is True and "nothing was saved" in ack["error"]
    assert store.ballot_history(db, store.get_table(db, event_id, 1)["id"], "access") == []
    phone.disconnect()
