"""What the projector may show: the facilitator's chosen view, unless results are hidden until voting closes."""

VIEWS = ("totals", "matrix", "highest", "progress", "top3", "confidence", "risks", "would_help")
LABELS = {
    "totals": "Total points", "matrix": "Score table", "highest": "Rated highest", "progress": "Progress",
    "top3": "Top three", "confidence": "Confidence by theme", "risks": "Risks by theme",
    "would_help": "What would raise confidence",
}
# What people said, not scores: showing it cannot anchor a table's scoring, so it is never held back.
ANSWER_VIEWS = ("confidence", "risks", "would_help")
# Whose answers the confidence views count: everyone together, or the room and the survey apart.
SOURCES = ("all", "room", "survey")
SOURCE_LABELS = {"all": "room and survey together", "room": "the room only", "survey": "the survey only"}
DEFAULT = {"view": "totals", "hidden": True}


def check_display(view, hidden, source="all"):
    """A display setting from the facilitator's form, or None when the view or source is not one we have.

    "all" is left out of the stored setting, so displays saved before sources existed read the same.
    """
    if view not in VIEWS or source not in SOURCES:
        return None
    return {"view": view, "hidden": bool(hidden), **({"source": source} if source != "all" else {})}


def display_source(display):
    """Whose answers the confidence views count (a display without a source counts everyone)."""
    source = display.get("source", "all")
    return source if source in SOURCES else "all"


def shown_view(display, voting):
    """The view on the projector now: only progress while results are hidden and any criterion is still not closed."""
    if display["view"] in ANSWER_VIEWS:
        return display["view"]
    if display["hidden"] and any(state != "closed" for state in voting.values()):
        return "progress"
    return display["view"]


def describe(display):
    """The display in plain words, for the facilitator's confirmation."""
    words = LABELS.get(display["view"], display["view"])
    if display["view"] in ANSWER_VIEWS:
        return f"{words} ({SOURCE_LABELS[display_source(display)]})"
    return words + (" (results hidden until voting closes)" if display["hidden"] else "")
