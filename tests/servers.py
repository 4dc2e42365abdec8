"""Run the real thing: server.py as a separate process on a free loopback port, and its CLI."""
import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port():
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(instance, **extra):
    """The environment for a server.py process that keeps its data in the given instance folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("FACILITATOR_PASSWORD", "PUBLIC_URL", "PORT")}
    env.update(FACILITATION_INSTANCE=str(instance), PYTHONUNBUFFERED="1", **extra)
    return env


def run_cli(instance, *args, env=None, check=False):
    """Run 'python server.py ARGS' against an instance folder and return the finished process."""
    return subprocess.run(
        [sys.executable, "server.py", *args], cwd=ROOT, env={**environment(instance), **(env or {})},
        capture_output=True, text=True, timeout=120, check=check,
    )


class LiveServer:
    """server.py serving on 127.0.0.1 with gevent, exactly as 'python server.py' runs it."""

    def __init__(self, instance, port=None, args=(), env=None, command=("server.py",)):
        self.instance = pathlib.Path(instance)
        self.command = list(command)   # e.g. ("-m", "tests.raising_server"): server.py with a test's extra route
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.args = list(args)
        self.env = env or {}
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.instance / f"server-{self.port}.log"
        self.process = None

    def start(self, timeout=30):
        """Start the process and wait until /healthz answers."""
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            # With PORT in the environment the port comes from there, as it does for a user who sets it.
            [sys.executable, *self.command, "--host", "127.0.0.1",
             *([] if "PORT" in self.env else ["--port", str(self.port)]), *self.args],
            cwd=ROOT, env=environment(self.instance, **self.env), stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server.py exited with {self.process.returncode}:\n{self.output()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"server.py did not answer within {timeout}s:\n{self.output()}")

    def output(self):
        """Everything the server has printed so far."""
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self):
        """Stop the process (SIGTERM, then SIGKILL if it lingers)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def serve_event(instance, event_file, env=None):
    """A running server.py with one event imported: .event_id, .tables and .api_headers (a fresh API token)."""
    event_id, token, tables = import_event(instance, event_file)
    with LiveServer(instance, args=["--no-demo"], env=env) as server:
        server.event_id, server.tables = event_id, tables
        server.api_headers = {"Authorization": f"Bearer {token}"}
        yield server


def import_event(instance, event_file):
    """Import an event file and make an API token with the CLI: (event id, token, the event's tables)."""
    from facilitation import store

    event_id = int(run_cli(instance, "import", str(event_file), check=True).stdout.strip())
    token = run_cli(instance, "create-token", check=True).stdout.strip()
    db = store.connect(str(pathlib.Path(instance) / "facilitation.db"))
    try:
        return event_id, token, store.list_tables(db, event_id)
    finally:
        db.conn.close()
