"""The API's routes for confidence, decision analysis, the organisers' theme responses and the board paper.

They are routes of the API blueprint (web/api.py), so its bearer-token check and JSON errors cover them.
"""
from flask import jsonify, request

from .. import analysis, answers, store, weights
from ..attendance import event_attendance
from ..db import get_db
from ..domain.confidence import AnswerError
from ..domain.problems import FieldProblem, RuleError
from ..domain.weights import WeightsError, check_weights
from ..paper import editor_data, set_sections
from ..results import event_results
from .api import api_error, bp
from .api_doc import documented
from .json_body import check_body, json_body, raw_json
from .links import survey_link
from .lookups_http import event_or_404

REFUSED = ("AnalysisProblems", "Rules broken (bad weights, unknown fields or an unknown criterion), every problem "
                               "listed; nothing changed.")
PHASE = {"type": "object", "properties": {"phase": {"enum": ["waiting", "open", "closed"]},
                                          "about": {"type": ["object", "null"]}}}
THEME = {"type": "object", "properties": {"theme": {"type": "object", "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "response": {"type": "string"}}}}}
ATTENDANCE = {"type": "object", "properties": {
    "took_part": {"type": "array", "items": {"type": "object"}},
    "did_not_attend": {"type": "array", "items": {"type": "object"}},
    "invitees": {"type": "array", "items": {"type": "object"}},
    "unnamed": {"type": "integer"},
    "unsure": {"type": "array", "items": {"type": "object", "properties": {
        "respondent_token": {"type": "string"}, "name": {"type": "string"}, "organisation": {"type": "string"},
        "candidates": {"type": "array", "items": {"type": "object"}}}}},
    "decided": {"type": "array", "items": {"type": "object"}},
    "survey_organisations": {"type": "array", "items": {"type": "object"}},
    "counts": {"type": "object"}}}


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
@documented({200: ("Analysis", "The analysis."), 400: REFUSED},
            query=[{"name": "criterion", "in": "query", "required": False, "schema": {"type": "string"},
                    "description": "The criterion whose weight the sensitivity lines vary (default: the most "
                                   "critical)."}],
            summary="Every decision-analysis measure with the stored weights and rule: ranking by the rule with the "
                    "other beside it, coverage, margin, ties, most critical criterion, leave one table out, the "
                    "sensitivity lines, agreement between tables, spread, families")
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
@documented({200: ("Analysis", "The analysis under the what-if (what_if: true when it differs from the stored "
                               "weights and rule)."), 400: REFUSED},
            body="WhatIf", summary="The analysis with other weights or the other rule; nothing is stored")
def what_if(event_id):
    """The analysis with other weights or the other rule, nothing stored (the control room's sliders, for scripts)."""
    db = get_db()
    event_or_404(db, event_id)
    body = raw_json()
    problems = []
    try:
        check_weights(body, [c["code"] for c in store.list_criteria(db, event_id)], extra=("criterion",))
    except WeightsError as refused:
        problems += refused.problems
    if isinstance(body, dict):
        problems += _criterion_problems(db, event_id, body.get("criterion"))
    if problems:
        return _refused(problems, "No what-if (nothing is stored either way):")
    # The weights' own check names more (criteria not in this event); the schema stays the last word.
    check_body("WhatIf", body, status=400, what="No what-if (nothing is stored either way):")
    return jsonify(analysis.what_if(db, event_id, body))


@bp.route("/events/<int:event_id>/weights", methods=["PUT"])
@documented({200: ("WeightsStored", "What is stored now, and the strongest option by it."), 400: REFUSED},
            body="WeightsChange",
            summary="Store criterion weights (those named) and the rule that names the strongest option; projectors "
                    "and control rooms show the new results at once")
def set_weights(event_id):
    """Store criterion weights (those named) and the rule that names the strongest option; every screen follows."""
    db = get_db()
    event_or_404(db, event_id)
    body = raw_json()
    try:
        check_weights(body, [c["code"] for c in store.list_criteria(db, event_id)])
    except WeightsError as refused:
        return _refused(refused.problems, "Nothing changed:")
    weights.set_weights(db, event_id, check_body("WeightsChange", body, status=400))
    now = event_results(db, event_id)
    return jsonify(weights={c["code"]: c["weight"] for c in now["criteria"]}, rule=now["basis"]["rule"],
                   basis=now["basis"], strongest=now["strongest"], margin=now["margin"], other=now["other"])


@bp.route("/events/<int:event_id>/confidence", methods=["GET"])
@documented({200: ("Confidence", "The summary.")},
            summary="Confidence by theme, risks and what would help; room and survey together and apart; hidden "
                    "comments included and marked")
def confidence(event_id):
    """Confidence by theme, risks and what would help, all sources together and by source, hidden comments marked."""
    event_or_404(get_db(), event_id)
    db = get_db()
    return jsonify({**answers.summary(db, event_id, include_hidden=True), "survey": _survey_json(db, event_id)})


@bp.route("/events/<int:event_id>/confidence", methods=["POST"])
@documented({200: (PHASE, "The phase now."),
             400: ("BallotProblems", "Not a phase change: every problem listed."),
             409: ("Error", "The event is closed; nothing changed."),
             422: ("BallotProblems", "No single strongest option (pin one), or the option cannot change now.")},
            body="PhaseChange",
            summary="Open the confidence questions (about the strongest option, or the option named) or close them")
def set_confidence(event_id):
    """Open the confidence questions (about the strongest option, or a pinned one) or close them."""
    event_or_404(get_db(), event_id)
    body = json_body("PhaseChange", status=400, what="Nothing changed:")
    db = get_db()
    try:
        if body["phase"] == "open":
            current = answers.open_phase(db, event_id, body.get("about") or None)
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
@documented({200: (ATTENDANCE, "The attendance lists and counts.")},
            summary="Who took part (checked in at the door, or named on a phone; each with how they were recorded), "
                    "names to confirm (unsure), who was invited but did not attend, and which organisations "
                    "answered the survey")
def attendance(event_id):
    """Who took part, who was invited but did not attend, and which organisations answered the survey."""
    event_or_404(get_db(), event_id)
    return jsonify(event_attendance(get_db(), event_id))


@bp.route("/events/<int:event_id>/themes/<int:theme_id>/response", methods=["PUT"])
@documented({200: (THEME, "The theme with its stored response."),
             422: ("BallotProblems", "Not {\"response\": text}, too long, or not a theme of this event; nothing "
                                     "changed (problems lists why).")},
            body="ThemeResponse",
            summary="The organisers' required response to one risk theme, for the report beside that theme's "
                    "confidence and what would help; editable after the day, and after the event is closed")
def set_theme_response(event_id, theme_id):
    """The organisers' required response to one risk theme ("" clears it); editable after the close too."""
    event_or_404(get_db(), event_id)
    body = json_body("ThemeResponse", what="Nothing changed:")
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


PAPER = ("Paper", "Every section of the paper.")


@bp.route("/events/<int:event_id>/paper", methods=["GET"])
@documented({200: PAPER}, summary="The board paper's sections in order: each one's text (the facilitator's, or the "
                                  "starting text written from the event), its starting text, and whether it was edited")
def get_paper(event_id):
    """The board paper's sections, in the paper's order, with their text (the facilitator's or the starting text)."""
    db = get_db()
    event_or_404(db, event_id)
    return jsonify(_paper(db, event_id))


@bp.route("/events/<int:event_id>/paper", methods=["PUT"])
@documented({200: PAPER, 400: ("AnalysisProblems", "An unknown section or field, or text too long: every problem "
                                                   "listed, nothing changed.")},
            body="PaperChange",
            summary="Change some sections' text; an empty text puts the starting text back. Allowed after the event "
                    "is closed")
def set_paper(event_id):
    """Change sections' text ({"sections": {section: text}}; "" restores the starting text); allowed after the close."""
    db = get_db()
    event_or_404(db, event_id)
    body = json_body("PaperChange", status=400, what="Nothing changed:")
    try:
        set_sections(db, event_id, body["sections"])
    except RuleError as refused:
        return _refused(refused.problems, "Nothing changed:")
    return jsonify(_paper(db, event_id))
