"""What the projector may show: the facilitator's chosen view, unless results are hidden until voting closes."""

VIEWS = ("totals", "matrix", "highest", "progress", "top3")
DEFAULT = {"view": "totals", "hidden": True}


def check_display(view, hidden):
    """A display setting from the facilitator's form, or None when the view is not one we have."""
    if view not in VIEWS:
        return None
    return {"view": view, "hidden": bool(hidden)}


def shown_view(display, voting):
    """The view on the projector now: only progress while results are hidden and any criterion is still not closed."""
    if display["hidden"] and any(state != "closed" for state in voting.values()):
        return "progress"
    return display["view"]
