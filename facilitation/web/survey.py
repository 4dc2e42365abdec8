"""The survey for invitees who could not attend: one link per event, or a personal link per invitee.

It asks the same confidence and risk questions as the room, works without JavaScript, and after its closing time
(or once the facilitator closes it) says it is closed and stores nothing. The link's token is the credential.
"""
from flask import Blueprint, jsonify, render_template, request

from .. import answers, csrf, store
from ..closing import closed_words
from ..db import get_db
from .api_doc import documented
from .lookups_http import survey_or_404
from .table_api import ANSWERS, answers_body
from .respondents import (
    answers_from_form, new_submission_id, problems_by_field, remember, respondent_token, scores_from_form,
)

bp = Blueprint("survey", __name__)
# The link's token and the answer key in the form, not a cookie, are what let a sender in.
csrf.exempt(bp)

API_STATUS = {"stored": 201, "duplicate": 200, "closed": 409, "not_yours": 409, "problems": 422, "too_large": 413,
              "too_many": 429}


def _page(survey_token, event_id, invitee, form=None, problems=None, saved=False, status=200):
    """The survey page: the questions while open, or why it is not."""
    db = get_db()
    state = answers.survey(db, event_id)
    event = store.get_event(db, event_id)
    if form is None:
        # A personal link answers as that invitee; its own token is the answer key, so it works from any device.
        token = survey_token if invitee else respondent_token(f"survey:{event_id}")
        mine = answers.my_answers(db, event_id, token)
        form = {**(mine or {}), "respondent": token}
        if invitee and not (mine and mine.get("name")):
            form.update(name=invitee["name"], organisation=invitee["organisation"],
                        stakeholder_group=invitee.get("stakeholder_group", ""))
    form["submission_id"] = new_submission_id()
    if isinstance(form.get("scoring"), list):
        # What was typed, after a refusal: by criterion, as stored scores are.
        form["scoring"] = {entry["criterion"]: entry for entry in form["scoring"]}
    code = status if state["status"] == "open" else 410
    definition = store.load_definition(db, event_id)
    problems = _readable(problems or {}, definition["criteria"])
    shortlist = [o for o in definition["options"] if o["status"] == "shortlisted"]
    return render_template("survey/survey.html", event=event, survey=state, themes=answers.themes(db, event_id),
                           form=form, problems=problems, saved=saved, invitee=invitee,
                           criteria=definition["criteria"], shortlist=shortlist,
                           closed_message=closed_words(db, event_id)), code


def _readable(problems, criteria):
    """Scoring problems say which criterion and which part they are about, as a person reads the form."""
    titles = {c["code"]: c["working_title"] for c in criteria}
    readable = {}
    for field, message in problems.items():
        parts = field.split(".", 2)
        if parts[0] == "scoring" and len(parts) > 1 and parts[1] in titles:
            rest = parts[2] if len(parts) > 2 else ""
            what = (f"points for {rest[len('points.'):]}" if rest.startswith("points.") else
                    "the order" if rest.startswith("ranking") else "ruled out" if rest.startswith("ruled_out") else
                    "points" if rest == "points" else "")
            message = f"{titles[parts[1]]}{', ' + what if what else ''}: {message}"
        readable[field] = message
    return readable


@bp.route("/s/<survey_token>")
def survey(survey_token):
    """The survey's questions (with this person's earlier answers), or a page saying it is closed."""
    event_id, invitee = survey_or_404(get_db(), survey_token)
    return _page(survey_token, event_id, invitee)


@bp.route("/s/<survey_token>", methods=["POST"])
def answer(survey_token):
    """Store one person's survey answers whole, or show every problem with what they typed kept."""
    event_id, invitee = survey_or_404(get_db(), survey_token)
    data = answers_from_form(request.form)
    db = get_db()
    event = store.get_event(db, event_id)
    if event["survey"]["include_scoring"]:
        data["scoring"] = scores_from_form(request.form, [c["code"] for c in store.list_criteria(db, event_id)],
                                           store.option_codes(db, event_id)["shortlisted"], event["scoring"])
    if invitee:
        data["respondent"] = survey_token
    outcome = answers.submit_survey(get_db(), event_id, data)
    if outcome.ok and not invitee:
        remember(f"survey:{event_id}", data["respondent"])
    if outcome.ok:
        return _page(survey_token, event_id, invitee, form={**outcome.answers, "respondent": data["respondent"]},
                     saved=True)
    status = {"closed": 410, "too_large": 413, "too_many": 429}.get(outcome.status, 422)
    return _page(survey_token, event_id, invitee, form=data, problems=problems_by_field(outcome), status=status)


@bp.route("/api/survey/<survey_token>/answers", methods=["POST"])
@documented({**ANSWERS, 404: ("Error", "No survey has this link.")}, body="Answers",
            operation_id="submitSurveyAnswers",
            summary="A survey respondent's answers, until the survey closes (a personal link answers as its invitee, "
                    "whatever respondent is sent)")
def answer_json(survey_token):
    """The survey over HTTP with JSON: the same answers a phone sends, with its own answer key."""
    event_id, invitee = survey_or_404(get_db(), survey_token)
    data = answers_body()
    if invitee:
        data = {**data, "respondent": survey_token}
    outcome = answers.submit_survey(get_db(), event_id, data)
    body = outcome.ack()
    return jsonify(body), API_STATUS[outcome.status]

