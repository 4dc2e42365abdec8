"""Confidence and risks: the rules for one person's answers, and the per-theme summary the room sees.

Each delegate (or survey respondent) answers for themselves: how confident they are that the named option is the
best one, what would make them more confident, and any number of risks, each under a theme.
"""
from typing import NamedTuple

from .text import TEXT_LIMIT, TextTooLong, clean_text

# The five-point scale, from the original report's question; the order matters for "more" and "less".
SCALE = ("much_less", "less", "same", "more", "much_more")
SCALE_LABELS = {
    "much_less": "Much less confident",
    "less": "Less confident",
    "same": "Neither more nor less confident",
    "more": "More confident",
    "much_more": "Much more confident",
}
MORE = ("more", "much_more")
LESS = ("less", "much_less")
OTHER = "other"
MAX_RISKS = 20
SOURCES = ("room", "survey")


class AnswerProblem(NamedTuple):
    """One broken rule, named by the field it is about."""

    field: str
    message: str

    def __str__(self):
        return f"{self.field}: {self.message}" if self.field else self.message


class AnswerError(ValueError):
    """Answers that break rules; they carry every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _text(value, field, problems, required=False):
    """Cleaned free text, or '' after adding a plain-words problem."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(AnswerProblem(field, "must be text"))
        return ""
    try:
        text = clean_text(value, TEXT_LIMIT, multiline=True)
    except TextTooLong as error:
        problems.append(AnswerProblem(field, f"is too long: at most {TEXT_LIMIT} characters (this has {len(error.text)})"))
        return ""
    if required and not text:
        problems.append(AnswerProblem(field, "write the risk, or remove it"))
    return text


def check_answers(answers, *, theme_ids, phase_open):
    """One person's answers in canonical form, or raise AnswerError listing every problem (nothing partial is kept).

    answers: {"confidence": one of SCALE, "would_help": text, "risks": [{"text", "theme": theme id or "other"}]};
    theme_ids: the ids of the event's current themes.
    """
    if not phase_open:
        raise AnswerError([AnswerProblem("", "the confidence questions are closed, so answers can no longer change")])
    if not isinstance(answers, dict):
        raise AnswerError([AnswerProblem("", "answers must be an object with named fields")])
    problems = [AnswerProblem(key, "unknown field") for key in answers
                if key not in ("confidence", "would_help", "risks", "submission_id")]
    confidence = answers.get("confidence")
    if confidence not in SCALE:
        problems.append(AnswerProblem("confidence", "choose one of the five answers, from much less to much more confident"))
    would_help = _text(answers.get("would_help"), "would_help", problems)
    risks = answers.get("risks", [])
    if not isinstance(risks, list):
        problems.append(AnswerProblem("risks", "must be a list of risks"))
        risks = []
    if len(risks) > MAX_RISKS:
        problems.append(AnswerProblem("risks", f"at most {MAX_RISKS} risks; group related ones together"))
        risks = []
    kept = []
    for i, risk in enumerate(risks):
        if not isinstance(risk, dict):
            problems.append(AnswerProblem(f"risks[{i}]", "must have a text and a theme"))
            continue
        text = _text(risk.get("text"), f"risks[{i}].text", problems, required=True)
        theme = risk.get("theme", OTHER)
        if theme != OTHER and (isinstance(theme, bool) or theme not in theme_ids):
            problems.append(AnswerProblem(f"risks[{i}].theme", "that theme does not exist (it may have been merged); "
                                                               "choose another or 'other'"))
        kept.append({"text": text, "theme": theme})
    if problems:
        raise AnswerError(problems)
    return {"confidence": confidence, "would_help": would_help, "risks": kept}


def theme_summary(respondents, themes, *, include_hidden=False):
    """Per theme: how many people raised it, how many of them are more or less confident, and the risks raised.

    respondents: [{"confidence", "source", "risks": [{"text", "theme", "hidden"}]}] (one entry per person);
    themes: [{"id", "name"}] in display order; a risk whose theme is "other" or gone is counted under "Other".
    Shares are of the people raising the theme, as the original report's diagrams showed them.
    """
    known = {theme["id"] for theme in themes}
    groups = [(theme["id"], theme["name"]) for theme in themes] + [(OTHER, "Other")]
    summary = []
    for theme_id, name in groups:
        people, risks = [], []
        for person in respondents:
            mine = [r for r in person["risks"] if (r["theme"] if r["theme"] in known else OTHER) == theme_id]
            if mine:
                people.append(person)
                risks += [{"text": r["text"], "source": person["source"], "hidden": r.get("hidden", False)}
                          for r in mine if include_hidden or not r.get("hidden", False)]
        if theme_id == OTHER and not people:
            continue
        summary.append({"theme": theme_id, "name": name, **_counts(people), "risks": risks})
    return summary


def _counts(people):
    """How many people, and how many of them more, less or equally confident, overall and by source."""
    def count(group):
        return {
            "people": len(group),
            "more": sum(1 for p in group if p["confidence"] in MORE),
            "less": sum(1 for p in group if p["confidence"] in LESS),
            "same": sum(1 for p in group if p["confidence"] == "same"),
        }

    overall = count(people)
    total = overall["people"]
    return {
        **overall,
        "share_more": round(overall["more"] / total, 3) if total else 0,
        "share_less": round(overall["less"] / total, 3) if total else 0,
        "by_source": {source: count([p for p in people if p["source"] == source]) for source in SOURCES},
    }


def confidence_counts(respondents):
    """How many people gave each answer on the scale, overall and by source (room or survey)."""
    return {
        "all": {step: sum(1 for p in respondents if p["confidence"] == step) for step in SCALE},
        **{source: {step: sum(1 for p in respondents if p["confidence"] == step and p["source"] == source)
                    for step in SCALE} for source in SOURCES},
    }
