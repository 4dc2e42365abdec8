"""Which facilitator session each projector and control-room socket came in with, so ending a session lets them go.

The record lives in app.extensions and covers this process's own sockets. A session ended by a sign-out lets its
sockets go at once, through the `sessions_ended` signal: in this process directly, in the hall's other processes
through its control messages (hall_bus). One ended where nobody hears it (set-password from the command line with no
hall) is found by a look at the database every SWEEP seconds while any facilitator socket is connected.
"""
import threading

from flask import current_app

from . import hall_bus, sessions, socketio
from .db import get_db

SWEEP = 2.0


def _state(app):
    """This app's sockets (sid → session key), and whether its sweep runs; made on first use."""
    return app.extensions.setdefault("facilitator_sockets", {"sockets": {}, "sweeping": False,
                                                             "lock": threading.Lock()})


def admit(db, sid, session_id):
    """Whether a socket's cookie names a live facilitator session; if so the socket is recorded under it."""
    if not sessions.is_live(db, session_id):
        return False
    app = current_app._get_current_object()
    state = _state(app)
    with state["lock"]:
        state["sockets"][sid] = sessions.key(session_id)
        start, state["sweeping"] = not state["sweeping"], True
    if start:
        socketio.start_background_task(_sweep, app)
    hall_bus.listen(app)
    return True


def left(sid):
    """A socket went away."""
    state = _state(current_app)
    with state["lock"]:
        state["sockets"].pop(sid, None)


def let_go(app, keys):
    """Disconnect this process's sockets opened with any of these (ended) sessions; returns how many."""
    state, keys = _state(app), set(keys)
    with state["lock"]:
        sids = [sid for sid, key in state["sockets"].items() if key in keys]
        for sid in sids:
            del state["sockets"][sid]
    for sid in sids:
        # The server ends the connection, so the socket leaves the projector and control rooms at once.
        socketio.server.disconnect(sid, namespace="/")
    return len(sids)


def _sweep(app):
    """While facilitator sockets are connected, let go of those whose session ended elsewhere (set-password)."""
    state, failed = _state(app), 0
    while True:
        socketio.sleep(SWEEP)
        with state["lock"]:
            keys = set(state["sockets"].values())
            if not keys or failed >= 30:   # nothing to watch, or the database gone for a minute (an app shut down)
                state["sweeping"] = False
                return
        try:
            with app.app_context():
                ended = sessions.ended(get_db(), keys)
        except Exception:  # noqa: BLE001 - a failed look (say, the database busy) waits for the next one
            failed += 1
            continue
        failed = 0
        let_go(app, ended)
