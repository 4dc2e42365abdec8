"""Facilitator sessions that end: sign-out ends one, a new password ends all, and a copied cookie then opens nothing."""
import pytest

from facilitation import sessions, signals, store
from facilitation.web.auth import new_api_token


def copied_cookie(client):
    """The browser's session cookie as someone copying it would take it."""
    return client.get_cookie("session").value


def with_cookie(app, value):
    """A second browser that pasted a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_session_lives_until_it_is_ended_and_only_its_key_is_stored(db):
    first, second = sessions.start(db), sessions.start(db)
    assert sessions.is_live(db, first) and sessions.is_live(db, second)
    assert store.get_session(db, first) is None and store.get_session(db, sessions.key(first))["ended_at"] is None
    sessions.end(db, first)
    assert not sessions.is_live(db, first) and sessions.is_live(db, second)
    assert store.get_session(db, sessions.key(first))["ended_why"] == "signed out"
    assert sessions.ended(db, [sessions.key(first), sessions.key(second), "never-issued"]) == {
        sessions.key(first), "never-issued"}
    assert sessions.end_all(db) == 1 and sessions.end_all(db) == 0
    assert not sessions.is_live(db, second)


@pytest.mark.parametrize("cookie_value", [None, "", 7, ["x"], {"id": 1}, "not-a-session"])
def test_anything_but_a_live_session_id_is_no_session(db, cookie_value):
    assert sessions.is_live(db, cookie_value) is False


def test_seen_at_is_written_only_now_and_then(db):
    session_id = sessions.start(db)
    key = sessions.key(session_id)
    db.conn.execute("UPDATE facilitator_sessions SET seen_at = '2020-01-01T00:00:00.000+00:00' WHERE id = ?", [key])
    db.conn.commit()
    assert sessions.is_live(db, session_id)
    seen = store.get_session(db, key)["seen_at"]
    assert seen > "2025"
    assert sessions.is_live(db, session_id) and store.get_session(db, key)["seen_at"] == seen


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(app, auth, client):
    auth.sign_in()
    cookie = copied_cookie(client)
    assert with_cookie(app, cookie).get("/facilitator/").status_code == 200   # the copy worked while signed in
    auth.sign_out()
    response = with_cookie(app, cookie).get("/facilitator/")
    assert response.status_code == 302 and "/facilitator/sign-in" in response.headers["Location"]
    assert auth.sign_in().status_code == 302            # signing in again works
    assert client.get("/facilitator/").status_code == 200
    assert with_cookie(app, cookie).get("/facilitator/").status_code == 302   # and does not revive the old one


def test_ending_every_session_signs_every_browser_out_but_leaves_api_tokens(app, auth, client, db):
    auth.sign_in()
    token = new_api_token(db)
    heard = []
    signals.sessions_ended.connect(lambda sender, keys: heard.append(keys), sender=app, weak=False)
    with app.app_context():
        assert sessions.end_all(db) == 1
    assert len(heard) == 1 and len(heard[0]) == 1
    assert client.get("/facilitator/").status_code == 302
    assert client.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_cookie_from_before_sessions_were_kept_opens_nothing(app, client):
    with client.session_transaction() as cookie:
        cookie["facilitator"] = True
    assert client.get("/facilitator/").status_code == 302


def test_signing_in_starts_a_new_session_each_time(auth, client, db):
    auth.sign_in()
    first = copied_cookie(client)
    auth.sign_out()
    auth.sign_in()
    assert copied_cookie(client) != first
    live = db.execute("SELECT COUNT(*) FROM facilitator_sessions WHERE ended_at IS NULL").fetchone()[0]
    assert live == 1
