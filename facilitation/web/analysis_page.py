"""The Analysis page: the ranking, its margin, coverage, robustness, agreement and families, with a what-if of weights.

The measures are rendered here only, in templates/facilitator/_analysis.html: the page embeds that fragment, and
its script (static/js/analysis.js) fetches the same fragment for the sliders' weights and puts it in place, so no
screen is drawn twice. A what-if (GET, the sliders) never stores anything; "Save weights" (POST) stores them through
facilitation.weights, the one path the API takes too. Nested in the facilitator blueprint (its sign-in check).
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from .. import analysis, store, weights
from ..db import get_db
from ..domain.charts import number_text
from ..domain.sensitivity_chart import sensitivity_chart
from ..domain.weights import WeightsError
from .lookups_http import event_or_404

bp = Blueprint("analysis", __name__)

PREFIX = "weight."
# How far the sliders go: weights above this are typed in the number box beside them (up to MAX_WEIGHT).
SLIDER_TOP = 10


def _body(fields):
    """The weights and rule a form or query names ({"weights": {code: typed}, "rule"}); empty when it names none."""
    body = {}
    typed = {key[len(PREFIX):]: value for key, value in fields.items() if key.startswith(PREFIX)}
    if typed:
        body["weights"] = typed
    if fields.get("rule"):
        body["rule"] = fields["rule"]
    return body


def _measures(event_id, body, criterion):
    """(the analysis for the body's weights, or the stored ones, and the problems that kept them from being used)."""
    db = get_db()
    if body:
        try:
            return analysis.what_if(db, event_id, {**body, "criterion": criterion}), []
        except WeightsError as refused:
            problems = refused.problems
    else:
        problems = []
    return analysis.event_analysis(db, event_id, criterion=criterion), problems


def _context(event_id, body, problems=()):
    """What the page and its fragment draw from."""
    criterion = request.values.get("criterion") or None
    measures, refused = _measures(event_id, body, criterion)
    definition = store.load_definition(get_db(), event_id)
    titles = {option["code"]: option["title"] for option in definition["options"]}
    chart = sensitivity_chart(measures["sensitivity"], titles) if measures["sensitivity"] else None
    top = max([SLIDER_TOP, *[2 * w for w in measures["stored_weights"].values()],
               *[w for w in measures["weights"].values()]])
    return {
        "event_id": event_id, "definition": definition, "a": measures, "chart": chart, "titles": titles,
        "criterion_titles": {c["code"]: c["working_title"] for c in definition["criteria"]},
        "problems": _problem_words([*problems, *refused], definition), "typed": (body.get("weights") or {}) if (problems or refused) else {},
        "slider_top": top, "number": number_text, "changes": _changes(measures, definition),
    }


def _problem_words(problems, definition):
    """Each refused weight's problem, placed in the page's words: "Finance and VFM: must be a number…"."""
    titles = {"rule": "The rule", **{f"weights.{c['code']}": c["working_title"] for c in definition["criteria"]}}
    return [f"{titles.get(p.field, 'The weights')}: {p.message}" for p in problems]


def _changes(measures, definition):
    """What a what-if changes, in words: "Finance and VFM 1 → 2", "the rule raw → weighted"."""
    changes = [f"{c['working_title']} {number_text(measures['stored_weights'][c['code']])} → "
               f"{number_text(measures['weights'][c['code']])}"
               for c in definition["criteria"] if measures["weights"][c["code"]] != measures["stored_weights"][c["code"]]]
    if measures["rule"] != measures["stored_rule"]:
        changes.append(f"the rule {measures['stored_rule']} → {measures['rule']}")
    return changes


@bp.route("/events/<int:event_id>/analysis", endpoint="page")
def analysis_page(event_id):
    """The measures for the stored weights, or for the weights in the query (a what-if, nothing stored)."""
    event_or_404(get_db(), event_id)
    context = _context(event_id, _body(request.args))
    return render_template("facilitator/analysis.html", **context), 422 if context["problems"] else 200


@bp.route("/events/<int:event_id>/analysis/what-if", endpoint="what_if")
def what_if(event_id):
    """The page's measures alone (escaped HTML) for the sliders' weights, for its script to put in place."""
    event_or_404(get_db(), event_id)
    context = _context(event_id, _body(request.args))
    return render_template("facilitator/_analysis.html", **context), 422 if context["problems"] else 200


@bp.route("/events/<int:event_id>/analysis", methods=["POST"], endpoint="save")
def save_weights(event_id):
    """Store the weights and rule the form shows; every screen then ranks by them. Refused: nothing changes."""
    event_or_404(get_db(), event_id)
    body = _body(request.form)
    try:
        saved, rule = weights.set_weights(get_db(), event_id, body)
    except WeightsError as refused:
        context = _context(event_id, {}, refused.problems)
        context["typed"] = body.get("weights") or {}
        return render_template("facilitator/analysis.html", **context), 422
    stored = analysis.event_analysis(get_db(), event_id)
    flash(f"Saved: the strongest option is now named by {stored['basis']['label'].lower()}"
          f"{' with the new weights' if saved else ''}. The projector, the control room, the exports and the report "
          "use them from now on.")
    return redirect(url_for(".page", event_id=event_id, criterion=request.form.get("criterion") or None))
