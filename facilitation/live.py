"""The live layer: Socket.IO events and rooms, and everything sent to phones and screens.

Handlers parse a message, call one service and reply; each handler's docstring says who sends it and what goes
back to whom (docs/live-protocol.md). Services announce what they changed with domain signals (signals.py); this
module alone listens (init_app connects its receivers for one app) and emits: at once to a table's phones, in
batches at most every publisher.INTERVAL to projectors and control rooms (sending.py sends the batches).
"""
import functools

from flask import current_app, request, session
from flask_socketio import join_room, leave_room

from . import answers, ballots, displays, drafts, lookups, phone_links, presence as phones, publisher, results, signals
from . import batches, facilitator_sockets, hall, hall_bus, sending, socketio, store, table_status
from .ballots import ballot_ack
from .db import get_db
from .domain.closing import closed_message
from .domain.confidence import AnswerError
from .domain.display import present, timer_message
from .domain.joining import looks_like_join_token, phone_field_problem
from .domain.payload import PayloadError, check_payload
from .rooms import broadcast, room


def init_app(app):
    """Give the app its own outbox and phone count, and listen to its services' signals (only this app's).

    With a message queue the outbox is the hall's (batches.py): one process sends each event's batches."""
    app.extensions["outbox"] = batches.HallOutbox(app) if hall.url(app) else publisher.Outbox()
    phones.init_app(app, announce=_presence_changed)
    hall_bus.init_app(app, {"link_replaced": _let_go_of_link, "sessions_ended": _let_go_of_sessions})
    for signal, receiver in RECEIVERS.items():
        signal.connect(receiver, sender=app)


def presence(event_id):
    """How many phones are connected at each table of an event (in every process of the hall)."""
    return phones.counts(event_id)


def _presence_changed(event_id, tables):
    """The projectors and control rooms of an event get its phones per table."""
    broadcast("projector", event_id, "presence", {"tables": tables})


def checked(handler):
    """Every event's first check (a payload nested too deep, or text that is not text) and last (the database too busy).

    Both are refused in plain words, as {"ok": false, "error"}, and nothing is saved.
    """
    # Whatever else is wrong is the event's own rules' to say (the domain's parsers), always as {"ok": false, "error"}.
    @functools.wraps(handler)
    def receive(data=None, *_extra):
        try:
            check_payload(data)
        except PayloadError as error:
            return {"ok": False, "error": str(error)}
        try:
            return handler(data)
        except store.DatabaseBusy as error:   # another process held the write lock too long: nothing was saved
            return {"ok": False, "error": str(error), "busy": True}
    return receive


def _table(data):
    """The table a message's join token leads to, or an error ack for the phone."""
    join_token = data.get("join_token") if isinstance(data, dict) else None
    try:
        if not looks_like_join_token(join_token):
            raise ballots.TableLinkError(stale=False)
        table = ballots.find_table(get_db(), join_token)
    except ballots.TableLinkError as error:
        return None, {"ok": False, "error": str(error), "stale_link": error.stale}
    problem = phone_field_problem(data)
    if problem:
        return None, {"ok": False, "error": problem}
    return table, None


@socketio.on("join_table")
@checked
def join_table(data=None):
    """A table's phone sends its join token; it joins its table's and event's rooms and gets the table's state back."""
    table, error = _table(data)
    if error:
        return error
    join_room(room("table", table["id"]))
    join_room(room("event", table["event_id"]))
    # Recorded with the rooms, before anything here can yield: a New link pressed meanwhile must find this phone.
    phone_links.joined(request.sid, data["join_token"], table)
    for event_id, tables in phones.joined(request.sid, table["event_id"], table["number"]):
        _presence_changed(event_id, tables)
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
    facilitator_sockets.left(request.sid)
    for event_id, tables in phones.left(request.sid):
        _presence_changed(event_id, tables)


@socketio.on("draft_ops")
@checked
def draft_ops(data=None):
    """A phone sends changes to its table's draft as operations; the ack (the draft and what became of each) is its copy
    of the 'draft' that the table's other phones get."""
    table, error = _table(data)
    if error:
        return error
    return drafts.apply(get_db(), table, data, origin=request.sid).ack()


@socketio.on("draft")
@checked
def draft(data=None):
    """A phone with an older page sends its table's whole draft; it is kept as one change setting every field ('draft_ops')."""
    table, error = _table(data)
    if error:
        return error
    outcome = drafts.save_whole(get_db(), table, data.get("criterion"), data.get("draft"), data.get("device_id", ""),
                                origin=request.sid)
    if not outcome.ok or outcome.results[0].status == "refused":
        return {"ok": False, "error": outcome.error or f"This draft was not kept: {outcome.results[0].error}."}
    return {"ok": True}


@socketio.on("submit_ballot")
@checked
def submit_ballot(data=None):
    """A phone submits its table's ballot; the ack says saved only once it is committed, then every phone at the table gets 'ballot_saved'."""
    table, error = _table(data)
    if error:
        return error
    return ballot_ack(ballots.submit(get_db(), table, data))


@socketio.on("submit_answers")
@checked
def submit_answers(data=None):
    """A delegate's phone sends their own confidence, what would help and risks; the ack says saved once committed."""
    table, error = _table(data)
    if error:
        return error
    return answers.submit_room(get_db(), table, data).ack()


@socketio.on("confidence_state")
@checked
def confidence_state(data=None):
    """A delegate's phone asks for the confidence phase, the themes and its own answers (by its secret answer key)."""
    table, error = _table(data)
    if error:
        return error
    return {"ok": True, **answers.phone_state(get_db(), table["event_id"], data.get("respondent"))}


@socketio.on("identify")
@checked
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


@socketio.on("watch_survey")
@checked
def watch_survey(data=None):
    """A survey page sends its survey token; it joins its event's survey room (to hear 'event_closed') and the ack says
    whether the event is closed now, with the plain message."""
    token = data.get("survey_token") if isinstance(data, dict) else None
    found = answers.find_survey(get_db(), token)
    if found is None:
        return {"ok": False, "error": "We don't recognise this survey link."}
    event_id = found[0]
    join_room(room("survey", event_id))
    closed = lookups.get_event(get_db(), event_id)["closed"]
    return {"ok": True, "closed": closed, "message": closed_message(closed) if closed else ""}


def _event_id(data):
    """The event a screen's message names, if it exists: a whole number SQLite can hold (2**70 is none of ours)."""
    event_id = data.get("event_id") if isinstance(data, dict) else None
    if not isinstance(event_id, int) or isinstance(event_id, bool) or not 0 < event_id < 2 ** 63:
        return None
    return event_id if store.get_event(get_db(), event_id) is not None else None


@socketio.on("join_projector")
@checked
def join_projector(data=None):
    """The projector or control room (signed-in facilitator) joins an event's results room; the ack is the full results.

    The control room sends control: true and also joins the room that gets hidden comments, marked, for moderation.
    """
    if not facilitator_sockets.admit(get_db(), request.sid, session.get("facilitator_session")):
        return {"ok": False, "error": "Sign in as the facilitator to show results."}
    event_id = _event_id(data)
    if event_id is None:
        return {"ok": False, "error": "There is no such event."}
    if not isinstance(data.get("control", False), (bool, type(None))):
        return {"ok": False, "error": "control must be true or false; nothing was changed."}
    control = data.get("control") is True
    sending.watch(current_app._get_current_object())   # a process with screens makes sure some process sends their batches
    join_room(room("projector", event_id))
    if control:
        join_room(room("control", event_id))
    event = store.get_event(get_db(), event_id)
    voting = store.voting_states(get_db(), event_id)
    return {"ok": True, "results": results.room_results(get_db(), event_id),
            "display": present(event["display"], voting, displays.now()), "voting": voting,
            "presence": presence(event_id),
            "confidence": answers.summary(get_db(), event_id, include_hidden=control)}


@socketio.on("watch_tables")
@checked
def watch_tables(data=None):
    """The control room (signed-in facilitator) asks where every table is; the ack is every cell and the phones
    connected, and 'table_status' then brings the cells that change, in batches."""
    if not facilitator_sockets.admit(get_db(), request.sid, session.get("facilitator_session")):
        return {"ok": False, "error": "Sign in as the facilitator to see the tables."}
    event_id = _event_id(data)
    if event_id is None:
        return {"ok": False, "error": "There is no such event."}
    join_room(room("control", event_id))
    return {"ok": True, "cells": table_status.cells(get_db(), event_id), "presence": presence(event_id)}


# ---------------------------------------------------------------- what services announce, sent on

def _ballot_stored(app, event_id, table, ballot):
    """Every phone at the table hears of the new ballot version at once; the projectors and control room in a batch.

    The control room also hears at once which table's notes may have changed (its notes panel fetches itself again).
    """
    broadcast("table", table["id"], "ballot_saved", {"criterion": ballot["criterion"], "ballot": ballot})
    # A first version without notes changes nothing in the panel; a later one may have removed some.
    if ballot["notes"] or ballot["version"] > 1:
        broadcast("control", event_id, "table_notes", {"criterion": ballot["criterion"], "table": table["number"],
                                                       "notes": ballot["notes"], "submitted_at": ballot["submitted_at"]})
    sending.queued(app, sending.outbox_of(app).ballot(event_id, ballot["criterion"], table["number"]))


def _draft_changed(app, table, criterion, message, origin=None):
    """The table's other phones get the changed draft; the control room's statuses follow in a batch."""
    # Not to the sender too: a second message straight after the ack waits ~40 ms on TCP's delayed ACK.
    broadcast("table", table["id"], "draft", message, skip_sid=origin)
    sending.queued(app, sending.outbox_of(app).statuses_changed(table["event_id"]))


def _voting_changed(app, event_id, criteria, state):
    """Every phone and screen of the event hears that voting opened or closed on these criteria."""
    for criterion in criteria:
        for kind in ("event", "projector"):
            broadcast(kind, event_id, "voting", {"criterion": criterion, "voting": state})
    sending.queued(app, sending.outbox_of(app).statuses_changed(event_id))


def _answers_changed(app, event_id):
    """The screens' confidence summaries go in the next batch (answers arrived, or the facilitator moderated)."""
    sending.queued(app, sending.outbox_of(app).answers_changed(event_id))


def _phase_changed(app, event_id, phase):
    """Every phone and screen hears that the confidence questions opened or closed, and what they ask about."""
    for kind in ("event", "projector"):
        broadcast(kind, event_id, "confidence_phase", {"phase": phase["state"], "about": phase["option"]})
    _answers_changed(app, event_id)


def _themes_changed(app, event_id):
    """Every phone gets the theme list (added, renamed, merged, removed); the screens' summaries follow in a batch."""
    db = get_db()
    broadcast("event", event_id, "themes", {"themes": answers.themes(db, event_id),
                                            "merged": {str(k): v for k, v in store.theme_merges(db, event_id).items()}})
    _answers_changed(app, event_id)


def _display_changed(app, event_id, display, timer=None):
    """The projectors and control rooms get what the projector shows now; phones get the countdown if it changed."""
    broadcast("projector", event_id, "display", display)
    if timer is not None:
        broadcast("event", event_id, "timer", timer)


def _definition_changed(app, event_id, deleted=False):
    """Nothing queued or last sent for the event still holds once its definition changed (or it was deleted)."""
    sending.outbox_of(app).forget(event_id)


def _weights_changed(app, event_id):
    """New weights or rule re-rank every option: the projectors and control rooms get the full results at once (as
    join_projector's ack has them), so the strongest option and the totals change together on every screen."""
    broadcast("projector", event_id, "results", results.room_results(get_db(), event_id))


def _link_replaced(app, table_id, old_token, join_page):
    """Every process of the hall lets go of its phones on a table's replaced link (this one at once)."""
    hall_bus.publish(app, "link_replaced", {"old_token": old_token, "join_page": join_page})


def _let_go_of_link(app, data):
    """Tell each phone of this process on a replaced link; it leaves the table's and event's rooms, and is let go."""
    old_token, join_page = data["old_token"], data["join_page"]
    if not looks_like_join_token(old_token) or not isinstance(join_page, str):
        raise ValueError("a join token and a join page")
    message = {"join_page": join_page,
               "message": f"This table's card was replaced. Scan the new card on your table, or type its code at "
                          f"{join_page}."}
    # Only sockets that joined with the old token: a phone on the new link stays in the table's room.
    for phone in phone_links.let_go(old_token):
        socketio.emit("link_replaced", message, to=phone.sid)
        leave_room(room("table", phone.table_id), sid=phone.sid, namespace="/")
        if phone.leaves_event:
            leave_room(room("event", phone.event_id), sid=phone.sid, namespace="/")
        if phone.last:
            # The server ends the connection, so the phone's client does not reconnect by itself; the disconnect
            # handler updates the phones-per-table counts.
            socketio.server.disconnect(phone.sid, namespace="/")
    # Nothing goes to the table's room: every process let go of its own phones on the old link, and a phone joining
    # now finds the link stale (the new one was committed before this was sent).


def _nudged(app, table_id, message):
    """Show a reminder from the facilitator on every phone at one table."""
    broadcast("table", table_id, "nudge", {"message": message})


def _event_closed(app, event_id, closed):
    """Every phone, survey page and screen of the event hears that it was closed (with the plain message) or reopened."""
    message = {"closed": closed, "message": closed_message(closed) if closed else ""}
    for kind in ("event", "survey", "projector"):
        broadcast(kind, event_id, "event_closed", message)
    sending.queued(app, sending.outbox_of(app).statuses_changed(event_id))


def _sessions_ended(app, keys):
    """The projectors and control rooms opened with an ended session (signed out, a new password) are let go at once,
    in every process of the hall."""
    hall_bus.publish(app, "sessions_ended", {"keys": list(keys)})


def _let_go_of_sessions(app, data):
    """This process's projectors and control rooms opened with these (ended) sessions are let go."""
    keys = data["keys"]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError("a list of session keys")
    facilitator_sockets.let_go(app, keys)


RECEIVERS = {
    signals.ballot_stored: _ballot_stored, signals.draft_changed: _draft_changed,
    signals.voting_changed: _voting_changed, signals.answers_changed: _answers_changed,
    signals.phase_changed: _phase_changed, signals.themes_changed: _themes_changed,
    signals.display_changed: _display_changed, signals.definition_changed: _definition_changed,
    signals.weights_changed: _weights_changed,
    signals.link_replaced: _link_replaced, signals.nudged: _nudged, signals.event_closed: _event_closed,
    # A response to a theme is part of the summary the screens get: it goes in their next batch.
    signals.theme_response_changed: _answers_changed,
    signals.sessions_ended: _sessions_ended,
}
