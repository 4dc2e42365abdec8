"""The OpenAPI response schemas of check-in at the door: the list and count, a check-in, a refusal
(web/openapi_components.py gathers them)."""
from .openapi_analysis import _object, _ref

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
