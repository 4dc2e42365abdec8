"""How much the tables scoring a criterion agree: Kendall's W on their orderings, in words, and the spread of points.

Each table's ballot for a criterion orders the options by the points it gave them (more points, better rank; equal
points share a rank; ruled out below every scored option). Kendall's coefficient of concordance W, with the usual
correction for ties, says how alike those orderings are: 1 when every table ordered the options the same way, 0
when their orderings cancel out. The thresholds for the words are Schmidt's (1997) reading of W; see
docs/decisions.md. Pure: works from a results snapshot's matrix (domain.results).
"""
import math
from collections import Counter

from .charts import number_text
from .scoring import places, ranked
from .text import listed

# Schmidt (1997): W of 0.7 or more is strong agreement, 0.5 moderate, 0.3 weak, below that very weak or none.
BANDS = ((0.7, "largely agree"), (0.5, "agree moderately"), (0.3, "agree only a little"), (0.0, "disagree"))
# Below this the criterion is flagged: its tables agree no more than weakly, so its totals want reading with care.
FLAG_BELOW = 0.5
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# The text names at most this many of the option and criterion pairs that share the widest spread.
NAMED = 3


def ranks(cells, codes):
    """Each option's rank in one ballot: 1 for most points, equal points share the mean rank, X ranks below all.

    cells: {option: points, or "X" for ruled out} (a submitted matrix row's cells). Ruled-out options tie together
    below every scored option: they were rejected, which ranks under any number of points, even 0.
    """
    scored = {code: cells[code] for code in codes if _points(cells.get(code)) is not None}
    groups = places(scored, ranked(scored, list(scored)))
    ruled_out = [code for code in codes if _points(cells.get(code)) is None]
    if ruled_out:
        groups.append(ruled_out)
    out, before = {}, 0
    for group in groups:
        # The places before + 1 … before + t, shared: their mean.
        shared = before + (len(group) + 1) / 2
        out.update(dict.fromkeys(group, shared))
        before += len(group)
    return out


def _points(cell):
    """A cell's points as a number, or None for ruled out (X) or no answer."""
    return cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def kendall_w(rankings):
    """Kendall's W for m rankings of the same n options, corrected for ties; None with under 2 or nothing to order.

    W = 12 S / (m² (n³ − n) − m Σ T), S the sum of squared deviations of the options' rank sums from their mean,
    T = Σ (t³ − t) over each ranking's groups of t tied options. The denominator is 0 when there is one option, or
    when every ranking ties every option: then there is no ordering to agree on.
    """
    m = len(rankings)
    if m < 2:
        return None
    codes = list(rankings[0])
    n = len(codes)
    sums = [sum(ranking[code] for ranking in rankings) for code in codes]
    mean = m * (n + 1) / 2
    s = sum((total - mean) ** 2 for total in sums)
    ties = sum(t ** 3 - t for ranking in rankings for t in Counter(ranking.values()).values())
    denominator = m * m * (n ** 3 - n) - m * ties
    if denominator <= 0:
        return None
    return 12 * s / denominator


def tables_text(m):
    """"the three tables", "both tables": the tables that scored a criterion, in words."""
    if m == 2:
        return "both tables"
    return f"the {NUMBER_WORDS[m] if m < len(NUMBER_WORDS) else m} tables"


def words(w, m):
    """W in words a board understands: "the three tables largely agree", "only one table scored it"."""
    if m == 0:
        return "no table has scored it yet"
    if m == 1:
        return "only one table scored it"
    if w is None:
        return f"{tables_text(m)} gave every option the same points, so there is no order to compare"
    return f"{tables_text(m)} {next(text for floor, text in BANDS if w >= floor)}"


def _submitted_rows(results):
    """The submitted matrix rows, by criterion code, in table order."""
    rows = {c["code"]: [] for c in results["criteria"]}
    for row in results["matrix"]:
        if row["submitted"] and row["criterion"] in rows:
            rows[row["criterion"]].append(row)
    return rows


def agreement(results):
    """Per criterion, how much its tables agree on the order of the options; the criteria they disagree on most.

    Returns {"criteria": [{code, working_title, tables (ballots submitted), w (4 places, or None), words, flagged}],
    "flagged": [codes with w below 0.5, lowest first], "text"}.
    """
    codes = [o["code"] for o in results["options"]]
    rows = _submitted_rows(results)
    criteria = []
    for criterion in results["criteria"]:
        found = rows[criterion["code"]]
        w = kendall_w([ranks(row["cells"], codes) for row in found])
        w = None if w is None else round(w, 4)
        criteria.append({"code": criterion["code"], "working_title": criterion["working_title"],
                         "tables": len(found), "w": w, "words": words(w, len(found)),
                         "flagged": w is not None and w < FLAG_BELOW})
    position = {row["code"]: i for i, row in enumerate(criteria)}
    flagged = sorted((row for row in criteria if row["flagged"]), key=lambda row: (row["w"], position[row["code"]]))
    return {"criteria": criteria, "flagged": [row["code"] for row in flagged],
            "text": _agreement_text(criteria, flagged)}


def _agreement_text(criteria, flagged):
    """One sentence: where the tables disagree, or that they agree at least moderately wherever it can be measured."""
    measured = [row for row in criteria if row["w"] is not None]
    if not measured:
        return ("No criterion has yet been scored by two or more tables that ordered the options, so there is no "
                "agreement between tables to measure.")
    if not flagged:
        return (f"Wherever two or more tables scored a criterion, they agree at least moderately on the order of the "
                f"options (Kendall's W of {FLAG_BELOW} or more, where 1 is full agreement).")
    names = listed(f"{row['working_title']} (W {row['w']:.2f})" for row in flagged)
    what = "that criterion" if len(flagged) == 1 else "those criteria"
    return (f"The tables agree least on {names}: they put the options in noticeably different orders (Kendall's W below "
            f"{FLAG_BELOW}, where 1 is full agreement and 0 none), so read the totals for {what} with care.")


def spread(results):
    """Per option, how far apart the tables' points for it were on each criterion (X counts as 0 points).

    Returns {"options": [{code, criteria: {criterion: {min, max, sd (population), tables}}, widest (the criterion
    with the widest range, first in criteria order on a tie; None when no range is above 0), mean_range (over
    criteria scored by two or more tables; None if none)}], "text"}. A criterion no table has scored has min, max
    and sd None.
    """
    rows = _submitted_rows(results)
    options = []
    for option in results["options"]:
        code = option["code"]
        per = {criterion: _spread([_points(row["cells"][code]) or 0 for row in found])
               for criterion, found in rows.items()}
        ranges = {criterion: part["max"] - part["min"] for criterion, part in per.items() if part["tables"]}
        widest = max(ranges, key=lambda criterion: ranges[criterion], default=None)
        shared = [ranges[criterion] for criterion in ranges if per[criterion]["tables"] > 1]
        options.append({"code": code, "criteria": per,
                        "widest": widest if widest is not None and ranges[widest] > 0 else None,
                        "mean_range": round(sum(shared) / len(shared), 4) if shared else None})
    return {"options": options, "text": _spread_text(results, options)}


def _spread(values):
    """min, max, population standard deviation and count of one option's points on one criterion."""
    if not values:
        return {"min": None, "max": None, "sd": None, "tables": 0}
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))
    return {"min": min(values), "max": max(values), "sd": round(sd, 4), "tables": len(values)}


def _spread_text(results, options):
    """One sentence: the widest spread between tables, and which options and criteria it was on."""
    titles = {c["code"]: c["working_title"] for c in results["criteria"]}
    pairs = [(option["code"], criterion, part) for option in options
             for criterion, part in option["criteria"].items() if part["tables"] > 1]
    if not pairs:
        return "No criterion has yet been scored by more than one table, so there is no spread between tables."
    top = max(part["max"] - part["min"] for _code, _criterion, part in pairs)
    if top == 0:
        return ("Every table scoring a criterion gave each option the same points as the other tables scoring it, so "
                "there is no spread between tables.")
    widest = [(code, criterion, part) for code, criterion, part in pairs if part["max"] - part["min"] == top]
    named = [f"{code} on {titles[criterion]} (from {number_text(part['min'])} to {number_text(part['max'])})"
             for code, criterion, part in widest[:NAMED]]
    if len(widest) > NAMED:
        named.append(f"{len(widest) - NAMED} more")
    by = f"{number_text(top)} points" if results["mode"] == "allocate" else f"a score of {number_text(top)}"
    return f"The tables scoring the same criterion differed most, by {by}, over {listed(named)}."
