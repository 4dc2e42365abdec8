"""What would help, per theme, beside the organisers' response; and confidence by organisation and stakeholder group.

A delegate says what would make them more confident either for one risk theme or in general; the facilitator writes
the organisers' required response to each theme. The board paper pairs them, theme by theme (the 2009 review's 7.2).
"""
from .confidence import LESS, MORE, OTHER, SCALE, AnswerError, AnswerProblem, _comments, resolve_theme
from .text import TEXT_LIMIT, TextTooLong, clean_text

ORGANISATION = "organisation"
STAKEHOLDER_GROUP = "stakeholder_group"


def check_response(text):
    """The organisers' response to a theme, cleaned (multiline, at most TEXT_LIMIT); raise AnswerError if refused."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise AnswerError([AnswerProblem("response", "must be text")])
    try:
        return clean_text(text, TEXT_LIMIT, multiline=True)
    except TextTooLong as error:
        raise AnswerError([AnswerProblem("response", f"is too long: at most {TEXT_LIMIT} characters "
                                                     f"(this has {len(error.text)})")]) from None


def check_group(value, groups):
    """A person's stakeholder group: one of the event's groups, or "" for none given; raise AnswerError otherwise."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise AnswerError([AnswerProblem(STAKEHOLDER_GROUP, "must be text: one of the event's stakeholder groups")])
    typed = value.strip()
    found = next((group for group in groups if group.casefold() == typed.casefold()), None)
    if found is None:
        choices = ", ".join(groups) if groups else "none: this event has no stakeholder groups"
        raise AnswerError([AnswerProblem(STAKEHOLDER_GROUP, f'there is no stakeholder group "{typed[:60]}" '
                                                            f"(the groups are: {choices})")])
    return found


def theme_of(theme, theme_ids, merges):
    """The current theme a "what would help" answer is about (following merges), or None for in general or gone."""
    if theme is None:
        return None
    theme = resolve_theme(theme, merges)
    return theme if theme in theme_ids else None


def with_help(theme_rows, items, responses, *, include_hidden=False):
    """Each theme's summary row with its response, what would help for it, and those answers' groups.

    items: every would-help answer (hidden ones marked), each with "theme" already resolved (theme_of);
    responses: {theme id: text}. The Other row has neither: nobody can choose Other for what would help.
    """
    by_theme = {}
    for item in items:
        if item["theme"] is not None:
            by_theme.setdefault(item["theme"], []).append(item)
    return [{**row, "response": responses.get(row["theme"], ""),
             **_comments(by_theme.get(row["theme"], []), "would_help", "would_help_groups", include_hidden)}
            for row in theme_rows]


def general_help(items, *, include_hidden=False):
    """What would help said in general (for no theme)."""
    return [item for item in items if item["theme"] is None and (include_hidden or not item["hidden"])]


def general_help_summary(items, *, include_hidden=False):
    """What would help in general and its groups (identical or near-identical answers in one row)."""
    return _comments(general_help(items, include_hidden=True), "general_help", "general_help_groups", include_hidden)


def _row(name, people, theme_names):
    """One group's counts: people, more/less/same, shares, each scale step, and risks raised per theme name."""
    steps = {step: sum(1 for p in people if p["confidence"] == step) for step in SCALE}
    more, less, total = sum(steps[s] for s in MORE), sum(steps[s] for s in LESS), len(people)
    themes = {}
    for person in people:
        for risk in person["risks"]:
            theme = theme_names.get(risk["theme"], "Other")
            themes[theme] = themes.get(theme, 0) + 1
    ordered = [n for n in [*theme_names.values(), "Other"] if n in themes]
    return {"name": name, "people": total, "more": more, "less": less, "same": steps["same"],
            "share_more": round(more / total, 3) if total else 0, "share_less": round(less / total, 3) if total else 0,
            "steps": steps, "themes": {n: themes[n] for n in ordered}}


def by_group(people, themes, groups):
    """Confidence and risks by organisation and by stakeholder group: {"organisation": rows, "stakeholder_group": rows}.

    people: [{"confidence", "organisation", "stakeholder_group", "risks": [{"theme"}]}], those who answered;
    themes: [{"id", "name"}]; groups: the event's stakeholder groups, in order (each gets a row, even with nobody).
    Organisations are typed freely, so spellings that differ only in case are one organisation (the first spelling
    seen names it); they come in alphabetical order. "" (not given) is always last.
    """
    theme_names = {theme["id"]: theme["name"] for theme in themes}
    theme_names.pop(OTHER, None)
    organisations, spelling = {}, {}
    for person in people:
        key = (person.get("organisation") or "").casefold()
        spelling.setdefault(key, person.get("organisation") or "")
        organisations.setdefault(key, []).append(person)
    org_keys = sorted((k for k in organisations if k), key=lambda k: (k, spelling[k])) + [k for k in organisations
                                                                                          if not k]
    in_group = {}
    for person in people:
        in_group.setdefault(person.get("stakeholder_group") or "", []).append(person)
    # A group removed from the event after people chose it still shows, after the event's own.
    group_names = list(groups) + sorted(g for g in in_group if g and g not in groups)
    if "" in in_group:
        group_names.append("")
    return {ORGANISATION: [_row(spelling[k], organisations[k], theme_names) for k in org_keys],
            STAKEHOLDER_GROUP: [_row(g, in_group.get(g, []), theme_names) for g in group_names]}
