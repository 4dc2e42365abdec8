"""How the server's connections send: every live message at once, not held back by TCP, and whole."""
import contextlib
import socket

from gevent import pywsgi
from gevent.lock import Semaphore


class NoDelayHandler(pywsgi.WSGIHandler):
    """gevent's request handler, with Nagle's algorithm off for each connection (TCP_NODELAY).

    A phone often gets two messages in a row (another phone's 'draft', then the ack of its own change); with Nagle on,
    the second waits for the phone's delayed TCP acknowledgement, about 40 ms. Measured with two phones tapping at one
    table: ack latency median 47 ms with it on, 5 ms with it off (tests/test_live_drafts.py prints the figure).
    """

    def handle(self):
        """Serve the connection, after turning the delay off (a socket that is not TCP keeps its defaults)."""
        with contextlib.suppress(OSError):
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()


class WholeFrames:
    """A WebSocket's socket whose every send writes the whole frame, one frame at a time.

    simple-websocket 1.1.0 (the newest release) writes a frame with one socket.send() and ignores a partial write
    (upstream issue miguelgrinberg/simple-websocket#45, fixed there but not yet released). Under gevent a partial
    write happens whenever the socket's buffer is full — a projector sent a 300 KB confidence summary on busy Wi-Fi —
    and the next frame's header then lands inside the rest of this one, corrupting the connection. sendall() waits
    for room; the lock stops a pong from the reading side being written in the middle of a large frame.
    """

    def __init__(self, sock):
        self._sock = sock
        self._lock = Semaphore()   # gevent's: a greenlet waiting for it lets the others run

    def send(self, data):
        """Write all of data before any other frame; returns its length, as a complete send() would."""
        with self._lock:
            self._sock.sendall(data)
        return len(data)

    def __getattr__(self, name):
        """Everything else (recv, fileno for the selector, close) is the socket's own."""
        return getattr(self._sock, name)


def send_whole_frames():
    """Make every simple-websocket connection opened from now on write whole frames (WholeFrames)."""
    from simple_websocket import ws

    if isinstance(getattr(ws.Base, "sock", None), property):
        return

    def set_sock(self, sock):
        self.__dict__["_whole_frames_sock"] = sock if sock is None or isinstance(sock, WholeFrames) else WholeFrames(sock)

    ws.Base.sock = property(lambda self: self.__dict__.get("_whole_frames_sock"), set_sock)
