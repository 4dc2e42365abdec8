"""Which join links each connected phone came in on, so a replaced link's phones can be told at once and let go.

The record lives in app.extensions and covers this process's own sockets. In a hall of several processes each one
lets go of its own, told through the hall's control messages (hall_bus; docs/decisions.md).
A socket may have joined more than one table (a tester's client, a shared tablet): each link is kept, so replacing
one lets go of that table only, and the socket keeps the rooms of the links it still holds.
"""
from typing import NamedTuple

from flask import current_app

from . import hall_bus


class LetGo(NamedTuple):
    """One socket on a replaced link: the rooms it must leave now, and whether it holds no link any more."""

    sid: str
    table_id: int
    event_id: int
    leaves_event: bool   # no other link of this socket is in the same event
    last: bool           # the socket holds no other link: the server ends its connection


def _links():
    """This process's sockets: each one's join tokens, with the table and event each leads to."""
    return current_app.extensions.setdefault("phone_links", {})


def joined(sid, join_token, table):
    """A phone joined its table with this join token (recorded before this can yield; then the hall is listened to)."""
    _links().setdefault(sid, {})[join_token] = (table["id"], table["event_id"])
    hall_bus.listen(current_app._get_current_object())


def left(sid):
    """A phone went away."""
    _links().pop(sid, None)


def let_go(join_token):
    """Forget a (now replaced) join token for every socket of this process that joined with it; what each must leave."""
    gone = []
    for sid, links in list(_links().items()):
        if join_token not in links:
            continue
        table_id, event_id = links.pop(join_token)
        gone.append(LetGo(sid, table_id, event_id, leaves_event=all(e != event_id for _t, e in links.values()),
                          last=not links))
        if not links:
            left(sid)
    return gone
