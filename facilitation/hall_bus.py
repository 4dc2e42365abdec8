"""Control messages every process of the hall acts on for its own sockets: a replaced table link, ended sessions.

publish(app, kind, data) runs the app's handler for that kind here at once, and in a hall (SOCKETIO_MESSAGE_QUEUE)
also sends {"kind", "data", "from"} on one Redis channel; each process listens there with one background task
(started by listen() when its first phone or screen is recorded) and runs its own handler. With one process nothing
goes through Redis. Messages are small and typed: a malformed one (not JSON, an unknown kind, data its handler
refuses with ValueError, TypeError or KeyError) is logged and ignored.
"""
import json
import logging
import threading

import redis

from . import hall, socketio

RETRY = 1.0   # seconds before listening again after Redis went away

log = logging.getLogger(__name__)


def init_app(app, handlers):
    """Give the app its handlers: kind → handler(app, data)."""
    app.extensions["hall_bus"] = {"handlers": dict(handlers), "listening": False, "lock": threading.Lock()}


def channel():
    """The one channel of the hall's control messages."""
    return hall.key("bus")


def publish(app, kind, data):
    """Act on a control message here now, and have every other process of the hall act on it too."""
    _handle(app, kind, data)
    if hall.url(app) is None:
        return
    try:
        hall.client(app).publish(channel(), json.dumps({"kind": kind, "data": data, "from": hall.process_id(app)}))
    except redis.RedisError as error:
        log.error("Could not tell the hall's other processes of %s (%s): their sockets are not let go", kind, error)


def listen(app):
    """Start this process's listener if it is in a hall and not listening yet (subscribed before this returns)."""
    if hall.url(app) is None:
        return
    state = app.extensions["hall_bus"]
    with state["lock"]:
        if state["listening"]:
            return
        state["listening"] = True
    subscription = None
    try:
        subscription = _subscribed(app)
    except redis.RedisError as error:
        log.warning("Could not listen to the hall's control messages yet (%s); trying again", error)
    socketio.start_background_task(_run, app, subscription)


def _subscribed(app):
    """A subscription to the channel, confirmed by Redis (a message published after this reaches it)."""
    subscription = hall.client(app).pubsub()
    subscription.subscribe(channel())
    while (message := subscription.get_message(timeout=5)) is not None and message["type"] != "subscribe":
        pass
    return subscription


def _run(app, subscription):
    """The listener: act on every message from another process; subscribe again when Redis comes back."""
    while True:
        try:
            if subscription is None:
                subscription = _subscribed(app)
            while True:
                # Not listen(): its blocking read would time out after the client's socket_timeout of silence.
                message = subscription.get_message(ignore_subscribe_messages=True, timeout=RETRY)
                if message is not None and message["type"] == "message":
                    received(app, message["data"])
        except redis.RedisError as error:
            log.warning("Lost the hall's control messages (%s); listening again in %s s", error, RETRY)
        except Exception:  # noqa: BLE001 - the listener must outlive any one message
            log.exception("The hall's control messages stopped")
        if subscription is not None:
            try:
                subscription.close()
            except redis.RedisError:
                pass
        subscription = None
        socketio.sleep(RETRY)


def received(app, raw):
    """One message off the channel: acted on unless it is this process's own (acted on when published) or malformed."""
    try:
        message = json.loads(raw)
        kind, data, sender = message["kind"], message["data"], message["from"]
        if not isinstance(kind, str):
            raise TypeError(kind)
    except (ValueError, TypeError, KeyError):
        log.warning("Ignored a malformed control message from the hall: %r", str(raw)[:200])
        return
    if sender != hall.process_id(app):
        _handle(app, kind, data)


def _handle(app, kind, data):
    """Run this process's handler for a message (in the app's context); a bad one is logged, not raised."""
    handler = app.extensions["hall_bus"]["handlers"].get(kind)
    if handler is None:
        log.warning("Ignored a control message of an unknown kind: %r", str(kind)[:80])
        return
    try:
        with app.app_context():
            handler(app, data)
    except (ValueError, TypeError, KeyError) as error:
        log.warning("Ignored a malformed %s control message (%s): %r", kind, error, str(data)[:200])
