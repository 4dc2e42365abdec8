"""The facilitator's confidence controls: the phase, name fields, live themes and hiding comments.

A blueprint nested in the facilitator one (so its sign-in check covers these routes). Each answers a plain form
with a message and a redirect back, and a fetch from the control room (Accept: application/json) with JSON.
The moderation page's own routes (the list, bulk changes, undo, "seen") are in moderation_page.py.
"""
from urllib.parse import parse_qsl

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from .. import answers, store
from ..db import get_db
from ..domain.confidence import OTHER, AnswerError
from ..domain.moderation_list import parse_filters, query
from ..store import moderation as store_moderation
from .lookups_http import event_or_404
from .pages import back, wants_json

bp = Blueprint("confidence", __name__)


def _reply(event_id, message, ok=True, problems=(), **extra):
    """Answer the form: JSON for the control room's script, or a message shown after returning to the page."""
    if wants_json():
        return jsonify(ok=ok, message=message, problems=[{"field": p.field, "message": p.message} for p in problems],
                       **extra), (200 if ok else 422)
    flash(" ".join([message, *(p.message[:1].upper() + p.message[1:] + "." for p in problems)]))
    if request.form.get("next") == "moderation":
        return redirect(moderation_url(event_id))
    return back(event_id, "#confidence")


def moderation_url(event_id):
    """The moderation page, with the filters the form came from (its "back" field), to return to after a change."""
    filters = parse_filters(dict(parse_qsl(request.form.get("back", ""))))
    return url_for("facilitator.moderation.page", event_id=event_id, **query(filters))


def confirm(event_id, question, yes):
    """Ask before a change that touches many comments or a whole theme: the script shows a dialog, a plain form a page.

    The change is sent again with confirmed=1; everything else the form sent goes with it unchanged.
    """
    if wants_json():
        return jsonify(ok=False, confirm={"question": question, "yes": yes}, message=question, problems=[]), 409
    fields = [(name, value) for name, value in request.form.items(multi=True) if name not in ("csrf_token", "confirmed")]
    return render_template("facilitator/moderation_confirm.html", event_id=event_id, question=question, yes=yes,
                           action=request.path, fields=fields, back=moderation_url(event_id))


def confirmed():
    """Whether the facilitator has already said yes to this change."""
    return request.form.get("confirmed") == "1"


def _refused(event_id, error):
    """A refused change, in plain words, with nothing changed."""
    return _reply(event_id, "Nothing changed:", ok=False, problems=error.problems)


def _int(name):
    """A whole-number form field, or None."""
    return request.form.get(name, type=int)


@bp.route("/events/<int:event_id>/confidence", methods=["POST"])
def set_confidence_phase(event_id):
    """Open the confidence questions (about the strongest option, or a pinned one) or close them."""
    event_or_404(get_db(), event_id)
    db = get_db()
    state = request.form.get("phase")
    try:
        if state == "open":
            current = answers.open_phase(db, event_id, request.form.get("about") or None)
        elif state == "closed":
            current = answers.close_phase(db, event_id)
        else:
            return _reply(event_id, "That change was not understood; nothing changed.", ok=False)
    except AnswerError as error:
        return _refused(event_id, error)
    option = current["option"]
    message = (f"The confidence questions are open, asking about option {option['code']} ({option['title']})."
               if state == "open" else "The confidence questions are closed; answers can no longer change.")
    return _reply(event_id, message, phase=current["state"])


@bp.route("/events/<int:event_id>/identity", methods=["POST"])
def set_identity(event_id):
    """Whether delegates' phones offer name and organisation fields (always optional for them)."""
    event_or_404(get_db(), event_id)
    ask = request.form.get("ask") == "1"
    store.set_ask_identity(get_db(), event_id, ask)
    return _reply(event_id, "Phones now offer name and organisation (optional)." if ask
                  else "Phones no longer ask for name and organisation.")


@bp.route("/events/<int:event_id>/themes", methods=["POST"])
def change_themes(event_id):
    """Add, rename, merge or remove a risk theme while answers arrive; phones' theme lists follow at once."""
    event_or_404(get_db(), event_id)
    db = get_db()
    action = request.form.get("action")
    try:
        if action == "add":
            theme = answers.add_theme(db, event_id, request.form.get("name", ""))
            message = f"Added the theme “{theme['name']}”."
        elif action == "rename":
            theme = answers.rename_theme(db, event_id, _int("theme"), request.form.get("name", ""))
            message = f"Renamed the theme to “{theme['name']}”."
        elif action == "merge":
            question = _merge_question(db, event_id, _int("theme"), _int("into"))
            if question and not confirmed():
                return confirm(event_id, question, "Merge them")
            moved = answers.merge_themes(db, event_id, _int("theme"), _int("into"))
            message = f"Merged the themes; {moved} risk{'s' if moved != 1 else ''} moved. You can undo this."
        elif action == "remove":
            found = next((t for t in answers.themes(db, event_id) if t["id"] == _int("theme")), None)
            if found and not store_moderation.theme_risk_count(db, event_id, found["id"]) and not confirmed():
                return confirm(event_id, f"Remove the theme “{found['name']}”? Phones stop offering it.", "Remove it")
            answers.remove_theme(db, event_id, _int("theme"))
            message = "Removed the theme."
        else:
            return _reply(event_id, "That change was not understood; nothing changed.", ok=False)
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, message, themes=answers.themes(db, event_id))


def _merge_question(db, event_id, from_id, into_id):
    """What merging asks first, or None when the merge will be refused anyway (it says why then)."""
    names = {t["id"]: t["name"] for t in answers.themes(db, event_id)}
    if from_id not in names or into_id not in names or from_id == into_id:
        return None
    count = store_moderation.theme_risk_count(db, event_id, from_id)
    return (f"Merge “{names[from_id]}” ({count} risk{'' if count == 1 else 's'}) into “{names[into_id]}”? Its risks "
            "move there and phones stop offering it. You can undo this.")


@bp.route("/events/<int:event_id>/risks/<int:risk_id>/theme", methods=["POST"])
def move_risk(event_id, risk_id):
    """Put one risk under another theme (or 'other')."""
    event_or_404(get_db(), event_id)
    raw = request.form.get("theme", "")
    theme = OTHER if raw == OTHER else (int(raw) if raw.isdigit() else None)
    try:
        answers.move_risk(get_db(), event_id, risk_id, theme)
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, "Moved the risk.")


@bp.route("/events/<int:event_id>/comments", methods=["POST"])
def hide_comment(event_id):
    """Hide a risk or a 'what would help' answer from the projector (kept, and marked hidden in exports), or show it."""
    event_or_404(get_db(), event_id)
    hidden = request.form.get("hidden") == "1"
    try:
        answers.set_hidden(get_db(), event_id, request.form.get("kind"), _int("id"), hidden)
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, "Hidden from the projector (kept in exports)." if hidden else "Shown on the projector again.")

