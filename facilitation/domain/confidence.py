"""Confidence and risks: the rules for one person's answers, and the per-theme summary the room sees.

Each delegate (or survey respondent) answers for themselves: how confident they are that the named option is the
best one, what would make them more confident, and any number of risks, each under a theme.
"""
from datetime import datetime

from .ballot import BallotError, check_ballot
from .grouping import group_comments, shown_groups
from .problems import FieldProblem, RuleError
from .text import TEXT_LIMIT, TextTooLong, clean_text

# The five-point scale, from the original report's question; the order matters for "more" and "less".
SCALE = ("much_less", "less", "same", "more", "much_more")
SCALE_LABELS = {
    "much_less": "Much less confident",
    "less": "Less confident",
    "same": "No more or less confident than before",
    "more": "More confident",
    "much_more": "Much more confident",
}
MORE = ("more", "much_more")
LESS = ("less", "much_less")
OTHER = "other"
MAX_RISKS = 20
SOURCES = ("room", "survey")
STRONGEST = "strongest"
NAME_LIMIT = 200


AnswerProblem = FieldProblem


class AnswerError(RuleError):
    """Answers that break rules; they carry every problem found."""


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


# Fields a submission may carry besides the answers themselves: who is answering, and the id that makes re-sending safe.
ANSWER_FIELDS = ("confidence", "would_help", "would_help_theme", "risks", "submission_id", "respondent", "join_token",
                 "name", "organisation", "stakeholder_group", "scoring")


def check_answers(answers, *, theme_ids, phase_open):
    """One person's answers in canonical form, or raise AnswerError listing every problem (nothing partial is kept).

    answers: {"confidence": one of SCALE, "would_help": text, "would_help_theme": theme id, or None/absent for "in general",
    "risks": [{"text", "theme": theme id or "other"}]}; theme_ids: the ids of the event's current themes. Every risk's theme is required: "other" is a choice, not a default.
    """
    if not phase_open:
        raise AnswerError([AnswerProblem("", "the confidence questions are closed, so answers can no longer change")])
    if not isinstance(answers, dict):
        raise AnswerError([AnswerProblem("", "answers must be an object with named fields")])
    problems = [AnswerProblem(key, "unknown field") for key in answers if key not in ANSWER_FIELDS]
    confidence = answers.get("confidence")
    if confidence not in SCALE:
        problems.append(AnswerProblem("confidence", "choose one of the five answers, from much less to much more confident"))
    would_help = _text(answers.get("would_help"), "would_help", problems)
    help_theme = answers.get("would_help_theme")
    if help_theme == "":
        help_theme = None   # the plain form's "In general"
    if help_theme is not None and (isinstance(help_theme, bool) or not isinstance(help_theme, int)
                                   or help_theme not in theme_ids):
        problems.append(AnswerProblem("would_help_theme", "that theme does not exist (it may have been merged); "
                                                          "choose another, or In general"))
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
        theme = risk.get("theme")
        if theme is None or theme == "":
            # Chosen, never assumed: a risk filed under "Other" by default is lost to the theme it was about.
            if text:
                problems.append(AnswerProblem(f"risks[{i}].theme", "choose a theme for this risk (Other if none fits)"))
        elif theme != OTHER and (isinstance(theme, bool) or not isinstance(theme, int) or theme not in theme_ids):
            problems.append(AnswerProblem(f"risks[{i}].theme", "that theme does not exist (it may have been merged); "
                                                               "choose another or Other"))
        kept.append({"text": text, "theme": theme})
    if problems:
        raise AnswerError(problems)
    return {"confidence": confidence, "would_help": would_help, "would_help_theme": help_theme, "risks": kept}


def theme_summary(respondents, themes, *, include_hidden=False, counted=None):
    """Per theme: how many people raised it, how many of them are more or less confident, and the risks raised.

    respondents: [{"confidence", "source", "risks": [{"text", "theme", "hidden"}]}] (one entry per person);
    themes: [{"id", "name"}] in display order; a risk whose theme is "other" or gone is counted under "Other".
    Shares are of the people raising the theme, as the original report's diagrams showed them.
    counted: the people per theme already counted by the database ({theme id or "other": [(source, confidence,
    people)]}, the same figures as counting respondents), so only the risks are gathered here.
    """
    known = {theme["id"] for theme in themes}
    rows = [(theme["id"], theme["name"]) for theme in themes] + [(OTHER, "Other")]
    # One pass over everyone's risks: people and risks per theme, in the order people answered.
    people = {theme_id: [] for theme_id, _name in rows}
    risks = {theme_id: [] for theme_id, _name in rows}
    for person in respondents:
        raised = set()
        for r in person["risks"]:
            theme_id = r["theme"] if r["theme"] in known else OTHER
            if theme_id not in raised:
                raised.add(theme_id)
                people[theme_id].append(person)
            risks[theme_id].append({**({"id": r["id"]} if "id" in r else {}), "text": r["text"],
                                    "source": person["source"], "hidden": r.get("hidden", False)})
    def counts(theme_id):
        return _counts(people[theme_id]) if counted is None else counts_from_rows(counted.get(theme_id, ()))

    return [{"theme": theme_id, "name": name, **counts(theme_id),
             **_comments(risks[theme_id], "risks", "groups", include_hidden)}
            for theme_id, name in rows if theme_id != OTHER or people[OTHER]]


def _comments(items, name, groups_name, include_hidden):
    """Comments and their groups (identical or near-identical ones in one row), hidden ones left out unless asked.

    Groups are made over every comment, hidden or not, so the projector's rows are the control room's, minus hidden.
    """
    groups = group_comments(items)
    if include_hidden:
        return {name: items, groups_name: groups}
    return {name: [item for item in items if not item["hidden"]], groups_name: shown_groups(groups, items)}


def without_hidden(summary):
    """A summary as the projector may show it: hidden comments left out (the people stay counted)."""
    def shown(theme):
        out = {**theme, "risks": [r for r in theme["risks"] if not r["hidden"]],
               "groups": shown_groups(theme["groups"], theme["risks"])}
        if "would_help" in theme:
            out["would_help"] = [w for w in theme["would_help"] if not w["hidden"]]
            out["would_help_groups"] = shown_groups(theme["would_help_groups"], theme["would_help"])
        return out

    out = {**summary, "themes": [shown(theme) for theme in summary["themes"]],
           "would_help": [w for w in summary["would_help"] if not w["hidden"]]}
    if "general_help" in summary:
        out["general_help"] = [w for w in summary["general_help"] if not w["hidden"]]
    if "general_help_groups" in summary:
        out["general_help_groups"] = shown_groups(summary["general_help_groups"], summary["general_help"])
    if "would_help_groups" in summary:
        out["would_help_groups"] = shown_groups(summary["would_help_groups"], summary["would_help"])
    return out


def would_help_summary(respondents, *, include_hidden=False):
    """What would help, and its groups, as the summary gives them (hidden ones left out unless asked)."""
    return _comments(would_help(respondents, include_hidden=True), "would_help", "would_help_groups", include_hidden)


def would_help(respondents, *, include_hidden=False):
    """What would make people more confident: every non-empty answer, with its source and confidence."""
    return [
        {**({"id": p["id"]} if "id" in p else {}), "text": p["would_help"], "source": p["source"],
         "confidence": p["confidence"], "hidden": p.get("would_help_hidden", False),
         "theme": p.get("would_help_theme")}
        for p in respondents
        if p.get("would_help") and (include_hidden or not p.get("would_help_hidden", False))
    ]


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


def counts_from_rows(rows):
    """_counts from the database's count of people by (source, confidence): [(source, confidence, people)]."""
    def count(source=None):
        found = {step: sum(n for s, c, n in rows if c == step and source in (None, s)) for step in SCALE}
        return {"people": sum(found.values()), "more": sum(found[step] for step in MORE),
                "less": sum(found[step] for step in LESS), "same": found["same"]}

    overall = count()
    total = overall["people"]
    return {
        **overall,
        "share_more": round(overall["more"] / total, 3) if total else 0,
        "share_less": round(overall["less"] / total, 3) if total else 0,
        "by_source": {source: count(source) for source in SOURCES},
    }


def confidence_counts_from_rows(rows):
    """confidence_counts from the database's count of people by (source, confidence): [(source, confidence, people)]."""
    return {
        "all": {step: sum(n for _s, c, n in rows if c == step) for step in SCALE},
        **{source: {step: sum(n for s, c, n in rows if c == step and s == source) for step in SCALE}
           for source in SOURCES},
    }


def confidence_counts(respondents):
    """How many people gave each answer on the scale, overall and by source (room or survey)."""
    return {
        "all": {step: sum(1 for p in respondents if p["confidence"] == step) for step in SCALE},
        **{source: {step: sum(1 for p in respondents if p["confidence"] == step and p["source"] == source)
                    for step in SCALE} for source in SOURCES},
    }


def check_identity(name, organisation):
    """A delegate's optional name and organisation, cleaned; raise AnswerError if either is not text or too long."""
    problems, out = [], {}
    for field, value in (("name", name), ("organisation", organisation)):
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(AnswerProblem(field, "must be text"))
            continue
        try:
            out[field] = clean_text(value, NAME_LIMIT)
        except TextTooLong as error:
            problems.append(AnswerProblem(field, f"is too long: at most {NAME_LIMIT} characters (this has {len(error.text)})"))
    if problems:
        raise AnswerError(problems)
    return out


def choose_about(setting, strongest, pinned=None):
    """The option the confidence question names: the one pinned, else the file's pinned option, else the single strongest.

    Raise AnswerError when it must be the strongest but there is none yet, or a tie, so the facilitator pins one.
    """
    if pinned:
        return pinned
    if setting != STRONGEST:
        return setting
    if len(strongest) == 1:
        return strongest[0]
    if not strongest:
        raise AnswerError([AnswerProblem("about", "no table has scored yet, so there is no strongest option: "
                                                  "choose the option to ask about")])
    raise AnswerError([AnswerProblem("about", f"the strongest option is a tie between {' and '.join(strongest)}: "
                                              "choose the option to ask about")])


def survey_status(*, closes, closed_by_hand, about, now):
    """Whether the survey takes answers now: ('open', '') or ('closed' / 'not_yet', the reason in plain words)."""
    if closed_by_hand:
        return "closed", "This survey has been closed by the facilitator, so it no longer takes answers."
    if closes and now >= datetime.fromisoformat(closes.replace("Z", "+00:00")):
        return "closed", "This survey closed at its closing time, so it no longer takes answers."
    if about is None:
        return "not_yet", "This survey opens once the event has chosen the option it asks about. Please try again later."
    return "open", ""


def check_theme_name(name, others):
    """A new or renamed theme's name, cleaned; raise AnswerError if empty, too long, or used by another theme."""
    if not isinstance(name, str):
        raise AnswerError([AnswerProblem("name", "must be text")])
    try:
        text = clean_text(name, NAME_LIMIT)
    except TextTooLong as error:
        raise AnswerError([AnswerProblem("name", f"is too long: at most {NAME_LIMIT} characters "
                                                 f"(this has {len(error.text)})")]) from None
    if not text:
        raise AnswerError([AnswerProblem("name", "give the theme a name")])
    if text.casefold() == OTHER or text.casefold() in {other.casefold() for other in others}:
        raise AnswerError([AnswerProblem("name", f'there is already a theme called "{text}"; merge into it instead')])
    return text


def resolve_theme(theme, merges):
    """The theme a risk belongs to now, following merges (a phone may still offer a theme merged a minute ago)."""
    seen = set()
    while theme in merges and theme not in seen:
        seen.add(theme)
        theme = merges[theme]
    return theme


def check_scores(entries, *, asked, scoring, shortlist, excluded, criteria):
    """A survey respondent's scores, one per criterion they chose to score, by the tables' rules; raise AnswerError.

    entries: [{"criterion", "ranking", "points", "ruled_out"}]; asked: whether this survey asks for scores at all.
    Returns the checked ballots as dicts (criterion, ranking, points, ruled_out, warnings) in criterion order.
    """
    if entries in (None, []):
        return []
    if not asked:
        raise AnswerError([AnswerProblem("scoring", "these questions do not ask for scores")])
    if not isinstance(entries, list):
        raise AnswerError([AnswerProblem("scoring", "must be a list with one entry per criterion scored")])
    problems, checked = [], {}
    for i, entry in enumerate(entries):
        code = entry.get("criterion") if isinstance(entry, dict) else None
        where = f"scoring.{code}" if isinstance(code, str) and code in criteria else f"scoring[{i}]"
        if not isinstance(entry, dict) or code not in criteria:
            problems.append(AnswerProblem(where, "say which of the event's criteria these scores are for"))
            continue
        if code in checked:
            problems.append(AnswerProblem(where, "this criterion is scored twice"))
            continue
        try:
            ballot = check_ballot({**entry, "base_version": 0, "submission_id": "survey-scores"}, scoring=scoring,
                                  shortlist=shortlist, excluded=excluded)
        except BallotError as error:
            problems += [AnswerProblem(f"{where}.{p.field}" if p.field else where, p.message) for p in error.problems]
            continue
        checked[code] = {"criterion": code, "ranking": ballot.ranking, "points": ballot.points,
                         "ruled_out": ballot.ruled_out, "warnings": ballot.warnings}
    if problems:
        raise AnswerError(problems)
    return [checked[code] for code in criteria if code in checked]
