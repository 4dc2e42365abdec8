"""What a table's phones see: the join page and the table page behind each card's QR code."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for

from .. import answers, ballots, csrf, store, table_status
from ..closing import closed_words
from ..db import get_db
from ..domain.confidence import AnswerError
from ..domain.joining import format_join_code, normalise_join_code
from .lookups_http import linked_table_or_abort
from .respondents import answers_from_form, new_submission_id, problems_by_field, remember, respondent_token

bp = Blueprint("table", __name__)


@bp.route("/")
def home():
    """Phones that type the bare address land on the join page."""
    return redirect(url_for(".join"))


@bp.route("/join")
def join():
    """Type a table's short code instead of scanning its QR code."""
    typed = request.args.get("code")
    if typed is None:
        return render_template("table/join.html", code="", error=None)
    code = normalise_join_code(typed)
    found = store.find_table_by_code(get_db(), code) if code else None
    if found is not None:
        _event_id, _number, join_token = found
        return redirect(url_for(".table", join_token=join_token))
    if not code:
        error = "Type the code printed on your table card, for example K7M-Q2P."
    else:
        error = (
            f"No table has the code {format_join_code(code) if len(code) == 6 else code}. "
            "Check the card on your table (the letters O and I are never used), or ask a facilitator."
        )
    return render_template("table/join.html", code=typed, error=error), 404


def _table(join_token):
    """The table behind a join link; otherwise the page saying the link was replaced (410) or is unknown (404)."""
    def refused(error):
        """The stale-link page, or a plain 404."""
        if error.stale:
            number = store.find_stale_token(get_db(), join_token)[1]
            return make_response(render_template("table/stale.html", number=number), 410)
        abort(404, description=(
            "We don't recognise this table link. Scan the QR code on your table's card again, "
            "or type the code printed on it."
        ))
    return linked_table_or_abort(get_db(), join_token, refused)


@bp.route("/t/<join_token>")
def table(join_token):
    """A table's page: its event, criteria with measures, option briefings, and its scoring state drawn server-side."""
    scoring_table = _table(join_token)
    return _table_page(join_token, scoring_table)


@bp.route("/t/<join_token>/confidence")
def confidence_section(join_token):
    """Just the delegate's confidence questions, for a phone whose page was open before the phase began."""
    scoring_table = _table(join_token)
    db = get_db()
    event_id = scoring_table["event_id"]
    token = respondent_token(f"room:{event_id}")
    confidence = answers.phone_state(db, event_id, token)
    form = {**(confidence["mine"] or {}), "respondent": token, "submission_id": new_submission_id()}
    return render_template("table/_confidence.html", confidence=confidence, form=form, problems={},
                           join_token=join_token)


@bp.route("/t/<join_token>/answers", methods=["POST"])
@csrf.exempt
def answer(join_token):
    """A delegate's own confidence answers from the plain form (phones without JavaScript); the page shows the outcome."""
    scoring_table = _table(join_token)
    data = answers_from_form(request.form)
    outcome = answers.submit_room(get_db(), scoring_table, data)
    remember(f"room:{scoring_table['event_id']}", data["respondent"])
    if outcome.ok:
        flash(f"Your answers are saved (version {outcome.answers['version']}).")
        return redirect(url_for(".table", join_token=join_token) + "#confidence")
    return _table_page(join_token, scoring_table, form=data, problems=problems_by_field(outcome),
                       status=429 if outcome.status == "too_many" else 422)


@bp.route("/t/<join_token>/identify", methods=["POST"])
@csrf.exempt
def identify(join_token):
    """A delegate's optional name and organisation for the attendance list, from the plain form."""
    scoring_table = _table(join_token)
    data = {key: request.form.get(key, "") for key in ("respondent", "name", "organisation", "stakeholder_group")}
    try:
        identity = answers.register(get_db(), scoring_table["event_id"], "room", data,
                                    table_number=scoring_table["number"])
    except AnswerError as refused:
        flash("Your name was not saved: " + "; ".join(p.message for p in refused.problems) + ".")
    else:
        remember(f"room:{scoring_table['event_id']}", data["respondent"])
        flash(f"Thank you, {identity['name']}: you are on the list of who took part." if identity["name"]
              else "You are taking part anonymously.")
    return redirect(url_for(".table", join_token=join_token))


def _table_page(join_token, scoring_table, form=None, problems=None, status=200):
    """The table page, with this delegate's own confidence answers when that phase has begun."""
    db = get_db()
    event_id = scoring_table["event_id"]
    token = respondent_token(f"room:{event_id}", form and form.get("respondent"))
    confidence = answers.phone_state(db, event_id, token)
    if form is None:
        form = {**(confidence["mine"] or {}), "respondent": token}
    form["submission_id"] = new_submission_id()
    definition = store.load_definition(db, scoring_table["event_id"])
    table = store.get_table(db, scoring_table["event_id"], scoring_table["number"])
    criteria = [c for c in definition["criteria"] if c["code"] in table["criteria"]]
    shortlist = [o for o in definition["options"] if o["status"] == "shortlisted"]
    excluded = [o for o in definition["options"] if o["status"] == "excluded"]
    return render_template(
        "table/table.html", definition=definition, table=table, criteria=criteria,
        shortlist=shortlist, excluded=excluded, join_token=join_token,
        state=ballots.table_state(db, scoring_table), confidence=confidence, form=form, problems=problems or {},
        event_id=event_id, unsent_notes=table_status.phone_notes(db, scoring_table),
        closed_message=closed_words(db, event_id),
    ), status
