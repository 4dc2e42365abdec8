"""Sessions that end, against the real server: the sockets a signed-out session opened are let go at once, and a new
password from the command line signs out every browser and socket while API tokens go on working."""
import re
import threading
import time

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR
from .servers import run_cli, serve_event

pytestmark = pytest.mark.server

OLD, NEW = "old password for the day", "new password after lunch"


@pytest.fixture
def live(tmp_path):
    """A real server.py with one event, its facilitator password set to OLD."""
    run_cli(tmp_path, "set-password", env={"FACILITATOR_PASSWORD": OLD}, check=True)
    with serve_event(tmp_path, EVENTS_DIR / "minimal.json") as server:
        yield server


def csrf(browser, url):
    """The CSRF token of the form on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(url, timeout=10).text).group(1)


def signed_in(live, password=OLD):
    """A browser (requests session) signed in as the facilitator."""
    browser = requests.Session()
    answer = browser.post(f"{live.url}/facilitator/sign-in", allow_redirects=False, timeout=30,
                          data={"password": password, "csrf_token": csrf(browser, f"{live.url}/facilitator/sign-in")})
    assert answer.status_code == 302, answer.text
    return browser


def cookie(browser):
    """The session cookie as a copy would carry it."""
    return f"session={browser.cookies.get('session')}"


def opens_facilitator_pages(live, cookie_header):
    """Whether a browser with only this cookie can open the events page."""
    answer = requests.get(f"{live.url}/facilitator/", headers={"Cookie": cookie_header}, allow_redirects=False,
                          timeout=10)
    return answer.status_code == 200


class Screen:
    """A projector or control room's socket: a real python-socketio client sending the browser's cookie."""

    def __init__(self, live, cookie_header):
        self.gone = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("disconnect", lambda *reason: self.gone.set())
        self.client.connect(live.url, headers={"Cookie": cookie_header}, wait_timeout=10)

    def call(self, event, data):
        """Send an event and return its ack."""
        return self.client.call(event, data, timeout=10)

    def close(self):
        """Disconnect if still connected."""
        if self.client.connected:
            self.client.disconnect()


def test_signing_out_lets_go_of_that_sessions_sockets_at_once_and_only_those(live):
    first, second = signed_in(live), signed_in(live)
    copied = cookie(first)
    projector, control, other = Screen(live, copied), Screen(live, copied), Screen(live, cookie(second))
    try:
        assert projector.call("join_projector", {"event_id": live.event_id})["ok"] is True
        assert control.call("watch_tables", {"event_id": live.event_id})["ok"] is True
        assert other.call("join_projector", {"event_id": live.event_id, "control": True})["ok"] is True
        started = time.monotonic()
        answer = first.post(f"{live.url}/facilitator/sign-out", data={"csrf_token": csrf(first, f"{live.url}/facilitator/")},
                            allow_redirects=False, timeout=10)
        assert answer.status_code == 302
        assert projector.gone.wait(5) and control.gone.wait(5)
        took = time.monotonic() - started
        # Through the signal, not the 2 s sweep (which would take 1 s on average).
        assert took < 1.0, took
        assert not other.gone.is_set() and other.call("join_projector", {"event_id": live.event_id})["ok"] is True
        # The copied cookie opens neither a page nor a screen any more.
        assert not opens_facilitator_pages(live, copied)
        again = Screen(live, copied)
        try:
            for event in ("join_projector", "watch_tables"):
                refused = again.call(event, {"event_id": live.event_id})
                assert refused["ok"] is False and "Sign in" in refused["error"]
        finally:
            again.close()
        print(f"sign-out let the session's two sockets go in {took * 1000:.0f} ms")
    finally:
        for screen in (projector, control, other):
            screen.close()


def test_a_new_password_signs_out_every_browser_and_socket_but_not_api_tokens(live):
    browser = signed_in(live)
    copied = cookie(browser)
    assert opens_facilitator_pages(live, copied)
    screen = Screen(live, copied)
    try:
        assert screen.call("join_projector", {"event_id": live.event_id, "control": True})["ok"] is True
        done = run_cli(live.instance, "set-password", env={"FACILITATOR_PASSWORD": NEW}, check=True)
        assert "Signed out 1 facilitator session" in done.stderr
        # Another process ended the session: the server's sweep finds it within SWEEP (2 s).
        assert screen.gone.wait(10)
        assert not opens_facilitator_pages(live, copied)
        assert requests.get(f"{live.url}/api/events", headers=live.api_headers, timeout=10).status_code == 200
        browser = requests.Session()
        wrong = browser.post(f"{live.url}/facilitator/sign-in", allow_redirects=False, timeout=30,
                             data={"password": OLD, "csrf_token": csrf(browser, f"{live.url}/facilitator/sign-in")})
        assert wrong.status_code == 401
        fresh = signed_in(live, NEW)
        assert opens_facilitator_pages(live, cookie(fresh))
        again = Screen(live, cookie(fresh))
        try:
            assert again.call("join_projector", {"event_id": live.event_id})["ok"] is True
        finally:
            again.close()
    finally:
        screen.close()
