"""The OpenAPI paths and schemas of closing the whole event, and the table notes a ballot carries (kept apart from
openapi.py, which holds the rest of the document; add_to puts them in)."""
ERROR = "#/components/schemas/Error"
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
CLOSED = {
    "oneOf": [{"type": "object", "required": ["at", "by"], "properties": {
        "at": {"type": "string", "description": "When the event was closed (ISO 8601, UTC)."},
        "by": {"type": "string", "description": "Who closed it: facilitator (the control room) or api."}}},
        {"type": "null"}],
    "description": "The whole event's close, or null while it is open.",
}
NOTES = {"type": "string", "maxLength": 600,
         "description": "The table's discussion notes (several lines; trimmed, control characters removed); "
                        "\"\" when there are none."}
ANSWER = {"description": "The event's close now, and every criterion's voting state.",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventClose"}}}}
REFUSED = {"description": "Already closed (close) or not closed (reopen); nothing changed.",
           "content": {"application/json": {"schema": {"$ref": ERROR}}}}
RESPONSES = {
    "401": {"description": "No valid bearer token was sent.", "content": {"application/json": {"schema": {"$ref": ERROR}}}},
    "404": {"description": "There is no such event.", "content": {"application/json": {"schema": {"$ref": ERROR}}}},
}
PATHS = {
    "/api/events/{event_id}/close": {
        "parameters": [EVENT_ID],
        "post": {
            "operationId": "closeEvent",
            "summary": "Close the whole event: voting on every criterion, the confidence questions and the survey close, "
                       "and ballots, answers and edits of the event are refused until it is reopened",
            "responses": {"200": ANSWER, "409": REFUSED, **RESPONSES},
        },
    },
    "/api/events/{event_id}/reopen": {
        "parameters": [EVENT_ID],
        "post": {
            "operationId": "reopenEvent",
            "summary": "Unlock a closed event; voting, the questions and the survey stay closed until opened again",
            "responses": {"200": ANSWER, "409": REFUSED, **RESPONSES},
        },
    },
}
SCHEMAS = {
    "EventClose": {
        "type": "object", "required": ["closed", "voting"],
        "properties": {"closed": CLOSED, "voting": {"type": "object", "additionalProperties": {
            "enum": ["waiting", "open", "closed"]}}},
    },
}


def add_to(document):
    """Put the closing paths and schemas in the document, and the notes and the close in the schemas that carry them."""
    document["paths"].update(PATHS)
    schemas = document["components"]["schemas"]
    schemas.update(SCHEMAS)
    schemas["Submission"]["properties"]["notes"] = NOTES
    schemas["Ballot"]["properties"]["notes"] = NOTES
    schemas["Refused"]["properties"]["closed"] = {
        "type": "boolean", "description": "true: the whole event is closed (the error says when, and who can reopen it)."}
    schemas["EventList"]["properties"]["events"]["items"]["properties"]["closed"] = CLOSED
    return document
