"""Socket.IO events and rooms. Each handler's docstring says who sends it and what goes back to whom."""
from flask_socketio import join_room

from . import socketio, store
from .db import get_db


def room(kind, key):
    """The one room-naming rule: 'table:12', 'event:3', ..."""
    return f"{kind}:{key}"


@socketio.on("join_table")
def join_table(data=None):
    """A table's phone sends its join token; it joins its table's room and gets the table back as the ack."""
    join_token = data.get("join_token") if isinstance(data, dict) else None
    if not isinstance(join_token, str) or not join_token:
        return {"ok": False, "error": "This page has no table link. Scan your table's QR code again."}
    db = get_db()
    found = store.find_table_by_token(db, join_token)
    if found is None:
        stale = store.find_stale_token(db, join_token) is not None
        return {
            "ok": False,
            "stale": stale,
            "error": "This table link has been replaced. Scan the new card on your table or type its code."
            if stale else "We don't recognise this table link. Scan your table's QR code again.",
        }
    event_id, number = found
    table = store.get_table(db, event_id, number)
    join_room(room("table", table["id"]))
    return {"ok": True, "event_id": event_id, "table": number}
