"""server.py backup PATH and the periodic snapshot: whole, checked copies of the live database, made while it writes."""
import sqlite3
import threading
import time
import uuid
from datetime import datetime, timedelta

import pytest
import requests
import socketio

from facilitation import backup, store
from facilitation.domain.event_file import read_event_file

from .conftest import EVENTS_DIR
from .servers import LiveServer, import_event, run_cli


def facts(path):
    """Integrity, schema version, journal mode and the ballots' submission ids of a copy, opened on its own."""
    conn = sqlite3.connect(path)
    try:
        return {"integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
                "version": conn.execute("PRAGMA user_version").fetchone()[0],
                "journal": conn.execute("PRAGMA journal_mode").fetchone()[0],
                "ids": {row[0] for row in conn.execute("SELECT submission_id FROM ballots")}}
    finally:
        conn.close()


def keep_submitting(url, join_token, stop, acked):
    """A table's phone saving ballot after ballot, each on the last; records (submission id, when acknowledged)."""
    client = socketio.SimpleClient()
    client.connect(url, wait_timeout=10)
    try:
        assert client.call("join_table", {"join_token": join_token}, timeout=10)["ok"]
        version = 0
        while not stop.is_set():
            submission_id = "backup-" + uuid.uuid4().hex
            ack = client.call("submit_ballot", {
                "join_token": join_token, "criterion": "access", "ranking": ["1", "2"], "points": {"1": 6, "2": 4},
                "ruled_out": [], "base_version": version, "submission_id": submission_id}, timeout=10)
            assert ack["ok"], ack
            version = ack["ballot"]["version"]
            acked.append((submission_id, time.monotonic()))
    finally:
        client.disconnect()


@pytest.mark.server
def test_a_backup_while_tables_save_ballots_holds_every_ballot_acknowledged_before_it(tmp_path):
    instance = tmp_path / "instance"
    event_id, token, tables = import_event(instance, EVENTS_DIR / "minimal.json")
    tokens = [t["join_token"] for t in tables]
    # A snapshot every 1.2 s, so one is made while the tables save.
    with LiveServer(instance, args=["--no-demo", "--snapshot-every", "0.02"]) as server:
        requests.post(f"{server.url}/api/events/{event_id}/voting", json={"criterion": None, "voting": "open"},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10).raise_for_status()
        stop, acked = threading.Event(), []
        phones = [threading.Thread(target=keep_submitting, args=(server.url, t, stop, acked)) for t in tokens]
        for phone in phones:
            phone.start()
        try:
            deadline = time.monotonic() + 20
            while len(acked) < 30 and time.monotonic() < deadline:
                time.sleep(0.05)
            started = time.monotonic()
            before = {sid for sid, at in acked if at < started}
            made = run_cli(instance, "backup", str(tmp_path / "copy.db"))
            finished = time.monotonic()
            time.sleep(1.5)
        finally:
            stop.set()
            for phone in phones:
                phone.join(timeout=20)
        output = server.output()
    assert made.returncode == 0, made.stderr
    during = [sid for sid, at in acked if started <= at <= finished]
    copy = facts(tmp_path / "copy.db")
    print(f"{len(before)} ballots acknowledged before the backup, {len(during)} during it, {len(acked)} in all")
    assert len(before) >= 30 and during, "the server kept saving while the copy was made"
    assert copy["integrity"] == "ok" and copy["version"] == store.SCHEMA_VERSION
    assert copy["journal"] == "delete" and not (tmp_path / "copy.db-wal").exists()   # one file to carry away
    assert before <= copy["ids"]
    assert made.stdout.startswith(f"Copied the database to {tmp_path / 'copy.db'}: 1 event, ")
    assert f"{len(copy['ids'])} ballot versions" in made.stdout
    snapshots = sorted((instance / "backups").glob("facilitation-*.db"))
    assert snapshots and "Snapshot: Copied the database to" in output
    assert facts(snapshots[-1])["integrity"] == "ok" and facts(snapshots[-1])["ids"] <= {sid for sid, _ in acked}


@pytest.fixture
def live(tmp_path):
    """A database file with one event, as the server leaves it."""
    path = tmp_path / "facilitation.db"
    db = store.connect(str(path))
    store.migrate(db)
    store.create_event(db, read_event_file((EVENTS_DIR / "minimal.json").read_bytes()))
    db.conn.close()
    return str(path)


def test_a_folder_gets_a_copy_named_by_the_minute(tmp_path, live):
    folder = tmp_path / "usb"
    folder.mkdir()
    copy = backup.backup(live, str(folder), now=datetime(2026, 5, 14, 12, 30))
    assert copy.path == str(folder / "facilitation-20260514-1230.db") and copy.events == 1
    assert facts(copy.path)["integrity"] == "ok"


def test_an_older_copy_is_replaced_whole(tmp_path, live):
    target = tmp_path / "copy.db"
    backup.backup(live, str(target))
    again = backup.backup(live, str(target))
    assert again.events == 1 and not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("where, message", [
    ("missing/copy.db", "There is no folder"),
    ("facilitation.db", "is the live database itself"),
    ("facilitation.db-wal", "is the live database itself"),
    ("notes.txt", "already exists and is not a database copy"),
])
def test_a_backup_where_it_cannot_go_is_refused_in_plain_words_and_touches_nothing(tmp_path, live, where, message):
    (tmp_path / "notes.txt").write_text("my notes")
    with pytest.raises(backup.BackupRefused, match=message):
        backup.backup(live, str(tmp_path / where))
    assert (tmp_path / "notes.txt").read_text() == "my notes"
    assert facts(live)["integrity"] == "ok"


def test_snapshots_keep_the_newest_few(tmp_path, live):
    folder = tmp_path / "backups"
    start = datetime(2026, 5, 14, 9, 0)
    for n in range(5):
        backup.snapshot(live, str(folder), keep=3, now=start + timedelta(minutes=20 * n))
    assert sorted(p.name for p in folder.iterdir()) == [
        "facilitation-20260514-0940.db", "facilitation-20260514-1000.db", "facilitation-20260514-1020.db"]


@pytest.mark.server
def test_the_command_refuses_a_missing_folder_and_exits_non_zero(tmp_path):
    run_cli(tmp_path, "events", check=True)   # the database, as a server that has run leaves it
    result = run_cli(tmp_path, "backup", str(tmp_path / "no-such-stick" / "copy.db"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("No backup made: There is no folder")


@pytest.mark.server
def test_the_command_with_no_database_there_refuses_and_makes_none(tmp_path):
    """Run with the wrong instance folder, it must not copy a fresh, empty database and call that a backup."""
    instance = tmp_path / "elsewhere"
    result = run_cli(instance, "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"No backup made: There is no database at {instance / 'facilitation.db'}.")
    assert not (tmp_path / "copy.db").exists() and not (instance / "facilitation.db").exists()
