"""The OpenAPI document's response schemas (what each call answers); request bodies are in web/api_schemas.py."""
from ..domain.display import ALL_VIEWS, CYCLE, MOST_PAGES, SOURCES, THEMES
from . import openapi_analysis, openapi_check_in, openapi_closing, openapi_paper, openapi_themes

CODES = {"type": "array", "items": {"type": "string"}}
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

SCHEMAS = {
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
    "AnswersSaved": {
        "type": "object", "required": ["ok", "answers"],
        "properties": {"ok": {"const": True}, "duplicate": {"type": "boolean"},
                       "answers": {"type": "object", "description": "What this person has stored, "
                                   "with its version."}},
    },
    "AnswersRefused": {
        "type": "object", "required": ["ok", "error", "status"],
        "properties": {"ok": {"const": False}, "error": {"type": "string"},
                       "status": {"enum": ["closed", "not_yours", "problems", "too_large", "too_many"]},
                       "problems": {"type": "array", "items": {"type": "object", "properties": {
                           "field": {"type": "string"}, "message": {"type": "string"}}}}},
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
    **openapi_closing.SCHEMAS,
}
# Where the event's close shows in other answers.
SCHEMAS["Ballot"]["properties"]["notes"] = {"type": "string", "description": "The table's discussion notes."}
SCHEMAS["Refused"]["properties"]["closed"] = {
    "type": "boolean", "description": "true: the whole event is closed (the error says when, and who can reopen it)."}
SCHEMAS["EventList"]["properties"]["events"]["items"]["properties"]["closed"] = openapi_closing.CLOSED
