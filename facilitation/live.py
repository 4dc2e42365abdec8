"""Socket.IO events and rooms. Each handler's docstring says who sends it and what goes back to whom (docs/live-protocol.md)."""
from flask import request, session
from flask_socketio import join_room

from flask import current_app

from . import answers, ballots, displays, drafts, lookups, phone_links, publisher, socketio, store, table_status
from .db import get_db
from .domain.confidence import AnswerError
from .domain.display import present, timer_message


# Which table each connected phone belongs to, so the control room can show phones connected per table.
_phones = {}  # socket id -> (event id, table number)


def presence(event_id):
    """How many phones are connected at each table of an event."""
    counts = {}
    for event, table in _phones.values():
        if event == event_id:
            counts[table] = counts.get(table, 0) + 1
    return counts


def room(kind, key):
    """The one room-naming rule: 'table:12', 'event:3'."""
    return f"{kind}:{key}"


def broadcast(kind, key, event, data, skip_sid=None):
    """The one way anything is sent to a room (a table's phones, or everything in an event)."""
    socketio.emit(event, data, to=room(kind, key), skip_sid=skip_sid)


def _table(data):
    """The table a message's join token leads to, or an error ack for the phone."""
    join_token = data.get("join_token") if isinstance(data, dict) else None
    table = lookups.find_table(get_db(), join_token)
    if table is not None:
        return table, None
    try:
        return ballots.find_table(get_db(), join_token), None
    except ballots.TableLinkError as error:
        return None, {"ok": False, "error": str(error), "stale_link": error.stale}


def ballot_ack(outcome):
    """A submission's outcome as the phone's acknowledgement."""
    if outcome.ok:
        return {"ok": True, "ballot": outcome.ballot, **({"duplicate": True} if outcome.status == "duplicate" else {})}
    ack = {"ok": False, "error": outcome.error}
    if outcome.status == "stale":
        ack.update(stale=True, current=outcome.ballot)
    elif outcome.status == "voting":
        ack["voting"] = outcome.voting
    elif outcome.problems:
        ack["problems"] = [{"field": p.field, "message": p.message} for p in outcome.problems]
    return ack


@socketio.on("join_table")
def join_table(data=None):
    """A table's phone sends its join token; it joins its table's and event's rooms and gets the table's state back."""
    table, error = _table(data)
    if error:
        return error
    join_room(room("table", table["id"]))
    join_room(room("event", table["event_id"]))
    _phones[request.sid] = (table["event_id"], table["number"])
    phone_links.joined(request.sid, data["join_token"])
    broadcast("projector", table["event_id"], "presence", {"tables": presence(table["event_id"])})
    return {"ok": True, "event_id": table["event_id"], "table": table["number"],
            "state": ballots.table_state(get_db(), table),
            "confidence": answers.phone_state(get_db(), table["event_id"], data.get("respondent")),
            "timer": _timer(table["event_id"])}


def _timer(event_id):
    """The event's countdown now, as phones get it."""
    return timer_message(lookups.get_event(get_db(), event_id)["display"], displays.now())


@socketio.on("disconnect")
def disconnect(*_reason):
    """A phone or screen went away; the control room's phone counts follow."""
    phone_links.left(request.sid)
    left = _phones.pop(request.sid, None)
    if left is not None:
        broadcast("projector", left[0], "presence", {"tables": presence(left[0])})


@socketio.on("draft_ops")
def draft_ops(data=None):
    """A phone sends changes to its table's draft as operations; the ack (the draft and what became of each) is its copy
    of the 'draft' that the table's other phones get."""
    table, error = _table(data)
    if error:
        return error
    outcome = drafts.apply(get_db(), table, data)
    if outcome.changed:
        # Not to the sender too: a second message straight after the ack waits ~40 ms on TCP's delayed ACK.
        broadcast("table", table["id"], "draft", outcome.broadcast(data["criterion"]), skip_sid=request.sid)
        table_status.changed(current_app._get_current_object(), table["event_id"])
    return outcome.ack()


@socketio.on("draft")
def draft(data=None):
    """A phone with an older page sends its table's whole draft; it is kept as one change setting every field ('draft_ops')."""
    table, error = _table(data)
    if error:
        return error
    outcome = drafts.save_whole(get_db(), table, data.get("criterion"), data.get("draft"), data.get("device_id", ""))
    if not outcome.ok or outcome.results[0].status == "refused":
        return {"ok": False, "error": outcome.error or f"This draft was not kept: {outcome.results[0].error}."}
    if outcome.changed:
        broadcast("table", table["id"], "draft", outcome.broadcast(data["criterion"]), skip_sid=request.sid)
        table_status.changed(current_app._get_current_object(), table["event_id"])
    return {"ok": True}


@socketio.on("submit_ballot")
def submit_ballot(data=None):
    """A phone submits its table's ballot; the ack says saved only once it is committed, then every phone at the table gets 'ballot_saved'."""
    table, error = _table(data)
    if error:
        return error
    outcome = ballots.submit(get_db(), table, data)
    if outcome.status == "stored":
        announce_ballot(table, outcome.ballot)
    return ballot_ack(outcome)


def announce_ballot(table, ballot):
    """Tell every phone at the table that a new ballot version is stored, and queue it for the projectors."""
    broadcast("table", table["id"], "ballot_saved", {"criterion": ballot["criterion"], "ballot": ballot})
    publisher.ballot_stored(get_db(), table["event_id"], table["number"], ballot)
    table_status.changed(current_app._get_current_object(), table["event_id"])


@socketio.on("submit_answers")
def submit_answers(data=None):
    """A delegate's phone sends their own confidence, what would help and risks; the ack says saved once committed."""
    table, error = _table(data)
    if error:
        return error
    outcome = answers.submit_room(get_db(), table, data)
    if outcome.status == "stored":
        publisher.answers_changed(current_app._get_current_object(), table["event_id"])
    return outcome.ack()


@socketio.on("confidence_state")
def confidence_state(data=None):
    """A delegate's phone asks for the confidence phase, the themes and its own answers (by its secret answer key)."""
    table, error = _table(data)
    if error:
        return error
    return {"ok": True, **answers.phone_state(get_db(), table["event_id"], data.get("respondent"))}


@socketio.on("identify")
def identify(data=None):
    """A delegate gives (or changes) their optional name and organisation; the ack says whether it was kept."""
    table, error = _table(data)
    if error:
        return error
    try:
        identity = answers.register(get_db(), table["event_id"], "room", data, table_number=table["number"])
    except AnswerError as refused:
        return {"ok": False, "error": "Not saved. Please fix:",
                "problems": [{"field": p.field, "message": p.message} for p in refused.problems]}
    return {"ok": True, **identity}


@socketio.on("join_projector")
def join_projector(data=None):
    """The projector or control room (signed-in facilitator) joins an event's results room; the ack is the full results.

    The control room sends control: true and also joins the room that gets hidden comments, marked, for moderation.
    """
    if session.get("facilitator") is not True:
        return {"ok": False, "error": "Sign in as the facilitator to show results."}
    event_id = data.get("event_id") if isinstance(data, dict) else None
    if not isinstance(event_id, int) or isinstance(event_id, bool) or store.get_event(get_db(), event_id) is None:
        return {"ok": False, "error": "There is no such event."}
    control = data.get("control") is True
    join_room(room("projector", event_id))
    if control:
        join_room(room("control", event_id))
    event = store.get_event(get_db(), event_id)
    voting = store.voting_states(get_db(), event_id)
    return {"ok": True, "results": publisher.snapshot(get_db(), event_id),
            "display": present(event["display"], voting, displays.now()), "voting": voting,
            "presence": presence(event_id),
            "confidence": answers.summary(get_db(), event_id, include_hidden=control)}


def announce_voting(event_id, changed, state):
    """Tell every phone and screen of an event that voting opened or closed on these criteria."""
    for criterion in changed:
        for kind in ("event", "projector"):
            broadcast(kind, event_id, "voting", {"criterion": criterion, "voting": state})
    table_status.changed(current_app._get_current_object(), event_id)


@socketio.on("watch_tables")
def watch_tables(data=None):
    """The control room (signed-in facilitator) asks where every table is; the ack is every cell and the phones
    connected, and 'table_status' then brings the cells that change, in batches."""
    if session.get("facilitator") is not True:
        return {"ok": False, "error": "Sign in as the facilitator to see the tables."}
    event_id = data.get("event_id") if isinstance(data, dict) else None
    if not isinstance(event_id, int) or isinstance(event_id, bool) or store.get_event(get_db(), event_id) is None:
        return {"ok": False, "error": "There is no such event."}
    join_room(room("control", event_id))
    return {"ok": True, "cells": table_status.cells(get_db(), event_id), "presence": presence(event_id)}


def announce_phase(event_id, phase):
    """Tell every phone and screen of an event that the confidence questions opened or closed, and what they ask about."""
    for kind in ("event", "projector"):
        broadcast(kind, event_id, "confidence_phase", {"phase": phase["state"], "about": phase["option"]})


def announce_themes(event_id):
    """Tell every phone the theme list changed (added, renamed, merged), and queue the screens' summaries."""
    db = get_db()
    broadcast("event", event_id, "themes", {"themes": answers.themes(db, event_id),
                                            "merged": {str(k): v for k, v in store.theme_merges(db, event_id).items()}})
    publisher.answers_changed(current_app._get_current_object(), event_id)


def announce_display(event_id, display):
    """Tell the projectors and control rooms what the projector shows now (the whole display, as presented)."""
    broadcast("projector", event_id, "display", display)


def announce_timer(event_id, timer):
    """Tell every phone of the event that the countdown was set, started, paused, reset or switched off."""
    broadcast("event", event_id, "timer", timer)


def nudge(table_id, message):
    """Show a reminder from the facilitator on every phone at one table."""
    broadcast("table", table_id, "nudge", {"message": message})


def announce_link_replaced(table_id, old_token, join_page):
    """Tell the phones still on a table's replaced link that its card was replaced, then let them go."""
    broadcast("table", table_id, "link_replaced", {
        "join_page": join_page,
        "message": f"This table's card was replaced. Scan the new card on your table, or type its code at {join_page}.",
    })
    # Only phones that joined with the old token are let go: any phone on the new link stays in the table's room.
    phone_links.let_go(old_token)
