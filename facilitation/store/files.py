"""The database's files on disk: created readable by the owner only, tightened if found open, copied online."""
import contextlib
import os
import sqlite3
import stat

# Owner read and write only: the file holds join tokens and answer keys in plain text.
PRIVATE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def create_private(path):
    """Make an empty database file readable by its owner only, if none is there (SQLite fills an empty file).

    SQLite gives the -wal and -shm files the database file's own mode, so they are private too.
    """
    path = os.fspath(path)
    if path == ":memory:" or path.startswith("file:"):
        return
    # A missing folder is SQLite's to report, as it always has.
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def tighten(path):
    """Make the database and its side files owner-only; returns the files that were open to others."""
    tightened, path = [], os.fspath(path)
    for name in (path, *(path + suffix for suffix in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(os.stat(name).st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(name, mode & 0o700)
            tightened.append(name)
    return tightened


def backup(source_path, target_path):
    """Copy a live database into a new private file, consistently, while others keep writing; returns its counts.

    The copy is made in one step (one read transaction): in WAL mode writers go on meanwhile, and the copy is the
    database as it was when the step began. A copy made step by step would restart whenever another connection
    wrote, and might never finish during a busy round. The copy is a single file (journal mode DELETE) and is
    checked before it is returned.
    """
    create_private(target_path)
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        return copy_facts(target)
    finally:
        target.close()
        source.close()


def copy_facts(conn):
    """What a database file holds, checked: integrity, schema version and counts (raises ValueError if damaged)."""
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise ValueError(f"The copy is damaged: {check}")

    def count(table):
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        "schema_version": conn.execute("PRAGMA user_version").fetchone()[0],
        **{table: count(table) if table in names else 0 for table in ("events", "ballots", "respondents")},
    }

