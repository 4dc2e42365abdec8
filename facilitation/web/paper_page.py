"""The board paper's editor: a text box per section with its current text, Save and "Use the starting text again".

Plain forms (POST, then redirect to the page), so it works without a script. Editing stays open after the event is
closed: the paper is written after the day. Nested in the facilitator blueprint (its sign-in check and CSRF).
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from .. import paper, store
from ..db import get_db
from ..domain.event_day import PAPER_LIMIT, PAPER_SECTIONS
from ..domain.paper import TITLES, PaperError
from .lookups_http import event_or_404

bp = Blueprint("paper", __name__)


def _page(event_id, problem=None, typed=None, status=200):
    """The editor, with a refused section's typed text shown again beside its problem."""
    sections = paper.editor_data(get_db(), event_id)
    return render_template("facilitator/paper.html", event_id=event_id, sections=sections, problem=problem,
                           typed=typed or {}, limit=PAPER_LIMIT,
                           definition=store.load_definition(get_db(), event_id)), status


@bp.route("/events/<int:event_id>/paper", endpoint="page")
def editor(event_id):
    """Every section of the paper with its text, the starting text or the facilitator's own."""
    event_or_404(get_db(), event_id)
    return _page(event_id)


@bp.route("/events/<int:event_id>/paper", methods=["POST"], endpoint="save")
def save(event_id):
    """Save one section's text, or put its starting text back; refused text changes nothing and is shown again."""
    event_or_404(get_db(), event_id)
    section = request.form.get("section", "")
    restore = request.form.get("action") == "restore"
    text = "" if restore else request.form.get("text", "")
    try:
        paper.set_section(get_db(), event_id, section, text)
    except PaperError as refused:
        known = section if section in PAPER_SECTIONS else None
        return _page(event_id, {"section": known, "message": str(refused)}, {known: text} if known else {}, 422)
    title = TITLES[section]
    flash(f"{title}: the starting text is back." if restore or not text.strip() else f"{title}: saved.")
    return redirect(url_for(".page", event_id=event_id, _anchor=f"section-{section}"))
