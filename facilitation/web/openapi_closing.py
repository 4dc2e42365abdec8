"""The OpenAPI response schemas of closing the whole event (web/openapi_components.py gathers them)."""
CLOSED = {
    "oneOf": [{"type": "object", "required": ["at", "by"], "properties": {
        "at": {"type": "string", "description": "When the event was closed (ISO 8601, UTC)."},
        "by": {"type": "string", "description": "Who closed it: facilitator (the control room) or api."}}},
        {"type": "null"}],
    "description": "The whole event's close, or null while it is open.",
}
SCHEMAS = {
    "EventClose": {
        "type": "object", "required": ["closed", "voting"],
        "properties": {"closed": CLOSED, "voting": {"type": "object", "additionalProperties": {
            "enum": ["waiting", "open", "closed"]}}},
    },
}

