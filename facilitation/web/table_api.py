"""The table API: what a table's phone does over Socket.IO, over HTTP. The join token in the URL is the credential."""
from flask import Blueprint, jsonify, request

from .. import answers, ballots, csrf
from ..db import get_db
from ..domain.ballot import MAX_BALLOT_BYTES
from ..ballots import ballot_ack
from .lookups_http import linked_table_or_abort

bp = Blueprint("table_api", __name__, url_prefix="/api/tables")
# A join token in the URL, not a cookie, is what lets a caller in, so cross-site forms cannot ride on it.
csrf.exempt(bp)

STATUS = {"stored": 201, "duplicate": 200, "stale": 409, "voting": 409, "closed": 409, "problems": 422,
          "too_large": 413}


def _refused_link(error):
    """A join link that leads to no table, as JSON: 404 for a link nobody made, 410 for a replaced one."""
    response = jsonify(error=str(error), stale_link=error.stale)
    response.status_code = 410 if error.stale else 404
    return response


def _table(join_token):
    """The table for a join token; otherwise the request ends with the JSON refusal."""
    return linked_table_or_abort(get_db(), join_token, _refused_link)


@bp.route("/<join_token>", methods=["GET"])
def table_state(join_token):
    """The table's state: its criteria with voting state, current ballots and drafts."""
    table = _table(join_token)
    return jsonify(ballots.table_state(get_db(), table))


@bp.route("/<join_token>/ballots", methods=["POST"])
def submit_ballot(join_token):
    """Submit the table's ballot for one criterion, exactly as a phone does over Socket.IO."""
    table = _table(join_token)
    if (request.content_length or 0) > MAX_BALLOT_BYTES:
        return jsonify(error=f"This ballot is too large to accept (more than {MAX_BALLOT_BYTES // 1024} KB)."), 413
    submission = request.get_json(silent=True)
    if not isinstance(submission, dict):
        return jsonify(error="The request body must be a ballot in JSON (Content-Type: application/json)."), 400
    outcome = ballots.submit(get_db(), table, submission)
    body = ballot_ack(outcome)
    if outcome.ok:
        return jsonify(outcome.ballot), STATUS[outcome.status]
    body.pop("ok")
    return jsonify(body), STATUS[outcome.status]


ANSWER_STATUS = {"stored": 201, "duplicate": 200, "closed": 409, "not_yours": 409, "problems": 422, "too_large": 413,
                 "too_many": 429}


@bp.route("/<join_token>/answers", methods=["POST"])
def submit_answers(join_token):
    """A delegate's own confidence answers and risks, exactly as a phone sends them over Socket.IO."""
    table = _table(join_token)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="The request body must be the answers in JSON (Content-Type: application/json)."), 400
    outcome = answers.submit_room(get_db(), table, data)
    return jsonify(outcome.ack()), ANSWER_STATUS[outcome.status]
