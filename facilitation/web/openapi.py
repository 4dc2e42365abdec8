"""The OpenAPI 3.1 document for /api, with the event file's JSON Schema taken from the validator itself."""
import copy
import functools

from ..domain.display import ADVANCE_RANGE, ALL_VIEWS, CYCLE, MOST_PAGES, SOURCES, THEMES, TIMER_RANGE
from . import openapi_paper
from ..domain.event import EVENT_SCHEMA
from ..exports import NAMES as EXPORT_NAMES, XLSX
from . import openapi_analysis, openapi_check_in, openapi_closing
from . import openapi_themes


def _json(schema_ref, description):
    """A JSON response or request body of one schema."""
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


ERROR = "#/components/schemas/Error"
PROBLEMS = "#/components/schemas/DefinitionProblems"
UNAUTHORISED = {"401": _json(ERROR, "No valid bearer token was sent.")}
NO_EVENT = {"404": _json(ERROR, "There is no such event.")}
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
JOIN_TOKEN = {"name": "join_token", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "The last part of the table's join link; it is the table's credential."}
NO_SURVEY = {"404": _json(ERROR, "No survey has this link.")}
SURVEY_TOKEN = {"name": "survey_token", "in": "path", "required": True, "schema": {"type": "string"},
                "description": "The last part of the survey link (the event's, or an invitee's personal one)."}
ANSWER_RESPONSES = {
    "201": _json("#/components/schemas/AnswersSaved", "Stored as this person's next version."),
    "200": _json("#/components/schemas/AnswersSaved", "This submission_id was already stored; the stored answers."),
    "400": _json(ERROR, "The body is not a JSON object."),
    "409": _json("#/components/schemas/AnswersRefused",
                 "The questions are closed (status closed), or the answer key is someone else's (status not_yours)."),
    "413": _json("#/components/schemas/AnswersRefused", "Larger than 48 KB."),
    "422": _json("#/components/schemas/AnswersRefused", "Rules broken; nothing stored."),
}
NO_TABLE = {
    "404": _json(ERROR, "No table has this join link."),
    "410": _json(ERROR, "This join link was replaced by a new one."),
}
CODES = {"type": "array", "items": {"type": "string"}}
TABLE_NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}


DISPLAY = "#/components/schemas/Display"
VIEW = {"enum": list(CYCLE), "description": "join: the full-screen How to join; the others are results views."}
PAGE = {"type": "integer", "minimum": 1, "maximum": MOST_PAGES}
TIMER = {
    "type": "object", "required": ["duration", "remaining", "ends_at", "running"],
    "properties": {
        "duration": {"type": "integer", "description": "The countdown's length in seconds; 0 when there is no timer."},
        "remaining": {"type": "number", "description": "Seconds left at the moment this was sent."},
        "ends_at": {"type": ["string", "null"], "format": "date-time",
                    "description": "When a running countdown ends (UTC); null when paused, reset or off."},
        "running": {"type": "boolean"},
    },
}
DISPLAY_SCHEMA = {
    "type": "object",
    "required": ["view", "shown", "hidden", "source", "page", "pages", "turn_in", "theme", "join_corner", "blank",
                 "advance", "timer"],
    "properties": {
        "view": VIEW,
        "shown": {"enum": list(ALL_VIEWS), "description": "The view on screen: progress while results are hidden "
                                                          "and voting is not closed on every criterion."},
        "hidden": {"type": "boolean", "description": "Scores wait until voting closes on every criterion."},
        "source": {"enum": list(SOURCES), "description": "Whose answers the confidence views count."},
        "page": {**PAGE, "description": "The page of the view on screen now (1-based)."},
        "pages": {**PAGE, "description": "How many pages the projector needed for the view on screen."},
        "turn_in": {"type": ["number", "null"], "description": "Seconds until the next automatic page turn."},
        "theme": {"enum": list(THEMES)},
        "join_corner": {"type": "boolean", "description": "The corner QR code and join address are shown."},
        "blank": {"type": "boolean", "description": "The screen is black."},
        "advance": {"type": "integer", "description": "Seconds between automatic page turns; 0: by hand only."},
        "timer": TIMER,
    },
}
DISPLAY_CHANGE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "description": "Any of these; the rest stay as they are. Choosing another view starts at its first page.",
    "properties": {
        "view": VIEW,
        "step": {"enum": ["next", "previous"], "description": "The next (previous) page of the view on screen, "
                                                              "else the next (previous) view; not with view or page."},
        "page": PAGE,
        "pages": {**PAGE, "description": "Sent by the projector: how many pages it needs for the view on screen."},
        "hidden": {"type": "boolean"},
        "source": {"enum": list(SOURCES)},
        "theme": {"enum": list(THEMES)},
        "join_corner": {"type": "boolean"},
        "blank": {"type": "boolean"},
        "advance": {"type": "integer", "description": f"0, or {ADVANCE_RANGE[0]}–{ADVANCE_RANGE[1]} seconds."},
        "timer": {
            "oneOf": [{"type": "null", "description": "Switch the timer off."}, {
                "type": "object", "additionalProperties": False, "minProperties": 1,
                "description": "Applied in this order: seconds (a new length, stopped at full time), reset (back to "
                               "the full time, stopped), running (start or resume; false pauses).",
                "properties": {"seconds": {"type": "integer", "minimum": TIMER_RANGE[0], "maximum": TIMER_RANGE[1]},
                               "reset": {"const": True}, "running": {"type": "boolean"}}}],
        },
    },
}


@functools.cache
def openapi_document():
    """Build the document once; it only changes with the code."""
    event_schema = copy.deepcopy(EVENT_SCHEMA)
    # Inside OpenAPI the dialect is declared once for the document, not per component.
    event_schema.pop("$schema", None)
    event_schema.pop("$id", None)
    return openapi_closing.add_to({
        "openapi": "3.1.0",
        "info": {
            "title": "Live option appraisal API",
            "version": "1",
            "description": (
                "What the facilitator pages do, for scripts. Every operation except this document needs "
                "'Authorization: Bearer TOKEN'; make a token with 'python server.py create-token'. "
                "See docs/api.md for examples."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{"bearer": []}],
        "paths": {
            "/api/events": {
                "get": {
                    "operationId": "listEvents",
                    "summary": "Every event on this server",
                    "responses": {"200": _json("#/components/schemas/EventList", "The events."), **UNAUTHORISED},
                },
                "post": {
                    "operationId": "importEvent",
                    "summary": "Import an event definition whole (refused whole, with every problem, if any rule is broken)",
                    "requestBody": {"required": True, **_json("#/components/schemas/EventDefinition", "An event file.")},
                    "responses": {
                        "201": _json("#/components/schemas/Created", "Imported; the new event's id."),
                        "400": _json(ERROR, "The body is not JSON."),
                        "422": _json(PROBLEMS, "The definition breaks rules; nothing was stored."),
                        **UNAUTHORISED,
                    },
                },
            },
            "/api/events/{event_id}": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "getEvent",
                    "summary": "The event definition, as its export file holds it (all defaults filled in)",
                    "responses": {
                        "200": _json("#/components/schemas/EventDefinition", "The definition."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
                "put": {
                    "operationId": "replaceEvent",
                    "summary": "Replace the definition whole; tables that remain keep their join links",
                    "requestBody": {"required": True, **_json("#/components/schemas/EventDefinition", "An event file.")},
                    "responses": {
                        "200": _json("#/components/schemas/EventDefinition", "The stored definition."),
                        "400": _json(ERROR, "The body is not JSON."),
                        "422": _json(PROBLEMS, "The definition breaks rules; nothing was changed."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
                "delete": {
                    "operationId": "deleteEvent",
                    "summary": "Delete the event and everything in it",
                    "responses": {"204": {"description": "Deleted."}, **UNAUTHORISED, **NO_EVENT},
                },
            },
            "/api/events/{event_id}/tables": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "listTables",
                    "summary": "The event's tables with join links, short codes and QR code addresses",
                    "responses": {
                        "200": _json("#/components/schemas/TableList", "The tables."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
            },
            "/api/events/{event_id}/tables/{number}/new-link": {
                "parameters": [EVENT_ID, TABLE_NUMBER],
                "post": {
                    "operationId": "regenerateJoin",
                    "summary": "Give one table a new join link and code (no confirmation: scripts ask their own); "
                               "phones still on the old link get 'link_replaced' at once and are let go, and the "
                               "old link then says it is stale",
                    "responses": {
                        "200": _json("#/components/schemas/Table", "The table with its new link."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
            },
            "/api/events/{event_id}/results": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "getResults",
                    "summary": "Live results from every table's current ballot (the same function the projector and exports use)",
                    "responses": {"200": _json("#/components/schemas/Results", "The results."), **UNAUTHORISED, **NO_EVENT},
                },
            },
            "/api/events/{event_id}/display": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "getDisplay",
                    "summary": "What the projector shows now: view (and the view on screen), page, whether results "
                               "wait for voting to close, whose answers count, theme, join corner, blank, paging, timer",
                    "responses": {"200": _json(DISPLAY, "The display."), **UNAUTHORISED, **NO_EVENT},
                },
                "put": {
                    "operationId": "setDisplay",
                    "summary": "Change what the projector shows: only the keys sent change; every projector and control "
                               "room follows at once, and phones hear of a timer change",
                    "requestBody": {"required": True, **_json("#/components/schemas/DisplayChange", "The change.")},
                    "responses": {
                        "200": _json(DISPLAY, "The display after the change."),
                        "422": _json("#/components/schemas/BallotProblems",
                                     "The body is not a JSON object, or breaks a rule; nothing changed."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
            },
            "/api/events/{event_id}/voting": {
                "parameters": [EVENT_ID],
                "post": {
                    "operationId": "setVoting",
                    "summary": "Open or close voting on one criterion, or on every criterion when criterion is null",
                    "description": ("Closing (or resetting to waiting) voting that is open, while a table has a draft "
                                    "that adds up but is not submitted, is refused with 409 and those drafts, unless "
                                    "force is true. Drafts are kept either way, and never counted."),
                    "requestBody": {"required": True, **_json("#/components/schemas/VotingChange", "The change.")},
                    "responses": {
                        "200": _json("#/components/schemas/VotingStates", "Every criterion's voting state."),
                        "400": _json(ERROR, "Not a voting change."),
                        "409": _json("#/components/schemas/UnsentDrafts",
                                     "Not changed: tables have drafts that add up but are not submitted."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
            },
            "/api/tables/{join_token}": {
                "parameters": [JOIN_TOKEN],
                "get": {
                    "operationId": "getTableState",
                    "summary": "A table's state: its criteria with voting state, current ballot and shared draft",
                    "security": [],
                    "responses": {"200": _json("#/components/schemas/TableState", "The table's state."), **NO_TABLE},
                },
            },
            "/api/tables/{join_token}/ballots": {
                "parameters": [JOIN_TOKEN],
                "post": {
                    "operationId": "submitBallot",
                    "summary": "Submit the table's ballot for one criterion (the same as a phone's submit_ballot)",
                    "security": [],
                    "requestBody": {"required": True, **_json("#/components/schemas/Submission", "The ballot.")},
                    "responses": {
                        "201": _json("#/components/schemas/Ballot", "Stored as the table's next version."),
                        "200": _json("#/components/schemas/Ballot", "This submission_id was already stored; the stored ballot."),
                        "400": _json(ERROR, "The body is not a JSON object."),
                        "409": _json("#/components/schemas/Refused", "Stale base_version (with the current ballot), voting not open, or the event closed."),
                        "413": _json(ERROR, "Larger than 16 KB."),
                        "422": _json("#/components/schemas/BallotProblems", "Rules broken; nothing stored."),
                        **NO_TABLE,
                    },
                },
            },
            "/api/tables/{join_token}/answers": {
                "parameters": [JOIN_TOKEN],
                "post": {
                    "operationId": "submitRoomAnswers",
                    "summary": "A delegate's own confidence answers and risks (the same as a phone's submit_answers)",
                    "security": [],
                    "requestBody": {"required": True, **_json("#/components/schemas/Answers", "The answers.")},
                    "responses": {**ANSWER_RESPONSES, **NO_TABLE},
                },
            },
            "/api/survey/{survey_token}/answers": {
                "parameters": [SURVEY_TOKEN],
                "post": {
                    "operationId": "submitSurveyAnswers",
                    "summary": "A survey respondent's answers, until the survey closes (a personal link answers as "
                               "its invitee, whatever respondent is sent)",
                    "security": [],
                    "requestBody": {"required": True, **_json("#/components/schemas/Answers", "The answers.")},
                    "responses": {**ANSWER_RESPONSES, **NO_SURVEY},
                },
            },
            "/api/events/{event_id}/confidence": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "getConfidence",
                    "summary": "Confidence by theme, risks and what would help; room and survey together and apart; "
                               "hidden comments included and marked",
                    "responses": {"200": _json("#/components/schemas/Confidence", "The summary."),
                                  **UNAUTHORISED, **NO_EVENT},
                },
                "post": {
                    "operationId": "setConfidencePhase",
                    "summary": "Open the confidence questions (about the strongest option, or the option named) or "
                               "close them",
                    "requestBody": {"required": True, **_json("#/components/schemas/PhaseChange", "The change.")},
                    "responses": {
                        "200": {"description": "The phase now.", "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"phase": {"enum": ["waiting", "open", "closed"]},
                                                             "about": {"type": ["object", "null"]}}}}}},
                        "400": _json(ERROR, "Not a phase change."),
                        "422": _json("#/components/schemas/BallotProblems",
                                     "No single strongest option (pin one), or the option cannot change now."),
                        **UNAUTHORISED, **NO_EVENT,
                    },
                },
            },
            "/api/events/{event_id}/attendance": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "getAttendance",
                    "summary": "Who took part (checked in at the door, or named on a phone; each with how they were "
                               "recorded), names to confirm (unsure), who was invited but did not attend, and "
                               "which organisations answered the survey",
                    "responses": {"200": {"description": "The attendance lists and counts.", "content": {
                        "application/json": {"schema": {"type": "object", "properties": {
                            "took_part": {"type": "array", "items": {"type": "object"}},
                            "did_not_attend": {"type": "array", "items": {"type": "object"}},
                            "invitees": {"type": "array", "items": {"type": "object"}},
                            "unnamed": {"type": "integer"},
                            "unsure": {"type": "array", "items": {"type": "object", "properties": {
                                "respondent_token": {"type": "string"}, "name": {"type": "string"},
                                "organisation": {"type": "string"},
                                "candidates": {"type": "array", "items": {"type": "object"}}}}},
                            "decided": {"type": "array", "items": {"type": "object"}},
                            "survey_organisations": {"type": "array", "items": {"type": "object"}},
                            "counts": {"type": "object"}}}}}},
                        **UNAUTHORISED, **NO_EVENT},
                },
            },
            "/api/events/{event_id}/exports/{name}.csv": {
                "parameters": [EVENT_ID, {"name": "name", "in": "path", "required": True,
                                          "schema": {"enum": list(EXPORT_NAMES)}}],
                "get": {
                    "operationId": "exportCsv",
                    "summary": "One export table as CSV: UTF-8 with a byte order mark; cells that would start a "
                               "spreadsheet formula (= + - @) begin with an apostrophe",
                    "responses": {"200": {"description": "The CSV file.", "content": {"text/csv": {}}},
                                  **UNAUTHORISED, **NO_EVENT},
                },
            },
            "/api/events/{event_id}/exports.xlsx": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "exportWorkbook",
                    "summary": "Every export table as a sheet of one Excel workbook",
                    "responses": {"200": {"description": "The workbook.", "content": {XLSX: {}}},
                                  **UNAUTHORISED, **NO_EVENT},
                },
            },
            "/api/events/{event_id}/exports.zip": {
                "parameters": [EVENT_ID],
                "get": {
                    "operationId": "exportZip",
                    "summary": "Every CSV file and the workbook in one zip",
                    "responses": {"200": {"description": "The zip file.", "content": {"application/zip": {}}},
                                  **UNAUTHORISED, **NO_EVENT},
                },
            },
            **openapi_analysis.PATHS,
            **openapi_check_in.PATHS,
            **openapi_themes.PATHS,
            **openapi_paper.PATHS,
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document.",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                },
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "EventDefinition": event_schema,
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "string", "description": "What went wrong, in plain words."}},
                },
                "DefinitionProblems": {
                    "type": "object", "required": ["error", "problems"],
                    "properties": {
                        "error": {"type": "string"},
                        "problems": {
                            "type": "array",
                            "items": {
                                "type": "object", "required": ["path", "message"],
                                "properties": {
                                    "path": {"type": "string", "examples": ['criteria[2].code']},
                                    "message": {"type": "string", "examples": ['duplicate "health"']},
                                },
                            },
                        },
                    },
                },
                "Created": {
                    "type": "object", "required": ["id", "title", "url"],
                    "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                                   "url": {"type": "string", "format": "uri"}},
                },
                "EventList": {
                    "type": "object", "required": ["events"],
                    "properties": {"events": {"type": "array", "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"}, "title": {"type": "string"},
                            "date": {"type": ["string", "null"]}, "updated_at": {"type": "string"},
                            "table_count": {"type": "integer"}, "url": {"type": "string", "format": "uri"},
                        },
                    }}},
                },
                "Table": {
                    "type": "object", "required": ["number", "name", "criteria", "join_url", "join_code"],
                    "properties": {
                        "number": {"type": "integer"},
                        "name": {"type": "string"},
                        "criteria": {"type": "array", "items": {"type": "string"},
                                     "description": "Codes of the criteria this table scores."},
                        "join_url": {"type": "string", "format": "uri",
                                     "description": "The link in the table card's QR code."},
                        "join_code": {"type": "string", "description": "The short code to type in instead."},
                        "qr_svg_url": {"type": "string", "format": "uri"},
                    },
                },
                "Submission": {
                    "type": "object", "required": ["criterion", "points", "base_version", "submission_id"],
                    "additionalProperties": False,
                    "properties": {
                        "criterion": {"type": "string"},
                        "ranking": {**CODES, "description": "Every short-listed option not ruled out, best first."},
                        "points": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
                        "ruled_out": CODES,
                        "base_version": {"type": "integer", "minimum": 0,
                                         "description": "The version this phone last saw; 0 before the first ballot."},
                        "submission_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
                        "device_id": {"type": "string"},
                        "join_token": {"type": "string", "description": "Used over Socket.IO; ignored here."},
                        **openapi_themes.ANSWER_PROPERTIES,
                    },
                },
                "Ballot": {
                    "type": "object",
                    "properties": {
                        "criterion": {"type": "string"}, "version": {"type": "integer"}, "ranking": CODES,
                        "points": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "ruled_out": CODES, "warnings": {"type": "array", "items": {"type": "string"}},
                        "submission_id": {"type": "string"}, "submitted_at": {"type": "string"},
                        "submitted_by": {"type": "string"}, "source": {"enum": ["room", "survey"]},
                    },
                },
                "Refused": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "string"}, "stale": {"type": "boolean"},
                                   "current": {"oneOf": [{"$ref": "#/components/schemas/Ballot"}, {"type": "null"}]},
                                   "voting": {"enum": ["waiting", "open", "closed"]}},
                },
                "BallotProblems": {
                    "type": "object", "required": ["error", "problems"],
                    "properties": {"error": {"type": "string"}, "problems": {"type": "array", "items": {
                        "type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}},
                },
                "TableState": {
                    "type": "object", "required": ["event", "table", "options", "criteria"],
                    "properties": {
                        "event": {"type": "object"}, "table": {"type": "object"},
                        "options": {"type": "array", "items": {"type": "object"}},
                        "criteria": {"type": "array", "items": {"type": "object", "properties": {
                            "code": {"type": "string"}, "voting": {"enum": ["waiting", "open", "closed"]},
                            "ballot": {"oneOf": [{"$ref": "#/components/schemas/Ballot"}, {"type": "null"}]},
                            "draft": {"type": ["object", "null"]}}}},
                    },
                },
                "Results": {
                    "type": "object",
                    "required": ["mode", "options", "totals", "per_criterion", "matrix", "total_row", "highest",
                                 "progress", "strongest", "top_three", "basis", "margin", "other", "families"],
                    "properties": {
                        "mode": {"enum": ["allocate", "score"]},
                        "options": {"type": "array", "items": {"type": "object"}},
                        "totals": {"type": "array", "description": "Highest score (by the rule in use) first.",
                                   "items": openapi_analysis.TOTALS_ROW},
                        "per_criterion": {"type": "object", "description": "criterion -> option -> points (allocate) "
                                          "or mean score (score); null before any ballot."},
                        "matrix": {"type": "array", "description": "One row per criterion and table scoring it.",
                                   "items": {"type": "object", "properties": {
                                       "criterion": {"type": "string"}, "table": {"type": "integer"},
                                       "submitted": {"type": "boolean"}, "cells": {"type": "object",
                                       "description": 'option -> points, "X" for ruled out, null before a ballot'},
                                       "total": {"type": "number"}, "highest": CODES}}},
                        "total_row": {"type": "object"},
                        "highest": {"type": "object", "description": "criterion -> {tables, submitted, counts}"},
                        "progress": {"type": "object", "properties": {"submitted": {"type": "integer"},
                                                                      "expected": {"type": "integer"}}},
                        "strongest": {**CODES, "description": "By the rule in use; several when they tie."},
                        "top_three": {"type": "array", "items": {"type": "object", "properties": {
                            "code": {"type": "string"}, "total": {"type": "number"}, "score": {"type": "number"}}}},
                        **openapi_analysis.RESULTS_PROPERTIES,
                        "survey": {"type": ["object", "null"], "description": "Survey respondents' scores, apart: "
                                   "the same ranking fields (basis, totals, strongest, margin, families…)."},
                    },
                },
                "Display": DISPLAY_SCHEMA,
                "DisplayChange": DISPLAY_CHANGE_SCHEMA,
                "VotingChange": {
                    "type": "object", "required": ["voting"],
                    "properties": {"criterion": {"type": ["string", "null"]},
                                   "voting": {"enum": ["open", "closed", "waiting"]},
                                   "force": {"type": "boolean", "default": False,
                                             "description": "Close even when tables have unsent drafts that add up."}},
                },
                "UnsentDrafts": {
                    "type": "object", "required": ["error", "unsent"],
                    "properties": {
                        "error": {"type": "string"},
                        "unsent": {"type": "array", "items": {"$ref": "#/components/schemas/TableStatus"}},
                    },
                },
                "TableStatus": {
                    "type": "object",
                    "description": "Where one table is with one criterion (the control room's grid cell).",
                    "properties": {
                        "table": {"type": "integer"}, "criterion": {"type": "string"},
                        "working_title": {"type": "string"}, "voting": {"enum": ["waiting", "open", "closed"]},
                        "state": {"enum": ["not_started", "drafting", "draft_complete", "submitted", "closed"]},
                        "version": {"type": "integer", "description": "The table's latest ballot version; 0 for none."},
                        "unsent": {"enum": ["", "drafting", "complete"],
                                   "description": "A draft newer than the ballot: none, not adding up, or adding up."},
                        "text": {"type": "string"}, "shape": {"type": "string"},
                        "draft": {"type": "string", "description": "What the unsent draft holds, e.g. 10 of 10 points."},
                        "changed_at": {"type": ["string", "null"], "format": "date-time"},
                    },
                },
                "VotingStates": {
                    "type": "object",
                    "properties": {"voting": {"type": "object",
                                              "additionalProperties": {"enum": ["waiting", "open", "closed"]}}},
                },
                "Answers": {
                    "type": "object", "required": ["respondent", "submission_id", "confidence"],
                    "additionalProperties": False,
                    "properties": {
                        "respondent": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$",
                                       "description": "This person's secret answer key, made by their device; "
                                                      "only it can read or change their answers."},
                        "submission_id": {"type": "string", "minLength": 8, "maxLength": 64},
                        "confidence": {"enum": ["much_less", "less", "same", "more", "much_more"]},
                        "would_help": {"type": "string", "maxLength": 1000},
                        "risks": {"type": "array", "maxItems": 20, "items": {
                            "type": "object", "required": ["text", "theme"],
                            "properties": {"text": {"type": "string", "maxLength": 1000},
                                           "theme": {"oneOf": [{"type": "integer"}, {"const": "other"}],
                                                     "description": "A theme id, or \"other\" (chosen: never "
                                                                    "assumed)."}}}},
                        "name": {"type": "string", "maxLength": 200},
                        "organisation": {"type": "string", "maxLength": 200},
                        "join_token": {"type": "string", "description": "Used over Socket.IO; ignored here."},
                    },
                },
                "AnswersSaved": {
                    "type": "object", "required": ["ok", "answers"],
                    "properties": {"ok": {"const": True}, "duplicate": {"type": "boolean"},
                                   "answers": {"type": "object", "description": "What this person has stored, "
                                               "with its version."}},
                },
                "AnswersRefused": {
                    "type": "object", "required": ["ok", "error", "status"],
                    "properties": {"ok": {"const": False}, "error": {"type": "string"},
                                   "status": {"enum": ["closed", "not_yours", "problems", "too_large"]},
                                   "problems": {"type": "array", "items": {"type": "object", "properties": {
                                       "field": {"type": "string"}, "message": {"type": "string"}}}}},
                },
                "PhaseChange": {
                    "type": "object", "required": ["phase"],
                    "properties": {"phase": {"enum": ["open", "closed"]}, "about": {"type": ["string", "null"]}},
                },
                "Confidence": {
                    "type": "object",
                    "properties": {
                        "phase": {"enum": ["waiting", "open", "closed"]}, "about": {"type": ["object", "null"]},
                        "respondents": {"type": "object", "description": "How many answered: all, room, survey."},
                        "confidence": {"type": "object", "description": "Answers per step of the scale: all, room, survey."},
                        "themes": {"type": "array", "description": "Per theme: people raising it, how many of them "
                                   "more / less / equally confident (shares of those people), by_source, its risks, "
                                   "and groups: identical or near-identical risks in one row (CommentGroup); "
                                   "response (the organisers' required response, \"\" if none), would_help (said for "
                                   "that theme) and would_help_groups."},
                        "would_help": {"type": "array", "items": {"type": "object"},
                                       "description": "Every answer; each has theme (id, or null: in general)."},
                        "would_help_groups": {"type": "array", "items": {"$ref": "#/components/schemas/CommentGroup"}},
                        **openapi_themes.CONFIDENCE_PROPERTIES,
                        "survey": {"type": "object"},
                    },
                },
                "CommentGroup": {
                    "type": "object", "description": "Identical or near-identical comments, most common first "
                                                     "(docs/decisions.md, Moderation).",
                    "properties": {
                        "text": {"type": "string", "description": "The most common wording."},
                        "count": {"type": "integer"}, "ids": {"type": "array", "items": {"type": "integer"}},
                        "sources": {"type": "object", "properties": {"room": {"type": "integer"},
                                                                      "survey": {"type": "integer"}}},
                        "hidden": {"type": "boolean", "description": "Whether every comment in it is hidden."},
                    },
                },
                **openapi_analysis.SCHEMAS,
                **openapi_check_in.SCHEMAS,
                **openapi_paper.SCHEMAS,
                "TableList": {
                    "type": "object", "required": ["tables"],
                    "properties": {"tables": {"type": "array", "items": {"$ref": "#/components/schemas/Table"}}},
                },
            },
        },
    })
