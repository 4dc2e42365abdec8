"""Which join link each connected phone came in on, so a replaced link's phones can be told at once and let go.

The record lives in app.extensions and covers this process's own sockets. With several processes (Redis) the
message still reaches every phone on the old link, and the phone then disconnects itself (docs/decisions.md).
"""
from flask import current_app

from . import socketio


def _links():
    """This process's sockets and the join token each joined with."""
    return current_app.extensions.setdefault("phone_links", {})


def joined(sid, join_token):
    """A phone joined its table with this join token."""
    _links()[sid] = join_token


def left(sid):
    """A phone went away."""
    _links().pop(sid, None)


def let_go(join_token):
    """Disconnect every phone of this process that joined with a (now replaced) join token; returns how many."""
    sids = [sid for sid, token in list(_links().items()) if token == join_token]
    for sid in sids:
        left(sid)
        # The server ends the connection, so it leaves every room at once (the table's and the event's) and the
        # phone's client does not reconnect by itself; the disconnect handler updates the phones-per-table counts.
        socketio.server.disconnect(sid, namespace="/")
    return len(sids)
