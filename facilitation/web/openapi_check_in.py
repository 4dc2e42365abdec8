"""The OpenAPI paths and schemas of check-in at the door: the list and count, checking in, undo (kept apart from
openapi.py, which holds the rest of the document)."""
from .openapi_analysis import EVENT_ID, RESPONSES, _json, _object, _ref

TEXT = {"type": "string"}
ERROR = {"type": "string", "description": "What was wrong, in plain words; nothing was changed."}
COUNTS = _object({"invitees": {"type": "integer", "description": "Invitees checked in now."},
                  "walk_ins": {"type": "integer", "description": "Walk-ins checked in now."},
                  "checked_in": {"type": "integer", "description": "Everyone checked in now."},
                  "invited": {"type": "integer", "description": "People on the invitee list."}},
                 required=("invitees", "walk_ins", "checked_in", "invited"))
CHECK_IN = _object({
    "id": {"type": "integer"},
    "checkin_token": {"type": ["string", "null"], "description": "The invitee's check-in token; null for a walk-in."},
    "name": TEXT, "organisation": TEXT, "group": {"type": "string", "description": "Stakeholder group, or \"\"."},
    "how": {"enum": ["desk", "walk_in", "badge"], "description": "Tapped at the desk, added as a walk-in, or the "
                                                                 "person scanned their badge."},
    "checked_in_at": {"type": "string", "format": "date-time"},
    "undone_at": {"type": ["string", "null"], "format": "date-time"},
}, required=("id", "checkin_token", "name", "organisation", "group", "how", "checked_in_at", "undone_at"))
NEAR_MATCH = _object({
    "name": TEXT, "organisation": TEXT, "group": TEXT, "checkin_token": TEXT,
    "checked_in": {"type": "boolean", "description": "Whether this invitee is checked in already."},
    "exact": {"type": "boolean", "description": "The same name, ignoring case and spaces."},
})
REFUSED = _object({"error": ERROR, "check_in": _ref("CheckIn"),
                   "near_matches": {"type": "array", "items": _ref("CheckInNearMatch"),
                                    "description": "Invitees whose name matches or nearly matches a walk-in's: "
                                                   "check one in by token, or send confirm_new: true."}},
                  required=("error",))


def _refusal(description):
    """A refusal's response: the error, and for a 409 the check-in or the near matches it is about."""
    return {"description": description, "content": {"application/json": {"schema": _ref("CheckInRefused")}}}


PATHS = {
    "/api/events/{event_id}/check-ins": {
        "parameters": [EVENT_ID],
        "get": {
            "operationId": "listCheckIns",
            "summary": "Everyone checked in now (undone check-ins left out), oldest first, and the count",
            "responses": {"200": _json("CheckInList", "The check-ins and the count."), **RESPONSES},
        },
        "post": {
            "operationId": "addCheckIn",
            "summary": "Check in an invitee by their check-in token, or a walk-in by name (a name that matches or "
                       "nearly matches an invitee's is answered with the near matches until confirm_new is true)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                _object({"checkin_token": TEXT}, required=("checkin_token",)),
                _object({"name": {"type": "string", "maxLength": 200}, "organisation": {"type": "string"},
                         "group": {"type": "string", "description": "One of the event's stakeholder groups."},
                         "confirm_new": {"type": "boolean", "default": False}}, required=("name",)),
            ]}}}},
            "responses": {
                "201": _json("CheckInStored", "Checked in, with the count after it."),
                "400": _refusal("The body is not a JSON object."),
                "409": _refusal("Already checked in (check_in), near matches to offer first (near_matches), or "
                                "the event is closed; nothing was changed."),
                "422": _refusal("An empty or too-long name, text that is not text, or an unknown stakeholder group."),
                **RESPONSES,
            },
        },
    },
    "/api/events/{event_id}/check-ins/{check_in_id}": {
        "parameters": [EVENT_ID, {"name": "check_in_id", "in": "path", "required": True,
                                  "schema": {"type": "integer"}}],
        "delete": {
            "operationId": "undoCheckIn",
            "summary": "Undo a check-in: kept, marked undone; the person counts as not checked in",
            "responses": {"200": _json("CheckInStored", "Undone, with the count after it."),
                          "409": _refusal("Already undone, or the event is closed; nothing was changed."),
                          **RESPONSES},
        },
    },
}

SCHEMAS = {
    "CheckIn": CHECK_IN,
    "CheckInCounts": COUNTS,
    "CheckInNearMatch": NEAR_MATCH,
    "CheckInRefused": REFUSED,
    "CheckInList": _object({
        "check_ins": {"type": "array", "items": _ref("CheckIn")},
        "invitees": {"type": "array", "items": _object({
            "name": TEXT, "organisation": TEXT, "group": TEXT, "checkin_token": TEXT,
            "checked_in": {"type": "boolean"}}, required=("name", "organisation", "group", "checkin_token",
                                                          "checked_in"))},
        "counts": _ref("CheckInCounts")}, required=("check_ins", "invitees", "counts")),
    "CheckInStored": _object({"check_in": _ref("CheckIn"), "counts": _ref("CheckInCounts")},
                             required=("check_in", "counts")),
}
