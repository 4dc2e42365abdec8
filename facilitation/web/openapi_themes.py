"""The OpenAPI document's parts for per-theme help, the organisers' responses and stakeholder groups (web/openapi.py)."""

# Added to the Answers schema: which theme what would help is about, and the person's stakeholder group.
ANSWER_PROPERTIES = {
    "would_help_theme": {"type": ["integer", "null"],
                         "description": "The theme id what would help is about (a merged theme is followed to where "
                                        "it went); null or absent: in general. Any other value is refused."},
    "stakeholder_group": {"type": "string", "maxLength": 200,
                          "description": "One of the event's stakeholder_groups (case is forgiven), or empty."},
}

_BY_GROUP_ROW = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "description": "The organisation or group; empty: not given."},
        "people": {"type": "integer"}, "more": {"type": "integer"}, "less": {"type": "integer"},
        "same": {"type": "integer"}, "share_more": {"type": "number"}, "share_less": {"type": "number"},
        "steps": {"type": "object", "description": "People per step of the scale."},
        "themes": {"type": "object", "description": "Risks raised, by theme name (Other for none)."},
    },
}

# Added to the Confidence schema (the summary the projector and the control room get too).
CONFIDENCE_PROPERTIES = {
    "general_help": {"type": "array", "items": {"type": "object"},
                     "description": "What would help said in general (for no one theme)."},
    "by_group": {"type": "object", "description": "Confidence and risks by organisation and by stakeholder group.",
                 "properties": {"organisation": {"type": "array", "items": _BY_GROUP_ROW},
                                "stakeholder_group": {"type": "array", "items": _BY_GROUP_ROW}}},
}

ERROR = "#/components/schemas/Error"
PATHS = {
    "/api/events/{event_id}/themes/{theme_id}/response": {
        "parameters": [{"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                       {"name": "theme_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "put": {
            "operationId": "setThemeResponse",
            "summary": "The organisers' required response to one risk theme, for the report beside that theme's "
                       "confidence and what would help; editable after the day, and after the event is closed",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["response"],
                "properties": {"response": {"type": "string", "maxLength": 1000,
                                            "description": "Several lines allowed; trimmed; \"\" clears it."}}}}}},
            "responses": {
                "200": {"description": "The theme with its stored response.",
                        "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "theme": {"type": "object", "properties": {
                                "id": {"type": "integer"}, "name": {"type": "string"},
                                "response": {"type": "string"}}}}}}}},
                "400": {"description": "The body is not {\"response\": text}.",
                        "content": {"application/json": {"schema": {"$ref": ERROR}}}},
                "401": {"description": "No valid bearer token was sent.",
                        "content": {"application/json": {"schema": {"$ref": ERROR}}}},
                "404": {"description": "There is no such event.",
                        "content": {"application/json": {"schema": {"$ref": ERROR}}}},
                "422": {"description": "Too long, not text, or not a theme of this event; nothing changed "
                                       "(problems lists why).",
                        "content": {"application/json": {"schema": {"$ref": ERROR}}}},
            },
        },
    },
}
