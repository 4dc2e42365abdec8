"""The JSON Schemas of every /api request body: web/json_body.py checks bodies with them, the OpenAPI document shows them.

Each refuses keys its call does not take (additionalProperties: false), so a misspelt key is named, never ignored.
"""
from ..domain.ballot import NOTES_LIMIT
from ..domain.confidence import MAX_RISKS, NAME_LIMIT, SCALE
from ..domain.display import ADVANCE_RANGE, CYCLE, MOST_PAGES, SOURCES, THEMES, TIMER_RANGE
from ..domain.event_day import PAPER_LIMIT, PAPER_SECTIONS
from ..domain.text import TEXT_LIMIT
from ..domain.weights import MAX_WEIGHT

# Whole numbers a database row can hold: larger ones are refused here rather than overflowing SQLite.
WHOLE = {"type": "integer", "minimum": 0, "maximum": 2 ** 53}
CODES = {"type": "array", "maxItems": 100, "items": {"type": "string", "maxLength": 100}}
TEXT = {"type": "string", "maxLength": TEXT_LIMIT}
NAME = {"type": ["string", "null"], "maxLength": NAME_LIMIT}
RULE = {"enum": ["raw", "weighted"], "description": "raw: every criterion counts the same; weighted: each by its weight."}
WEIGHTS = {"type": "object", "maxProperties": 100,
           "additionalProperties": {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT},
           "description": f"Criterion code → weight (0–{MAX_WEIGHT}). Criteria not named keep their weight."}
SECTION_NAME = {"enum": list(PAPER_SECTIONS), "description": "A section of the paper, in the paper's order."}
VIEW = {"enum": list(CYCLE), "description": "join: the full-screen How to join; the others are results views."}
PAGE = {"type": "integer", "minimum": 1, "maximum": MOST_PAGES}
SUBMISSION_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                 "description": "Made by the sender; sending the same one again is answered with what was stored."}


def _object(properties, required=(), description=None):
    """A body with exactly these keys."""
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


POINTS = {"type": "object", "maxProperties": 100, "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 100},
          "description": "Option code → points (allocate: they add up to the budget) or score (0–10)."}
SCORES = {"type": "array", "maxItems": 100, "description": "Scores per criterion (when the survey asks for them).",
          "items": _object({"criterion": {"type": "string", "maxLength": 100}, "ranking": CODES, "points": POINTS,
                            "ruled_out": CODES}, required=("criterion",))}

BODIES = {
    "VotingChange": _object({
        "criterion": {"type": ["string", "null"], "maxLength": 100,
                      "description": "A criterion's code; null (or left out) for every criterion."},
        "voting": {"enum": ["open", "closed", "waiting"]},
        "force": {"type": "boolean", "default": False,
                  "description": "Close even when tables have unsent drafts that add up."},
    }, required=("voting",)),
    "PhaseChange": _object({"phase": {"enum": ["open", "closed"]},
                            "about": {"type": ["string", "null"], "maxLength": 100,
                                      "description": "An option code to pin; null or absent: the strongest."}},
                           required=("phase",)),
    "ThemeResponse": _object({"response": {**TEXT, "description": "Several lines allowed; trimmed; \"\" clears it."}},
                             required=("response",)),
    "PaperChange": _object({"sections": {
        "type": "object", "minProperties": 1, "propertyNames": SECTION_NAME,
        "additionalProperties": {"type": "string", "maxLength": PAPER_LIMIT},
        "description": 'Section → text, such as {"next_steps": "..."}; "" restores the starting text.',
    }}, required=("sections",)),
    "WhatIf": _object({"weights": WEIGHTS, "rule": RULE,
                       "criterion": {"type": "string", "maxLength": 100,
                                     "description": "The sensitivity chart's criterion."}}),
    "WeightsChange": _object({"weights": WEIGHTS, "rule": RULE}),
    "DisplayChange": _object({
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
        "advance": {"type": "integer", "minimum": 0, "maximum": ADVANCE_RANGE[1],
                    "description": f"0, or {ADVANCE_RANGE[0]}–{ADVANCE_RANGE[1]} seconds."},
        "timer": {"oneOf": [{"type": "null", "description": "Switch the timer off."}, {
            **_object({"seconds": {"type": "integer", "minimum": TIMER_RANGE[0], "maximum": TIMER_RANGE[1]},
                       "reset": {"const": True}, "running": {"type": "boolean"}},
                      description="Applied in this order: seconds (a new length, stopped at full time), reset (back "
                                  "to the full time, stopped), running (start or resume; false pauses)."),
            "minProperties": 1}]},
    }, description="Any of these; the rest stay as they are. Choosing another view starts at its first page."),
    # One object rather than oneOf, so a wrong value is named ("name must be text"), not "matches neither form".
    "CheckInRequest": _object({
        "checkin_token": {"type": "string", "maxLength": 100, "description": "An invitee, by their check-in token."},
        "name": {"type": "string", "maxLength": NAME_LIMIT, "description": "A walk-in's name (no checkin_token)."},
        "organisation": {"type": "string", "maxLength": NAME_LIMIT},
        "group": {"type": "string", "maxLength": NAME_LIMIT, "description": "One of the event's stakeholder groups."},
        "confirm_new": {"type": "boolean", "default": False,
                        "description": "Add the walk-in even though their name matches an invitee's."},
    }, description='{"checkin_token"} for an invitee, or {"name", "organisation", "group", "confirm_new"} for a '
                   "walk-in."),
    "Submission": _object({
        "criterion": {"type": "string", "maxLength": 100},
        "ranking": {**CODES, "description": "Every short-listed option not ruled out, best first."},
        "points": POINTS,
        "ruled_out": CODES,
        "base_version": {**WHOLE, "description": "The version this phone last saw; 0 before the first ballot."},
        "submission_id": SUBMISSION_ID,
        "device_id": {"type": "string", "maxLength": 100},
        "join_token": {"type": "string", "maxLength": 100, "description": "Used over Socket.IO; ignored here."},
        "notes": {"type": "string", "maxLength": NOTES_LIMIT,
                  "description": "The table's discussion notes (several lines; trimmed, control characters "
                                 "removed); \"\" when there are none."},
    }, required=("criterion", "points", "base_version", "submission_id")),
    "Answers": _object({
        "respondent": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$",
                       "description": "This person's secret answer key, made by their device; only it can read or "
                                      "change their answers."},
        "submission_id": {"type": "string", "minLength": 8, "maxLength": 64},
        "confidence": {"enum": list(SCALE)},
        "would_help": {"type": ["string", "null"], "maxLength": TEXT_LIMIT},
        "would_help_theme": {"type": ["integer", "null"], "maximum": 2 ** 63 - 1,
                             "description": "The theme id what would help is about (a merged theme is followed to "
                                            "where it went); null or absent: in general. Any other value is refused."},
        "risks": {"type": "array", "maxItems": MAX_RISKS, "items": _object({
            "text": TEXT,
            "theme": {"oneOf": [{"type": "integer", "maximum": 2 ** 63 - 1}, {"const": "other"}],
                      "description": "A theme id, or \"other\" (chosen: never assumed)."}}, required=("text", "theme"))},
        "name": NAME,
        "organisation": NAME,
        "stakeholder_group": {**NAME, "description": "One of the event's stakeholder_groups (case is forgiven), or "
                                                     "empty."},
        "scoring": SCORES,
        "join_token": {"type": "string", "maxLength": 100, "description": "Used over Socket.IO; ignored here."},
    }, required=("submission_id", "confidence")),
}
