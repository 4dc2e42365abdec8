"""One database connection per request or Socket.IO event, kept on flask.g."""
from flask import current_app, g

from . import store


def get_db():
    """Return this request's connection, opening it on first use."""
    if "db" not in g:
        g.db = store.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error=None):
    """Close this request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app):
    """Upgrade the database to the current schema and close connections after each request."""
    db = store.connect(app.config["DATABASE"])
    try:
        store.migrate(db)
        if app.config.get("FACILITATOR_PASSWORD"):
            from .web.auth import set_password
            set_password(db, app.config["FACILITATOR_PASSWORD"])
    finally:
        db.conn.close()
    app.teardown_appcontext(close_db)
