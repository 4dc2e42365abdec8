"""Who is answering, for the pages that work without JavaScript: a secret per person kept in their session cookie."""
import secrets

from flask import session

from ..answers import valid_token


def respondent_token(key, given=None):
    """This browser's answer key for one event or survey link (for drawing the form): the one given, else the remembered one, else new."""
    remembered = session.get("respondents", {})
    token = given if valid_token(given) else remembered.get(key)
    if not valid_token(token):
        token = secrets.token_urlsafe(18)
    remember(key, token)
    return token


def remember(key, token):
    """Keep an answer key that was just used, so the form shows this person's answers next time.

    A posted form must carry its key itself: falling back to the cookie would let another site's form change them.
    """
    remembered = session.get("respondents", {})
    if valid_token(token) and remembered.get(key) != token:
        session["respondents"] = {**remembered, key: token}


def new_submission_id():
    """A fresh id for one rendering of the form: pressing Send twice, or re-posting after a reload, counts once."""
    return secrets.token_urlsafe(12)


def whole_number(text):
    """A form field's whole number, or the text as typed (refused in plain words by the answer rules)."""
    # Only ASCII digits, at most nine: "²".isdigit() is true yet int("²") raises, int() refuses 5,000 digits, and no
    # points, place or theme id is that long.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else text


def _index(text, count):
    """A field naming one of count things by its place (0 first), or None for anything else."""
    number = whole_number(text)
    return number if isinstance(number, int) and number < count else None


def scores_from_form(form, criteria, shortlist, scoring):
    """A survey respondent's scores from the plain form: a criterion left wholly blank is one they chose not to score.

    Fields are numbered, not named by code (codes are free text): points-C-O, rank-C-P (the option in place P)
    and out-C (options ruled out), for criterion C and option O in the event's order.
    """
    entries = []
    for ci, criterion in enumerate(criteria):
        typed = {code: form.get(f"points-{ci}-{oi}", "").strip() for oi, code in enumerate(shortlist)}
        places = [form.get(f"rank-{ci}-{place}", "") for place in range(len(shortlist))]
        out = {shortlist[i] for i in (_index(text, len(shortlist)) for text in form.getlist(f"out-{ci}")) if i is not None}
        if not any(typed.values()) and not any(places) and not out:
            continue
        points = {}
        for code, text in typed.items():
            if code in out:
                continue
            if text:
                points[code] = whole_number(text)  # anything else is refused in plain words
            elif scoring["mode"] == "allocate":
                points[code] = 0  # an empty box is no points
        ranking = [shortlist[i] for i in (_index(text, len(shortlist)) for text in places) if i is not None]
        entries.append({"criterion": criterion, "ranking": ranking if scoring["rank_first"] else [],
                        "points": points, "ruled_out": [code for code in shortlist if code in out]})
    return entries


def answers_from_form(form):
    """One person's answers from the plain form: empty risk rows are spare rows, not risks."""
    texts, themes = form.getlist("risk_text"), form.getlist("risk_theme")
    risks = []
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        theme = themes[i] if i < len(themes) else ""   # none chosen: refused in plain words, never "other"
        risks.append({"text": text, "theme": whole_number(theme)})
    data = {"respondent": form.get("respondent", ""), "submission_id": form.get("submission_id", ""),
            "confidence": form.get("confidence"), "would_help": form.get("would_help", ""), "risks": risks}
    if "would_help_theme" in form:
        # "" is "in general"; anything else not a theme id is refused in plain words by the answer rules.
        typed = form["would_help_theme"]
        data["would_help_theme"] = whole_number(typed) if typed else None
    for field in ("name", "organisation", "stakeholder_group"):
        if field in form:
            data[field] = form[field]
    return data


def problems_by_field(outcome):
    """A refusal's problems as {field: message}, for showing each beside its field (the whole refusal when none)."""
    problems = {p.field or "answers": p.message for p in outcome.problems}
    return problems or {"answers": outcome.error.removeprefix("Not saved: ").rstrip(".")}
