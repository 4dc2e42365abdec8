"""The table API: what a table's phone does over Socket.IO, over HTTP. The join token in the URL is the credential."""
from flask import Blueprint, jsonify, request

from .. import answers, ballots, csrf
from ..db import get_db
from ..domain.ballot import MAX_BALLOT_BYTES
from ..answers import MAX_ANSWER_BYTES
from ..ballots import ballot_ack
from .api_doc import documented
from .json_body import json_body, refuse
from .lookups_http import linked_table_or_abort

bp = Blueprint("table_api", __name__, url_prefix="/api/tables")
# A join token in the URL, not a cookie, is what lets a caller in, so cross-site forms cannot ride on it.
csrf.exempt(bp)

STATUS = {"stored": 201, "duplicate": 200, "stale": 409, "voting": 409, "closed": 409, "problems": 422,
          "too_large": 413}


NO_TABLE = {404: ("Error", "No table has this join link."), 410: ("Error", "This join link was replaced by a new one.")}
# The schema's refusals carry the same fields as the domain's, so a caller reads one shape either way.
PROBLEMS = {"ok": False, "status": "problems"}
ANSWERS = {201: ("AnswersSaved", "Stored as this person's next version."),
           200: ("AnswersSaved", "This submission_id was already stored; the stored answers."),
           409: ("AnswersRefused", "The questions are closed (status closed), or the answer key is someone else's "
                                   "(status not_yours)."),
           413: ("AnswersRefused", "Larger than 48 KB."),
           429: ("AnswersRefused", "Too many new people from this link in the last minute (status too_many); nothing "
                                   "stored. Someone already answering is never limited."),
           422: ("AnswersRefused", "Rules broken (or the schema: wrong types, unknown keys); nothing stored.")}


def answers_body():
    """The answers sent, read the one way (web/json_body.py); too large is a 413 before any of it is read."""
    if (request.content_length or 0) > MAX_ANSWER_BYTES:
        refuse(413, f"These answers are too large to accept (more than {MAX_ANSWER_BYTES // 1024} KB).",
               ok=False, status="too_large")
    return json_body("Answers", what="Nothing stored:", extra=PROBLEMS)


def _refused_link(error):
    """A join link that leads to no table, as JSON: 404 for a link nobody made, 410 for a replaced one."""
    response = jsonify(error=str(error), stale_link=error.stale)
    response.status_code = 410 if error.stale else 404
    return response


def _table(join_token):
    """The table for a join token; otherwise the request ends with the JSON refusal."""
    return linked_table_or_abort(get_db(), join_token, _refused_link)


@bp.route("/<join_token>", methods=["GET"])
@documented({200: ("TableState", "The table's state."), **NO_TABLE}, operation_id="getTableState",
            summary="A table's state: its criteria with voting state, current ballot and shared draft")
def table_state(join_token):
    """The table's state: its criteria with voting state, current ballots and drafts."""
    table = _table(join_token)
    return jsonify(ballots.table_state(get_db(), table))


@bp.route("/<join_token>/ballots", methods=["POST"])
@documented({201: ("Ballot", "Stored as the table's next version."),
             200: ("Ballot", "This submission_id was already stored; the stored ballot."),
             409: ("Refused", "Stale base_version (with the current ballot), voting not open, or the event closed."),
             413: ("Error", "Larger than 16 KB."),
             422: ("BallotProblems", "Rules broken (or the schema: wrong types, unknown keys); nothing stored."),
             **NO_TABLE},
            body="Submission",
            summary="Submit the table's ballot for one criterion (the same as a phone's submit_ballot)")
def submit_ballot(join_token):
    """Submit the table's ballot for one criterion, exactly as a phone does over Socket.IO."""
    table = _table(join_token)
    if (request.content_length or 0) > MAX_BALLOT_BYTES:
        return jsonify(error=f"This ballot is too large to accept (more than {MAX_BALLOT_BYTES // 1024} KB)."), 413
    submission = json_body("Submission", what="Nothing stored:")
    outcome = ballots.submit(get_db(), table, submission)
    body = ballot_ack(outcome)
    if outcome.ok:
        return jsonify(outcome.ballot), STATUS[outcome.status]
    body.pop("ok")
    return jsonify(body), STATUS[outcome.status]


ANSWER_STATUS = {"stored": 201, "duplicate": 200, "closed": 409, "not_yours": 409, "problems": 422, "too_large": 413,
                 "too_many": 429}


@bp.route("/<join_token>/answers", methods=["POST"])
@documented({**ANSWERS, **NO_TABLE}, body="Answers", operation_id="submitRoomAnswers",
            summary="A delegate's own confidence answers and risks (the same as a phone's submit_answers)")
def submit_answers(join_token):
    """A delegate's own confidence answers and risks, exactly as a phone sends them over Socket.IO."""
    table = _table(join_token)
    data = answers_body()
    outcome = answers.submit_room(get_db(), table, data)
    return jsonify(outcome.ack()), ANSWER_STATUS[outcome.status]
