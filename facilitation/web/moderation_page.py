"""The moderation page: its list (also as an HTML fragment the page's script fetches), bulk changes, undo and "seen".

The list is rendered here only, in templates/facilitator/_moderation.html: the page embeds it, and the script
fetches the same markup again when answers arrive, so no screen is drawn twice (docs/decisions.md, "Moderation").
"""
from flask import Blueprint, render_template, request, url_for

from .. import answers, moderation
from ..db import get_db
from ..domain.confidence import OTHER, AnswerError, AnswerProblem
from ..domain.moderation import needs_confirming, parse_ids, plural
from ..domain.moderation_list import parse_filters, query
from .lookups_http import event_or_404
from .moderation import _refused, _reply, confirm, confirmed
from .pages import screen

# Nested in the facilitator blueprint (its sign-in check covers these routes): facilitator.moderation.page etc.
bp = Blueprint("moderation", __name__)

BULK = {"move": "Move", "hide": "Hide", "show": "Show"}


def _page_data(event_id):
    """The list and its filters, from the page's query."""
    filters = parse_filters(request.args)
    mod = moderation.page(get_db(), event_id, filters)
    mod["only_new_url"] = url_for(".page", event_id=event_id, **query({**filters, "new": True}))
    return {"event_id": event_id, "mod": mod, "back": query(filters)}


@bp.route("/events/<int:event_id>/moderation", endpoint="page")
def moderation_page(event_id):
    """Themes, risks and what would help, live: search, filter, grouped rows, bulk changes, undo, what is new."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/moderation.html", **{**screen(event_id, control=True), **_page_data(event_id)})


@bp.route("/events/<int:event_id>/moderation/list")
def moderation_list(event_id):
    """The page's live parts alone (escaped HTML), for its script to put in place when answers arrive."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/_moderation_fragment.html", **_page_data(event_id))


def _chosen():
    """The risks and 'what would help' answers a bulk form names: a row's own button, or the ticked (or all shown)."""
    quick = request.form.get("quick", "")
    if quick:
        action, _sep, rest = quick.partition(":")
        kind, _sep, ids = rest.partition(":")
        if action not in BULK or kind not in ("risk", "would_help"):
            raise AnswerError([AnswerProblem("", "that change was not understood")])
        chosen = parse_ids([ids], kind)
        return action, (chosen, []) if kind == "risk" else ([], chosen)
    risks = parse_ids(request.form.getlist("risk"), "risk")
    helps = parse_ids(request.form.getlist("would_help"), "would_help")
    if request.form.get("all_shown") == "1":
        risks = list(dict.fromkeys(risks + parse_ids(request.form.getlist("shown_risk"), "risk")))
        helps = list(dict.fromkeys(helps + parse_ids(request.form.getlist("shown_help"), "would_help")))
    return request.form.get("action"), (risks, helps)


def _theme_choice():
    """The theme a move names: a theme id, OTHER, or None (refused as a theme that does not exist)."""
    raw = request.form.get("theme", "")
    return OTHER if raw == OTHER else (int(raw) if raw.isdigit() and raw.isascii() else None)


@bp.route("/events/<int:event_id>/moderation/bulk", methods=["POST"])
def moderate_many(event_id):
    """Move, hide or show several comments at once: one transaction, every id checked, asking first for more than one."""
    event_or_404(get_db(), event_id)
    db = get_db()
    try:
        action, (risks, helps) = _chosen()
        if action not in BULK:
            return _reply(event_id, "That change was not understood; nothing changed.", ok=False)
        count = len(risks) + len(helps)
        if action == "move" and helps:
            raise AnswerError([AnswerProblem("would_help", "what would help has no theme: choose only risks to move")])
        if action == "move":
            theme = _theme_choice()
            name = next((t["name"] for t in answers.themes(db, event_id) if t["id"] == theme),
                        "Other" if theme == OTHER else None)
            if needs_confirming(count) and name and not confirmed():
                return confirm(event_id, f"Move {plural(count, 'risk')} to “{name}”? You can undo this.",
                               f"Move {plural(count, 'risk')}")
            label = moderation.move(db, event_id, risks, theme)
        else:
            hidden = action == "hide"
            if needs_confirming(count) and not confirmed():
                where = "from the projector" if hidden else "on the projector again"
                return confirm(event_id, f"{BULK[action]} {plural(count, 'comment')} {where}? You can undo this.",
                               f"{BULK[action]} {plural(count, 'comment')}")
            label = moderation.hide(db, event_id, risks, helps, hidden)
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, f"Done: {label}. You can undo this.")


@bp.route("/events/<int:event_id>/moderation/undo", methods=["POST"])
def undo_change(event_id):
    """Undo one of the latest changes (a merge, a move, hiding or showing), if it still applies."""
    event_or_404(get_db(), event_id)
    action = request.form.get("action", "")
    try:
        label = moderation.undo(get_db(), event_id, int(action) if action.isdigit() and action.isascii() else None)
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, f"Undone: {label}.")


@bp.route("/events/<int:event_id>/moderation/seen", methods=["POST"])
def mark_seen(event_id):
    """Everything the page showed has been seen: "new since you last looked" starts again from here."""
    event_or_404(get_db(), event_id)
    try:
        moderation.mark_seen(get_db(), event_id, request.form.get("upto", ""))
    except AnswerError as error:
        return _refused(event_id, error)
    return _reply(event_id, "Marked everything as seen.")
