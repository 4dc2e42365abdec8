"""The facilitator's close and reopen of the whole event, and the control room's live table-notes panel.

A blueprint nested in the facilitator one (so its sign-in check covers these routes). Closing asks first, on a page
of its own (facilitator/confirm_close_event.html); the plain forms answer with a message and a redirect back.
"""
from flask import Blueprint, flash, render_template, request

from .. import closing, notes, store
from ..db import get_db
from ..domain.closing import closed_at_text
from .lookups_http import event_or_404
from .pages import back

bp = Blueprint("closing", __name__)


@bp.route("/events/<int:event_id>/close", methods=["GET", "POST"])
def close_event(event_id):
    """Close voting, the questions and the survey and lock the event, once the facilitator has confirmed."""
    event = event_or_404(get_db(), event_id)
    if event["closed"]:
        flash(f"The event is already closed. {closed_at_text(event['closed'])}. Nothing changed.")
        return back(event_id, "#closing")
    if request.method == "GET" or request.form.get("confirm") != "close":
        return render_template("facilitator/confirm_close_event.html", event_id=event_id,
                               definition=store.load_definition(get_db(), event_id),
                               next=request.values.get("next", ""))
    stamp = closing.close_event(get_db(), event_id)
    flash(f"{closed_at_text(stamp)}. Voting, the questions and the survey are closed, and nothing more can be sent "
          "or changed. Weights, theme responses and the board paper can still be edited.")
    return back(event_id, "#closing")


@bp.route("/events/<int:event_id>/reopen", methods=["POST"])
def reopen_event(event_id):
    """Unlock the event; voting, the questions and the survey stay closed until opened again."""
    event = event_or_404(get_db(), event_id)
    if not event["closed"]:
        flash("The event is open already. Nothing changed.")
        return back(event_id, "#closing")
    closing.reopen_event(get_db(), event_id)
    flash("The event is reopened. Voting, the questions and the survey stay closed until you open them again.")
    return back(event_id, "#closing")


@bp.route("/events/<int:event_id>/notes")
def notes_panel(event_id):
    """The control room's table-notes panel alone, for its script to swap in when a ballot with notes arrives."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/_notes.html", event_id=event_id,
                           definition=store.load_definition(get_db(), event_id),
                           notes=notes.event_notes(get_db(), event_id))
