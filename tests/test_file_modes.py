"""The files that hold tokens and answer keys are the owner's alone (0600): the database, its WAL, the secret key."""
import os
import stat

import pytest

from facilitation import backup, create_app, store

from .servers import LiveServer

DB_FILES = ("facilitation.db", "facilitation.db-wal", "facilitation.db-shm")


def mode(path):
    """A file's permission bits."""
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The usual umask (022), under which a file is made readable by everyone unless the app says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_database_its_wal_and_shm_are_the_owners_only(tmp_path, open_umask):
    path = tmp_path / "facilitation.db"
    db = store.connect(str(path))
    store.migrate(db)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0   # the WAL and shm exist while it is open
    try:
        assert {name: mode(tmp_path / name) for name in DB_FILES} == {name: 0o600 for name in DB_FILES}
    finally:
        db.conn.close()


def test_the_app_makes_its_secret_key_and_database_the_owners_only(tmp_path, open_umask):
    app = create_app({"TESTING": True, "FACILITATOR_PASSWORD": "x" * 12}, instance_path=str(tmp_path))
    assert mode(tmp_path / "secret_key") == 0o600
    assert mode(app.config["DATABASE"]) == 0o600


def test_an_existing_open_database_is_tightened_on_start_and_the_log_says_so(tmp_path, open_umask, caplog):
    path = tmp_path / "facilitation.db"
    db = store.connect(str(path))
    store.migrate(db)
    db.conn.close()
    for name in ("facilitation.db", "facilitation.db-wal"):
        (tmp_path / name).touch()
        os.chmod(tmp_path / name, 0o644)
    create_app({"TESTING": True, "FACILITATOR_PASSWORD": "x" * 12}, instance_path=str(tmp_path))
    assert mode(path) == 0o600   # (the WAL went when the app's last connection closed)
    for name in ("facilitation.db", "facilitation.db-wal"):
        assert f"{name} was readable by other users of this computer; it is now yours only" in caplog.text
    caplog.clear()
    create_app({"TESTING": True, "FACILITATOR_PASSWORD": "x" * 12}, instance_path=str(tmp_path))
    assert "readable by other users" not in caplog.text   # said once, when it was so


def test_backups_and_snapshots_are_the_owners_only(tmp_path, open_umask):
    live = tmp_path / "facilitation.db"
    store.migrate(store.connect(str(live)))
    copy = backup.backup(str(live), str(tmp_path / "copy.db"))
    shot = backup.snapshot(str(live), str(tmp_path / "backups"))
    assert mode(copy.path) == 0o600 and mode(shot.path) == 0o600
    assert mode(tmp_path / "backups") == 0o700


@pytest.mark.server
def test_the_real_server_tightens_an_open_database_and_says_so(tmp_path, open_umask):
    db = store.connect(str(tmp_path / "facilitation.db"))
    store.migrate(db)
    db.conn.close()
    os.chmod(tmp_path / "facilitation.db", 0o644)
    with LiveServer(tmp_path, args=["--no-demo"]) as server:
        assert {name: mode(tmp_path / name) for name in DB_FILES} == {name: 0o600 for name in DB_FILES}
        assert "it is now yours only (mode 600)" in server.output()
