"""The survey for invitees who could not attend: its state, what the control room offers in each, and the rules
for closing it, reopening it and moving its closing time. Times are timezone-aware datetimes; `when` formats one.
"""
from datetime import datetime

STATES = ("open", "not_yet", "closed_by_time", "closed_by_hand")
LABELS = {"open": "Open", "not_yet": "Not open yet", "closed_by_time": "Closed: its closing time passed",
          "closed_by_hand": "Closed by you"}
ACTIONS = ("closed", "open", "closes", "extend", "no_closing_time", "reopen_without_time")
NOT_YET = "it opens once the confidence questions have been opened in the room, as it asks about the option they name"


class SurveyRefusal(Exception):
    """A survey change that was refused, in plain words; nothing changed."""


def read_closing_time(value):
    """A stored ISO 8601 closing time as a datetime, or None."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def write_closing_time(moment):
    """A closing time as stored in the event definition: ISO 8601, with Z for UTC (as the event file has it)."""
    if moment is None:
        return None
    written = moment.replace(microsecond=0).isoformat()
    return written[:-len("+00:00")] + "Z" if written.endswith("+00:00") else written


def survey_state(*, closes, closed_by_hand, about, now):
    """Which of STATES the survey is in (closing by hand wins, then the closing time, then a question to ask)."""
    if closed_by_hand:
        return "closed_by_hand"
    if closes is not None and now >= closes:
        return "closed_by_time"
    if about is None:
        return "not_yet"
    return "open"


def summary(state, *, closes, now, when):
    """The survey's state in one plain sentence for the control room."""
    passed = closes is not None and now >= closes
    until = f"until {when(closes)}" if closes else "with no closing time, until you close it"
    if state == "open":
        return f"Open: it takes answers {until}."
    if state == "not_yet":
        closing = f"it closes at {when(closes)}" if closes else "it has no closing time"
        return f"Not open yet: {NOT_YET}; {closing}."
    if state == "closed_by_time":
        return f"Closed: its closing time, {when(closes)}, has passed. Extend the closing time to reopen it."
    if passed:
        return (f"Closed by you, and its closing time, {when(closes)}, has passed too. "
                "Choose a later closing time to reopen it.")
    closing = f" (it closes at {when(closes)})" if closes else ""
    return f"Closed by you: its link says so and stores nothing until you reopen it{closing}."


def controls(state, *, closes, now, when):
    """What the control room offers in this state: the status, and each button's action and words (or None)."""
    passed = closes is not None and now >= closes
    if state == "open":
        now_action = {"value": "closed", "label": "Close the survey now"}
    elif state == "not_yet":
        now_action = {"value": "closed", "label": "Keep the survey closed"}  # so it does not open with the questions
    elif state == "closed_by_hand" and not passed:
        now_action = {"value": "open", "label": "Reopen the survey"}
    else:
        now_action = None  # closed by its time: reopening means a later closing time (below)
    if state == "closed_by_time":
        time_action = {"value": "extend", "label": "Extend the closing time and reopen"}
        clear_action = {"value": "reopen_without_time", "label": "Reopen with no closing time"}
    elif state == "closed_by_hand" and passed:
        time_action = {"value": "extend", "label": "Reopen until this time"}
        clear_action = {"value": "reopen_without_time", "label": "Reopen with no closing time"}
    else:
        time_action = {"value": "closes", "label": "Change the closing time" if closes else "Set a closing time"}
        clear_action = {"value": "no_closing_time", "label": "Remove the closing time"} if closes else None
    return {"state": state, "label": LABELS[state], "summary": summary(state, closes=closes, now=now, when=when),
            "now_action": now_action, "time_action": time_action, "clear_action": clear_action}


DONE = {
    "closed": "Closed the survey.",
    "open": "Reopened the survey.",
    "closes": "The closing time is now {new}.",
    "extend": "The closing time is now {new}.",
    "no_closing_time": "Removed the closing time.",
    "reopen_without_time": "Removed the closing time.",
}


def change_survey(action, *, state, closes, closed_by_hand, new_closes, now, when):
    """The survey after an action from the control room, as (closes, closed_by_hand, what was done); or raise
    SurveyRefusal saying why not. new_closes: the time typed (aware datetime), None if none, or text it could not read.
    """
    if action not in ACTIONS:
        raise SurveyRefusal("That survey change was not understood. Nothing changed.")
    passed = closes is not None and now >= closes
    if action == "closed":
        if state == "closed_by_hand":
            raise SurveyRefusal("The survey is already closed. Nothing changed.")
        if state == "closed_by_time":
            raise SurveyRefusal(f"The survey has already closed: its closing time, {when(closes)}, has passed. "
                                "Nothing changed.")
        return closes, True, DONE[action]
    if action == "open":
        if state == "closed_by_hand" and not passed:
            return closes, False, DONE[action]
        if passed:
            raise SurveyRefusal(f"Not reopened: its closing time, {when(closes)}, has passed. Choose a later closing "
                                "time to reopen it. Nothing changed.")
        if state == "not_yet":
            raise SurveyRefusal(f"The survey is not closed: {NOT_YET}. Nothing changed.")
        raise SurveyRefusal("The survey is already open. Nothing changed.")
    if action in ("closes", "extend"):
        if new_closes is None:
            raise SurveyRefusal("Choose the date and time the survey should close. Nothing changed.")
        if isinstance(new_closes, str):
            raise SurveyRefusal(f"“{new_closes}” is not a date and time. Nothing changed.")
        if new_closes <= now:
            raise SurveyRefusal(f"{when(new_closes)} has already passed: choose a closing time still to come. "
                                "Nothing changed.")
        # Extending reopens; changing the time keeps a survey closed by hand closed.
        return new_closes, closed_by_hand and action != "extend", DONE[action].format(new=when(new_closes))
    # no_closing_time / reopen_without_time
    if closes is None and not (action == "reopen_without_time" and closed_by_hand):
        raise SurveyRefusal("The survey has no closing time to remove. Nothing changed.")
    return None, closed_by_hand and action != "reopen_without_time", DONE[action]
