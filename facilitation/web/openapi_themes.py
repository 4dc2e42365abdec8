"""The OpenAPI response schemas' parts for confidence by organisation and stakeholder group (openapi_components.py)."""

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
