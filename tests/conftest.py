"""Shared fixtures: a fresh app and database per test, a signed-in facilitator, the project's event files."""
import json
import pathlib

import pytest

from facilitation import create_app, store
from facilitation.domain.event_file import read_event_file

EVENTS_DIR = pathlib.Path(__file__).parent / "events"
DEMO_FILE = pathlib.Path(__file__).parent.parent / "facilitation" / "sample_events" / "demo.json"
PASSWORD = "correct horse battery staple"


def event_file(name):
    """The decoded JSON of one of the project's test event files."""
    return json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def redis_url(tmp_path):
    """The address of a real redis-server of this test's own (stopped after it)."""
    from .redis_server import RedisServer

    with RedisServer(tmp_path / "redis") as server:
        yield server.url


@pytest.fixture
def app(tmp_path):
    """An app on a fresh SQLite file in a temporary instance folder."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "FACILITATOR_PASSWORD": PASSWORD,
            "PUBLIC_URL": "http://192.0.2.10:5000",
            "SOCKETIO_ASYNC_MODE": "threading",
        },
        instance_path=str(tmp_path / "instance"),
    )
    yield app


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def db(app):
    """A connection to the app's database."""
    connection = store.connect(app.config["DATABASE"])
    yield connection
    connection.conn.close()


class Auth:
    """Sign the facilitator in and out the way a browser does (with the form's CSRF token)."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path="/facilitator/sign-in"):
        """The CSRF token a form on this page carries."""
        page = self.client.get(path).get_data(as_text=True)
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start:page.index('"', start)]

    def sign_in(self, password=PASSWORD):
        """Post the sign-in form."""
        return self.client.post(
            "/facilitator/sign-in", data={"password": password, "csrf_token": self.csrf_token()}
        )

    def sign_out(self):
        """Post the sign-out button."""
        return self.client.post("/facilitator/sign-out", data={"csrf_token": self.csrf_token("/facilitator/")})


@pytest.fixture
def auth(client):
    """Sign-in helper bound to the test client."""
    return Auth(client)


@pytest.fixture
def signed_in(auth):
    """A client with the facilitator signed in."""
    auth.sign_in()
    return auth.client


@pytest.fixture
def imported(db):
    """Import one of the project's event files and return its id."""

    def load(name="allocate-explicit.json"):
        return store.create_event(db, read_event_file((EVENTS_DIR / name).read_bytes()))

    return load


def published_ballots(name="whole-system-2009.json"):
    """An example's published ballots: [{"table", "criterion", "ranking", "points", "ruled_out"}]."""
    return json.loads((EVENTS_DIR.parent / "ballots" / name).read_text(encoding="utf-8"))["ballots"]
