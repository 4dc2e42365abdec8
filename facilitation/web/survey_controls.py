"""The control room's survey controls: close it, reopen it, set, extend or remove its closing time.

A blueprint nested in the facilitator one (so its sign-in check covers these routes). It answers a plain form with a
message and a redirect back to #confidence, and the control room's fetch (Accept: application/json) with JSON
carrying the survey's new state, so the page shows what the server now holds (static/js/moderation.js afterSurvey).
"""
from flask import Blueprint, flash, jsonify, request

from .. import surveys
from ..db import get_db
from ..domain.survey import SurveyRefusal
from .links import survey_link
from .lookups_http import event_or_404
from .pages import back, wants_json

bp = Blueprint("survey_controls", __name__)


def survey_json(survey):
    """What the control room's script redraws the survey controls from."""
    keys = ("state", "status", "label", "summary", "closes", "closes_text", "closes_local",
            "now_action", "time_action", "clear_action")
    return {"survey": {key: survey[key] for key in keys}, "status": survey["status"]}


def control_state(event_id):
    """The survey as the control room draws it, with the link invitees get (the address phones use)."""
    survey = surveys.control_state(get_db(), event_id)
    survey["url"] = survey_link(survey["token"])
    return survey


@bp.route("/events/<int:event_id>/survey", methods=["GET"])
def survey_state(event_id):
    """The survey's state and what its controls offer now, for the control room's script (JSON)."""
    event_or_404(get_db(), event_id)
    return jsonify(ok=True, **survey_json(surveys.control_state(get_db(), event_id)))


@bp.route("/events/<int:event_id>/survey", methods=["POST"])
def set_survey(event_id):
    """Close the survey by hand, reopen it, or set, extend or remove its closing time; a refusal changes nothing."""
    event_or_404(get_db(), event_id)
    try:
        message, survey = surveys.change(get_db(), event_id, request.form.get("survey"), request.form.get("closes"))
        ok = True
    except SurveyRefusal as refusal:
        message, survey, ok = str(refusal), surveys.control_state(get_db(), event_id), False
    if wants_json():
        return jsonify(ok=ok, message=message, problems=[], **survey_json(survey)), (200 if ok else 422)
    flash(message)
    return back(event_id, "#confidence")
