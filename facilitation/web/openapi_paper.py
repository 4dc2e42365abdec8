"""The OpenAPI paths and schemas of the board paper's sections (kept apart from openapi.py, which holds the rest)."""
from ..domain.event_day import PAPER_LIMIT, PAPER_SECTIONS

ERROR = "#/components/schemas/Error"
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
SECTION_NAME = {"enum": list(PAPER_SECTIONS), "description": "A section of the paper, in the paper's order."}
PAPER = {"description": "Every section of the paper.",
         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Paper"}}}}
RESPONSES = {
    "401": {"description": "No valid bearer token was sent.",
            "content": {"application/json": {"schema": {"$ref": ERROR}}}},
    "404": {"description": "There is no such event.", "content": {"application/json": {"schema": {"$ref": ERROR}}}},
}

PATHS = {
    "/api/events/{event_id}/paper": {
        "parameters": [EVENT_ID],
        "get": {
            "operationId": "getPaper",
            "summary": "The board paper's sections in order: each one's text (the facilitator's, or the starting "
                       "text written from the event), its starting text, and whether it was edited",
            "responses": {"200": PAPER, **RESPONSES},
        },
        "put": {
            "operationId": "setPaper",
            "summary": "Change some sections' text; an empty text puts the starting text back. Allowed after the "
                       "event is closed",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/PaperChange"}}}},
            "responses": {
                "200": PAPER,
                "400": {"description": "An unknown section or field, or text too long: every problem listed, "
                                       "nothing changed.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalysisProblems"}}}},
                **RESPONSES,
            },
        },
    },
}

SCHEMAS = {
    "Paper": {
        "type": "object", "required": ["sections"],
        "properties": {"sections": {"type": "array", "items": {
            "type": "object", "required": ["section", "title", "text", "starting", "edited"],
            "properties": {
                "section": SECTION_NAME,
                "title": {"type": "string", "examples": ["Purpose of the event and the programme of the day"]},
                "text": {"type": "string", "description": "What the paper prints; paragraphs separated by a blank line."},
                "starting": {"type": "string", "description": "The text written from the event."},
                "edited": {"type": "boolean", "description": "Whether the facilitator's own text replaces it."},
            },
        }}},
    },
    "PaperChange": {
        "type": "object", "required": ["sections"], "additionalProperties": False,
        "properties": {"sections": {
            "type": "object", "minProperties": 1,
            "propertyNames": SECTION_NAME,
            "additionalProperties": {"type": "string", "maxLength": PAPER_LIMIT},
            "description": 'Section → text, such as {"next_steps": "..."}; "" restores the starting text.',
        }},
    },
}
