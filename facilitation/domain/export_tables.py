"""The export tables, as rows: what each CSV file and workbook sheet holds, in the report's terms.

Pure: the service hands in results, answers and attendance, and turns these rows into files with pandas.
Every table is (columns, rows), rows being lists in column order. Text that a spreadsheet would run as a formula is
neutralised here, so no export can carry one.
"""
from typing import NamedTuple

from .confidence import SCALE_LABELS
from .progress import NOT_COUNTED

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (tab and carriage return
# too, by OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets that trim a cell on import, or read full-width signs as their ASCII twins (Excel with an East Asian
# input method), would run these too: the rule looks past leading spaces and folds full-width = + - @.
FULL_WIDTH = str.maketrans("\uff1d\uff0b\uff0d\uff20", "=+-@")
# The five-point scale as numbers for analysis: much less confident -2 … much more +2.
SCALE_SCORE = {"much_less": -2, "less": -1, "same": 0, "more": 1, "much_more": 2}


class Table(NamedTuple):
    """One export: its file name part, its sheet name, its columns and its rows."""

    name: str
    sheet: str
    columns: list
    rows: list


def neutralise(value):
    """A cell that cannot run as a formula: text starting (past spaces) with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS)
                                   or value.lstrip().translate(FULL_WIDTH).startswith(FORMULA_STARTS)):
        return "'" + value
    return value


def _cell(value):
    """A cell as written: neutralised text, and whole numbers as whole (a weighted 12.0 is written 12)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise(value)


def _table(name, sheet, columns, rows):
    """A Table with every text cell neutralised, headers too (they carry working titles and option codes)."""
    return Table(name, sheet, [neutralise(column) for column in columns], [[_cell(value) for value in row] for row in rows])


def _yes(flag):
    """A yes/no cell, as people read it in a spreadsheet."""
    return "yes" if flag else "no"


def scores(shortlist, criteria, ballots, survey_ballots):
    """Tidy scores: one row per (table or survey respondent) × criterion × short-listed option."""
    titles = {o["code"]: o["title"] for o in shortlist}
    working = {c["code"]: c["working_title"] for c in criteria}
    order = {c["code"]: i for i, c in enumerate(criteria)}
    rows = []

    def add(source, table, respondent, criterion, ballot):
        ranking = ballot.get("ranking") or []
        for option in shortlist:
            code = option["code"]
            out = code in ballot["ruled_out"]
            rows.append([
                criterion, working.get(criterion, criterion), source, table, respondent, code, titles[code],
                ranking.index(code) + 1 if code in ranking else None,
                None if out else ballot["points"].get(code, 0), _yes(out),
                ballot.get("version"), ballot.get("submitted_at"),
            ])

    for (table, criterion), ballot in sorted(ballots.items(), key=lambda item: (order.get(item[0][1], 0), item[0][0])):
        add("room", table, None, criterion, ballot)
    for (respondent, criterion), ballot in sorted(survey_ballots.items(),
                                                  key=lambda item: (order.get(item[0][1], 0), item[0][0])):
        add("survey", None, respondent, criterion, ballot)
    return _table("scores", "Scores", [
        "criterion", "working title", "source", "table", "survey respondent", "option", "option title", "rank",
        "points", "ruled out", "ballot version", "submitted at",
    ], rows)


def matrix(results):
    """The report's table: criteria down the side, a row per table, a column per option (X ruled out), Total; a Total row."""
    codes = [o["code"] for o in results["options"]]
    rows = [[row["working_title"], row["criterion"], row["table"],
             *[row["cells"][code] for code in codes], row["total"] if row["submitted"] else None]
            for row in results["matrix"]]
    total_row = results["total_row"]
    rows.append(["Total", None, None, *[total_row[code] for code in codes], sum(total_row.values())])
    return _table("matrix", "Matrix", ["working title", "criterion", "table", *codes, "Total"], rows)


def totals(results, criteria):
    """Totals per option, ranked by the rule: its score, raw, weighted, ruled-out count, per criterion, the survey's."""
    survey = {t["code"]: t["total"] for t in (results.get("survey") or {}).get("totals", [])}
    titles = {o["code"]: o["title"] for o in results["options"]}
    columns = ["option", "option title", f"score by the rule ({results['basis']['label'].lower()})", "total",
               "weighted total", "times ruled out", *[f"{c['working_title']} ({c['code']})" for c in criteria]]
    if survey:
        columns.append("survey respondents' total")
    rows = []
    for total in results["totals"]:
        code = total["code"]
        row = [code, titles[code], total["score"], total["total"], total["weighted"], total["ruled_out"],
               *[results["per_criterion"][c["code"]][code] for c in criteria]]
        if survey:
            row.append(survey.get(code, 0))
        rows.append(row)
    return _table("totals", "Totals", columns, rows)


def _person(person):
    """The columns that say who answered."""
    return [person["id"], person["source"], person.get("table_number"), person.get("name") or None,
            person.get("organisation") or None]


PERSON = ["respondent", "source", "table", "name", "organisation"]


def confidence(respondents):
    """Each person's confidence answer (latest version), with what would help and whether that was hidden."""
    rows = [[*_person(p), p.get("about"), SCALE_LABELS[p["confidence"]], SCALE_SCORE[p["confidence"]],
             p.get("would_help") or None, _yes(p.get("would_help_hidden")), len(p["risks"]), p.get("version"),
             p.get("updated_at")]
            for p in respondents if p.get("confidence")]
    return _table("confidence", "Confidence", [
        *PERSON, "option asked about", "confidence", "confidence score (-2 to +2)", "what would help",
        "what would help hidden", "risks raised", "answer version", "answered at",
    ], rows)


def risks(respondents, themes):
    """Every risk with its theme now, the theme the person chose, and whether it is hidden from the projector."""
    names = {t["id"]: t["name"] for t in themes}

    def theme_name(theme_id):
        return names.get(theme_id, "Other") if theme_id != "other" else "Other"

    rows = [[*_person(p), theme_name(r["theme"]), theme_name(r["chosen_theme"]), r["text"], _yes(r["hidden"])]
            for p in respondents if p.get("confidence") for r in p["risks"]]
    return _table("risks", "Risks", [*PERSON, "theme", "theme chosen by the person", "risk", "hidden"], rows)


def would_help(respondents, summary):
    """What would make each person more confident, where they said, and the theme it is for (or in general).

    The theme is the summary's (followed through merges), so the export and the screens agree.
    """
    names = {t["id"]: t["name"] for t in summary["theme_list"]}
    about = {item["id"]: item["theme"] for item in summary["would_help"] if "id" in item}
    rows = [[*_person(p), SCALE_LABELS[p["confidence"]], names.get(about.get(p["id"]), "In general"), p["would_help"],
             _yes(p.get("would_help_hidden"))]
            for p in respondents if p.get("confidence") and p.get("would_help")]
    return _table("would-help", "What would help", [*PERSON, "confidence", "theme", "what would help", "hidden"], rows)


def responses(summary):
    """Per theme: more and less confident, how many said what would help for it, and the organisers' response."""
    rows = [[t["name"], t["people"], t["more"], t["less"], t["share_more"], t["share_less"],
             len(t.get("would_help", [])), t.get("response") or None]
            for t in summary["themes"] if t["theme"] != "other"]
    return _table("responses", "Responses by theme", [
        "theme", "people raising it", "more confident", "less confident", "share more confident",
        "share less confident", "said what would help", "required response",
    ], rows)


GROUPINGS = (("organisation", "organisation"), ("stakeholder_group", "stakeholder group"))


def confidence_by_group(summary):
    """Confidence by organisation and by stakeholder group: people, each step of the scale, shares, risks by theme."""
    rows = [[label, row["name"] or "(not given)", row["people"], row["more"], row["same"], row["less"],
             row["share_more"], row["share_less"], *(row["steps"][step] for step in SCALE_LABELS),
             "; ".join(f"{theme}: {count}" for theme, count in row["themes"].items()) or None]
            for key, label in GROUPINGS for row in summary["by_group"][key]]
    return _table("confidence-by-group", "Confidence by group", [
        "grouped by", "name", "people", "more confident", "neither", "less confident", "share more confident",
        "share less confident", *(label.lower() for label in SCALE_LABELS.values()), "risks raised by theme",
    ], rows)


def confidence_by_theme(summary):
    """Per theme: people raising it and how many of them more, equally or less confident; room and survey apart."""
    rows = [[t["name"], t["people"], t["more"], t["same"], t["less"], t["share_more"], t["share_less"],
             t["by_source"]["room"]["people"], t["by_source"]["survey"]["people"]]
            for t in summary["themes"]]
    return _table("confidence-by-theme", "Confidence by theme", [
        "theme", "people raising it", "more confident", "neither", "less confident", "share more confident",
        "share less confident", "people in the room", "people in the survey",
    ], rows)


# How each person who took part was recorded, in the words the attendance page uses.
RECORDED = {"desk": "checked in at the desk", "walk_in": "walk-in at the desk", "badge": "scanned their badge",
            "phone": "named on a phone"}


def took_part(register):
    """Appendix A: everyone who took part (checked in, or named on a phone), how each was recorded, and whether invited."""
    rows = [[p["name"], p["organisation"] or None, p.get("group") or None, p["table_number"], _yes(p["invited"]),
             RECORDED.get(p.get("how"), p.get("how"))] for p in register["took_part"]]
    if register["unnamed"]:
        rows.append([f"and {register['unnamed']} more who did not give a name", None, None, None, None, None])
    return _table("took-part", "Took part", ["name", "organisation", "stakeholder group", "table",
                                             "on the invitee list", "recorded"], rows)


def did_not_attend(register):
    """Appendix B: invited but did not attend, with whether they answered the survey."""
    rows = [[p["name"], p["organisation"] or None, p.get("group") or None, _yes(p["answered_survey"])]
            for p in register["did_not_attend"]]
    return _table("did-not-attend", "Did not attend", ["name", "organisation", "stakeholder group",
                                                       "answered the survey"], rows)


def survey_organisations(register):
    """Appendix C: the organisations that answered the survey, with how many answers each."""
    rows = [[o["organisation"], o["respondents"]] for o in register["survey_organisations"]]
    if register["survey_organisation_not_given"]:
        rows.append(["(not given)", register["survey_organisation_not_given"]])
    return _table("survey-organisations", "Survey organisations", ["organisation", "survey answers"], rows)


def ballot_history(history, shortlist):
    """Every version of every table's ballot, oldest first per table and criterion: the audit trail."""
    codes = [o["code"] for o in shortlist]
    rows = [[b["table_number"], b["criterion"], b["version"], b["submitted_at"], b["submitted_by"] or None,
             b["submission_id"], " > ".join(b["ranking"]) or None, ", ".join(b["ruled_out"]) or None,
             *[None if code in b["ruled_out"] else b["points"].get(code) for code in codes],
             "; ".join(b["warnings"]) or None, b.get("notes") or None]
            for b in history]
    return _table("ballot-history", "Ballot history", [
        "table", "criterion", "version", "submitted at", "device", "submission id", "ranking", "ruled out",
        *[f"points {code}" for code in codes], "warnings", "notes",
    ], rows)


def table_notes(notes, criteria):
    """The tables' discussion notes on each criterion (their current ballots), in criterion then table order."""
    rows = [[c["code"], c["working_title"], note["table"], note["name"] or None, note["notes"], note["submitted_at"]]
            for c in criteria for note in notes.get(c["code"], [])]
    return _table("notes", "Table notes", [
        "criterion", "working title", "table", "table name", "notes", "submitted at",
    ], rows)


def unsent_drafts(drafts, shortlist, criteria):
    """Every draft a table did not submit: kept for the record and marked, never counted in any result or other table."""
    codes = [o["code"] for o in shortlist]
    working = {c["code"]: c["working_title"] for c in criteria}
    rows = []
    for d in drafts:
        content = d["content"]
        out = [code for code in content.get("ruled_out") or [] if code in codes]
        points = content.get("points") or {}
        rows.append([
            d["table"], d["criterion"], working.get(d["criterion"], d["criterion"]), d["voting"],
            _yes(d["unsent"] == "complete"), " > ".join(content.get("ranking") or []) or None, ", ".join(out) or None,
            *[None if code in out else points.get(code) for code in codes],
            sum(points.get(code) or 0 for code in codes if code not in out), d["changed_at"],
            content.get("updated_by") or None, d["version"] or None, NOT_COUNTED,
        ])
    return _table("unsent-drafts", "Unsent drafts", [
        "table", "criterion", "working title", "voting", "adds up", "ranking", "ruled out",
        *[f"points {code}" for code in codes], "points in all", "last changed", "device", "ballot version counted instead",
        "status",
    ], rows)
