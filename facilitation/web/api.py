"""The JSON API: the same things the facilitator pages do, for scripts. Every call but the document needs a token.

Each route declares beside it what the OpenAPI document says of it (web/api_doc.py); bodies are read by
web/json_body.py and checked with the schemas in web/api_schemas.py.
"""
from flask import Blueprint, current_app, jsonify, request, url_for

from .. import ballots, closing, csrf, definitions, displays, exports, store, table_status
from ..results import event_results
from ..db import get_db
from ..domain.display import DisplayError
from ..domain.event import EventDefinitionError, parse_event
from ..domain.joining import format_join_code
from .api_doc import documented
from .auth import bearer_token_valid
from .downloads import download
from .json_body import json_body, raw_json
from .links import replace_link, table_join_url
from .lookups_http import event_or_404, table_or_404
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")
# Scripts authenticate with a bearer token, not a cookie, so cross-site form posts cannot ride on them.
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}
STATES = {"enum": ["waiting", "open", "closed"]}


def needs_token(endpoint):
    """Whether a route is behind the bearer-token check (the table and survey APIs have their links instead)."""
    return endpoint.startswith("api.") and endpoint not in PUBLIC_ENDPOINTS


def api_error(status, message, **extra):
    """A JSON error response in the API's one shape."""
    response = jsonify(error=message, **extra)
    response.status_code = status
    return response


@bp.before_request
def require_token():
    """Refuse any call without a valid bearer token (one check for every route, so none can be missed)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not bearer_token_valid(get_db(), request.headers.get("Authorization")):
        response = api_error(
            401, "Send a facilitator API token as 'Authorization: Bearer TOKEN'. "
                 "Make one with: python server.py create-token"
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="facilitation"'
        return response
    return None


def _definition_from_body():
    """The request body as a canonical definition, or an error response listing every problem."""
    try:
        return parse_event(raw_json()), None
    except EventDefinitionError as error:
        return None, api_error(
            422, "The event definition breaks these rules; nothing was stored.",
            problems=[{"path": p.path, "message": p.message} for p in error.problems],
        )


@bp.route("/openapi.json")
@documented({200: ({"type": "object"}, "The OpenAPI document.")}, summary="This document")
def openapi():
    """This API described as an OpenAPI 3 document."""
    return jsonify(openapi_document(current_app._get_current_object()))


@bp.route("/events", methods=["GET"])
@documented({200: ("EventList", "The events.")})
def list_events():
    """Every event on this server."""
    return jsonify(events=[
        {**event, "url": url_for(".get_event", event_id=event["id"], _external=True)}
        for event in store.list_events(get_db())
    ])


@bp.route("/events", methods=["POST"])
@documented({201: ("Created", "Imported; the new event's id."),
             422: ("DefinitionProblems", "The definition breaks rules (sizes included); nothing was stored.")},
            body="EventDefinition",
            summary="Import an event definition whole (refused whole, with every problem, if any rule is broken)")
def import_event():
    """Import an event definition whole, or refuse it listing every problem."""
    definition, error = _definition_from_body()
    if error:
        return error
    event_id = store.create_event(get_db(), definition)
    response = jsonify(id=event_id, title=definition["title"],
                       url=url_for(".get_event", event_id=event_id, _external=True))
    response.status_code = 201
    response.headers["Location"] = url_for(".get_event", event_id=event_id)
    return response


@bp.route("/events/<int:event_id>", methods=["GET"])
@documented({200: ("EventDefinition", "The definition.")},
            summary="The event definition, as its export file holds it (all defaults filled in)")
def get_event(event_id):
    """One event's definition, exactly as an export file would hold it."""
    event_or_404(get_db(), event_id)
    return jsonify(store.load_definition(get_db(), event_id))


@bp.route("/events/<int:event_id>", methods=["PUT"])
@documented({200: ("EventDefinition", "The stored definition."),
             409: ("Error", "Tables have submitted ballots the change would lose (problems lists them), or the "
                            "event is closed (closed: true); nothing was changed."),
             422: ("DefinitionProblems", "The definition breaks rules; nothing was changed.")},
            body="EventDefinition")
def replace_event(event_id):
    """Replace an event's definition whole; tables that remain keep their join links."""
    event_or_404(get_db(), event_id)
    definition, error = _definition_from_body()
    if error:
        return error
    try:
        definitions.replace_definition(get_db(), event_id, definition)
    except EventDefinitionError as refused:
        return api_error(
            409, "Tables have submitted ballots that this change would lose; nothing was changed.",
            problems=[{"path": p.path, "message": p.message} for p in refused.problems],
        )
    return jsonify(store.load_definition(get_db(), event_id))


@bp.route("/events/<int:event_id>", methods=["DELETE"])
@documented({204: (None, "Deleted.")})
def delete_event(event_id):
    """Delete an event and everything in it."""
    event_or_404(get_db(), event_id)
    definitions.delete_event(get_db(), event_id)
    return "", 204


def _table_json(event_id, table):
    """A table as the API shows it: number, name, criteria, join link, code and QR address."""
    return {
        "number": table["number"],
        "name": table["name"],
        "criteria": table["criteria"],
        "join_url": table_join_url(table),
        "join_code": format_join_code(table["join_code"]),
        "qr_svg_url": url_for("facilitator.table_qr", event_id=event_id, number=table["number"], _external=True),
    }


@bp.route("/events/<int:event_id>/tables", methods=["GET"])
@documented({200: ("TableList", "The tables.")},
            summary="The event's tables with join links, short codes and QR code addresses")
def list_tables(event_id):
    """The event's tables with their join links and codes."""
    event_or_404(get_db(), event_id)
    return jsonify(tables=[_table_json(event_id, t) for t in store.list_tables(get_db(), event_id)])


@bp.route("/events/<int:event_id>/tables/<int:number>/new-link", methods=["POST"])
@documented({200: ("Table", "The table with its new link."), 404: ("Error", "There is no such event or table.")},
            summary="Give one table a new join link and code (no confirmation: scripts ask their own); phones still "
                    "on the old link get 'link_replaced' at once and are let go, and the old link then says it is "
                    "stale")
def regenerate_join(event_id, number):
    """Give one table a new join link and code; the old link then says it is stale."""
    event_or_404(get_db(), event_id)
    replace_link(event_id, table_or_404(get_db(), event_id, number))
    # Read again for the new link; a table deleted meanwhile is a 404 like any other.
    return jsonify(_table_json(event_id, table_or_404(get_db(), event_id, number)))


@bp.route("/events/<int:event_id>/voting", methods=["POST"])
@documented({200: ({"type": "object", "properties": {"voting": {"type": "object", "additionalProperties": STATES}}},
                   "Every criterion's voting state."),
             400: ("BallotProblems", "Not a voting change (a misspelt or unknown key, a criterion that is not text): "
                                     "every problem listed; nothing changed."),
             404: ("Error", "There is no such event, or it has no such criterion."),
             409: ({"anyOf": [{"$ref": "#/components/schemas/UnsentDrafts"}, {"$ref": "#/components/schemas/Error"}]},
                   "Not changed: tables have drafts that add up but are not submitted (unsent), or the event is "
                   "closed.")},
            body="VotingChange",
            summary="Open or close voting on one criterion, or on every criterion when criterion is null or left out",
            description="Closing (or resetting to waiting) voting that is open, while a table has a draft that adds up "
                        "but is not submitted, is refused with 409 and those drafts, unless force is true. Drafts are "
                        "kept either way, and never counted.")
def set_voting(event_id):
    """Open or close voting on one criterion, or on every criterion when none is named."""
    event_or_404(get_db(), event_id)
    body = json_body("VotingChange", status=400, what="Nothing changed:")
    criterion = body.get("criterion")
    voting = store.voting_states(get_db(), event_id)
    if criterion is not None and criterion not in voting:
        return api_error(404, f'Event {event_id} has no criterion "{criterion}".')
    # A table's finished draft is never left behind unasked: the caller sees which, and may send force: true.
    unsent = table_status.unsent_on_closing(get_db(), event_id, criterion, body["voting"])
    if unsent and not body.get("force"):
        tables = ", ".join(f"table {cell['table']} ({cell['working_title']})" for cell in unsent)
        which = ("has a draft that adds up but is not submitted" if len(unsent) == 1
                 else "have drafts that add up but are not submitted")
        return api_error(409, f'Not changed: {tables} {which}. Nudge them, or send "force": true to close anyway '
                              "(the drafts are kept and marked, and not counted).", unsent=unsent)
    ballots.set_voting(get_db(), event_id, criterion, body["voting"])
    return jsonify(voting=store.voting_states(get_db(), event_id))


CLOSE_ANSWERS = {200: ("EventClose", "The event's close now, and every criterion's voting state."),
                 409: ("Error", "Already closed (close) or not closed (reopen); nothing changed.")}


@bp.route("/events/<int:event_id>/close", methods=["POST"])
@documented(CLOSE_ANSWERS, summary="Close the whole event: voting on every criterion, the confidence questions and "
                                   "the survey close, and ballots, answers and edits of the event are refused until "
                                   "it is reopened")
def close_event(event_id):
    """Close voting, the questions and the survey, and lock the event (409 if it is closed already)."""
    event = event_or_404(get_db(), event_id)
    if event["closed"]:
        return api_error(409, "The event is already closed; nothing changed.", closed=event["closed"])
    return jsonify(closed=closing.close_event(get_db(), event_id, by="api"),
                   voting=store.voting_states(get_db(), event_id))


@bp.route("/events/<int:event_id>/reopen", methods=["POST"])
@documented(CLOSE_ANSWERS)
def reopen_event(event_id):
    """Unlock a closed event; voting, the questions and the survey stay closed until opened again."""
    event = event_or_404(get_db(), event_id)
    if not event["closed"]:
        return api_error(409, "The event is not closed; nothing changed.", closed=None)
    closing.reopen_event(get_db(), event_id)
    return jsonify(closed=None, voting=store.voting_states(get_db(), event_id))


@bp.route("/events/<int:event_id>/display", methods=["GET"])
@documented({200: ("Display", "The display.")},
            summary="What the projector shows now: view (and the view on screen), page, whether results wait for "
                    "voting to close, whose answers count, theme, join corner, blank, paging, timer")
def get_display(event_id):
    """What the projector shows now: view, page, hiding, whose answers, theme, join corner, blank, paging, timer."""
    event_or_404(get_db(), event_id)
    return jsonify(displays.current(get_db(), event_id))


@bp.route("/events/<int:event_id>/display", methods=["PUT"])
@documented({200: ("Display", "The display after the change."),
             422: ("BallotProblems", "The change breaks a rule (or its schema); nothing changed.")},
            body="DisplayChange",
            summary="Change what the projector shows: only the keys sent change; every projector and control room "
                    "follows at once, and phones hear of a timer change")
def set_display(event_id):
    """Change what the projector shows (only the keys sent); every screen follows at once."""
    event_or_404(get_db(), event_id)
    body = json_body("DisplayChange", what="Nothing changed: the display breaks these rules.")
    try:
        return jsonify(displays.update(get_db(), event_id, body))
    except DisplayError as refused:
        return api_error(422, "Nothing changed: the display breaks these rules.",
                         problems=[{"field": p.field, "message": p.message} for p in refused.problems])


@bp.route("/events/<int:event_id>/results", methods=["GET"])
@documented({200: ("Results", "The results.")},
            summary="Live results from every table's current ballot (the same function the projector and exports use)")
def results(event_id):
    """The event's live results: totals, the criteria × tables matrix, highest per table, progress, strongest."""
    event_or_404(get_db(), event_id)
    return jsonify(event_results(get_db(), event_id))


@bp.route("/events/<int:event_id>/exports/<name>.csv", methods=["GET"])
@documented({200: ("text/csv", "The CSV file."), 404: ("Error", "There is no such event or export.")},
            params={"name": {"enum": list(exports.NAMES)}},
            summary="One export table as CSV: UTF-8 with a byte order mark; cells that would start a spreadsheet "
                    "formula (= + - @) begin with an apostrophe")
def export_csv(event_id, name):
    """One export table as CSV (UTF-8 with a byte order mark)."""
    event_or_404(get_db(), event_id)
    if name not in exports.NAMES:
        return api_error(404, f"There is no export called {name!r}; the exports are: {', '.join(exports.NAMES)}.")
    return download(event_id, "csv", name)


@bp.route("/events/<int:event_id>/exports.xlsx", methods=["GET"])
@documented({200: (exports.XLSX, "The workbook.")})
def export_workbook(event_id):
    """Every export table as a sheet of one Excel workbook."""
    event_or_404(get_db(), event_id)
    return download(event_id, "xlsx")


@bp.route("/events/<int:event_id>/exports.zip", methods=["GET"])
@documented({200: ("application/zip", "The zip file.")})
def export_zip(event_id):
    """Every CSV file and the workbook in one zip."""
    event_or_404(get_db(), event_id)
    return download(event_id, "zip")


# Confidence, analysis, themes and the paper, and check-in, live in their own modules on this blueprint (or nested
# in it), so the token check above covers them.
from . import api_answers, api_check_in  # noqa: E402

assert api_answers.bp is bp

bp.register_blueprint(api_check_in.bp)
