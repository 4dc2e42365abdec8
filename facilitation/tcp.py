"""How the server's connections send: every live message at once, not held back by TCP, and whole."""
import contextlib
import socket
import time

from gevent import Timeout, pywsgi
from gevent.lock import Semaphore
from werkzeug.exceptions import RequestTimeout

from .logs import redact

# Seconds a connection has to send a whole request head (request line and headers) from when the server starts
# waiting for it; a phone on slow Wi-Fi sends its few hundred bytes in well under one.
HEADER_TIMEOUT = 10.0
# Seconds the whole body of a request may take once its head is in: an event file (at most 1 MB) at 17 KB/s.
BODY_TIMEOUT = 60.0
_TOO_SLOW = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class HeadersTooSlow(socket.timeout):
    """A request head not complete within the header timeout (an OSError, so gevent just closes the connection)."""


class _BodyLate(Exception):
    """The body deadline passed during a read."""


class BodyDeadline:
    """gevent's reader of a request body, giving up (408) when the whole body has not come within the body timeout.

    Only reads are timed, so a request that waits for something to send (a long poll) is not cut; a WebSocket takes its
    socket from the reader (its rfile) and is not timed either.
    """

    def __init__(self, body, deadline, handler):
        self._body, self._deadline, self._handler = body, deadline, handler

    def _timed(self, read, *args):
        """One read, within what is left of the deadline."""
        try:
            with Timeout(max(self._deadline - time.monotonic(), 0.001), _BodyLate):
                return read(*args)
        except _BodyLate:
            # The rest of the body may still come: it must not be read as the next request.
            self._handler.close_connection = True
            raise RequestTimeout("The request took too long to arrive. Check the connection and try again.") from None

    def read(self, length=None):
        return self._timed(self._body.read, length)

    def readline(self, size=None):
        return self._timed(self._body.readline, size)

    def readlines(self, hint=None):
        return list(self)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def _discard(self):
        """What the app left unread is read and dropped, within the deadline too (then the connection is closed)."""
        with contextlib.suppress(RequestTimeout):
            self._timed(self._body._discard)

    def __getattr__(self, name):
        """The rest (rfile, for a WebSocket) is gevent's reader's own."""
        return getattr(self._body, name)


class NoDelayHandler(pywsgi.WSGIHandler):
    """gevent's request handler, with Nagle's algorithm off for each connection (TCP_NODELAY), a deadline for each
    request's head, and tokens cleaned from the access log.

    A phone often gets two messages in a row (another phone's 'draft', then the ack of its own change); with Nagle on,
    the second waits for the phone's delayed TCP acknowledgement, about 40 ms. Measured with two phones tapping at one
    table: ack latency median 47 ms with it on, 5 ms with it off (tests/test_live_drafts.py prints the figure).
    """

    def handle(self):
        """Serve the connection, after turning the delay off (a socket that is not TCP keeps its defaults)."""
        with contextlib.suppress(OSError):
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()

    header_timeout = HEADER_TIMEOUT
    body_timeout = BODY_TIMEOUT

    def handle_one_request(self):
        """Serve one request, dropping the connection if its head is not all in within the header timeout.

        A half-sent request otherwise holds its connection for ever: 300 of them were all still held after 30 s. The
        deadline covers the head only (it ends in read_request, before the app runs), so a WebSocket, a long-polling
        request or a slow upload of a body is not cut; an idle keep-alive connection is closed after it, as browsers
        expect.
        """
        self._head_deadline = Timeout(self.header_timeout, HeadersTooSlow("request head not complete in time"))
        self._head_deadline.start()
        try:
            return super().handle_one_request()
        finally:
            self._head_deadline.close()

    def read_request(self, raw_requestline):
        """Parse the head, then stop its deadline."""
        try:
            return super().read_request(raw_requestline)
        finally:
            self._head_deadline.close()

    def get_environ(self):
        """The request's environment, its body read against the body deadline."""
        env = super().get_environ()
        if env.get("wsgi.input") is self.wsgi_input and self.wsgi_input is not None:
            self.wsgi_input = env["wsgi.input"] = BodyDeadline(self.wsgi_input, time.monotonic() + self.body_timeout,
                                                               self)
        return env

    def _handle_client_error(self, ex):
        """A head that came too slowly is answered 408 without a traceback; other bad requests as gevent does."""
        if isinstance(ex, HeadersTooSlow):
            return ("408", _TOO_SLOW)
        return super()._handle_client_error(ex)

    def format_request(self):
        """The access log's line, with tokens in the request line replaced by '…'."""
        return redact(super().format_request())

    def log_error(self, msg, *args):
        """gevent's error lines (a bad request quotes its request line) cleaned of tokens too."""
        try:
            message = msg % args if args else msg
        except (TypeError, ValueError):
            return super().log_error(msg, *args)
        return super().log_error(redact(message))


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
