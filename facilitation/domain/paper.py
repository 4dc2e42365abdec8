"""The board paper's editable sections: each one's title, its starting text written from the event, and the checks on
the facilitator's own text.

Pure: from the event definition, the results (domain/results.py), the attendance lists (domain/attendance.py) and the
confidence summary (answers.summary); no Flask, no SQL.
"""
import re
from collections import Counter

from .event_day import PAPER_LIMIT, PAPER_SECTIONS
from .report import and_list, long_date, plural, strongest_sentence
from .text import TextTooLong, clean_text

TITLES = {
    "introduction": "Introduction",
    "purpose": "Purpose of the event and the programme of the day",
    "process": "Process",
    "long_list": "The long list",
    "short_list": "The short list",
    "criteria": "The criteria",
    "assessment": "Assessment",
    "strongest": "The strongest option",
    "risks": "Risk assessment",
    "next_steps": "Next steps",
    "recommendations": "Recommendations",
}
_BLANK_LINE = re.compile(r"\n\s*\n")


class PaperError(ValueError):
    """A section's text the paper cannot take; str() is the plain message, and nothing was changed."""


def check_section(section, text):
    """The facilitator's text for a section, cleaned ("" means back to the starting text); raise PaperError."""
    if section not in PAPER_SECTIONS:
        raise PaperError(f'There is no section "{section}" in the board paper (its sections: '
                         f'{", ".join(PAPER_SECTIONS)}).')
    if not isinstance(text, str):
        raise PaperError(f"The text for {TITLES[section]} must be text.")
    try:
        return clean_text(text, PAPER_LIMIT, multiline=True)
    except TextTooLong as long:
        raise PaperError(f"The text for {TITLES[section]} is too long: at most {PAPER_LIMIT:,} characters "
                         f"(this has {len(long.text):,}). Nothing was saved.") from None


def constraint(option):
    """The constraint that excluded an option, as the paper lists it (without a closing full stop, so each is once)."""
    return (option.get("excluded_reason") or "").strip().rstrip(".") or "No reason recorded"


def paragraphs(text):
    """A section's text as paragraphs: a blank line separates them; line breaks inside one are kept as spaces."""
    return [" ".join(part.split()) for part in _BLANK_LINE.split(text or "") if part.strip()]


def sections(definition, starting):
    """Every section in the paper's order: {"section", "title", "text", "starting", "edited", "paragraphs"}."""
    edited = definition.get("paper", {})
    rows = []
    for section in PAPER_SECTIONS:
        text = edited.get(section) or starting[section]
        rows.append({"section": section, "title": TITLES[section], "text": text, "starting": starting[section],
                     "edited": bool(edited.get(section)), "paragraphs": paragraphs(text)})
    return rows


def starting_texts(definition, results, attendance, confidence):
    """Each section's starting text, written from the event: {section: text}."""
    facts = _facts(definition, results, attendance, confidence)
    return {section: "\n\n".join(part for part in WRITERS[section](facts) if part) for section in PAPER_SECTIONS}


def _facts(definition, results, attendance, confidence):
    """What the sentences draw on, worked out once."""
    options = definition["options"]
    shortlisted = [o for o in options if o["status"] == "shortlisted"]
    excluded = [o for o in options if o["status"] == "excluded"]
    organisations = {p["organisation"].strip().casefold() for p in attendance["took_part"] if p.get("organisation")}
    themes = sorted((t for t in confidence["themes"] if t["people"] and t["name"] != "Other"),
                    key=lambda t: -t["people"])
    return {
        "definition": definition, "results": results, "attendance": attendance, "confidence": confidence,
        "title": definition["title"], "date": definition["date"] and long_date(definition["date"]),
        "shortlisted": shortlisted, "excluded": excluded, "tables": len(definition["tables"]),
        "criteria": definition["criteria"], "organisations": len(organisations),
        "people": attendance["counts"]["took_part"], "themes": themes,
        "titles": {o["code"]: o["title"] for o in options},
    }


def _on(facts):
    """" on 9 December 2009", or nothing when the event has no date."""
    return f" on {facts['date']}" if facts["date"] else ""


def _who(facts):
    """"36 people from 14 organisations", or how many tables when nobody is listed."""
    if not facts["people"]:
        return f"delegates at {plural(facts['tables'], 'table')}"
    who = plural(facts["people"], "person", "people")
    return f"{who} from {plural(facts['organisations'], 'organisation')}" if facts["organisations"] else who


def _introduction(facts):
    """Why this paper exists and what it covers."""
    yield (f"This paper reports the whole-system event “{facts['title']}”{_on(facts)}. {_who(facts).capitalize()} "
           f"took part, at {plural(facts['tables'], 'table')}.")
    yield ("It sets out the purpose of the event and the programme of the day, the process followed, the long and "
           "short lists of options, the criteria the options were judged against, the tables' assessment of each "
           "option, the strongest option, the risks people raised and what would raise their confidence, and the "
           "next steps and recommendations for the board. The appendices list who took part, who was invited but "
           "did not attend, the organisations that answered the survey, and the full scoring matrix.")


def _purpose(facts):
    """What the day was for, and that the programme follows."""
    yield (f"The event{_on(facts)} brought together {_who(facts)} to appraise "
           f"{plural(len(facts['shortlisted']), 'short-listed option')} against "
           f"{plural(len(facts['criteria']), 'agreed benefit criterion', 'agreed benefit criteria')}, to find the "
           "strongest option, and to hear how confident people were in it and what risks they saw.")
    programme = facts["definition"].get("programme", [])
    if programme:
        yield (f"The day ran from {programme[0]['time']} to {programme[-1]['time']}; its programme is below and in "
               "Appendix 1.")
    else:
        yield "No programme of the day was recorded with the event."


def _share_out(results):
    """"each criterion by 3 tables, each table 2 criteria" from the matrix's rows."""
    per_criterion = Counter(row["criterion"] for row in results["matrix"])
    per_table = Counter(row["table"] for row in results["matrix"])
    if not per_criterion:
        return ""

    def spread(counter, one, many):
        low, high = min(counter.values()), max(counter.values())
        return plural(low, one, many) if low == high else f"{low} to {high} {many}"

    return (f"each criterion by {spread(per_criterion, 'table', 'tables')}, "
            f"each table {spread(per_table, 'criterion', 'criteria')}")


def _process(facts):
    """How the options were cut, the criteria shared out, the scores given and combined."""
    results, scoring = facts["results"], facts["definition"]["scoring"]
    yield (f"The long list of {plural(len(facts['shortlisted']) + len(facts['excluded']), 'option')} was cut to a "
           f"short list of {len(facts['shortlisted'])} by constraints; each excluded option keeps the reason it was "
           "excluded.")
    share = _share_out(results)
    yield (f"The criteria were shared out between the tables: {facts['tables']} tables, "
           f"{plural(len(facts['criteria']), 'criterion', 'criteria')}{', ' + share if share else ''}.")
    if scoring["mode"] == "allocate":
        how = (("first ranked the short-listed options, then " if scoring.get("rank_first", True) else "")
               + f"shared {plural(scoring['budget'], 'point')} between them")
        rule_out = (" An option could be ruled out (X): it got nothing and was recorded as rejected, which is not "
                    "the same as 0." if scoring.get("allow_rule_out", True) else "")
    else:
        how, rule_out = "scored every option from 0 to 10", ""
    yield (f"For each of its criteria a table agreed one answer together: it {how}.{rule_out} The scores of all "
           "tables were added up per option, and for each criterion the option each table rated highest was read "
           "off. People were then asked how confident they were that the strongest option is the best one, what "
           "would make them more confident, and what risks they saw, each risk under a theme.")


def _long_list(facts):
    """How long the long list was and what cut it."""
    excluded = facts["excluded"]
    total = len(excluded) + len(facts["shortlisted"])
    if not excluded:
        yield f"The long list had {plural(total, 'option')}; none was excluded, so all of them were short-listed."
        return
    codes = and_list([o["code"] for o in excluded])
    yield (f"The long list had {plural(total, 'option')}. {'Option' if len(excluded) == 1 else 'Options'} {codes} "
           f"{'was' if len(excluded) == 1 else 'were'} excluded before the day by the constraints below.")
    reasons = list(dict.fromkeys(constraint(o) for o in excluded if o.get("excluded_reason")))
    if reasons:
        yield "The constraints that cut the long list: " + "; ".join(reasons) + "."


def _short_list(facts):
    """The short list in one sentence."""
    shortlisted = facts["shortlisted"]
    named = "; ".join(f"{o['code']} {o['title']}" for o in shortlisted)
    yield f"{plural(len(shortlisted), 'option')} were short-listed: {named}."
    if any(o.get("briefing", {}).get("advantages") or o.get("briefing", {}).get("disadvantages") for o in shortlisted):
        yield "Each option's briefing follows, its advantages and disadvantages with the most important first."


def _criteria(facts):
    """The criteria by working title, and whether they were weighted."""
    criteria = facts["criteria"]
    yield (f"The room agreed {plural(len(criteria), 'benefit criterion', 'benefit criteria')}: "
           f"{and_list([c['working_title'] for c in criteria])}.")
    weights = {c["weight"] for c in criteria}
    if weights == {1}:
        yield "Every criterion counted the same (weight 1)."
    else:
        yield (f"The criteria were weighted, from {min(weights):g} to {max(weights):g}; "
               f"{facts['results']['basis']['rule_text']}")


def _assessment(facts):
    """How many ballots came in and which option led the most criteria."""
    results = facts["results"]
    progress = results["progress"]
    yield (f"{progress['submitted']} of {progress['expected']} ballots were in (one per table for each criterion it "
           "scored). Each criterion's scores follow, with which option the tables considering it rated highest and "
           "what they said about it, then the scores of every table together.")
    led = Counter()
    for entry in results["highest"].values():
        if entry["counts"]:
            top = max(entry["counts"].values())
            led.update(code for code, n in entry["counts"].items() if n == top)
    if led:
        code, n = max(led.items(), key=lambda item: item[1])
        yield (f"Option {code} ({facts['titles'].get(code, '')}) was rated highest by the most tables on "
               f"{n} of the {plural(len(results['highest']), 'criterion', 'criteria')}.")


def _strongest(facts):
    """The strongest option by the rule, with its margin."""
    results = facts["results"]
    yield strongest_sentence(results, facts["titles"])
    if results.get("margin"):
        yield f"Its margin: {results['margin']['text']}"


def _risks(facts):
    """How many answered, and which themes were raised most."""
    confidence = facts["confidence"]
    answered = confidence["respondents"]
    if not answered["all"]:
        yield "Nobody has answered the confidence questions yet."
        return
    steps = confidence["confidence"]["all"]
    more, less = steps["more"] + steps["much_more"], steps["less"] + steps["much_less"]
    yield (f"{plural(answered['all'], 'person', 'people')} answered the confidence questions ({answered['room']} in "
           f"the room, {answered['survey']} by the survey): {more} more confident and {less} less confident.")
    if facts["themes"]:
        raised = and_list([f"{t['name']} ({plural(t['people'], 'person', 'people')})" for t in facts["themes"][:2]])
        yield (f"The themes raised most were {raised}. For each theme, the shares of the people raising it who were "
               "more and less confident, the risks raised, what would help and the organisers' required response "
               "follow.")


def _next_steps(facts):
    """The survey's closing date and what happens to this paper."""
    closes = (facts["definition"].get("survey") or {}).get("closes")
    if closes:
        yield (f"Invitees who could not attend were sent a survey with the same confidence and risk questions; it "
               f"closes on {long_date(closes[:10])}, and answers received by then are counted alongside the room's.")
    yield ("This paper goes to the boards of the organisations that took part. The organisers will take forward "
           "their required response to each risk theme, and report progress to the organisations that took part.")


def _recommendations(facts):
    """What the board is asked to do: note the result, take the strongest option forward, address the top risks."""
    strongest = facts["results"]["strongest"]
    if len(strongest) == 1:
        code = strongest[0]
        yield (f"That the board notes the appraisal and supports option {code} ({facts['titles'].get(code, '')}), the "
               "strongest option, as the basis for further work.")
    elif strongest:
        yield (f"That the board notes the appraisal, in which options {and_list(strongest)} tie as the strongest, and "
               "asks for further work to choose between them.")
    else:
        yield "That the board notes the appraisal once the tables' scores are in."
    if facts["themes"]:
        names = and_list([f"“{t['name']}”" for t in facts["themes"][:2]])
        yield f"That the plans address the risk themes raised most, {names}, as the organisers' responses set out."


WRITERS = {
    "introduction": _introduction, "purpose": _purpose, "process": _process, "long_list": _long_list,
    "short_list": _short_list, "criteria": _criteria, "assessment": _assessment, "strongest": _strongest,
    "risks": _risks, "next_steps": _next_steps, "recommendations": _recommendations,
}
