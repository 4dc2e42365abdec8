"""The JSON API: the same things the facilitator pages do, for scripts. Every call but the document needs a token."""
from flask import Blueprint, jsonify, request, url_for

from .. import analysis, answers, ballots, closing, csrf, definitions, displays, exports, store, table_status, weights
from ..attendance import event_attendance
from ..results import event_results
from ..db import get_db
from ..domain.confidence import AnswerError
from ..domain.display import DisplayError
from ..domain.event import EventDefinitionError, parse_event
from ..domain.problems import FieldProblem
from ..domain.weights import WeightsError, check_weights
from ..domain.joining import format_join_code
from .auth import bearer_token_valid
from .downloads import download
from .links import replace_link, survey_link, table_join_url
from .lookups_http import event_or_404, table_or_404
from .openapi import openapi_document
from ..domain.problems import RuleError
from ..paper import editor_data, set_sections

bp = Blueprint("api", __name__, url_prefix="/api")
# Scripts authenticate with a bearer token, not a cookie, so cross-site form posts cannot ride on them.
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}


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
    data = request.get_json(silent=True)
    if data is None:
        return None, api_error(400, "The request body must be an event definition in JSON "
                                    "(Content-Type: application/json).")
    try:
        return parse_event(data), None
    except EventDefinitionError as error:
        return None, api_error(
            422, "The event definition breaks these rules; nothing was stored.",
            problems=[{"path": p.path, "message": p.message} for p in error.problems],
        )


@bp.route("/openapi.json")
def openapi():
    """This API described as an OpenAPI 3 document."""
    return jsonify(openapi_document())


@bp.route("/events", methods=["GET"])
def list_events():
    """Every event on this server."""
    return jsonify(events=[
        {**event, "url": url_for(".get_event", event_id=event["id"], _external=True)}
        for event in store.list_events(get_db())
    ])


@bp.route("/events", methods=["POST"])
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
def get_event(event_id):
    """One event's definition, exactly as an export file would hold it."""
    event_or_404(get_db(), event_id)
    return jsonify(store.load_definition(get_db(), event_id))


@bp.route("/events/<int:event_id>", methods=["PUT"])
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
def list_tables(event_id):
    """The event's tables with their join links and codes."""
    event_or_404(get_db(), event_id)
    return jsonify(tables=[_table_json(event_id, t) for t in store.list_tables(get_db(), event_id)])


@bp.route("/events/<int:event_id>/tables/<int:number>/new-link", methods=["POST"])
def regenerate_join(event_id, number):
    """Give one table a new join link and code; the old link then says it is stale."""
    event_or_404(get_db(), event_id)
    replace_link(event_id, table_or_404(get_db(), event_id, number))
    # Read again for the new link; a table deleted meanwhile is a 404 like any other.
    return jsonify(_table_json(event_id, table_or_404(get_db(), event_id, number)))


@bp.route("/events/<int:event_id>/voting", methods=["POST"])
def set_voting(event_id):
    """Open or close voting on one criterion, or on every criterion when none is named."""
    event_or_404(get_db(), event_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("voting") not in ("open", "closed", "waiting"):
        return api_error(400, 'Send {"criterion": CODE or null, "voting": "open" | "closed" | "waiting"}.')
    if not isinstance(body.get("force", False), bool):
        return api_error(400, '"force" must be true or false.')
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


@bp.route("/events/<int:event_id>/close", methods=["POST"])
def close_event(event_id):
    """Close voting, the questions and the survey, and lock the event (409 if it is closed already)."""
    event = event_or_404(get_db(), event_id)
    if event["closed"]:
        return api_error(409, "The event is already closed; nothing changed.", closed=event["closed"])
    return jsonify(closed=closing.close_event(get_db(), event_id, by="api"),
                   voting=store.voting_states(get_db(), event_id))


@bp.route("/events/<int:event_id>/reopen", methods=["POST"])
def reopen_event(event_id):
    """Unlock a closed event; voting, the questions and the survey stay closed until opened again."""
    event = event_or_404(get_db(), event_id)
    if not event["closed"]:
        return api_error(409, "The event is not closed; nothing changed.", closed=None)
    closing.reopen_event(get_db(), event_id)
    return jsonify(closed=None, voting=store.voting_states(get_db(), event_id))


@bp.route("/events/<int:event_id>/display", methods=["GET"])
def get_display(event_id):
    """What the projector shows now: view, page, hiding, whose answers, theme, join corner, blank, paging, timer."""
    event_or_404(get_db(), event_id)
    return jsonify(displays.current(get_db(), event_id))


@bp.route("/events/<int:event_id>/display", methods=["PUT"])
def set_display(event_id):
    """Change what the projector shows (only the keys sent); every screen follows at once."""
    event_or_404(get_db(), event_id)
    try:
        return jsonify(displays.update(get_db(), event_id, request.get_json(silent=True)))
    except DisplayError as refused:
        return api_error(422, "Nothing changed: the display breaks these rules.",
                         problems=[{"field": p.field, "message": p.message} for p in refused.problems])


@bp.route("/events/<int:event_id>/results", methods=["GET"])
def results(event_id):
    """The event's live results: totals, the criteria × tables matrix, highest per table, progress, strongest."""
    event_or_404(get_db(), event_id)
    return jsonify(event_results(get_db(), event_id))


def _refused(problems, what):
    """A 400 listing every problem, in the error's words and as the problems list; nothing was changed or stored."""
    return api_error(400, f"{what} " + " ".join(f"{p}." for p in problems),
                     problems=[{"field": p.field, "message": p.message} for p in problems])


def _criterion_problems(db, event_id, criterion):
    """[] if criterion is absent or one of the event's criteria, else the problem (naming the ones there are)."""
    codes = [c["code"] for c in store.list_criteria(db, event_id)]
    if criterion is None or criterion in codes:
        return []
    return [FieldProblem("criterion", f'"{criterion}" is not a criterion in this event (its criteria: '
                                      f'{", ".join(codes) or "none"})')]


@bp.route("/events/<int:event_id>/analysis", methods=["GET"])
def get_analysis(event_id):
    """Every decision-analysis measure with the stored weights and rule; criterion picks the sensitivity chart's."""
    db = get_db()
    event_or_404(db, event_id)
    criterion = request.args.get("criterion") or None
    problems = _criterion_problems(db, event_id, criterion)
    if problems:
        return _refused(problems, "No analysis:")
    return jsonify(analysis.event_analysis(db, event_id, criterion=criterion))


@bp.route("/events/<int:event_id>/analysis/what-if", methods=["POST"])
def what_if(event_id):
    """The analysis with other weights or the other rule, nothing stored (the control room's sliders, for scripts)."""
    db = get_db()
    event_or_404(db, event_id)
    body = request.get_json(silent=True)
    problems = []
    try:
        check_weights(body, [c["code"] for c in store.list_criteria(db, event_id)], extra=("criterion",))
    except WeightsError as refused:
        problems += refused.problems
    if isinstance(body, dict):
        problems += _criterion_problems(db, event_id, body.get("criterion"))
    if problems:
        return _refused(problems, "No what-if (nothing is stored either way):")
    return jsonify(analysis.what_if(db, event_id, body))


@bp.route("/events/<int:event_id>/weights", methods=["PUT"])
def set_weights(event_id):
    """Store criterion weights (those named) and the rule that names the strongest option; every screen follows."""
    db = get_db()
    event_or_404(db, event_id)
    try:
        weights.set_weights(db, event_id, request.get_json(silent=True))
    except WeightsError as refused:
        return _refused(refused.problems, "Nothing changed:")
    now = event_results(db, event_id)
    return jsonify(weights={c["code"]: c["weight"] for c in now["criteria"]}, rule=now["basis"]["rule"],
                   basis=now["basis"], strongest=now["strongest"], margin=now["margin"], other=now["other"])


@bp.route("/events/<int:event_id>/confidence", methods=["GET"])
def confidence(event_id):
    """Confidence by theme, risks and what would help, all sources together and by source, hidden comments marked."""
    event_or_404(get_db(), event_id)
    db = get_db()
    return jsonify({**answers.summary(db, event_id, include_hidden=True), "survey": _survey_json(db, event_id)})


@bp.route("/events/<int:event_id>/confidence", methods=["POST"])
def set_confidence(event_id):
    """Open the confidence questions (about the strongest option, or a pinned one) or close them."""
    event_or_404(get_db(), event_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("phase") not in ("open", "closed"):
        return api_error(400, 'Send {"phase": "open" | "closed", "about": OPTION CODE or null for the strongest}.')
    db = get_db()
    try:
        if body["phase"] == "open":
            about = body.get("about")
            current = answers.open_phase(db, event_id, about if isinstance(about, str) and about else None)
        else:
            current = answers.close_phase(db, event_id)
    except AnswerError as error:
        return api_error(422, "Nothing changed.", problems=[{"field": p.field, "message": p.message}
                                                            for p in error.problems])
    return jsonify(phase=current["state"], about=current["option"])


def _survey_json(db, event_id):
    """The survey's state and link, as the API shows it."""
    state = answers.survey(db, event_id)
    return {"status": state["status"], "message": state["message"], "closes": state["closes"],
            "closed_by_hand": state["closed_by_hand"], "include_scoring": state["include_scoring"],
            "url": survey_link(state["token"])}


@bp.route("/events/<int:event_id>/attendance", methods=["GET"])
def attendance(event_id):
    """Who took part, who was invited but did not attend, and which organisations answered the survey."""
    event_or_404(get_db(), event_id)
    return jsonify(event_attendance(get_db(), event_id))


@bp.route("/events/<int:event_id>/exports/<name>.csv", methods=["GET"])
def export_csv(event_id, name):
    """One export table as CSV (UTF-8 with a byte order mark)."""
    event_or_404(get_db(), event_id)
    if name not in exports.NAMES:
        return api_error(404, f"There is no export called {name!r}; the exports are: {', '.join(exports.NAMES)}.")
    return download(event_id, "csv", name)


@bp.route("/events/<int:event_id>/exports.xlsx", methods=["GET"])
def export_workbook(event_id):
    """Every export table as a sheet of one Excel workbook."""
    event_or_404(get_db(), event_id)
    return download(event_id, "xlsx")


@bp.route("/events/<int:event_id>/exports.zip", methods=["GET"])
def export_zip(event_id):
    """Every CSV file and the workbook in one zip."""
    event_or_404(get_db(), event_id)
    return download(event_id, "zip")


@bp.route("/events/<int:event_id>/themes/<int:theme_id>/response", methods=["PUT"])
def set_theme_response(event_id, theme_id):
    """The organisers' required response to one risk theme ("" clears it); editable after the close too."""
    event_or_404(get_db(), event_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "response" not in body:
        return api_error(400, 'Send {"response": TEXT} (at most 1000 characters; "" clears it).')
    try:
        theme = answers.set_theme_response(get_db(), event_id, theme_id, body["response"])
    except AnswerError as error:
        return api_error(422, "Nothing changed.", problems=[{"field": p.field, "message": p.message}
                                                            for p in error.problems])
    return jsonify(theme=theme)


def _paper(db, event_id):
    """The paper's sections as the API gives them: each one's title, current text, starting text and whether edited."""
    return {"sections": [{key: row[key] for key in ("section", "title", "text", "starting", "edited")}
                         for row in editor_data(db, event_id)]}


@bp.route("/events/<int:event_id>/paper", methods=["GET"])
def get_paper(event_id):
    """The board paper's sections, in the paper's order, with their text (the facilitator's or the starting text)."""
    db = get_db()
    event_or_404(db, event_id)
    return jsonify(_paper(db, event_id))


@bp.route("/events/<int:event_id>/paper", methods=["PUT"])
def set_paper(event_id):
    """Change sections' text ({"sections": {section: text}}; "" restores the starting text); allowed after the close."""
    db = get_db()
    event_or_404(db, event_id)
    body = request.get_json(silent=True)
    extra = sorted(set(body) - {"sections"}) if isinstance(body, dict) else []
    try:
        if extra:
            raise RuleError([FieldProblem(key, "is not a field of this call (it takes only sections)") for key in extra])
        set_sections(db, event_id, body.get("sections") if isinstance(body, dict) else None)
    except RuleError as refused:
        return _refused(refused.problems, "Nothing changed:")
    return jsonify(_paper(db, event_id))


# Check-in's routes live in their own module; nested here, so the token check above covers them (api.check_ins.*).
from . import api_check_in  # noqa: E402

bp.register_blueprint(api_check_in.bp)
