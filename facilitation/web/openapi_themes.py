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
