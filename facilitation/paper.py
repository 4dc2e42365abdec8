"""The board paper: its sections (the facilitator's text, or the starting text written from the event) and the parts
the report page shows with them; and the one way a section's text is changed.

The report page (facilitation/report.py) draws the paper from paper_data; the editor page and the API change a section
through set_section. Editing stays open after the event is closed: the paper is written afterwards.
"""
from . import answers, store
from .attendance import event_attendance
from .domain import paper
from .domain.confidence import without_hidden
from .domain.charts import percentages
from .domain.problems import FieldProblem, RuleError
from .domain.report import highest_sentence
from .notes import event_notes
from .results import event_results

IMPORTANCE = {"high": 0, "medium": 1, "low": 2}
PARTS = ("more", "same", "less")


def paper_data(db, event_id, *, definition=None, results=None, attendance=None, confidence=None):
    """The paper's sections and parts; the report passes what it has already read, so nothing is read twice."""
    definition = definition or store.load_definition(db, event_id)
    results = results or event_results(db, event_id)
    attendance = attendance or event_attendance(db, event_id)
    confidence = confidence or without_hidden(answers.summary(db, event_id, include_hidden=True))
    starting = paper.starting_texts(definition, results, attendance, confidence)
    rows = paper.sections(definition, starting)
    return {
        "sections": {row["section"]: row for row in rows},
        "section_list": rows,
        "programme": definition["programme"],
        "briefings": _briefings(definition),
        "constraints": _constraints(definition),
        "assessment": _assessment(definition, results, event_notes(db, event_id)),
        "risk_themes": _risk_themes(confidence),
        "by_group": confidence["by_group"],
        "general_help": confidence["general_help"],
    }


def editor_data(db, event_id):
    """What the paper editor shows: every section with its current and starting text, in the paper's order."""
    return paper_data(db, event_id)["section_list"]


def set_section(db, event_id, section, text):
    """Change one section's text ("" restores the starting text); PaperError (nothing changed) when it cannot be taken."""
    cleaned = paper.check_section(section, text)
    return store.set_paper_section(db, event_id, section, cleaned)


def set_sections(db, event_id, texts):
    """Change several sections at once ({section: text}); every problem listed (RuleError) and nothing changed."""
    if not isinstance(texts, dict) or not texts:
        raise RuleError([FieldProblem("sections", "must name at least one section with its text, such as "
                                                  '{"introduction": "..."}')])
    cleaned, problems = {}, []
    for section, text in texts.items():
        try:
            cleaned[section] = paper.check_section(section, text)
        except paper.PaperError as refused:
            problems.append(FieldProblem(f"sections.{section}", str(refused)))
    if problems:
        raise RuleError(problems)
    for section, text in cleaned.items():
        store.set_paper_section(db, event_id, section, text)


def _briefings(definition):
    """Each short-listed option with its advantages and disadvantages, the most important first (file order kept)."""
    def ordered(items):
        return sorted(items, key=lambda item: IMPORTANCE[item["importance"]])

    return [{"option": o, "advantages": ordered(o["briefing"]["advantages"]),
             "disadvantages": ordered(o["briefing"]["disadvantages"])}
            for o in definition["options"] if o["status"] == "shortlisted"]


def _constraints(definition):
    """The constraints that cut the long list: each reason once, with the options it excluded."""
    cut = {}
    for option in definition["options"]:
        if option["status"] == "excluded":
            cut.setdefault(paper.constraint(option), []).append(option["code"])
    return [{"constraint": reason, "codes": codes} for reason, codes in cut.items()]


def _assessment(definition, results, notes):
    """Per criterion: its rows of the matrix, who rated what highest in words, and the tables' discussion notes."""
    order = [o["code"] for o in results["options"]]
    return [{"criterion": c, "rows": [row for row in results["matrix"] if row["criterion"] == c["code"]],
             "highest_text": highest_sentence(results["highest"][c["code"]], order) if c["code"] in results["highest"]
             else "No table has scored this criterion.",
             "notes": notes.get(c["code"], [])}
            for c in definition["criteria"]]


def _risk_themes(confidence):
    """Per theme: the more / neither / less shares, the risks, what would help and the organisers' response."""
    # The summary's themes carry their response (read from the same rows as the definition's theme_responses).
    return [{**theme, "percent": dict(zip(PARTS, percentages([theme[part] for part in PARTS])))}
            for theme in confidence["themes"] if theme["people"] or theme["response"]]
