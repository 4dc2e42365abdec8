"""Half-sent requests are dropped after the header timeout, stuck bodies after the body timeout; WebSockets, long polls
and slow bodies that do arrive are not."""
import re
import socket
import time

import pytest
import requests
import socketio

from .servers import LiveServer

pytestmark = pytest.mark.server

TIMEOUT = 2          # HEADER_TIMEOUT_SECONDS for these tests (10 by default)
BODY_TIMEOUT = 5     # BODY_TIMEOUT_SECONDS (60 by default)
HALF_SENT = 300      # as many as the measurement held open for 30 s


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real server with a two-second header timeout."""
    with LiveServer(tmp_path_factory.mktemp("header-timeout"), args=["--no-demo"],
                    env={"HEADER_TIMEOUT_SECONDS": str(TIMEOUT), "BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT)}) as live:
        yield live


def closed_within(sockets, seconds):
    """How many of the sockets the server closed (end of stream or reset) within the given seconds; when each went."""
    deadline, closed = time.monotonic() + seconds, {}
    start = time.monotonic()
    while len(closed) < len(sockets) and time.monotonic() < deadline:
        for n, raw in enumerate(sockets):
            if n in closed:
                continue
            try:
                raw.settimeout(0.001)
                while raw.recv(4096):
                    pass
                closed[n] = time.monotonic() - start
            except (socket.timeout, BlockingIOError):
                continue
            except OSError:
                closed[n] = time.monotonic() - start
        time.sleep(0.05)
    return closed


def test_half_sent_requests_are_all_dropped_and_phones_are_answered_meanwhile(server):
    half = []
    try:
        for n in range(HALF_SENT):
            raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            # A request line and some headers, never the blank line that ends them; a third send nothing at all.
            if n % 3:
                raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            half.append(raw)
        started = time.monotonic()
        answered = requests.get(f"{server.url}/healthz", timeout=5)
        healthz = time.monotonic() - started
        closed = closed_within(half, TIMEOUT + 5)
    finally:
        for raw in half:
            raw.close()
    print(f"{len(closed)} of {HALF_SENT} half-sent requests dropped, the last after {max(closed.values()):.1f} s "
          f"(timeout {TIMEOUT} s); /healthz meanwhile in {healthz * 1000:.0f} ms")
    assert answered.ok and healthz < 1
    assert len(closed) == HALF_SENT


def test_a_head_trickled_a_byte_at_a_time_is_dropped_at_the_deadline_not_kept_alive(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        started = time.monotonic()
        head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
        try:
            for byte in head:
                raw.sendall(bytes([byte]))
                time.sleep(0.5)   # each byte well inside the timeout; the whole head is not
        except OSError:
            pass
        dropped = time.monotonic() - started
        reply = b""
        try:
            reply = raw.recv(1024)
        except OSError:
            pass
    assert dropped < TIMEOUT + 2
    assert reply.startswith(b"HTTP/1.1 408") or reply == b""


def form_head(length):
    """The head of a sign-in form post (the page reads the whole form to check its CSRF token)."""
    return (b"POST /facilitator/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + str(length).encode() + b"\r\n\r\n")


def test_a_slow_body_after_a_whole_head_is_read_and_answered(server):
    body = b"password=wrong&csrf_token=none"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(form_head(len(body)))
        for n in range(0, len(body), 10):   # the body over 3 s, longer than the header timeout
            time.sleep(1)
            raw.sendall(body[n:n + 10])
        reply = raw.recv(4096)
    # The form was read to the end: the sign-in page answers that the form expired (no valid CSRF token).
    assert re.match(rb"HTTP/1.1 400", reply), reply[:200]


def test_a_body_that_stops_coming_is_answered_408_at_the_body_timeout_and_the_connection_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=BODY_TIMEOUT + 5) as raw:
        started = time.monotonic()
        raw.sendall(form_head(1000) + b"password=wrong&csrf")
        reply = b""
        while chunk := raw.recv(4096):
            reply += chunk
        took = time.monotonic() - started
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"took too long to arrive" in reply
    assert BODY_TIMEOUT - 0.5 < took < BODY_TIMEOUT + 2


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_an_idle_socket_io_connection_outlives_the_header_timeout(server, transport):
    phone = socketio.SimpleClient()
    phone.connect(server.url, transports=[transport], wait_timeout=10)
    try:
        sid = phone.sid
        time.sleep(TIMEOUT * 2.5)
        answer = phone.call("join_table", {"join_token": "no-such-table"}, timeout=10)
        assert answer["ok"] is False and "recognise" in answer["error"]
        assert phone.connected and phone.sid == sid   # the same connection, not a reconnection
    finally:
        phone.disconnect()
