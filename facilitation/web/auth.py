"""The facilitator's sign-in (pages) and API tokens (scripts)."""
import hashlib
import math
import secrets
import threading
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .. import sessions, store
from ..db import get_db
from ..domain.backoff import Backoff, wait_message
from ..domain.joining import JOIN_CODE_ALPHABET
from .slow import hashed

PASSWORD_SETTING = "facilitator_password_hash"
# A device that must wait is answered after a pause of up to HOLD seconds (SIGN_IN_HOLD in the config), so a script
# trying passwords as fast as it is answered asks about once a second, not hundreds of times, and costs the loop
# nothing meanwhile (a sleeping greenlet); at most HOLDING answers are held at once, so holding cannot use up sockets.
HOLD, HOLDING = 1.0, 64

bp = Blueprint("auth", __name__, url_prefix="/facilitator")


def set_password(db, password):
    """Store the facilitator password, hashed (the password itself is never stored)."""
    store.set_setting(db, PASSWORD_SETTING, hashed(generate_password_hash, password))


def generate_password():
    """A new facilitator password: four groups of four unambiguous characters (about 79 bits), easy to type."""
    return "-".join("".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(4)) for _ in range(4))


def ensure_password(db):
    """On first start, generate and store a facilitator password and return it; otherwise None.

    Of several processes starting together on a new instance folder, only the one that stores its password first
    returns it: the others find one stored and return None, as on any later start.
    """
    if store.get_setting(db, PASSWORD_SETTING):
        return None
    password = generate_password()
    return password if store.set_setting_once(db, PASSWORD_SETTING, hashed(generate_password_hash, password)) else None


def password_matches(db, password):
    """Whether the typed password is the facilitator's."""
    stored = store.get_setting(db, PASSWORD_SETTING)
    # scrypt takes ~124 ms of processor: off the event loop, one at a time on two cores, at low priority (web/slow.py).
    return bool(stored and password) and hashed(check_password_hash, stored, password)


def token_hash(token):
    """The stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_api_token(db, label=""):
    """Issue a new API token and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    store.add_api_token(db, token_hash(token), label)
    return token


def bearer_token_valid(db, header):
    """Whether an Authorization header carries an issued API token."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return store.api_token_exists(db, token_hash(token.strip()))


def signed_in():
    """Whether this browser session belongs to the signed-in facilitator: its cookie names a session not ended.

    Read once per request (one primary-key read), however many times a request asks."""
    if "facilitator_live" not in g:
        g.facilitator_live = sessions.is_live(get_db(), session.get("facilitator_session"))
    return g.facilitator_live


def _backoff():
    """This app's record of devices that typed wrong passwords lately (domain/backoff.py)."""
    return current_app.extensions.setdefault("sign_in_backoff", Backoff())


def _hold(wait):
    """Pause a refused answer (up to HOLD seconds) while fewer than HOLDING are held; beyond that answer at once."""
    holding = current_app.extensions.setdefault("sign_in_holding", threading.BoundedSemaphore(HOLDING))
    pause = min(wait, current_app.config.get("SIGN_IN_HOLD", HOLD))
    if pause > 0 and holding.acquire(blocking=False):
        try:
            time.sleep(pause)   # under gevent, only this request's greenlet sleeps
        finally:
            holding.release()


def _source():
    """The device a sign-in comes from: its address as the server sees it (docs/decisions.md, behind a proxy)."""
    return request.remote_addr or ""


def _safe_next(target):
    """Only follow a 'next' address on this site, never one elsewhere."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    return url_for("facilitator.events")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Ask for the facilitator password; on success go where the facilitator was heading."""
    if request.method == "GET":
        wait = _backoff().waiting(_source(), time.monotonic())
        return _page(wait_message(wait) if wait else None, 200, wait, request.args.get("next", ""))
    nxt = request.form.get("next", "")
    # Refused before any hashing: a device that must wait costs the processor nothing (docs/decisions.md).
    wait = _backoff().admit(_source(), time.monotonic())
    if wait:
        # Held for up to HOLD seconds, then asked again: a wait of a second or less just makes the answer slower.
        _hold(wait)
        wait = _backoff().admit(_source(), time.monotonic())
        if wait:
            # Said outright: a facilitator who typed the right password meanwhile must not think it was wrong.
            return _page(f"Your password was not checked. {wait_message(wait)}", 429, wait, nxt)
    right = None
    try:
        right = password_matches(get_db(), request.form.get("password", ""))
    finally:
        wait = _backoff().settle(_source(), time.monotonic(), right)
    if right:
        session.clear()
        session["facilitator_session"] = sessions.start(get_db())
        session.permanent = True
        return redirect(_safe_next(nxt))
    error = ("That password is not right. It was printed when the server first started, or set with "
             "python server.py set-password.")
    return _page(f"{error} {wait_message(wait)}" if wait else error, 401, wait, nxt)


def _page(error, status, wait, nxt):
    """The sign-in page, with what went wrong and how long to wait (also as Retry-After)."""
    page = render_template("facilitator/sign_in.html", error=error, next=nxt, wait=math.ceil(wait))
    return page, status, ({"Retry-After": str(max(1, math.ceil(wait)))} if wait else {})


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """End the facilitator's session: this browser's cookie, and any copy of it, opens nothing any more."""
    sessions.end(get_db(), session.get("facilitator_session"))
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.sign_in"))
