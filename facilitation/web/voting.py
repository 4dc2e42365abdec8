"""The facilitator's voting controls and nudges: open or close voting, never losing a table's finished draft unasked.

A blueprint nested in the facilitator one (so its sign-in check covers these routes). Each answers a plain form with
a message and a redirect back (or, before closing on unsent work, a confirmation page), and a fetch from the control
room's script (Accept: application/json) with JSON: 409 and the unsent drafts when closing needs confirming.
"""
from datetime import datetime

from flask import Blueprint, flash, jsonify, render_template, request

from .. import ballots, nudges, store, table_status
from ..db import get_db
from ..domain.closing import EventClosed
from ..domain.text import listed
from .lookups_http import event_or_404
from .pages import back, wants_json

bp = Blueprint("voting", __name__)

STATE_WORDS = {"open": "open", "closed": "closed"}


def _titles(db, event_id):
    """Each criterion's working title, by code: the name the room uses."""
    return {c["code"]: c["working_title"] for c in store.list_criteria(db, event_id)}


def _reply(event_id, message, status=200, **extra):
    """Answer the form: JSON for the script, or the message shown on the page the form came from."""
    if wants_json():
        return jsonify(ok=status == 200, message=message, **extra), status
    flash(message)
    return back(event_id, "#voting")


def _clock(iso):
    """A stored UTC time as this server's local clock time ('14:02'), as the facilitator reads the room's clock."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%H:%M")


def _unsent_line(unsent, titles):
    """Which tables' drafts were left unsent, for the message after closing anyway."""
    if not unsent:
        return ""
    tables = listed(f"table {cell['table']} ({titles[cell['criterion']]})" for cell in unsent)
    return (f" The draft of {tables} was not submitted: it is kept and marked, in the control room and the "
            "exports, and it is not counted.")


@bp.route("/events/<int:event_id>/voting", methods=["POST"])
def set_voting(event_id):
    """Open or close voting on one criterion, or on all of them; phones switch at once.

    Closing on a table's draft that adds up but is not submitted first asks (naming the tables), unless the form
    says confirm=close.
    """
    event_or_404(get_db(), event_id)
    db = get_db()
    state = request.form.get("voting")
    criterion = request.form.get("criterion") or None
    titles = _titles(db, event_id)
    if state not in STATE_WORDS or (criterion is not None and criterion not in titles):
        return _reply(event_id, "That voting change was not understood; nothing changed.", 400)
    unsent = table_status.unsent_on_closing(db, event_id, criterion, state)
    if unsent and request.form.get("confirm") != "close":
        what = "every criterion" if criterion is None else titles[criterion]
        if wants_json():
            return jsonify(ok=False, confirm=True, what=what, unsent=unsent,
                           message=f"Close voting on {what}? Some tables have a draft that adds up but is not submitted."), 409
        for cell in unsent:
            cell["changed_text"] = _clock(cell["changed_at"])
        return render_template("facilitator/confirm_close.html", event_id=event_id, criterion=criterion, what=what,
                               unsent=unsent, next=request.form.get("next", ""))
    try:
        ballots.set_voting(db, event_id, criterion, state)
    except EventClosed as error:
        return _reply(event_id, f"Voting was not opened. {error}", 409)
    what = "every criterion" if criterion is None else titles[criterion]
    return _reply(event_id, f"Voting on {what} is now {STATE_WORDS[state]}.{_unsent_line(unsent, titles)}",
                  voting=store.voting_states(db, event_id))


def _drafts_named(titles):
    """The (table, criterion) pairs a form names as 'table|criterion' (from the question before closing)."""
    pairs = {}
    for value in request.form.getlist("draft"):
        number, _, code = value.partition("|")
        if number.isdigit() and code in titles:
            pairs.setdefault(int(number), []).append(code)
    return pairs


@bp.route("/events/<int:event_id>/nudge", methods=["POST"])
def nudge_tables(event_id):
    """Remind tables that the room is waiting: the tables named (every table still to submit when none are named).

    With reason=unsent (from the question before closing) each table named by a 'draft' field is told that its draft
    adds up but is not submitted yet, naming the criteria.
    """
    event_or_404(get_db(), event_id)
    db = get_db()
    voting = store.voting_states(db, event_id)
    titles = _titles(db, event_id)
    submitted = set(store.event_ballots(db, event_id))
    unsent = request.form.get("reason") == "unsent"
    drafts = _drafts_named(titles)
    wanted = set(drafts) if unsent else set(request.form.getlist("table", type=int))
    nudged = []
    for table in store.list_tables(db, event_id):
        if wanted and table["number"] not in wanted:
            continue
        if unsent:
            codes = [code for code in table["criteria"] if code in drafts[table["number"]]]
            if not codes:
                continue
            names = listed(titles[code] for code in codes)
            message = (f"The facilitator is about to close voting on {names}. Your table's draft adds up but is not "
                       "submitted yet: press Submit so that it counts.")
        else:
            waiting = [code for code in table["criteria"]
                       if voting[code] == "open" and (table["number"], code) not in submitted]
            if not wanted and not waiting:
                continue
            names = listed(titles[code] for code in waiting) if waiting else "your criteria"
            message = f"The facilitator is waiting for your table's answer on {names}."
        nudges.nudge(table["id"], message)
        nudged.append(table["number"])
    if not nudged:
        return _reply(event_id, "Every table has submitted; nobody to nudge.")
    who = f"table {nudged[0]}" if len(nudged) == 1 else f"tables {listed(nudged)}"
    return _reply(event_id, f"Nudged {who}." + (" Voting stays open." if unsent else ""), nudged=nudged)
