"""The board report (the paper a board receives): everything its page shows, gathered from the results, the answers,
the attendance register and the paper's sections (facilitation/paper.py).

The report is public like the projector, so hidden comments are left out (they stay in the exports, marked hidden).
Survey respondents' scores are kept apart from the tables', as everywhere else.
"""
from datetime import datetime

from . import answers, store
from .analysis import event_analysis
from .attendance import event_attendance
from .domain.charts import column_chart, horizontal_bars, percentages, stacked_shares
from .domain.confidence import without_hidden
from .domain.report import analysis_sections, highest_sentence, long_date, long_moment, strongest_sentence
from .domain.sensitivity_chart import sensitivity_chart
from .paper import paper_data
from .results import event_results

# The five answers, least confident first, as the distribution reads left to right (domain/confidence.py SCALE).
SCALE = (("much_less", "Much less confident"), ("less", "Less confident"), ("same", "No more or less confident"),
         ("more", "More confident"), ("much_more", "Much more confident"))
SHARES = (("more", "More confident"), ("same", "Neither"), ("less", "Less confident"))
PARTS = tuple(part for part, _label in SHARES)


def report_data(db, event_id, now=None):
    """The report page's data: definition, results, confidence, attendance, sentences and chart geometry."""
    definition = store.load_definition(db, event_id)
    results = event_results(db, event_id)
    everything = answers.summary(db, event_id, include_hidden=True)
    confidence = without_hidden(everything)
    titles = {o["code"]: o["title"] for o in definition["options"]}
    order = [o["code"] for o in results["options"]]
    survey = results["survey"]
    # The same results function beneath: its ranking with the stored weights is the results' own.
    analysis = event_analysis(db, event_id)
    attendance = event_attendance(db, event_id)
    return {
        "definition": definition, "results": results, "confidence": confidence, "titles": titles,
        "attendance": attendance, "codes": order,
        "paper": paper_data(db, event_id, definition=definition, results=results, attendance=attendance,
                            confidence=confidence),
        "date_text": long_date(definition["date"]),
        "generated_text": long_moment((now or datetime.now()).astimezone()),
        "weighted": any(c["weight"] != 1 for c in definition["criteria"]),
        "whole": _whole(results),
        "strongest_text": strongest_sentence(results, titles),
        "analysis": analysis, "analysis_sections": analysis_sections(analysis),
        "highest": _highest(definition, results["highest"], order, "table"),
        "survey_scores": survey and {
            **survey, "highest_text": _highest(definition, survey["highest"], order, "respondent"),
            "chart": _totals_chart(survey, titles)},
        "hidden_left_out": _hidden_count(everything),
        "charts": {
            "totals": _totals_chart(results, titles),
            "top_three": column_chart([
                {"label": f"{row['code']} {titles.get(row['code'], '')}", "value": row["score"],
                 "marked": row["code"] in results["strongest"]} for row in results["top_three"]], height=300,
                whole=_whole(results)),
            "sensitivity": analysis["sensitivity"] and sensitivity_chart(analysis["sensitivity"], titles),
            "distribution": _distribution(confidence["confidence"]["all"]),
            "themes": stacked_shares(
                [{"label": theme["name"], "counts": theme} for theme in confidence["themes"]],
                PARTS, legend=SHARES),
        },
        "distribution": _steps(confidence["confidence"]["all"]),
    }


def _whole(results):
    """Whether every score by the rule is a whole number (the chart's ticks can then be whole too)."""
    return all(float(row["score"]).is_integer() for row in results["totals"])


def _totals_chart(results, titles):
    """Each option's score by the rule in use (the one that names the strongest), highest first, the strongest marked."""
    return horizontal_bars([
        {"label": f"{row['code']} {titles.get(row['code'], '')}", "value": row["score"],
         "marked": row["code"] in results["strongest"], "note": "strongest" if row["code"] in results["strongest"] else ""}
        for row in results["totals"]], whole=_whole(results))


def _highest(definition, highest, order, voter):
    """Per criterion: its titles and which option was rated highest, in words."""
    return [{"criterion": c, "text": highest_sentence(highest[c["code"]], order, voter)}
            for c in definition["criteria"] if c["code"] in highest]


def _steps(steps):
    """The five answers in order, each with how many gave it and their share of everyone (adding up to 100%)."""
    shares = percentages([steps[step] for step, _label in SCALE])
    return [{"step": step, "label": label, "count": steps[step], "percent": share}
            for (step, label), share in zip(SCALE, shares)]


def _distribution(steps):
    """How many people gave each of the five answers, as columns."""
    return column_chart([{"label": row["label"], "value": row["count"], "text": f"{row['count']} ({row['percent']}%)"}
                         for row in _steps(steps)], height=260)


def _hidden_count(summary):
    """How many comments the facilitator hid (left out of the report)."""
    return (sum(1 for theme in summary["themes"] for risk in theme["risks"] if risk["hidden"])
            + sum(1 for item in summary["would_help"] if item["hidden"]))
