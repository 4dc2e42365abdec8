"""A hall of two real server processes on one instance folder sharing a real redis-server, and the clients the hall
tests use on it: phones joined through either process, and a control room's screen recording what it is told."""
import contextlib
import threading
import time

import socketio

from .conftest import EVENTS_DIR, PASSWORD
from .servers import LiveServer, import_event
from .test_sessions_live import cookie, signed_in


@contextlib.contextmanager
def hall_of_two(folder, redis_url):
    """Processes A and B with the minimal event (three tables), each with .event_id, .tables and .api_headers."""
    instance = folder / "instance"
    event_id, token, tables = import_event(instance, EVENTS_DIR / "minimal.json")
    env = {"FACILITATOR_PASSWORD": PASSWORD, "SOCKETIO_MESSAGE_QUEUE": redis_url}
    with LiveServer(instance, args=["--no-demo"], env=env) as a, LiveServer(instance, args=["--no-demo"], env=env) as b:
        for server in (a, b):
            server.event_id, server.tables = event_id, tables
            server.api_headers = {"Authorization": f"Bearer {token}"}
        yield a, b


def facilitator(server):
    """A browser (requests session) signed in as the facilitator through one process."""
    return signed_in(server, PASSWORD)


class Phone:
    """A real Socket.IO client joined to tables through one process, recording what it hears and when it is let go."""

    def __init__(self, server, *join_tokens):
        self.heard, self.gone = [], threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda name, data=None: self.heard.append((name, data)))
        self.client.on("disconnect", lambda *reason: self.gone.set())
        self.client.connect(server.url, wait_timeout=10)
        for join_token in join_tokens:
            assert self.client.call("join_table", {"join_token": join_token}, timeout=10)["ok"]

    def messages(self, name):
        """What it heard of one kind, oldest first."""
        return [data for kind, data in list(self.heard) if kind == name]

    def close(self):
        """Disconnect if still connected."""
        if self.client.connected:
            self.client.disconnect()


class Screen:
    """A control room's socket (signed in) on one event: the 'presence' messages it gets, with their arrival times."""

    def __init__(self, server, browser):
        self.presence, self.gone = [], threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("presence", lambda message: self.presence.append((time.monotonic(), message["tables"])))
        self.client.on("disconnect", lambda *reason: self.gone.set())
        self.client.connect(server.url, headers={"Cookie": cookie(browser)}, wait_timeout=10)
        self.ack = self.client.call("join_projector", {"event_id": server.event_id, "control": True}, timeout=10)
        assert self.ack["ok"] is True, self.ack

    def latest(self):
        """The phones per table it was last told of (its ack's before any message)."""
        return self.presence[-1][1] if self.presence else self.ack["presence"]

    def told(self, tables, after=0.0):
        """When it was first told these counts after a moment (monotonic), or None."""
        return next((at for at, told in list(self.presence) if at >= after and told == tables), None)

    def close(self):
        """Disconnect if still connected."""
        if self.client.connected:
            self.client.disconnect()


def wait_for(check, seconds):
    """Poll until check() is true or the time is up; whether it became true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return bool(check())
