"""A bare Socket.IO relay: the table protocol's messages with no database, the floor the real server is measured against.

Started by benchmarks/load.py in the same run as the real server, on another port:
  .venv/bin/python benchmarks/bare_relay.py --port PORT --spec SPEC.json [--message-queue redis://…]
SPEC is written by load.py: the event (title, scoring, options, criteria, themes) and every table's join token.
With --message-queue several relays share their broadcasts through Redis (Flask-SocketIO's message_queue), as
server.py does with SOCKETIO_MESSAGE_QUEUE; each keeps its own dicts (a floor for the transport, not a shared store).

It runs exactly as server.py serves (gevent, the standard library monkey-patched first, Flask-SocketIO with the same
ping_timeout and max_http_buffer_size as facilitation/__init__.py, Nagle off per connection as facilitation/tcp.py),
and answers the same message names with acks of a similar size, from dicts in memory:
  join_table        joins the table's and the event's rooms, tells the projector room the presence, acks the state
  draft_ops         keeps the draft, relays 'draft' to the table's other phones, acks the draft
  submit_ballot     acks the ballot, 'ballot_saved' to the table, a 'results' row to the projector room at once
  confidence_state  acks the phase, the themes and the phone's own answers
  submit_answers    keeps them, acks them
  join_projector    joins the projector room (and with control: true the control room; no sign-in check), acks empty
                    results
  watch_tables      joins the control room, acks no cells
  POST /api/events/<id>/confidence   opens the questions: 'confidence_phase' to the event's phones and projectors
Not part of the test suite and not part of the app.
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402
from gevent import pywsgi  # noqa: E402


class NoDelayHandler(pywsgi.WSGIHandler):
    """gevent's request handler with TCP_NODELAY, as facilitation/tcp.py (copied: the relay imports nothing of the app)."""

    def handle(self):
        with contextlib.suppress(OSError):
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def create(spec, message_queue=None):
    """The relay app and its SocketIO, serving the event described by spec (its broadcasts through the queue, if any)."""
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", ping_timeout=30, max_http_buffer_size=64 * 1024,
                        message_queue=message_queue)
    event_id = spec["event_id"]
    tables = spec["tables"]               # join token -> {"number", "criteria": [codes]}
    drafts, ballots, answers, presence = {}, {}, {}, {}
    phones = {}                           # sid -> table number
    phase = {"state": "waiting", "about": None}
    options = [{"code": o["code"], "title": o["title"]} for o in spec["options"]]
    criteria = {c["code"]: c for c in spec["criteria"]}
    themes = [{"id": i + 1, "name": name} for i, name in enumerate(spec["themes"])]

    def table_of(data):
        table = tables.get(data.get("join_token")) if isinstance(data, dict) else None
        return table, None if table else {"ok": False, "error": "There is no table with this link.", "stale_link": False}

    def phone_state(token):
        return {"phase": phase["state"], "about": phase["about"], "themes": themes, "ask_identity": False,
                "mine": answers.get(token)}

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    @app.post("/api/events/<int:event>/confidence")
    def open_questions(event):
        body = request.get_json(silent=True) or {}
        phase.update(state=body.get("phase", "open"), about=body.get("about"))
        message = {"phase": phase["state"], "about": {"code": phase["about"], "title": phase["about"]}}
        for kind in ("event", "projector"):
            socketio.emit("confidence_phase", message, to=f"{kind}:{event}")
        return {"phase": phase["state"], "about": phase["about"]}

    @socketio.on("join_table")
    def join_table(data=None):
        table, error = table_of(data)
        if error:
            return error
        join_room(f"table:{table['number']}")
        join_room(f"event:{event_id}")
        phones[request.sid] = table["number"]
        presence[table["number"]] = presence.get(table["number"], 0) + 1
        socketio.emit("presence", {"tables": presence}, to=f"projector:{event_id}")
        state = {
            "event": {"id": event_id, "title": spec["title"], "scoring": spec["scoring"]},
            "table": {"number": table["number"], "name": f"Table {table['number']}"},
            "options": options,
            "criteria": [{"code": code, "working_title": criteria[code]["working_title"],
                          "title": criteria[code]["title"], "voting": "open",
                          "ballot": ballots.get((table["number"], code)), "draft": drafts.get((table["number"], code))}
                         for code in table["criteria"]],
        }
        return {"ok": True, "event_id": event_id, "table": table["number"], "state": state,
                "confidence": phone_state(data.get("respondent")),
                "timer": {"duration": None, "remaining": None, "ends_at": None, "running": False}}

    @socketio.on("disconnect")
    def disconnect(*_reason):
        number = phones.pop(request.sid, None)
        if number is not None:
            presence[number] -= 1
            socketio.emit("presence", {"tables": presence}, to=f"projector:{event_id}")

    @socketio.on("draft_ops")
    def draft_ops(data=None):
        table, error = table_of(data)
        if error:
            return error
        key = (table["number"], data.get("criterion"))
        draft = drafts.get(key) or {"ranking": [], "points": {}, "ruled_out": [], "revision": 0}
        applied = []
        for op in data.get("ops") or []:
            if op.get("op") == "set_draft":
                draft = {**draft, **op["draft"]}
            elif op.get("op") == "add_points":
                draft["points"] = {**draft["points"], op["option"]: draft["points"].get(op["option"], 0) + op["delta"]}
            applied.append(op.get("id"))
        draft = {**draft, "revision": draft["revision"] + len(applied), "updated_at": now(),
                 "updated_by": data.get("device_id", "")}
        drafts[key] = draft
        socketio.emit("draft", {"criterion": key[1], "draft": draft, "applied": applied},
                      to=f"table:{table['number']}", skip_sid=request.sid)
        return {"ok": True, "draft": draft, "applied": applied, "duplicate": [], "refused": []}

    @socketio.on("submit_ballot")
    def submit_ballot(data=None):
        table, error = table_of(data)
        if error:
            return error
        key = (table["number"], data.get("criterion"))
        ballot = {"criterion": key[1], "version": (ballots.get(key) or {"version": 0})["version"] + 1,
                  "ranking": data.get("ranking"), "points": data.get("points"), "ruled_out": data.get("ruled_out"),
                  "submission_id": data.get("submission_id"), "submitted_at": now(),
                  "submitted_by": data.get("device_id", ""), "warnings": []}
        ballots[key] = ballot
        socketio.emit("ballot_saved", {"criterion": key[1], "ballot": ballot}, to=f"table:{table['number']}")
        socketio.emit("results", {"rows": [{"criterion": key[1], "table": table["number"], "submitted": True,
                                            "cells": ballot["points"]}]}, to=f"projector:{event_id}")
        return {"ok": True, "ballot": ballot}

    @socketio.on("confidence_state")
    def confidence_state(data=None):
        table, error = table_of(data)
        if error:
            return error
        return {"ok": True, **phone_state(data.get("respondent"))}

    @socketio.on("submit_answers")
    def submit_answers(data=None):
        table, error = table_of(data)
        if error:
            return error
        token = data.get("respondent")
        mine = {"confidence": data.get("confidence"), "would_help": data.get("would_help", ""),
                "version": (answers.get(token) or {"version": 0})["version"] + 1, "name": "", "organisation": "",
                "risks": data.get("risks", [])}
        answers[token] = mine
        return {"ok": True, "answers": mine}

    @socketio.on("join_projector")
    def join_projector(data=None):
        join_room(f"projector:{event_id}")
        if isinstance(data, dict) and data.get("control") is True:
            join_room(f"control:{event_id}")
        return {"ok": True, "results": {}, "display": {}, "voting": {}, "presence": presence, "confidence": {}}

    @socketio.on("watch_tables")
    def watch_tables(data=None):
        join_room(f"control:{event_id}")
        return {"ok": True, "cells": [], "presence": presence}

    return app, socketio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spec", required=True, help="the event and its tables, as benchmarks/load.py writes it")
    parser.add_argument("--message-queue", help="share broadcasts with other relays through this Redis (redis://…)")
    args = parser.parse_args()
    with open(args.spec) as f:
        app, socketio = create(json.load(f), args.message_queue)
    print(f"Bare relay listening on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=False, handler_class=NoDelayHandler)


if __name__ == "__main__":
    main()
