"""facilitation/tcp.py: a WebSocket frame is written whole even when the socket's buffer is full (gevent)."""
import gevent
from gevent import socket as gsocket

from facilitation.tcp import WholeFrames, send_whole_frames

FRAME = bytes(range(256)) * 16 * 1024   # 4 MB: far more than a socket buffer holds


def slow_reader(sock, expected):
    """Read everything, pausing now and then as a phone on poor Wi-Fi does."""
    got = bytearray()
    while len(got) < expected:
        got += sock.recv(65536)
        gevent.sleep(0.001)
    return bytes(got)


def test_a_plain_gevent_send_writes_only_part_of_a_large_frame():
    # What simple-websocket 1.1.0 relies on not happening: the reason for WholeFrames.
    ours, theirs = gsocket.socketpair()
    sent = ours.send(FRAME)
    assert 0 < sent < len(FRAME)
    ours.close(), theirs.close()


def test_whole_frames_writes_every_byte_of_two_frames_in_order_while_the_reader_is_slow():
    ours, theirs = gsocket.socketpair()
    wrapped = WholeFrames(ours)
    small = b"pong" * 4
    reader = gevent.spawn(slow_reader, theirs, len(FRAME) + len(small))
    writers = [gevent.spawn(wrapped.send, FRAME), gevent.spawn(wrapped.send, small)]
    gevent.joinall(writers, raise_error=True)
    assert [w.value for w in writers] == [len(FRAME), len(small)]
    assert reader.get(timeout=30) == FRAME + small
    ours.close(), theirs.close()


def test_every_simple_websocket_connection_gets_whole_frames_and_its_socket_calls_still_work():
    from simple_websocket import ws

    send_whole_frames()
    send_whole_frames()   # a second call changes nothing
    ours, theirs = gsocket.socketpair()
    connection = ws.Base.__new__(ws.Base)
    connection.sock = ours
    assert isinstance(connection.sock, WholeFrames) and connection.sock.fileno() == ours.fileno()
    connection.sock.send(b"hello")
    assert theirs.recv(5) == b"hello"
    ours.close(), theirs.close()
