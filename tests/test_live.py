"""Socket.IO against the real gevent server: a table's phone joins its room over a WebSocket."""
import pytest
import socketio

from facilitation import store

from .conftest import EVENTS_DIR
from .servers import LiveServer, run_cli

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py process with one imported event."""
    instance = tmp_path_factory.mktemp("live-instance")
    event_id = int(run_cli(instance, "import", str(EVENTS_DIR / "minimal.json"), check=True).stdout.strip())
    with LiveServer(instance, args=["--no-demo"]) as server:
        db = store.connect(str(instance / "facilitation.db"))
        server.tables = store.list_tables(db, event_id)
        server.db, server.event_id = db, event_id
        yield server
        db.conn.close()


def connect(live, transports=None):
    """A real python-socketio client; by default it starts with polling and upgrades, as browsers do."""
    client = socketio.SimpleClient()
    client.connect(live.url, transports=transports, wait_timeout=10)
    return client


def test_a_phone_joins_its_table_over_a_websocket(live):
    table = live.tables[0]
    # WebSocket only: proves the gevent server serves WebSockets (disconnect then waits ~3 s for a close frame).
    client = connect(live, transports=["websocket"])
    try:
        assert client.client.transport() == "websocket"
        answer = client.call("join_table", {"join_token": table["join_token"]}, timeout=10)
        assert answer == {"ok": True, "event_id": live.event_id, "table": table["number"]}
    finally:
        client.disconnect()


@pytest.mark.parametrize("payload", [None, "text", {}, {"join_token": ""}, {"join_token": 7}, {"join_token": "x" * 24}])
def test_a_bad_join_is_refused_in_plain_words(live, payload):
    client = connect(live)
    try:
        answer = client.call("join_table", payload, timeout=10)
        assert answer["ok"] is False and "QR code" in answer["error"]
    finally:
        client.disconnect()


def test_a_replaced_link_is_reported_stale_over_the_socket(live):
    old = live.tables[-1]
    store.regenerate_join(live.db, live.event_id, old["number"])
    client = connect(live)
    try:
        answer = client.call("join_table", {"join_token": old["join_token"]}, timeout=10)
        assert answer["ok"] is False and answer["stale"] is True
        assert "replaced" in answer["error"]
    finally:
        client.disconnect()
