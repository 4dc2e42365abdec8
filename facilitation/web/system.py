"""Health check for monitors and start-up scripts."""
from flask import Blueprint, jsonify

from ..db import get_db

bp = Blueprint("system", __name__)


@bp.route("/healthz")
def healthz():
    """Answer ok when the app can read its database."""
    get_db().execute("SELECT 1").fetchone()
    return jsonify(status="ok")
