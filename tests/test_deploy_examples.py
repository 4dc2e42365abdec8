"""docs/deploy works as written: nginx with the committed site in front of two real server.py processes and Redis.

The site file is used as committed, with only its addresses changed (nginx listens on a free loopback port, the
upstream names the two test processes). The systemd units are checked against server.py's real options and the
app's real environment variables, and by systemd-analyze where it is installed.
"""
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR
from .redis_server import RedisServer
from .servers import ROOT, LiveServer, free_port, import_event

pytestmark = pytest.mark.server

DEPLOY = ROOT / "docs" / "deploy"
UPSTREAM = re.compile(r"server 127\.0\.0\.1:500\d;")


def nginx_binary():
    """Debian's nginx (in /usr/sbin, which is not on every user's PATH), or a failure saying how to get it."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail("nginx is not installed: `make test` installs Debian's nginx package.")
    return found


def site(listen, upstreams, sticky=True):
    """docs/deploy/nginx.conf with only its addresses changed; sticky=False drops the ip_hash line (to show why)."""
    lines, ports = [], list(upstreams)
    for line in (DEPLOY / "nginx.conf").read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("listen "):
            if "[::]" in stripped:
                continue
            line = f"    listen 127.0.0.1:{listen};"
        elif UPSTREAM.fullmatch(stripped):
            if not ports:
                continue
            line = f"    server 127.0.0.1:{ports.pop(0)};"
        elif stripped == "ip_hash;" and not sticky:
            continue
        lines.append(line)
    assert not ports, "the committed upstream names fewer processes than the test runs"
    return "\n".join(lines) + "\n"


class Nginx:
    """A real nginx in a folder of its own, serving one site file, on 127.0.0.1:port; .url is its address."""

    def __init__(self, folder, site_text):
        self.folder, self.site_text = folder, site_text
        self.port = int(re.search(r"listen 127\.0\.0\.1:(\d+);", site_text).group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, timeout=10):
        """Write the main configuration around the site, start nginx in the foreground, wait for its port."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "site.conf").write_text(self.site_text)
        temp = "".join(f"    {kind}_temp_path {self.folder / kind};\n"
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root, nginx's workers would otherwise run as nobody, who cannot enter the test's temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}pid {self.folder / 'nginx.pid'};\nerror_log {self.folder / 'error.log'} info;\n"
            "worker_processes 1;\nevents { worker_connections 1024; }\n"
            f"http {{\n    access_log {self.folder / 'access.log'};\n{temp}    include {self.folder / 'site.conf'};\n}}\n")
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(self.folder / "stderr.log", "w"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on {self.port} within {timeout}s:\n{self.log()}")

    def log(self):
        """What nginx said on stderr and in its error log."""
        return "".join(p.read_text() for p in (self.folder / "stderr.log", self.folder / "error.log") if p.exists())

    def stop(self):
        """Stop nginx (SIGTERM: a fast shutdown)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """Redis, two server.py processes on one instance folder, and nginx with the committed site in front."""
    folder = tmp_path_factory.mktemp("deploy")
    instance = folder / "instance"
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(RedisServer(folder / "redis"))
        event_id, token, tables = import_event(instance, EVENTS_DIR / "minimal.json")
        env = {"SOCKETIO_MESSAGE_QUEUE": redis.url}
        servers = [stack.enter_context(LiveServer(instance, args=["--no-demo"], env=env)) for _ in range(2)]
        ports = [server.port for server in servers]
        nginx = stack.enter_context(Nginx(folder / "nginx", site(free_port(), ports)))
        yield SimpleNamespace(redis=redis, servers=servers, nginx=nginx, url=nginx.url, event_id=event_id,
                              tables=tables, api_headers={"Authorization": f"Bearer {token}"}, folder=folder)


def connect(url, transports=None, timeout=10):
    """A python-socketio client; by default polling, then upgrading (its WebSocket sends an Origin, as browsers do)."""
    client = socketio.SimpleClient()
    client.connect(url, transports=transports, wait_timeout=timeout)
    return client


def upgraded(client, timeout=10):
    """Whether the client's polling connection moved to a WebSocket within the time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.client.transport() == "websocket":
            return True
        time.sleep(0.05)
    return False


def received(client, event, timeout=5):
    """The next event of this name the client receives (others are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        name, *args = client.receive(timeout=max(0.1, deadline - time.monotonic()))
        if name == event:
            return args[0] if args else None


def test_healthz_answers_through_nginx(hall):
    response = requests.get(f"{hall.url}/healthz", timeout=5)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_a_phone_polls_then_upgrades_to_a_websocket_and_joins_its_table_through_nginx(hall):
    table = hall.tables[0]
    client = connect(hall.url)
    try:
        assert upgraded(client), "the polling connection never moved to a WebSocket through nginx"
        answer = client.call("join_table", {"join_token": table["join_token"]}, timeout=10)
        assert answer["ok"] is True and answer["table"] == table["number"]
    finally:
        client.disconnect()


def polling_handshake(url):
    """Engine.IO's long-polling handshake by hand: open, send Socket.IO's connect, read its answer; the statuses."""
    base = f"{url}/socket.io/?EIO=4&transport=polling"
    with requests.Session() as http:
        opened = http.get(base, timeout=5)
        sid = json.loads(opened.text[1:])["sid"]   # "0{...}": Engine.IO's open packet
        sent = http.post(f"{base}&sid={sid}", data="40", timeout=5)
        if sent.status_code != 200:
            return [opened.status_code, sent.status_code], sent.text
        try:
            answer = http.get(f"{base}&sid={sid}", timeout=3)
        except requests.Timeout:   # a poll waiting on a process that never got the connect
            return [opened.status_code, sent.status_code, "no answer"], ""
        return [opened.status_code, sent.status_code, answer.status_code], answer.text


def test_the_polling_handshake_needs_the_sticky_line(hall):
    """Through the committed site every request of a session reaches its process; without ip_hash, not."""
    for _ in range(3):
        statuses, answer = polling_handshake(hall.url)
        assert statuses == [200, 200, 200] and answer.startswith("40")   # Socket.IO's connect, answered
    loose = site(free_port(), [server.port for server in hall.servers], sticky=False)
    with Nginx(hall.folder / "nginx-loose", loose) as nginx:
        # Round robin: the session's second request goes to the other process, which answers 400 (unknown sid).
        outcomes = [polling_handshake(nginx.url) for _ in range(3)]
    assert all(statuses[1:] != [200, 200] for statuses, _ in outcomes), outcomes
    assert any("Invalid session" in answer for _, answer in outcomes), outcomes


def test_a_ballot_through_nginx_reaches_phones_on_both_processes(hall):
    table = hall.tables[0]
    response = requests.post(f"{hall.url}/api/events/{hall.event_id}/voting", headers=hall.api_headers,
                             json={"criterion": "access", "voting": "open"}, timeout=5)
    assert response.status_code == 200
    # One phone at the table on each process directly, so whichever process nginx chose, the other hears via Redis.
    watchers = [connect(server.url) for server in hall.servers]
    phone = connect(hall.url)
    try:
        for client in (*watchers, phone):
            assert client.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
        ack = phone.call("submit_ballot", {
            "join_token": table["join_token"], "criterion": "access", "ranking": ["1", "2"],
            "points": {"1": 7, "2": 3}, "ruled_out": [], "base_version": 0, "submission_id": "deploy-0001"},
            timeout=10)
        assert ack["ok"] is True, ack
        for watcher in watchers:
            assert received(watcher, "ballot_saved")["ballot"]["points"] == {"1": 7, "2": 3}
    finally:
        for client in (*watchers, phone):
            client.disconnect()


# ---- The systemd units --------------------------------------------------------------------------------------------

def unit(name):
    """A unit file's settings: {key: [values]} (comments and section headers left out)."""
    found = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if line.strip() and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_unit_starts_server_py_with_real_options_only():
    service = unit("facilitation@.service")
    (command,) = service["ExecStart"]
    words = command.split()
    assert words[0].endswith("/.venv/bin/python") and words[1].endswith("/server.py")
    helped = subprocess.run([sys.executable, "server.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True).stdout
    options = [word for word in words[2:] if word.startswith("-")]
    assert options and [o for o in options if not re.search(rf"(^|\s){re.escape(o)}\b", helped)] == []
    # The port is the instance's name, as the target and nginx's upstream name them.
    assert words[words.index("--port") + 1] == "%i"
    assert words[words.index("--host") + 1] == "127.0.0.1"
    assert "--no-demo" in words
    assert service["Restart"] == ["on-failure"]
    assert "redis-server.service" in " ".join(service["After"])


def test_the_environment_names_only_variables_the_app_reads():
    source = "\n".join(path.read_text() for path in (ROOT / "facilitation").rglob("*.py"))
    names = re.findall(r"^#?([A-Z_]+)=", (DEPLOY / "hall.env").read_text(), re.M)
    names += [value.partition("=")[0] for value in unit("facilitation@.service").get("Environment", [])]
    names += [value.partition("=")[0] for value in unit("snapshots.conf").get("Environment", [])]
    python_own = {"PYTHONUNBUFFERED"}
    assert {"FACILITATION_INSTANCE", "SOCKETIO_MESSAGE_QUEUE", "PUBLIC_URL"} <= set(names)
    assert [name for name in names if name not in python_own and f'"{name}"' not in source] == []


def test_the_target_starts_the_processes_nginx_balances():
    wanted = " ".join(unit("facilitation.target")["Wants"]).split()
    ports = re.findall(r"server 127\.0\.0\.1:(\d+);", (DEPLOY / "nginx.conf").read_text())
    assert wanted == [f"facilitation@{port}.service" for port in ports] and len(ports) == 4


def test_systemd_analyze_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here (Debian's systemd package has it)")
    # Only the paths change: the unit's python and server.py are this checkout's, the environment file the example.
    text = (DEPLOY / "facilitation@.service").read_text().replace("/opt/facilitation", str(ROOT)).replace(
        "/etc/facilitation/hall.env", str(DEPLOY / "hall.env"))
    (tmp_path / "facilitation@.service").write_text(text)
    shutil.copy(DEPLOY / "facilitation.target", tmp_path)
    (tmp_path / "facilitation@5001.service.d").mkdir()
    shutil.copy(DEPLOY / "snapshots.conf", tmp_path / "facilitation@5001.service.d")
    result = subprocess.run([analyze, "verify", "--man=no", str(tmp_path / "facilitation@5001.service"),
                             str(tmp_path / "facilitation.target")], capture_output=True, text=True, timeout=60)
    ours = [line for line in result.stderr.splitlines() if str(tmp_path) in line or "facilitation" in line]
    assert result.returncode == 0 and ours == [], result.stderr
