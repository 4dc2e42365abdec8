"""The hall: what several server processes share through Redis, or nothing at all when one process runs alone.

SOCKETIO_MESSAGE_QUEUE=redis://… (environment or instance/config.py) makes Flask-SocketIO's broadcasts go through
Redis; the same server also holds what the processes must agree on (who sends each event's projector batches, the
phones connected per table, control messages such as a replaced table link). With no message queue there is no
hall: client() is None and every caller keeps its state in this process, exactly as one laptop needs.
"""
import os
import socket
import uuid

import redis
from flask import current_app

# What the hall's keys start with, so a Redis server shared with something else keeps them apart.
PREFIX = "facilitation"
SCHEMES = ("redis://", "rediss://", "unix://")


class HallError(RuntimeError):
    """The message queue is set but cannot serve as the hall (a plain sentence for the start-up message)."""


def url(app=None):
    """The message queue's address, or None with one process."""
    return (app or current_app).config.get("SOCKETIO_MESSAGE_QUEUE") or None


def client(app=None):
    """This app's Redis client for the hall, or None with one process (no message queue)."""
    app = app or current_app
    found = app.extensions.get("hall_redis")
    if found is None and url(app):
        # decode_responses: every key and value the hall keeps is text.
        found = app.extensions.setdefault("hall_redis", redis.Redis.from_url(
            url(app), decode_responses=True, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30))
    return found


def check(app):
    """Refuse to start with a message queue the hall cannot use, or cannot reach, in plain words."""
    address = url(app)
    if not address:
        return
    if not address.startswith(SCHEMES):
        raise HallError(f"SOCKETIO_MESSAGE_QUEUE must be a Redis address (redis://host:6379/0); got {address!r}.")
    try:
        client(app).ping()
    except redis.RedisError as error:
        raise HallError(f"Cannot reach Redis at {address} ({str(error).rstrip('.')}). Start redis-server, or unset "
                        f"SOCKETIO_MESSAGE_QUEUE to run one process on its own.") from error


def process_id(app=None):
    """This process's name in the hall: host, process id and a random part (a restarted process is a new one)."""
    app = app or current_app
    found = app.extensions.get("hall_process")
    if found is None:
        found = app.extensions.setdefault("hall_process",
                                          f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")
    return found


def key(*parts):
    """One hall key: 'facilitation:lease:3'."""
    return ":".join((PREFIX, *map(str, parts)))
