"""Who may do what: every facilitator page, every /api route and every Socket.IO event × every identity that is not
the facilitator (anonymous, a table, another event's table, a survey link, a signed-out session's copied cookie).

Routes come from app.url_map and events from the Socket.IO server's handlers, so a new one is covered (or, if it
fits no family, fails here until it is placed in one). Path parameters are filled with real ids, so a refusal is for
who is asking, never for a missing event; and the database is the same afterwards.
"""
import hashlib
import re

import pytest

from facilitation import answers, ballots, create_app, socketio, store
from facilitation.domain.event_file import read_event_file

from .conftest import EVENTS_DIR, PASSWORD

IDENTITIES = ["anonymous", "table", "other table", "survey", "revoked session"]
SIGN_IN = "/facilitator/sign-in"
# Each family of Socket.IO events by the credential it takes; the one check below keeps this list complete.
FACILITATOR_EVENTS = {"join_projector", "watch_tables"}
SURVEY_EVENTS = {"watch_survey"}
TABLE_EVENTS = {"join_table", "draft_ops", "draft", "submit_ballot", "submit_answers", "confidence_state", "identify"}


class World:
    """One app with two events and everything a path can name, and a client for each identity."""

    def __init__(self, tmp_path):
        self.app = create_app({"TESTING": True, "SECRET_KEY": "matrix", "FACILITATOR_PASSWORD": PASSWORD,
                               "PUBLIC_URL": "http://192.0.2.10:5000", "SOCKETIO_ASYNC_MODE": "threading",
                               # Refusals must be for who is asking, not for a missing CSRF token.
                               "WTF_CSRF_ENABLED": False}, instance_path=str(tmp_path))
        self.db = db = store.connect(self.app.config["DATABASE"])
        self.event_id = store.create_event(db, read_event_file((EVENTS_DIR / "allocate-explicit.json").read_bytes()))
        other = store.create_event(db, read_event_file((EVENTS_DIR / "minimal.json").read_bytes()))
        self.join_token = store.get_table(db, self.event_id, 1)["join_token"]
        self.other_join_token = store.get_table(db, other, 1)["join_token"]
        self.survey_token = db.execute("SELECT survey_token FROM events WHERE id = ?", [self.event_id]).fetchone()[0]
        answers.open_phase(db, self.event_id, "B")
        theme = store.list_themes(db, self.event_id)[0]["id"]
        outcome = answers.submit_room(db, ballots.find_table(db, self.join_token), {
            "respondent": "matrix-respondent-0001", "submission_id": "matrix-1", "confidence": "more",
            "would_help": "", "risks": [{"text": "The lease may end", "theme": theme}]})
        assert outcome.ok, outcome
        check_in, _ = store.add_check_in(db, self.event_id, None, "Alex Morgan", "", "", "walk_in")
        self.params = {"event_id": self.event_id, "number": 1, "theme_id": theme, "name": "scores",
                       "check_in_id": check_in["id"],
                       "risk_id": db.execute("SELECT id FROM risks").fetchone()[0]}
        self.clients = {name: self.client(name) for name in IDENTITIES}
        self.before = fingerprint(db)

    def client(self, identity):
        """A browser for one identity, having done what that identity does (opened its link, signed in and out)."""
        client = self.app.test_client()
        if identity == "table":
            assert client.get(f"/t/{self.join_token}").status_code == 200
        elif identity == "other table":
            assert client.get(f"/t/{self.other_join_token}").status_code == 200
        elif identity == "survey":
            assert client.get(f"/s/{self.survey_token}").status_code in (200, 410)   # 410: the survey has closed
        elif identity == "revoked session":
            signed = self.app.test_client()
            assert signed.post(SIGN_IN, data={"password": PASSWORD}).status_code == 302
            copied = signed.get_cookie("session").value
            assert signed.post("/facilitator/sign-out").status_code == 302
            client.set_cookie("session", copied)
        return client

    def credential(self, identity):
        """What an identity can present as a token: its link's token, or something that is none."""
        return {"table": self.join_token, "other table": self.other_join_token,
                "survey": self.survey_token}.get(identity, "not-a-token-at-all-0000")

    def url(self, rule, identity):
        """The rule's path with every parameter filled: real ids, and the identity's own token where a token goes."""
        def fill(match):
            name = match.group(1)
            if name in ("join_token", "survey_token", "checkin_token"):
                return self.credential(identity)
            assert name in self.params, f"the matrix has no real value for <{name}> in {rule.rule}: add one"
            return str(self.params[name])
        return re.sub(r"<(?:\w+:)?(\w+)>", fill, rule.rule)


def fingerprint(db):
    """Every row of every table (sign-in sessions aside): refused requests must leave it as it was."""
    digest = hashlib.sha256()
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'facilitator_sessions' "
                               "ORDER BY name"):
        for row in db.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The app and its identities, shared by the module (every request in it is refused, so nothing changes)."""
    world = World(tmp_path_factory.mktemp("matrix"))
    yield world
    assert fingerprint(world.db) == world.before, "a refused request changed the database"
    world.db.conn.close()


def rules(app, family):
    """Every (rule, method) of one family, straight from the URL map."""
    found = [(rule, method) for rule in app.url_map.iter_rules() if route_family(rule) == family
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert found, family
    return found


def route_family(rule):
    """How a route is guarded: facilitator pages by sign-in, the API by bearer token or by the link in its path."""
    blueprint = rule.endpoint.split(".")[0]
    if rule.rule.startswith("/facilitator"):
        return "sign-in" if blueprint == "auth" else "facilitator page"
    if not rule.rule.startswith("/api"):
        return "public page"
    if rule.endpoint == "api.openapi":
        return "public"
    if blueprint == "api":
        return "bearer"
    if "<join_token>" in rule.rule:
        return "table link"
    if "<survey_token>" in rule.rule:
        return "survey link"
    return "unguarded"


def test_every_route_is_in_a_family_and_every_socket_event_in_one(world):
    families = {rule.rule: route_family(rule) for rule in world.app.url_map.iter_rules()}
    assert "unguarded" not in families.values(), [r for r, f in families.items() if f == "unguarded"]
    handled = set(socketio.server.handlers["/"]) - {"connect", "disconnect"}
    assert handled == FACILITATOR_EVENTS | SURVEY_EVENTS | TABLE_EVENTS, "place the new event in a family above"


@pytest.mark.parametrize("identity", IDENTITIES)
def test_no_facilitator_page_opens_for_anyone_but_the_facilitator(world, identity):
    client = world.clients[identity]
    checked = 0
    for rule, method in rules(world.app, "facilitator page"):
        url = world.url(rule, identity)
        response = client.open(url, method=method, headers={"Authorization": f"Bearer {world.credential(identity)}"})
        assert response.status_code == 302, (identity, method, url, response.status_code)
        assert response.headers["Location"].startswith(SIGN_IN), (identity, method, url)
        checked += 1
    assert checked > 50   # 59 (route, method) pairs when this was written


@pytest.mark.parametrize("identity", IDENTITIES)
def test_no_api_route_answers_without_a_facilitator_token(world, identity):
    client = world.clients[identity]
    for rule, method in rules(world.app, "bearer"):
        url = world.url(rule, identity)
        for headers in ({}, {"Authorization": f"Bearer {world.credential(identity)}"}):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 401, (identity, method, url, headers, response.status_code)
            assert "Bearer" in response.get_json()["error"]


@pytest.mark.parametrize("identity", IDENTITIES)
def test_the_link_apis_answer_only_their_own_link(world, identity):
    client = world.clients[identity]
    owners = {"table link": {"table", "other table"}, "survey link": {"survey"}}
    for family, allowed in owners.items():
        for rule, method in rules(world.app, family):
            url = world.url(rule, identity)
            # An empty body: the link's owner is answered (and refused for the body), anyone else is not recognised.
            response = client.open(url, method=method, json={})
            if identity in allowed:
                assert response.status_code not in (401, 403, 404), (identity, method, url, response.status_code)
                assert response.status_code < 500
            else:
                assert response.status_code == 404, (identity, method, url, response.status_code)
                assert "recognise" in response.get_json()["error"]


def socket_for(world, identity):
    """A Socket.IO test client carrying the identity's cookie; a table's has joined its table first."""
    client = socketio.test_client(world.app, flask_test_client=world.clients[identity])
    assert client.is_connected()
    if identity in ("table", "other table"):
        assert client.emit("join_table", {"join_token": world.credential(identity)}, callback=True)["ok"] is True
    return client


@pytest.mark.parametrize("identity", IDENTITIES)
def test_no_socket_event_does_anything_for_anyone_it_is_not_for(world, identity):
    client = socket_for(world, identity)
    try:
        for event in sorted(FACILITATOR_EVENTS):
            ack = client.emit(event, {"event_id": world.event_id, "control": True}, callback=True)
            assert ack["ok"] is False and "Sign in as the facilitator" in ack["error"], (identity, event)
        if identity != "survey":
            ack = client.emit("watch_survey", {"survey_token": world.credential(identity)}, callback=True)
            assert ack["ok"] is False, (identity, "watch_survey")
        if identity not in ("table", "other table"):
            for event in sorted(TABLE_EVENTS):
                ack = client.emit(event, {"join_token": world.credential(identity), "criterion": "access",
                                          "event_id": world.event_id}, callback=True)
                assert ack["ok"] is False, (identity, event)
        # Nothing reached it from the rooms it was refused: no results, statuses or hidden comments.
        names = {message["name"] for message in client.get_received()}
        assert not names & {"results", "table_status", "confidence", "display", "presence"}, names
    finally:
        client.disconnect()


def test_the_facilitator_is_let_in_so_the_refusals_above_are_not_empty(world):
    facilitator = world.app.test_client()
    assert facilitator.post(SIGN_IN, data={"password": PASSWORD}).status_code == 302
    assert facilitator.get(f"/facilitator/events/{world.event_id}").status_code == 200
    client = socketio.test_client(world.app, flask_test_client=facilitator)
    try:
        assert client.emit("join_projector", {"event_id": world.event_id}, callback=True)["ok"] is True
        assert client.emit("watch_tables", {"event_id": world.event_id}, callback=True)["ok"] is True
    finally:
        client.disconnect()
