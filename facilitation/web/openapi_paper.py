"""The OpenAPI response schema of the board paper's sections (web/openapi_components.py gathers it)."""
from ..domain.event_day import PAPER_SECTIONS

SECTION_NAME = {"enum": list(PAPER_SECTIONS), "description": "A section of the paper, in the paper's order."}

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

}
