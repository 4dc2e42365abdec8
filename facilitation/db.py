"""Database connections: a small pool per app of long-lived SQLite connections, one lent to each request or event.

Opening a connection and setting its PRAGMAs cost more than most events' own work (docs/performance.md, "Message
path"), so connections are kept and lent out: get_db() borrows one for the app context (a request, a Socket.IO
event, a background batch) and teardown gives it back, rolling back a transaction left open. A pool and not a
thread-local: under gevent threading.local is per greenlet, and thousands of phones are thousands of greenlets.
"""
import threading

from flask import current_app, g

from . import store

# Connections kept idle per app. More are opened when more events are served at once, and closed when given back.
POOL_SIZE = 8


class Pool:
    """Idle connections to one database file, lent to one borrower at a time."""

    def __init__(self, path, size=POOL_SIZE):
        self.path, self.size = path, size
        self._idle = []
        # Held only around list operations (never across I/O), so it cannot block a greenlet for long.
        self._lock = threading.Lock()

    def acquire(self):
        """An idle connection, or a new one when none is idle."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return store.connect(self.path, shared=True)

    def release(self, db):
        """Take a connection back, clean: a transaction left open is rolled back (as closing would have)."""
        try:
            if db.conn.in_transaction:
                db.conn.rollback()
        except Exception:
            db.conn.close()
            raise
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(db)
                return
        db.conn.close()

    def close(self):
        """Close every idle connection (lent ones close as they come back)."""
        with self._lock:
            idle, self._idle, self.size = self._idle, [], 0
        for db in idle:
            db.conn.close()


def pool(app=None):
    """The app's pool, made on first use."""
    app = app or current_app
    found = app.extensions.get("db_pool")
    if found is None:
        found = app.extensions.setdefault("db_pool", Pool(app.config["DATABASE"]))
    return found


def get_db():
    """Return this app context's connection, borrowing one from the pool on first use."""
    if "db" not in g:
        g.db = pool().acquire()
    return g.db


def close_db(_error=None):
    """Give this app context's connection back to the pool, if one was borrowed."""
    db = g.pop("db", None)
    if db is not None:
        pool().release(db)


def init_app(app):
    """Upgrade the database to the current schema and return connections after each request."""
    for name in store.tighten(app.config["DATABASE"]):
        app.logger.warning("%s was readable by other users of this computer; it is now yours only (mode 600).", name)
    db = store.connect(app.config["DATABASE"])
    try:
        store.migrate(db)
        if app.config.get("FACILITATOR_PASSWORD"):
            from .web.auth import set_password
            set_password(db, app.config["FACILITATOR_PASSWORD"])
    finally:
        db.conn.close()
    app.teardown_appcontext(close_db)
