"""Settings (the facilitator password's hash) and API tokens: small rows kept by key."""
from .schema import now, transaction


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


def set_setting_once(db, key, value):
    """Store a setting only if none is stored yet; whether this call stored it.

    One statement, so of several processes starting together exactly one stores it and the others learn they did not.
    """
    with transaction(db):
        cursor = db.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                                 [key, value])
    return cursor.rowcount == 1


def add_api_token(db, token_hash, label=""):
    """Record a new API token by its hash (the token itself is never stored)."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO api_tokens (token_hash, label, created_at) VALUES (?, ?, ?)", [token_hash, label, now()]
        )


def api_token_exists(db, token_hash):
    """Whether an API token with this hash was issued."""
    return db.execute("SELECT 1 FROM api_tokens WHERE token_hash = ?", [token_hash]).fetchone() is not None
