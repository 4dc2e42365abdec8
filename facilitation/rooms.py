"""Socket.IO rooms: the one naming rule, and the one way anything is sent to a room."""
from . import socketio


def room(kind, key):
    """The one room-naming rule: 'table:12', 'event:3'."""
    return f"{kind}:{key}"


def broadcast(kind, key, event, data, skip_sid=None):
    """The one way anything is sent to a room (a table's phones, or everything in an event)."""
    socketio.emit(event, data, to=room(kind, key), skip_sid=skip_sid)

