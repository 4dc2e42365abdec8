"""Compression and hashed static files through the real gevent server, with Socket.IO still working beside them."""
import re

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR
from .servers import serve_event

pytestmark = pytest.mark.server
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serve_event(tmp_path_factory.mktemp("assets-instance"), EVENTS_DIR / "minimal.json") as server:
        yield server


def test_the_table_page_and_its_files_arrive_compressed_and_the_files_cached_for_a_year(live):
    table = live.tables[0]
    page = requests.get(f"{live.url}/t/{table['join_token']}", headers=BROWSER, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    assert page.headers["Cache-Control"] == "no-cache, private"
    urls = re.findall(r'(?:href|src|data-sortable)="(/static/[^"]+)"', page.text)
    assert len(urls) >= 6
    for url in urls:
        response = requests.get(live.url + url, headers=BROWSER, timeout=10)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br", url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert int(response.headers["Content-Length"]) < len(response.content)
        plain = requests.get(live.url + url, headers={"Accept-Encoding": "identity"}, timeout=10)
        assert "Content-Encoding" not in plain.headers and plain.content == response.content


@pytest.mark.parametrize("transports", [["polling"], ["websocket"], None])
def test_socket_io_still_works_over_long_polling_and_websockets(live, transports):
    # python-socketio's client sends Accept-Encoding with br and gzip on its polling requests, as browsers do.
    client = socketio.SimpleClient()
    client.connect(live.url, transports=transports, wait_timeout=10)
    try:
        answer = client.call("join_table", {"join_token": live.tables[0]["join_token"]}, timeout=10)
        assert answer["ok"] is True and answer["table"] == live.tables[0]["number"]
    finally:
        client.disconnect()


def test_a_long_poll_is_engine_io_s_own_answer_not_recompressed(live):
    opened = requests.get(f"{live.url}/socket.io/?EIO=4&transport=polling", headers=BROWSER, timeout=10)
    assert opened.status_code == 200 and opened.text.startswith("0{")
    assert opened.headers.get("Content-Encoding") != "br"
    sid = re.search(r'"sid":"([^"]+)"', opened.text).group(1)
    sent = requests.post(f"{live.url}/socket.io/?EIO=4&transport=polling&sid={sid}", data="40", headers=BROWSER,
                         timeout=10)
    assert sent.status_code == 200 and sent.text == "OK"
    answer = requests.get(f"{live.url}/socket.io/?EIO=4&transport=polling&sid={sid}", headers=BROWSER, timeout=10)
    assert answer.status_code == 200 and answer.text.startswith("40{")
