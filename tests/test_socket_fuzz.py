"""Malformed payloads of every JSON type to every Socket.IO event, against the real server and real clients.

Every call gets a reply, {"ok": false, "error": plain words}; the server's log has no traceback; nothing stored changes.
"""
import sqlite3
import time

import pytest
import requests
import socketio

from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event
from .test_projector_live import facilitator_cookie

pytestmark = [pytest.mark.server, pytest.mark.timeout(120)]

# One value of every JSON type, and the awkward ones of each: a huge integer, a lone surrogate, 40 levels deep.
NESTED = []
for _ in range(40):
    NESTED = [NESTED]
EVERY_TYPE = {"null": None, "true": True, "false": False, "zero": 0, "negative": -1, "huge": 2 ** 70, "float": 1.5,
              "empty text": "", "text": "x", "surrogate": "\ud800", "list": [], "list of one": ["1"], "object": {},
              "object of one": {"a": 1}, "nested": NESTED}
RESPONDENT = "fuzz-respondent-0000000001"

# Each event with a payload that would be taken, and the JSON type each of its fields must have (a field is then
# sent with every value of another type: each must be refused, whatever it is).
# A field that may be left out may also be null ("not given"): OPTIONAL keeps null among its right values.
TEXT, OPTIONAL, WHOLE, LIST, OBJECT, CHOICE, FLAG = ("text", "optional text", "whole", "list", "object", "choice",
                                                     "true or false")


def valid_payloads(join_token, survey_token, event_id):
    """Per event: (a payload that is acceptable in shape, {field: its JSON type})."""
    ballot = {"join_token": join_token, "criterion": "access", "ranking": ["1", "2"], "points": {"1": 6, "2": 4},
              "ruled_out": [], "base_version": 0, "submission_id": "fuzz-ballot-01", "device_id": "fuzz-phone",
              "notes": "Fine"}
    answers_ = {"join_token": join_token, "respondent": RESPONDENT, "submission_id": "fuzz-answers-01",
                "confidence": "more", "would_help": "A timetable", "would_help_theme": None,
                "risks": [{"text": "A risk", "theme": "other"}], "name": "Ann", "organisation": "Org"}
    return {
        "join_table": ({"join_token": join_token, "device_id": "fuzz-phone", "respondent": RESPONDENT},
                       {"join_token": TEXT, "device_id": OPTIONAL, "respondent": OPTIONAL}),
        "draft_ops": ({"join_token": join_token, "criterion": "access", "device_id": "fuzz-phone",
                       "ops": [{"id": "fuzz-op-0001", "op": "set_points", "option": "1", "value": 3}]},
                      {"join_token": TEXT, "criterion": TEXT, "device_id": TEXT, "ops": LIST}),
        "draft": ({"join_token": join_token, "criterion": "access", "device_id": "fuzz-phone",
                   "draft": {"ranking": ["1", "2"], "points": {"1": 5, "2": 5}, "ruled_out": []}},
                  {"join_token": TEXT, "criterion": TEXT, "device_id": TEXT, "draft": OBJECT}),
        "submit_ballot": (ballot, {"join_token": TEXT, "criterion": TEXT, "ranking": LIST, "points": OBJECT,
                                   "ruled_out": LIST, "base_version": WHOLE, "submission_id": TEXT,
                                   "device_id": TEXT, "notes": OPTIONAL}),
        "submit_answers": (answers_, {"join_token": TEXT, "respondent": TEXT, "submission_id": TEXT,
                                      "confidence": CHOICE, "would_help": OPTIONAL, "risks": LIST, "name": OPTIONAL,
                                      "organisation": OPTIONAL}),
        "confidence_state": ({"join_token": join_token, "respondent": RESPONDENT},
                             {"join_token": TEXT, "respondent": OPTIONAL}),
        "identify": ({"join_token": join_token, "respondent": RESPONDENT, "name": "Ann", "organisation": "Org"},
                     {"join_token": TEXT, "respondent": TEXT, "name": OPTIONAL, "organisation": OPTIONAL}),
        "watch_survey": ({"survey_token": survey_token}, {"survey_token": TEXT}),
        "join_projector": ({"event_id": event_id, "control": True}, {"event_id": WHOLE, "control": FLAG}),
        "watch_tables": ({"event_id": event_id}, {"event_id": WHOLE}),
    }


def wrong_values(kind):
    """The values of every other JSON type than kind (and, for text, text that is not text)."""
    keep = {TEXT: ("text", "empty text"), OPTIONAL: ("text", "empty text", "null"), WHOLE: ("zero",), LIST: ("list", "list of one"),
            OBJECT: ("object", "object of one"), CHOICE: ("text", "true"), FLAG: ("true", "false", "null")}[kind]
    return {name: value for name, value in EVERY_TYPE.items() if name not in keep}


def cases(join_token, survey_token, event_id):
    """(event, case name, payload) for every event: the payload as every JSON type, then each field as every wrong type."""
    for event, (payload, fields) in valid_payloads(join_token, survey_token, event_id).items():
        for name, value in EVERY_TYPE.items():
            yield event, f"payload {name}", value
        for field, kind in fields.items():
            for name, value in wrong_values(kind).items():
                yield event, f"{field} {name}", {**payload, field: value}
        for name, value in EVERY_TYPE.items():
            if name not in ("text", "empty text") and "join_token" in payload:
                # An unknown link of every type, the rest of the payload as a phone sends it.
                yield event, f"bad link {name}", {**payload, "join_token": value}
        if "join_token" in payload:
            yield event, "unknown link", {**payload, "join_token": "x" * 24}
            # Under the transport's 64 KB buffer (a larger message closes the connection before any handler sees it).
            yield event, "link of 50 KB", {**payload, "join_token": "x" * 50_000}
    for event, case, payload in inner_cases(join_token):
        yield event, case, payload


def inner_cases(join_token):
    """Wrong types one level down: in a ballot's points, a change's fields, a risk's text and theme."""
    ballot, fields = valid_payloads(join_token, "", 1)["submit_ballot"]
    for name, value in EVERY_TYPE.items():
        if name not in ("zero",):
            yield "submit_ballot", f"points of {name}", {**ballot, "points": {"1": value, "2": 4}}
        if name not in ("text",):
            yield "submit_ballot", f"ranking of {name}", {**ballot, "ranking": [value, "2"]}
            yield "submit_ballot", f"ruled out {name}", {**ballot, "ruled_out": [value]}
    ops, _ = valid_payloads(join_token, "", 1)["draft_ops"]
    for op, field, keep in (("set_points", "value", ("zero", "null")), ("add_points", "delta", ("negative",)),
                            ("move", "to_index", ("zero",)), ("set_points", "option", ("text", "empty text")),
                            ("set_points", "id", ()), ("set_draft", "draft", ("object", "object of one"))):
        for name, value in EVERY_TYPE.items():
            if name not in keep:
                change = {"id": f"fuzz-op-{op}-{field}-{name.replace(' ', '-')}", "op": op, "option": "1", {"set_points": "value", "add_points": "delta",
                          "move": "to_index", "set_draft": "draft"}[op]: 1, field: value}
                if op == "set_draft":
                    change.pop("option")
                yield "draft_ops", f"{op} {field} {name}", {**ops, "ops": [change]}
    answers_, _ = valid_payloads(join_token, "", 1)["submit_answers"]
    for name, value in EVERY_TYPE.items():
        if name not in ("text",):
            yield "submit_answers", f"risk text {name}", {**answers_, "risks": [{"text": value, "theme": "other"}]}
        yield "submit_answers", f"risk theme {name}", {**answers_, "risks": [{"text": "A risk", "theme": value}]}
        if name not in ("null", "empty text"):  # both are "in general"
            yield "submit_answers", f"would help theme {name}", {**answers_, "would_help_theme": value}
        if name not in ("list", "null"):  # null: nothing scored
            yield "submit_answers", f"scoring {name}", {**answers_, "scoring": value}


def dump(path):
    """Every row of every table, in order: what must not change."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names}
    finally:
        connection.close()


def refused(reply):
    """Whether a reply refuses in plain words: {"ok": false, "error"}, or a draft change whose every op was refused."""
    if isinstance(reply, dict) and reply.get("ok") is True and reply.get("refused") and not reply.get("applied"):
        return all(isinstance(r.get("error"), str) and r["error"] for r in reply["refused"])
    return (isinstance(reply, dict) and reply.get("ok") is False and isinstance(reply.get("error"), str)
            and bool(reply["error"]) and "Traceback" not in reply["error"])


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the minimal event, voting and the confidence questions open."""
    instance = tmp_path_factory.mktemp("fuzz-instance")
    with serve_event(instance, EVENTS_DIR / "minimal.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        base = f"{server.url}/api/events/{server.event_id}"
        assert requests.post(f"{base}/voting", headers=server.api_headers, json={"criterion": None, "voting": "open"},
                             timeout=10).ok
        assert requests.post(f"{base}/confidence", headers=server.api_headers, json={"phase": "open", "about": "1"},
                             timeout=10).ok
        server.db_path = instance / "facilitation.db"
        with sqlite3.connect(server.db_path) as connection:
            server.survey_token = connection.execute("SELECT survey_token FROM events").fetchone()[0]
        yield server


def run(live, all_cases, cookie=None):
    """Send every case on one real client; (calls made, seconds taken, unanswered, not refused, the server's log)."""
    log_start = len(live.output())
    client = socketio.SimpleClient()
    client.connect(live.url, transports=["websocket"], headers={"Cookie": cookie} if cookie else {}, wait_timeout=10)
    started, unanswered, accepted, count = time.monotonic(), [], [], 0
    try:
        for event, case, payload in all_cases:
            count += 1
            try:
                reply = client.call(event, payload, timeout=3)
            except socketio.exceptions.TimeoutError:
                unanswered.append((event, case))
                if len(unanswered) >= 5:
                    break  # the rest would each wait the whole timeout: enough to see what fails
                continue
            if not refused(reply):
                accepted.append((event, case, reply))
    finally:
        client.disconnect()
    took = time.monotonic() - started
    log = "\n".join(line for line in live.output()[log_start:].splitlines() if '"GET /' not in line)
    return count, took, unanswered, accepted, log


def check(live, all_cases, cookie=None):
    """Every case answered and refused in plain words, no traceback in the log, nothing stored changed; the count."""
    before = dump(live.db_path)
    count, took, unanswered, accepted, log = run(live, all_cases, cookie)
    assert not unanswered, f"{len(unanswered)} of {count} calls got no reply: {unanswered[:20]}\n{log[-6000:]}"
    assert not accepted, (f"{len(accepted)} of {count} malformed payloads were not refused: "
                          f"{[(event, case) for event, case, _ in accepted]} {accepted[:3]}")
    assert "Traceback" not in log, log[-6000:]
    after = dump(live.db_path)
    assert after == before, {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    assert took < 40, (count, took)
    return count


FACILITATOR_EVENTS = ("join_projector", "watch_tables")


def test_every_malformed_payload_to_every_event_is_refused_in_plain_words_and_changes_nothing(live):
    every = list(cases(live.tables[0]["join_token"], live.survey_token, live.event_id))
    assert check(live, every) > 900  # a phone (not signed in): the facilitator's events refuse it before all else


def test_a_signed_in_facilitator_s_malformed_payloads_are_refused_too(live):
    theirs = [case for case in cases(live.tables[0]["join_token"], live.survey_token, live.event_id)
              if case[0] in FACILITATOR_EVENTS]
    assert check(live, theirs, facilitator_cookie(live)) > 40


def test_a_message_over_the_transport_s_64_kb_closes_that_connection_only_and_leaves_no_traceback(live):
    log_start = len(live.output())
    client = socketio.SimpleClient()
    client.connect(live.url, transports=["websocket"], wait_timeout=10)
    try:
        with pytest.raises(socketio.exceptions.TimeoutError):
            client.call("join_table", {"join_token": "x" * 100_000}, timeout=2)
        # The server dropped that connection; the client reconnects by itself and is answered again.
        deadline, reply = time.monotonic() + 15, None
        while reply is None and time.monotonic() < deadline:
            try:
                reply = client.call("join_table", {"join_token": live.tables[1]["join_token"]}, timeout=3)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError):
                time.sleep(0.2)
        assert reply is not None and reply["ok"] is True
    finally:
        client.disconnect()
    assert "Traceback" not in live.output()[log_start:]
