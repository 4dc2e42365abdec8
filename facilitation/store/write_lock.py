"""Waiting for SQLite's write lock without stopping the event loop: one writer at a time, however many processes.

SQLite's own busy handler sleeps inside C. Under gevent every greenlet of the process shares that one thread, so a
process waiting there for another process's write lock serves none of its phones until the lock is free
(docs/decisions.md, "Issue 15: several processes on one SQLite file": with the lock held, /healthz went unanswered).
So the statements that take the write lock run with SQLite's busy timeout off and are tried again after a short
sleep: time.sleep, which under gevent lets every other greenlet run meanwhile. Reads never wait for a writer in WAL mode; the
connection keeps a short busy timeout (READ_WAIT) only for the rare read that meets a lock (a connection recovering
the WAL after a crash).
"""
import random
import sqlite3
import time

# How long a write waits for the lock before giving up in plain words. A write holds it for a few milliseconds (one
# transaction and its flush), so this is only reached when a process hangs holding it.
WRITE_WAIT = 30.0
# SQLite's own busy timeout, in seconds, for the rare read that meets a lock (it blocks the loop, so it is short).
READ_WAIT = 2.0
# The first pause after finding the lock taken, and the longest: waits double from one to the other.
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.02
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class DatabaseBusy(sqlite3.OperationalError):
    """The write lock stayed taken for WRITE_WAIT seconds: nothing was written."""

    def __init__(self, waited):
        super().__init__(f"The database stayed busy for {waited:.0f} seconds (another process kept writing), so "
                         "nothing was saved. Try again; if it keeps happening, restart the server processes.")


def is_busy(error):
    """Whether an SQLite error means another connection holds a lock (so trying again later can succeed)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY_CODES   # extended codes (SQLITE_BUSY_RECOVERY, ...) keep the primary in the low byte
    return "database is locked" in str(error) or "database table is locked" in str(error)


def patiently(conn, sql):
    """Run a statement that takes the write lock (BEGIN IMMEDIATE, a journal-mode change), waiting cooperatively."""
    wait = WRITE_WAIT
    deadline = time.monotonic() + wait
    pause = FIRST_PAUSE
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                return conn.execute(sql)
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(wait) from error
            # Jittered, so processes that found the lock taken together do not all try again at the same moment.
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, LONGEST_PAUSE)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(READ_WAIT * 1000)}")
