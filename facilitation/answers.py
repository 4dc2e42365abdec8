"""Confidence and risks: the phase, the survey, each person's answers, live themes and the summary screens show.

Socket.IO handlers, the table and survey pages and the API all call this; the rules are in domain.confidence.
"""
import json
import re
from datetime import datetime, timezone
from typing import NamedTuple

from flask import current_app, has_app_context

from . import closing, lookups, signals, store
from .domain import link_limits
from .domain.confidence import (
    OTHER, AnswerError, AnswerProblem, check_answers, check_identity, check_scores, check_theme_name, choose_about,
    confidence_counts_from_rows, resolve_theme, survey_status, theme_summary, would_help_summary,
)
from .domain.closing import EventClosed
from .domain.moderation import check_hide, check_merge, check_move
from .domain.theme_help import by_group, check_group, check_response, general_help_summary, theme_of, with_help
from .results import event_results
from .store import answers as store_answers, moderation as store_moderation, versions as store_versions

# 20 risks of 1,000 characters each, plus the rest, with room for JSON escaping; anything larger is not a person typing.
MAX_ANSWER_BYTES = 48 * 1024
# A respondent's secret: made by the phone's (or the server's) random generator, so nobody can guess another's.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AnswerOutcome(NamedTuple):
    """What happened to a person's answers (docs/live-protocol.md)."""

    status: str                     # stored | duplicate | closed | problems | too_large | not_yours | too_many
    answers: dict | None = None     # the person's stored answers
    error: str = ""
    problems: tuple = ()

    @property
    def ok(self):
        """Whether the answers are (now, or already) safely stored."""
        return self.status in ("stored", "duplicate")

    def ack(self):
        """The outcome as a phone's acknowledgement or an API body."""
        if self.ok:
            return {"ok": True, "answers": self.answers, **({"duplicate": True} if self.status == "duplicate" else {})}
        return {"ok": False, "error": self.error, "status": self.status,
                **({"problems": [{"field": p.field, "message": p.message} for p in self.problems]}
                   if self.problems else {})}


def valid_token(token):
    """Whether a respondent token looks like one we would issue."""
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def now():
    """The current moment, in UTC."""
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- the phase and the survey

def _option(db, event_id, code):
    """An option's code and title for the question's wording, or None."""
    return next(({"code": o["code"], "title": o["title"]} for o in lookups.list_options(db, event_id)
                 if o["code"] == code), None)


def phase(db, event_id):
    """The confidence phase: its state and the option it asks about (None until first opened)."""
    event = lookups.get_event(db, event_id)
    current = event["confidence_phase"]
    about = current.get("about")
    return {"state": current["state"], "about": about, "option": _option(db, event_id, about) if about else None,
            "setting": event["confidence"]["about"]}


def open_phase(db, event_id, pin=None):
    """Open the confidence questions, fixing the option they name; raise AnswerError if it cannot be chosen or changed."""
    _open_event(db, event_id, "phase")
    event = store.get_event(db, event_id)
    shortlist = store.option_codes(db, event_id)["shortlisted"]
    if pin is not None and pin not in shortlist:
        raise AnswerError([AnswerProblem("about", f'there is no short-listed option "{pin}"')])
    current = event["confidence_phase"].get("about")
    answered = {p["about"] for p in store.event_respondents(db, event_id) if p["confidence"]}
    if current and answered and pin not in (None, current):
        raise AnswerError([AnswerProblem("about", f"people have already answered about option {current}, "
                                                  "so the question cannot change to another option")])
    about = current if current and (answered or pin is None) else None
    if about is None:
        about = choose_about(event["confidence"]["about"], event_results(db, event_id)["strongest"], pin)
    store.set_confidence_phase(db, event_id, "open", about)
    return _phase_changed(db, event_id)


def _phase_changed(db, event_id):
    """Announce the phase as it is now stored, and return it."""
    current = phase(db, event_id)
    signals.send(signals.phase_changed, event_id=event_id, phase=current)
    return current


def close_phase(db, event_id):
    """Close the confidence questions; what people answered stays, and they can no longer change it."""
    current = store.get_event(db, event_id)["confidence_phase"]
    store.set_confidence_phase(db, event_id, "closed", current.get("about"))
    return _phase_changed(db, event_id)


def survey(db, event_id, moment=None):
    """The survey's link token, closing time, and whether it takes answers now (with the reason if not)."""
    event = store.get_event(db, event_id)
    about = event["confidence_phase"].get("about")
    if about is None and event["confidence"]["about"] != "strongest":
        about = event["confidence"]["about"]
    status, message = survey_status(closes=event["survey"]["closes"], closed_by_hand=event["survey_closed"],
                                    about=about, now=moment or now())
    return {"token": event["survey_token"], "closes": event["survey"]["closes"],
            "include_scoring": event["survey"]["include_scoring"], "closed_by_hand": event["survey_closed"],
            "status": status, "message": message, "about": about,
            "option": _option(db, event_id, about) if about else None}


def find_survey(db, survey_token):
    """The event and invitee (for a personal link) a survey link leads to, or None."""
    return store.find_survey(db, survey_token) if valid_token(survey_token) else None


# ---------------------------------------------------------------- one person's answers

def themes(db, event_id):
    """The themes a person can choose from, in order."""
    return lookups.list_themes(db, event_id)


def my_answers(db, event_id, token):
    """What this person (and only this person) has stored, as their form shows it; None before they answer."""
    if not valid_token(token):
        return None
    # One indexed read: the burst when the questions open is every phone asking at once.
    return store_versions.own_answers(db, event_id, token)


def phone_state(db, event_id, token=None):
    """What a delegate's phone needs for the confidence questions: the phase, the themes, and their own answers."""
    current = phase(db, event_id)
    event = lookups.get_event(db, event_id)
    return {"phase": current["state"], "about": current["option"], "themes": themes(db, event_id),
            "ask_identity": event["ask_identity"], "groups": event["stakeholder_groups"],
            "mine": my_answers(db, event_id, token)}


def _own(person):
    """A person's answers as they see them: what they chose, not the facilitator's moderation."""
    return {"confidence": person["confidence"], "would_help": person["would_help"],
            "would_help_theme": person["would_help_theme"], "version": person["version"],
            "name": person["name"], "organisation": person["organisation"],
            "stakeholder_group": person["stakeholder_group"],
            "risks": [{"text": r["text"], "theme": r["chosen_theme"]} for r in person["risks"]],
            **({"scoring": person["scoring"]} if person["scoring"] else {})}


def submit_room(db, table, data):
    """A delegate at a table answers for themselves, while the confidence phase is open."""
    return _submit(db, table["event_id"], "room", data, table_number=table["number"],
                   refusal=lambda current: None if current["state"] == "open" else "closed")


def submit_survey(db, event_id, data, moment=None):
    """An invitee who could not attend answers through the survey link, until it closes."""
    state = survey(db, event_id, moment)
    # The closing time and the hand-closed flag are both re-read here, inside the write transaction's refusal.
    return _submit(db, event_id, "survey", data, about=state["about"],
                   refusal=lambda _current: None if survey(db, event_id, moment)["status"] == "open" else "closed",
                   closed_message=state["message"] or "This survey is closed.")


def _theme_id(risk):
    """Whether a sent risk names a theme by its id (a whole number)."""
    return isinstance(risk, dict) and isinstance(risk.get("theme"), int) and not isinstance(risk["theme"], bool)


def _submit(db, event_id, source, data, *, refusal, table_number=None, about=None, closed_message=None):
    """Check and store one person's answers whole, or nothing."""
    try:
        closing.check_open(db, event_id)
    except EventClosed as error:
        return AnswerOutcome("closed", error=str(error))
    if len(json.dumps(data, default=str)) > MAX_ANSWER_BYTES:
        return AnswerOutcome("too_large", error=f"These answers are too large to accept "
                                                f"(more than {MAX_ANSWER_BYTES // 1024} KB).")
    if not isinstance(data, dict):
        return AnswerOutcome("problems", error="Not saved: answers must be an object with named fields.")
    token, submission_id = data.get("respondent"), data.get("submission_id")
    if not valid_token(token):
        return AnswerOutcome("problems", error="Not saved: this phone's answer key is missing or malformed. "
                                               "Reload the page and try again.")
    if not isinstance(submission_id, str) or not 8 <= len(submission_id) <= 64:
        return AnswerOutcome("problems", error="Not saved: each sending needs its own id (8–64 characters).")
    closed = closed_message or "Not saved: the confidence questions are closed, so answers can no longer change."
    merges = lookups.theme_merges(db, event_id)
    # A theme id merged away is followed to where it went; anything else (none chosen, "other", junk) is checked as sent.
    raw = {**data, "risks": [{**r, "theme": resolve_theme(r["theme"], merges)} if _theme_id(r) else r
                             for r in data["risks"]] if isinstance(data.get("risks"), list) else data.get("risks", [])}
    if _theme_id({"theme": data.get("would_help_theme")}):
        raw["would_help_theme"] = resolve_theme(data["would_help_theme"], merges)
    raw.pop("stakeholder_group", None)   # checked with the name, below
    problems = []
    answers = _collect(problems, check_answers, raw, theme_ids={t["id"] for t in themes(db, event_id)},
                       phase_open=True)
    identity = (_collect(problems, _identity, db, event_id, data)
                if any(field in data for field in ("name", "organisation", "stakeholder_group")) else None)
    scores = _collect(problems, _scores, db, event_id, data.get("scoring"), asked=source == "survey")
    if problems:
        return AnswerOutcome("problems", error="Not saved. Please fix:", problems=tuple(problems))
    answers["scoring"] = scores
    answers["about"] = about if source == "survey" else lookups.get_event(db, event_id)["confidence_phase"].get("about")
    status, person = store.record_answers(db, event_id, token, source, answers, submission_id, refusal,
                                          table_number=table_number, identity=identity,
                                          admit=_admission(db, event_id, source, table_number, token))
    if status == "too_many":
        return AnswerOutcome("too_many", error=link_limits.MESSAGE)
    if status == "closed":
        return AnswerOutcome("closed", error=closed)
    if status == "not_yours":
        return AnswerOutcome("not_yours", error="Not saved: this answer key belongs to someone else's answers. "
                                                "Reload the page to start your own.")
    if status == "stored":
        signals.send(signals.answers_changed, event_id=event_id)
    return AnswerOutcome(status, answers=_own(person))


def _admission(db, event_id, source, table_number, token):
    """The check a new person must pass inside the write: their link's limit per minute (None: no limit applies)."""
    # Only requests to the app are limited (a script on the database is the organisers' own); a personal survey
    # link's own token is its one person.
    if not has_app_context():
        return None
    limit = current_app.config.get("NEW_RESPONDENTS_PER_MINUTE", link_limits.NEW_PER_MINUTE).get(source)
    if limit is None:
        return None
    since = (now() - link_limits.WINDOW).isoformat(timespec="milliseconds")

    def admit():
        """Asked only when the person is new, so someone already answering costs no extra read."""
        if source == "survey" and find_survey(db, token) is not None:
            return None
        recent = store_answers.new_respondents_since(db, event_id, source, table_number, since)
        return "too_many" if link_limits.too_many(recent, limit) else None
    return admit


def _open_event(db, event_id, field):
    """Raise AnswerError with the plain closed message while the whole event is closed."""
    try:
        closing.check_open(db, event_id)
    except EventClosed as error:
        raise AnswerError([AnswerProblem(field, str(error))]) from None


def _collect(problems, check, *args, **kwargs):
    """The checked value, or None after adding the check's problems (so every problem is reported at once)."""
    try:
        return check(*args, **kwargs)
    except AnswerError as error:
        problems.extend(error.problems)
        return None


def _scores(db, event_id, entries, *, asked):
    """A survey respondent's checked scores (none from a delegate: their table scores for them)."""
    if entries in (None, []):
        return []  # most people score nothing: no need to read the event's settings
    event = lookups.get_event(db, event_id)
    codes = lookups.option_codes(db, event_id)
    return check_scores(entries, asked=asked and event["survey"]["include_scoring"], scoring=event["scoring"],
                        shortlist=codes["shortlisted"], excluded=codes["excluded"],
                        criteria=[c["code"] for c in lookups.list_criteria(db, event_id)])


def _identity(db, event_id, data):
    """A person's checked name, organisation and stakeholder group (one of the event's); raise AnswerError listing all."""
    problems = []
    identity = _collect(problems, check_identity, data.get("name"), data.get("organisation"))
    group = _collect(problems, check_group, data.get("stakeholder_group"),
                     lookups.get_event(db, event_id)["stakeholder_groups"])
    if problems:
        raise AnswerError(problems)
    return {**identity, "stakeholder_group": group}


def register(db, event_id, source, data, table_number=None):
    """A delegate gives (or changes) their name and organisation, before or after answering; raise AnswerError if refused."""
    _open_event(db, event_id, "respondent")
    token = data.get("respondent") if isinstance(data, dict) else None
    if not valid_token(token):
        raise AnswerError([AnswerProblem("respondent", "this phone's answer key is missing or malformed")])
    identity = _identity(db, event_id, data)
    status = store.register_respondent(db, event_id, token, source, table_number=table_number, **identity,
                                       admit=_admission(db, event_id, source, table_number, token))
    if status != "stored":
        raise AnswerError([AnswerProblem("respondent", "this answer key belongs to someone else" if status == "not_yours"
                                         else link_limits.MESSAGE[0].lower() + link_limits.MESSAGE[1:].rstrip("."))])
    return identity


# ---------------------------------------------------------------- what the room sees, and moderation

def summary(db, event_id, *, include_hidden=False):
    """Confidence by theme, risks under each theme, and what would help: all sources together and by source.

    The projector gets it without hidden comments; the control room (include_hidden) gets them marked, with ids.
    """
    # The counts come from the database's GROUP BY, read in the same snapshot as the comments they go with.
    with store.snapshot(db):
        counted, by_theme = store_versions.confidence_counts(db, event_id)
        people = [p for p in store.event_respondents(db, event_id) if p["confidence"]]
        responses = store.theme_responses(db, event_id)
    theme_list = themes(db, event_id)
    current = phase(db, event_id)
    ids, merges = {t["id"] for t in theme_list}, lookups.theme_merges(db, event_id)
    for person in people:
        # What would help follows its theme through merges; a theme gone since counts as said in general.
        person["would_help_theme"] = theme_of(person["would_help_theme"], ids, merges)
    helps = would_help_summary(people, include_hidden=True)["would_help"]
    rows = theme_summary(people, theme_list, include_hidden=include_hidden, counted=by_theme)
    return {
        "phase": current["state"], "about": current["option"],
        "respondents": {"all": sum(n for _s, _c, n in counted),
                        **{source: sum(n for s, _c, n in counted if s == source) for source in ("room", "survey")}},
        "confidence": confidence_counts_from_rows(counted),
        "themes": with_help(rows, helps, responses, include_hidden=include_hidden),
        **would_help_summary(people, include_hidden=include_hidden),
        **general_help_summary(helps, include_hidden=include_hidden),
        "by_group": by_group(people, theme_list, lookups.get_event(db, event_id)["stakeholder_groups"]),
        "theme_list": theme_list,
    }


def set_theme_response(db, event_id, theme_id, text):
    """The organisers' required response to one theme ("" clears it), editable after the day and after the close.

    Returns the theme with its stored response; raise AnswerError if the theme is not the event's or the text refused.
    """
    found = _theme(db, event_id, theme_id)
    response = check_response(text)
    if not store.set_theme_response(db, event_id, theme_id, response):
        raise AnswerError([AnswerProblem("theme", "that theme does not exist (it may have just been merged)")])
    signals.send(signals.theme_response_changed, event_id=event_id)
    return {**found, "response": response}


def _theme(db, event_id, theme_id, field="theme"):
    """A theme of this event by id, or raise AnswerError."""
    found = next((t for t in themes(db, event_id) if t["id"] == theme_id), None)
    if found is None:
        raise AnswerError([AnswerProblem(field, "that theme does not exist (it may have just been merged)")])
    return found


def add_theme(db, event_id, name):
    """Add a theme people can choose at once; returns it."""
    text = check_theme_name(name, [t["name"] for t in themes(db, event_id)])
    theme = {"id": store.add_theme(db, event_id, text), "name": text}
    signals.send(signals.themes_changed, event_id=event_id)
    return theme


def rename_theme(db, event_id, theme_id, name):
    """Rename a theme; its risks stay under it."""
    _theme(db, event_id, theme_id)
    text = check_theme_name(name, [t["name"] for t in themes(db, event_id) if t["id"] != theme_id])
    store.rename_theme(db, event_id, theme_id, text)
    signals.send(signals.themes_changed, event_id=event_id)
    return {"id": theme_id, "name": text}


def merge_themes(db, event_id, from_id, into_id):
    """Merge one theme into another: its risks move, and it leaves every list (undoably); returns how many risks moved."""
    moved = store_moderation.merge_themes(db, event_id, from_id, into_id,
                                          lambda found: check_merge(found, from_id, into_id))[1]
    signals.send(signals.themes_changed, event_id=event_id)
    return moved


def remove_theme(db, event_id, theme_id):
    """Remove a theme nobody has used; a theme with risks must be merged instead."""
    found = _theme(db, event_id, theme_id)
    if not store.remove_theme(db, event_id, theme_id):
        raise AnswerError([AnswerProblem("theme", f'"{found["name"]}" has risks under it: merge it into another '
                                                  "theme instead")])
    signals.send(signals.themes_changed, event_id=event_id)


def move_risk(db, event_id, risk_id, theme_id):
    """Put one risk under another theme, or under 'other' (undoably)."""
    store_moderation.move_risks(db, event_id, [risk_id], None if theme_id == OTHER else theme_id,
                                lambda found, names: check_move([risk_id], found, names, theme_id))
    signals.send(signals.answers_changed, event_id=event_id)


def set_hidden(db, event_id, kind, comment_id, hidden):
    """Hide a comment from the projector (kept, and marked hidden in exports), or show it again (undoably)."""
    if kind not in ("risk", "would_help") or comment_id is None:
        raise AnswerError([AnswerProblem("comment", "there is no such comment in this event")])
    risks, helps = ([comment_id], []) if kind == "risk" else ([], [comment_id])
    store_moderation.set_hidden(db, event_id, risks, helps, hidden,
                                lambda found_risks, found_helps: check_hide(risks, helps, found_risks, found_helps, hidden))
    signals.send(signals.answers_changed, event_id=event_id)
