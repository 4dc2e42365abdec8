"""python server.py as a user starts it: gevent, addresses and password printed, demo on an empty database."""
import html
import json
import re

import pytest
import requests

from facilitation.network import lan_addresses

from .conftest import DEMO_FILE
from .servers import LiveServer, free_port

pytestmark = pytest.mark.server


def test_first_start_prints_addresses_and_a_password_that_works_and_loads_the_demo(tmp_path):
    with LiveServer(tmp_path) as server:
        output = server.output()
        assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"status": "ok"}
        assert f"Phones join at:       {server.url}/join" in output
        assert f"Facilitator sign-in:  {server.url}/facilitator/" in output
        assert "Loaded the demo event" in output
        password = re.search(r"Facilitator password: (\S+)", output).group(1)

        session = requests.Session()
        page = session.get(f"{server.url}/facilitator/sign-in", timeout=5).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        signed = session.post(f"{server.url}/facilitator/sign-in", data={"password": password, "csrf_token": csrf},
                              timeout=5, allow_redirects=False)
        assert signed.status_code == 302
        events = session.get(f"{server.url}/facilitator/", timeout=5).text
        assert html.escape(json.loads(DEMO_FILE.read_text())["title"]) in events

    # Second start: the password is not shown again and the demo is not loaded twice.
    with LiveServer(tmp_path) as server:
        assert "Facilitator password" not in server.output()
        assert "Loaded the demo event" not in server.output()


def test_port_from_the_environment_and_password_from_facilitator_password(tmp_path):
    port = free_port()
    env = {"FACILITATOR_PASSWORD": "from-env", "PORT": str(port)}
    with LiveServer(tmp_path, port=port, args=["--no-demo"], env=env) as server:
        assert "Facilitator password" not in server.output()
        session = requests.Session()
        page = session.get(f"{server.url}/facilitator/sign-in", timeout=5).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        signed = session.post(f"{server.url}/facilitator/sign-in",
                              data={"password": "from-env", "csrf_token": csrf}, timeout=5, allow_redirects=False)
        assert signed.status_code == 302


def test_the_server_is_not_the_werkzeug_debug_server(tmp_path):
    with LiveServer(tmp_path, args=["--no-demo"]) as server:
        response = requests.get(f"{server.url}/healthz", timeout=5)
        assert "Werkzeug" not in response.headers.get("Server", "")
        assert "gevent" in response.headers.get("Server", "").lower() or "Server" not in response.headers
        # Not in debug mode: an unknown page is a plain 404, with no interactive debugger.
        missing = requests.get(f"{server.url}/no-such-page", timeout=5)
        assert missing.status_code == 404 and "Traceback" not in missing.text


def test_start_up_warns_that_phones_cannot_reach_a_loopback_address_and_says_how_to_fix_it(tmp_path):
    # The tests' server listens on 127.0.0.1 only, so the cards would print an address no phone can open.
    with LiveServer(tmp_path, args=["--no-demo"]) as server:
        output = server.output()
    assert "WARNING: phones cannot reach the address printed on table cards." in output
    assert f"{server.url} is this laptop's own (loopback) address: only this laptop can open it" in output
    found = lan_addresses()
    if found:
        assert f"    python server.py --host 0.0.0.0 --public-url http://{found[0]}:{server.port}" in output
        assert f"{found[0]} is this laptop's address on the network" in output
    else:
        assert "This laptop has no address on a network right now" in output


def test_no_warning_when_the_cards_print_a_lan_address(tmp_path):
    port = free_port()
    public = f"http://192.168.1.20:{port}"
    with LiveServer(tmp_path, port=port, args=["--no-demo", "--public-url", public]) as server:
        output = server.output()
    assert f"Phones join at:       {public}/join" in output
    assert "WARNING" not in output and "cannot reach" not in output
