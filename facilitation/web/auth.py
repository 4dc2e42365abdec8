"""The facilitator's sign-in (pages) and API tokens (scripts)."""
import hashlib
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .. import store
from ..db import get_db
from ..domain.joining import JOIN_CODE_ALPHABET
from .slow import HASHING, limited

PASSWORD_SETTING = "facilitator_password_hash"

bp = Blueprint("auth", __name__, url_prefix="/facilitator")


def set_password(db, password):
    """Store the facilitator password, hashed (the password itself is never stored)."""
    store.set_setting(db, PASSWORD_SETTING, limited(HASHING, generate_password_hash, password))


def generate_password():
    """A new facilitator password: four groups of four unambiguous characters (about 79 bits), easy to type."""
    return "-".join("".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(4)) for _ in range(4))


def ensure_password(db):
    """On first start, generate and store a facilitator password and return it; otherwise None."""
    if store.get_setting(db, PASSWORD_SETTING):
        return None
    password = generate_password()
    set_password(db, password)
    return password


def password_matches(db, password):
    """Whether the typed password is the facilitator's."""
    stored = store.get_setting(db, PASSWORD_SETTING)
    # scrypt takes ~124 ms of processor: off the event loop, and two at a time (web/slow.py).
    return bool(stored and password) and limited(HASHING, check_password_hash, stored, password)


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
    """Whether this browser session belongs to the signed-in facilitator."""
    return session.get("facilitator") is True


def _safe_next(target):
    """Only follow a 'next' address on this site, never one elsewhere."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    return url_for("facilitator.events")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Ask for the facilitator password; on success go where the facilitator was heading."""
    error = None
    if request.method == "POST":
        if password_matches(get_db(), request.form.get("password", "")):
            session.clear()
            session["facilitator"] = True
            session.permanent = True
            return redirect(_safe_next(request.form.get("next")))
        error = "That password is not right. It was printed when the server first started."
    status = 401 if error else 200
    return render_template("facilitator/sign_in.html", error=error, next=request.args.get("next", "")), status


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Forget the facilitator's sign-in on this browser."""
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.sign_in"))
