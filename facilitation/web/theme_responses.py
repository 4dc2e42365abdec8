"""The organisers' required response to each risk theme, written in the control room beside what would help.

A blueprint nested in the facilitator one (its sign-in check covers these routes). The response is the board
paper's text, so it stays editable after the day and after the event is closed. A plain form gets a message and a
redirect back; the control room's fetch (Accept: application/json) gets JSON.
"""
from flask import Blueprint, flash, jsonify, render_template, request

from .. import answers
from ..db import get_db
from ..domain.confidence import AnswerError
from .lookups_http import event_or_404
from .pages import back, wants_json

bp = Blueprint("theme_responses", __name__)


@bp.route("/events/<int:event_id>/theme-responses")
def fragment(event_id):
    """The per-theme panel alone (escaped HTML), for the control room's script to put in place as answers arrive."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/_theme_responses.html", event_id=event_id,
                           confidence=answers.summary(get_db(), event_id, include_hidden=True))


@bp.route("/events/<int:event_id>/themes/<int:theme_id>/response", methods=["POST"])
def set_response(event_id, theme_id):
    """Store the organisers' required response to one theme (empty clears it); refused in plain words, unchanged."""
    event_or_404(get_db(), event_id)
    try:
        theme = answers.set_theme_response(get_db(), event_id, theme_id, request.form.get("response", ""))
    except AnswerError as refused:
        # "the response is too long: …", "the theme does not exist …": each problem names what it is about.
        problems = [{"field": p.field, "message": ("the response " if p.field == "response" else "") + p.message}
                    for p in refused.problems]
        if wants_json():
            return jsonify(ok=False, message="Nothing changed:", problems=problems), 422
        flash("Nothing changed: " + "; ".join(p["message"] for p in problems) + ".")
        return back(event_id, "#theme-responses")
    message = (f"Saved the response to “{theme['name']}”." if theme["response"]
               else f"Cleared the response to “{theme['name']}”.")
    if wants_json():
        return jsonify(ok=True, message=message, theme=theme)
    flash(message)
    return back(event_id, "#theme-responses")
