"""What the projector shows: the view and its page, hiding, whose answers, theme, join corner, blank, paging, timer.

Pure functions over the stored display (a sparse dict: only what differs from the defaults, plus view and hidden)
and, where time matters, `now` (an aware datetime). docs/api.md describes every key.
"""
from datetime import datetime, timedelta, timezone

from .problems import FieldProblem, RuleError

VIEWS = ("totals", "matrix", "highest", "progress", "top3", "families", "confidence", "risks", "would_help", "theme_help")
JOIN = "join"
ALL_VIEWS = VIEWS + (JOIN,)
# The presenter's next/previous order, as the day runs: how to join, who has submitted, results, what people said.
CYCLE = ("join", "progress", "totals", "top3", "families", "highest", "matrix", "confidence", "risks", "would_help",
         "theme_help")
LABELS = {
    "totals": "Total points", "matrix": "Score table", "highest": "Rated highest", "progress": "Progress",
    "top3": "Top three", "families": "Option families", "confidence": "Confidence by theme", "risks": "Risks by theme",
    "would_help": "What would raise confidence", "theme_help": "What would help, by theme", "join": "How to join",
}
# What people said, not scores: showing it cannot anchor a table's scoring, so it is never held back.
ANSWER_VIEWS = ("confidence", "risks", "would_help", "theme_help")
# Whose answers the confidence views count: everyone together, or the room and the survey apart.
SOURCES = ("all", "room", "survey")
SOURCE_LABELS = {"all": "room and survey together", "room": "the room only", "survey": "the survey only"}
THEMES = ("light", "dark")
STEPS = ("next", "previous")
DEFAULT = {"view": "totals", "hidden": True}
DEFAULTS = {"view": "totals", "hidden": True, "source": "all", "page": 1, "pages": 1, "theme": "light",
            "join_corner": True, "blank": False, "advance": 0, "timer": None}
# What a change may name: the stored keys, and `step` (next/previous page, else view).
CHANGE_KEYS = tuple(DEFAULTS) + ("step",)
MOST_PAGES = 999
ADVANCE_RANGE = (3, 3600)
TIMER_RANGE = (1, 99 * 60 + 59)
TIMER_KEYS = ("seconds", "running", "reset")


class DisplayError(RuleError):
    """A display change that breaks rules; nothing of it is applied."""


def _iso(moment):
    """A UTC time as ISO-8601 with Z."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse(text):
    """An ISO-8601 time (with Z) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def full(display):
    """Every key of a stored display, with defaults for the keys it leaves out."""
    merged = {**DEFAULTS, **{k: v for k, v in (display or {}).items() if k in DEFAULTS or k == "page_at"}}
    if merged["view"] not in ALL_VIEWS:
        merged["view"] = DEFAULTS["view"]
    if merged["source"] not in SOURCES:
        merged["source"] = "all"
    return merged


def compact(display):
    """A display as stored: view and hidden always, anything else only where it differs from the default."""
    kept = {k: v for k, v in display.items() if k in ("view", "hidden") or (k in DEFAULTS and DEFAULTS[k] != v)}
    if display.get("advance") and display.get("page_at"):
        kept["page_at"] = display["page_at"]
    return kept


def display_source(display):
    """Whose answers the confidence views count (a display without a source counts everyone)."""
    source = display.get("source", "all")
    return source if source in SOURCES else "all"


def shown_view(display, voting):
    """The view on the projector now: only progress while results are hidden and any criterion is still not closed."""
    if display["view"] in ANSWER_VIEWS or display["view"] == JOIN:
        return display["view"]
    if display.get("hidden", True) and any(state != "closed" for state in voting.values()):
        return "progress"
    return display["view"]


def current_page(display, now):
    """The page on screen now, and the seconds until the next automatic turn (None when pages do not turn)."""
    shown = full(display)
    pages = max(1, shown["pages"])
    page = min(max(1, shown["page"]), pages)
    if not shown["advance"] or pages == 1 or not shown.get("page_at"):
        return page, None
    elapsed = max(0.0, (now - _parse(shown["page_at"])).total_seconds())
    turns = int(elapsed // shown["advance"])
    return (page - 1 + turns) % pages + 1, round(shown["advance"] * (turns + 1) - elapsed, 1)


def timer_state(display, now):
    """The countdown now: its length, seconds left, when it ends if running, and whether it is running."""
    timer = full(display)["timer"]
    if not timer:
        return {"duration": 0, "remaining": 0, "ends_at": None, "running": False}
    if timer.get("ends_at"):
        left = max(0.0, (_parse(timer["ends_at"]) - now).total_seconds())
    else:
        left = float(timer.get("remaining", 0))
    left = round(left, 1)
    return {"duration": timer["duration"], "remaining": left, "ends_at": timer.get("ends_at"),
            "running": bool(timer.get("ends_at")) and left > 0}


def present(display, voting, now):
    """The display as screens and scripts get it: every key, the page on screen now and the timer now."""
    shown = full(display)
    page, turn_in = current_page(shown, now)
    return {"view": shown["view"], "shown": shown_view(shown, voting), "hidden": shown["hidden"],
            "source": shown["source"], "page": page, "pages": max(1, shown["pages"]), "turn_in": turn_in,
            "theme": shown["theme"], "join_corner": shown["join_corner"], "blank": shown["blank"],
            "advance": shown["advance"], "timer": timer_state(shown, now)}


def _whole(value, low, high):
    """Whether value is a whole number (not a bool) from low to high."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check(body):
    """Every broken rule in a change, in plain words."""
    problems = []
    if not isinstance(body, dict):
        return [FieldProblem("", 'send a JSON object naming what to change, for example {"view": "matrix"}')]
    for key in body:
        if key not in CHANGE_KEYS:
            problems.append(FieldProblem(key, "is not part of the display; it has " + ", ".join(CHANGE_KEYS)))
    rules = {
        "view": (lambda v: v in ALL_VIEWS, "is not one the projector has"),
        "source": (lambda v: v in SOURCES, "must be all, room or survey"),
        "theme": (lambda v: v in THEMES, "must be light or dark"),
        "step": (lambda v: v in STEPS, "must be next or previous"),
        "page": (lambda v: _whole(v, 1, MOST_PAGES), f"must be a whole number from 1 to {MOST_PAGES}"),
        "pages": (lambda v: _whole(v, 1, MOST_PAGES), f"must be a whole number from 1 to {MOST_PAGES}"),
        "advance": (lambda v: v == 0 or _whole(v, *ADVANCE_RANGE),
                    f"must be 0 (pages turn only by hand) or a whole number of seconds from {ADVANCE_RANGE[0]} "
                    f"to {ADVANCE_RANGE[1]}"),
    }
    for key in ("hidden", "join_corner", "blank"):
        rules[key] = (lambda v: isinstance(v, bool), "must be true or false")
    for key, (ok, message) in rules.items():
        if key in body and not (isinstance(body[key], (str, int, bool)) and ok(body[key])):
            value = body[key]
            problems.append(FieldProblem(key, f'"{value}" {message}' if isinstance(value, str) else message))
    if "step" in body and ("view" in body or "page" in body):
        problems.append(FieldProblem("step", "send step on its own, or a view and page, not both"))
    if "timer" in body:
        problems.extend(_check_timer(body["timer"]))
    return problems


def _check_timer(timer):
    """The broken rules in a timer change."""
    if timer is None:
        return []
    if not isinstance(timer, dict) or not timer:
        return [FieldProblem("timer", 'must be null (timer off) or an object such as {"seconds": 300, "running": true}')]
    problems = [FieldProblem(f"timer.{key}", "is not part of the timer; it has seconds, running and reset")
                for key in timer if key not in TIMER_KEYS]
    if "seconds" in timer and not _whole(timer["seconds"], *TIMER_RANGE):
        problems.append(FieldProblem("timer.seconds", f"must be a whole number of seconds from {TIMER_RANGE[0]} to "
                                                      f"{TIMER_RANGE[1]} (99 minutes 59 seconds)"))
    if "running" in timer and not isinstance(timer["running"], bool):
        problems.append(FieldProblem("timer.running", "must be true (start) or false (pause)"))
    if "reset" in timer and timer["reset"] is not True:
        problems.append(FieldProblem("timer.reset", "must be true (back to the full time, stopped)"))
    return problems


def _change_timer(current, change, now):
    """The stored timer after a change: set its length, reset it, start or pause it (in that order)."""
    if change is None:
        return None
    timer = dict(current or {"duration": 0, "remaining": 0, "ends_at": None})
    if "seconds" in change:
        timer = {"duration": change["seconds"], "remaining": change["seconds"], "ends_at": None}
    if change.get("reset"):
        timer = {**timer, "remaining": timer["duration"], "ends_at": None}
    if "running" in change and timer["duration"]:
        left = timer_state({"timer": timer}, now)["remaining"]
        if change["running"]:
            # Starting a countdown that has run out starts it again from its full length.
            left = left or timer["duration"]
            timer = {**timer, "remaining": left, "ends_at": _iso(now + timedelta(seconds=left))}
        else:
            timer = {**timer, "remaining": left, "ends_at": None}
    return timer if timer["duration"] else None


def _step(display, voting, direction, skip=()):
    """The next or previous page of the view on screen, else the next or previous view that looks different.

    skip: views this event does not offer (families, when no option has one)."""
    if direction == "next" and display["page"] < display["pages"]:
        display["page"] += 1
        return
    if direction == "previous" and display["page"] > 1:
        display["page"] -= 1
        return
    here = shown_view(display, voting)
    order = CYCLE if direction == "next" else CYCLE[::-1]
    start = order.index(display["view"])
    for offset in range(1, len(order)):
        view = order[(start + offset) % len(order)]
        if view in skip:
            continue
        # While results are hidden every score view shows progress: skip those, or "next" would seem to do nothing.
        if shown_view({**display, "view": view}, voting) != here:
            break
    display.update(view=view, pages=1, page=1 if direction == "next" else MOST_PAGES)


def change(display, body, voting, now, skip=()):
    """The stored display after a change (only the keys sent change), or DisplayError with every problem.

    skip: views next/previous pass over (see _step)."""
    problems = _check(body)
    if problems:
        raise DisplayError(problems)
    before = full(display)
    after = dict(before)
    # While pages turn by themselves, count from the page on screen now, so a change never jumps to another page;
    # otherwise keep the page as stored (the "last page" a previous step asked for waits for the page count).
    page, turning = current_page(before, now)
    if turning is not None:
        after["page"] = page
    for key in ("view", "hidden", "source", "theme", "join_corner", "blank", "advance"):
        if key in body:
            after[key] = body[key]
    if shown_view(after, voting) != shown_view(before, voting):
        after.update(page=1, pages=1)
    for key in ("pages", "page"):
        if key in body:
            after[key] = body[key]
    if "pages" in body or "step" in body:
        after["page"] = min(after["page"], after["pages"])
    if "step" in body:
        _step(after, voting, body["step"], skip)
    if "timer" in body:
        after["timer"] = _change_timer(before["timer"], body["timer"], now)
    after["page_at"] = _iso(now) if after["advance"] else None
    return compact(after)


def timer_changed(body):
    """Whether a change touches the countdown (phones then hear of it)."""
    return isinstance(body, dict) and "timer" in body


def timer_message(display, now):
    """The countdown as the phones get it."""
    return timer_state(display, now)


_FORM_BOOLEANS = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}
_FORM_TIMER = {"start": {"running": True}, "pause": {"running": False}, "reset": {"reset": True}}


def _form_number(text, field, message):
    """A number typed into the panel's form, or DisplayError saying what to type."""
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        raise DisplayError([FieldProblem(field, message)]) from None


def form_change(fields):
    """The control room's plain form (no script) as a change: `action` names what the pressed button changes.

    `action` is "view", "source", "advance" or "timer:set" (taking the select or box of that name), or
    "key:value" for a button that sets one key ("hidden:1", "step:next", "timer:start", "timer:off").
    """
    action = fields.get("action") or ""
    if not action:
        # The form without a pressed button's action (Enter in the view box, or an older page): what it holds.
        change = {key: fields[key] for key in ("view", "source") if key in fields}
        if "hidden" in fields:
            change["hidden"] = _FORM_BOOLEANS.get(fields["hidden"], fields["hidden"])
        return change
    key, _, value = action.partition(":")
    if key in ("view", "source") and not value:
        return {key: fields.get(key, "")}
    if key == "advance" and not value:
        seconds = _form_number(fields.get("advance"), "advance", "type how many seconds between pages, or 0")
        return {"advance": int(seconds) if seconds.is_integer() else seconds}
    if action == "timer:set":
        minutes = _form_number(fields.get("minutes"), "minutes", "type how many minutes the countdown runs, for example 5")
        return {"timer": {"seconds": round(minutes * 60) if minutes > 0 else 0}}
    if key == "timer":
        return {"timer": None} if value == "off" else {"timer": _FORM_TIMER.get(value, value)}
    if key in ("hidden", "join_corner", "blank"):
        return {key: _FORM_BOOLEANS.get(value, value)}
    if key in ("step", "view", "theme", "source"):
        return {key: value}
    if key == "page":
        return {"page": int(value) if value.isdigit() else value}
    raise DisplayError([FieldProblem("action", "that button is not one the projector panel has")])


def describe(display):
    """The display in plain words, for the facilitator's confirmation."""
    shown = full(display)
    words = LABELS.get(shown["view"], shown["view"])
    if shown["view"] in ANSWER_VIEWS:
        words = f"{words} ({SOURCE_LABELS[display_source(shown)]})"
    elif shown["view"] != JOIN and shown["hidden"]:
        words += " (results hidden until voting closes)"
    if shown["blank"]:
        words += "; the screen is blank"
    return words


def confirmation(display):
    """The sentence the facilitator sees after a change, from the display as presented (with `shown`)."""
    shown = full(display)
    scores = shown["view"] not in ANSWER_VIEWS and shown["view"] != JOIN
    if scores and shown["hidden"] and display.get("shown") == shown["view"]:
        # Once every criterion is closed nothing is held back, so the message must not say results are hidden.
        words = f"{LABELS[shown['view']]}. Voting has closed, so the results show"
        return f"The projector now shows {words}." + (" The screen is blank." if shown["blank"] else "")
    return f"The projector now shows {describe(shown)}."
