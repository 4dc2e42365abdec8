"""The board report's sentences: the strongest option by the rule, which option was rated highest, and what each
measure of the decision analysis shows, in plain words.

Pure rules over the results (domain/results.py) and the event definition: no Flask, no SQL, no pandas.
"""
from datetime import date, datetime

from .charts import number_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(iso):
    """An ISO date as the report prints it ("12 June 2024"), or "No date set"."""
    if not iso:
        return "No date set"
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_moment(moment: datetime):
    """A moment as the report prints it: "23 November 2025 at 15:13 (UTC)"."""
    return f"{long_date(moment.date().isoformat())} at {moment:%H:%M} ({moment.tzname() or 'local time'})"


def plural(n, one, many=None):
    """"1 table", "3 tables"."""
    return f"{number_text(n)} {one if n == 1 else (many or one + 's')}"


def and_list(words):
    """"3a", "3a and 3b", "3a, 3b and 4a"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def tables_rating_highest(matrix, code):
    """How many tables rated an option highest (alone or shared) for at least one criterion, of those that scored."""
    scored = {row["table"] for row in matrix if row["submitted"]}
    rated = {row["table"] for row in matrix if row["submitted"] and code in row["highest"]}
    return len(rated), len(scored)


def _amount(value, basis, each=False):
    """A score as the sentence gives it: "133 points", "12 weighted points", "23.2 (its mean scores … added up)"."""
    if basis["view"] == "mean_score":
        weighted = ", weighted," if basis["rule"] == "weighted" else ""
        return f"{number_text(value)}{' each' if each else ''} (its mean scores per criterion{weighted} added up)"
    return f"{number_text(value)} {basis['unit']}{' each' if each else ''}"


def strongest_sentence(results, titles):
    """The strongest option by the event's rule, naming the rule, and the other rule's strongest when it differs.

    Ties are named together; with no ballots, says so. results: domain.results' summary (basis, totals with score and
    other_score, strongest, other, criteria, matrix).
    """
    strongest = results["strongest"]
    if not strongest:
        return "No ballots yet, so there is no strongest option."
    basis, other = results["basis"], results.get("other")
    scores = {row["code"]: row for row in results["totals"]}
    by = f"by {basis['label'].lower()}"
    if len(strongest) > 1:
        names = and_list(f"{code} ({titles.get(code, '')})" for code in strongest)
        text = f"Options {names} tie as the strongest {by}: {_amount(scores[strongest[0]]['score'], basis, True)}."
    else:
        code = strongest[0]
        rated, scored = tables_rating_highest(results["matrix"], code)
        text = (f"Option {code} ({titles.get(code, '')}) is the strongest {by}: "
                f"{_amount(scores[code]['score'], basis)}, rated highest by {rated} of the "
                f"{plural(scored, 'table')} that scored, on at least one of their criteria.")
    return text + _other_sentence(results, titles, other, scores)


def _other_sentence(results, titles, other, scores):
    """What the other rule names: nothing when every weight is 1 (both rules then agree by definition)."""
    if not other or not other["strongest"] or all(c["weight"] == 1 for c in results.get("criteria", [])):
        return ""
    label = other["label"].lower()
    how = "every criterion counting the same" if other["rule"] == "raw" else "each criterion counted by its weight"
    if set(other["strongest"]) == set(results["strongest"]):
        return f" By {label}, with {how}, the strongest option is the same."
    names = and_list(f"{code} ({titles.get(code, '')})" for code in other["strongest"])
    verb = "would be the strongest" if len(other["strongest"]) == 1 else "would tie as the strongest"
    amount = _amount(scores[other["strongest"][0]]["other_score"], other, len(other["strongest"]) > 1)
    return f" By {label}, with {how}, {names} {verb} instead: {amount}."


def highest_sentence(entry, order, voter="table"):
    """Which option was rated highest for one criterion, in words; ties in the lead are named together.

    entry: results["highest"][criterion] ({"tables", "submitted", "counts"}); order: option codes in short-list order;
    voter: "table", or "respondent" for survey scores.
    """
    considering, submitted, counts = entry["tables"], entry["submitted"], entry["counts"]
    if not considering:
        return f"No {voter} has scored this criterion."
    if not submitted:
        return f"No ballots yet for this criterion ({plural(considering, voter)} to score it)."
    if not counts:
        return "No option was rated highest: every option was ruled out."
    top = max(counts.values())
    leaders = [code for code in order if counts.get(code) == top]
    others = [code for code in order if code in counts and counts[code] != top]
    who = (f"the only {voter} considering this criterion" if considering == 1
           else f"{top} of the {plural(considering, voter)} considering this criterion")
    if len(leaders) == 1:
        text = f"{leaders[0]} was rated highest by {who}"
    else:
        text = f"{and_list(leaders)} were each rated highest by {who}"
    if others:
        text += "; then " + "; ".join(f"{code} by {counts[code]}" for code in others)
    if submitted < considering:
        text += f" ({submitted} of {considering} have scored it so far)"
    return text + "."


def _weights_text(analysis):
    """What the weights and the rule are here."""
    weights = analysis["weights"]
    if not weights:
        return "The event has no criteria yet."
    titles = {c["code"]: c["working_title"] for c in analysis["coverage"]["criteria"]}
    rule = analysis["basis"]["rule_text"]
    if len(set(weights.values())) == 1:
        return f"Every criterion has the same weight ({number_text(next(iter(weights.values())))}). {rule}"
    low, high = min(weights, key=weights.get), max(weights, key=weights.get)
    return (f"Weights run from {number_text(weights[low])} ({titles[low]}) to {number_text(weights[high])} "
            f"({titles[high]}). {rule}")


def _coverage_text(analysis):
    """How many tables scored each criterion, and which view that gives (the coverage's own sentence)."""
    if not any(c["submitted"] for c in analysis["coverage"]["criteria"]):
        return "No ballots yet."
    return analysis["coverage"]["text"]


def _families_text(analysis, unit):
    """Which family has the most, or that no option belongs to one."""
    families = [row for row in analysis["families"] if row["kind"] == "family"]
    if not families:
        return "No option belongs to a family in this event, so there are no family totals."
    top = analysis["families"][0]
    kind = f"the {top['name']} family ({and_list(top['codes'])})" if top["kind"] == "family" else f"option {top['name']}"
    return f"Counted by family, {kind} has the most: {number_text(top['score'])} {unit}."


def analysis_sections(analysis):
    """The report's "How robust is the result": per measure, an id, a title, what it is and what it shows here.

    analysis: domain.analysis.analyse's output. The words for each measure's finding are the measure's own ("text").
    """
    unit = analysis["basis"]["unit"]
    chart = analysis["sensitivity"]
    return [
        {"id": "weights-and-rule", "title": "Weights and the rule",
         "what": "Each criterion can carry a weight: how much it counts against the others. The rule says whether "
                 "the strongest option is named by raw totals, where every criterion counts the same, or by "
                 "weighted totals, where each criterion counts by its weight.",
         "shows": _weights_text(analysis)},
        {"id": "coverage", "title": "How many tables scored each criterion",
         "what": "Criteria can be scored by different numbers of tables. Added up as given, a criterion scored by "
                 "more tables would count for more, so the totals then use the mean points per table instead.",
         "shows": _coverage_text(analysis)},
        {"id": "margin", "title": "The margin",
         "what": "How far ahead the strongest option is of the runner-up, as a difference and as a ratio.",
         "shows": analysis["margin"]["text"] if analysis["margin"] else "No ballots yet, so there is no margin."},
        {"id": "critical", "title": "The most critical criterion",
         "what": "For each criterion on its own, the smallest change to its weight that would make another option "
                 "the strongest, as a share of its weight now (Triantaphyllou and Sánchez, 1997). The smaller that "
                 "change, the more the result rests on how that criterion is weighted.",
         "shows": analysis["critical"]["text"]},
        {"id": "leave-one-out", "title": "Leaving one table out",
         "what": "The result worked out again with each table's ballots left out in turn, to see whether any one "
                 "table decides it.",
         "shows": analysis["leave_one_out"]["text"]},
        {"id": "sensitivity", "title": "Changing one weight",
         "what": (f"Each option's score as the weight of {chart['working_title']} goes from 0 to "
                  f"{number_text(chart['top'])}, the other weights kept as they are; the upright dotted line marks its "
                  "weight now. "
                  "Where two lines cross, those options change places." if chart else
                  "How each option's score changes with one criterion's weight."),
         "shows": chart.get("text", "") if chart else "The event has no criteria yet."},
        {"id": "agreement", "title": "Do the tables agree?",
         "what": "Per criterion, how alike the tables' orderings of the options were: Kendall's W, 1 when every "
                 "table put the options in the same order, 0 when their orders cancel out. The spread is how far "
                 "apart the points the tables gave one option were.",
         "shows": f"{analysis['agreement']['text']} {analysis['spread']['text']}"},
        {"id": "families", "title": "Option families",
         "what": "Options that belong together, such as two forms of the same merger, totalled as a family.",
         "shows": _families_text(analysis, unit)},
    ]
