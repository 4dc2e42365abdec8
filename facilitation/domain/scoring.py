"""How options are ranked: one rule (raw or weighted) and one view (points, or points per table) for every output.

The rule is chosen per event (scoring.rule); the view follows from the ballots: when criteria have been scored by
different numbers of tables, each criterion counts as the mean points per table that scored it, so a criterion
scored by three tables does not count three times as much as one scored by one. Ties are ties: options whose
scores are equal share a place and are all named. Pure: domain.results and domain.analysis both rank through here.
"""
import math

from .charts import number_text
from .text import listed

RULES = ("raw", "weighted")
VIEWS = ("points", "per_table", "mean_score")
# Weighted scores are sums of products of floats: equal to this tolerance is a tie.
TOLERANCE = 1e-9

LABELS = {
    ("raw", "points"): ("Total points", "points"),
    ("weighted", "points"): ("Weighted points", "weighted points"),
    ("raw", "per_table"): ("Points per table", "points per table"),
    ("weighted", "per_table"): ("Weighted points per table", "weighted points per table"),
    ("raw", "mean_score"): ("Total of mean scores", "points"),
    ("weighted", "mean_score"): ("Weighted total of mean scores", "weighted points"),
}
RULE_TEXT = {
    "raw": "The strongest option is named by raw totals: every criterion counts the same.",
    "weighted": "The strongest option is named by weighted totals: each criterion counts by its weight.",
}


def default_rule(criteria):
    """The rule an event gets when its file names none: weighted if any criterion's weight is not 1, else raw."""
    return "weighted" if any(c.get("weight", 1) != 1 for c in criteria) else "raw"


def other_rule(rule):
    """The rule not in use, shown beside the one that is."""
    return "raw" if rule == "weighted" else "weighted"


def same(a, b):
    """Whether two scores are equal, to the tolerance of floating-point sums."""
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def view(mode, submitted):
    """points, per_table (criteria scored by different numbers of tables) or mean_score (score mode: always means).

    submitted: {criterion code: how many ballots it has}. Criteria with none yet count nothing either way.
    """
    if mode == "score":
        return "mean_score"
    counts = {n for n in submitted.values() if n}
    return "per_table" if len(counts) > 1 else "points"


def view_text(chosen, submitted):
    """Which view is shown and why, in one sentence."""
    counts = sorted({n for n in submitted.values() if n})
    if chosen == "mean_score":
        return "Each option's score for a criterion is the mean of the scores it was given, so every criterion counts the same."
    if chosen == "per_table":
        return (f"Criteria have been scored by different numbers of tables ({counts[0]} to {counts[-1]}), so each "
                "criterion counts as the mean points per table that scored it; added up as given, a criterion scored "
                "by more tables would count for more.")
    if counts:
        tables = "table" if counts[0] == 1 else "tables"
        return f"Every criterion scored so far has been scored by {counts[0]} {tables}, so points are added up as given."
    return "No ballots yet."


def criterion_values(mode, chosen, codes, points, scored, submitted):
    """Per criterion, per option: what the criterion adds before weighting (0 where it has no ballot yet).

    points: {criterion: {option: sum of points or scores}}; scored: {criterion: {option: ballots that gave it a
    number}}; submitted: {criterion: ballots}.
    """
    values = {}
    for criterion, sums in points.items():
        n = submitted.get(criterion, 0)
        if not n:
            values[criterion] = dict.fromkeys(codes, 0)
        elif mode == "score":
            counts = scored[criterion]
            values[criterion] = {code: sums[code] / counts[code] if counts[code] else 0 for code in codes}
        elif chosen == "per_table":
            values[criterion] = {code: sums[code] / n for code in codes}
        else:
            values[criterion] = {code: sums[code] for code in codes}
    return values


def weights_for(rule, criteria):
    """Each criterion's weight under the rule: its own (weighted) or 1 (raw)."""
    return {c["code"]: (c["weight"] if rule == "weighted" else 1) for c in criteria}


def option_scores(values, weights, codes):
    """Each option's score: the sum over criteria of weight × the criterion's value."""
    return {code: sum(weights.get(criterion, 0) * row[code] for criterion, row in values.items()) for code in codes}


def ranked(scores, codes):
    """Option codes, highest score first; equal scores keep file order (a place they share, not a tie-break)."""
    order = {code: i for i, code in enumerate(codes)}
    return sorted(codes, key=lambda code: (-round(scores[code], 9), order[code]))


def leaders(scores, order):
    """The options with the top score (more than one is a tie); order is a ranked list."""
    if not order:
        return []
    top = scores[order[0]]
    return [code for code in order if same(scores[code], top)]


def places(scores, order):
    """Ranked options in places: [[codes sharing first place], [second], …]."""
    out = []
    for code in order:
        if out and same(scores[out[-1][0]], scores[code]):
            out[-1].append(code)
        else:
            out.append([code])
    return out


def margin(scores, order, unit):
    """The strongest option's lead over the runner-up, as points, as a ratio and in words; None with under 2 options."""
    groups = places(scores, order)
    if not groups:
        return None
    top = scores[groups[0][0]]
    if len(groups[0]) > 1:
        names = listed(groups[0])
        return {"leaders": groups[0], "runner_up": groups[0][1:], "lead": 0, "ratio": 1.0, "tie": True,
                "text": f"{names} tie on {number_text(round(top, 4))} {unit}: there is no single strongest option."}
    if len(groups) < 2:
        return None
    second = scores[groups[1][0]]
    lead = round(top - second, 4)
    ratio = round(top / second, 4) if second > 0 else None
    against = f"{number_text(round(top, 4))} {unit} against {number_text(round(second, 4))} for {listed(groups[1])}"
    if ratio is None:
        words = f"{against}: the runner-up has nothing, a lead of {number_text(lead)}."
    else:
        words = f"{against}: {number_text(ratio)} times the runner-up, a lead of {number_text(lead)}."
    return {"leaders": groups[0], "runner_up": groups[1], "lead": lead, "ratio": ratio, "tie": False,
            "text": words[0].upper() + words[1:]}


def basis(rule, chosen, submitted):
    """What the ranking is by, for every screen to say: rule, view, label, unit and the two sentences."""
    label, unit = LABELS[(rule, chosen)]
    return {"rule": rule, "view": chosen, "label": label, "unit": unit, "rule_text": RULE_TEXT[rule],
            "view_text": view_text(chosen, submitted)}


def families(options, scores, totals):
    """Totals by option family (options without one stand alone), highest first; [] when no option has a family."""
    if not any(o.get("family") for o in options):
        return []
    groups, order = {}, []
    for option in options:
        name = option.get("family") or None
        key = ("family", name) if name else ("option", option["code"])
        if key not in groups:
            groups[key] = {"kind": key[0], "name": name or option["code"], "codes": [], "score": 0, "total": 0}
            order.append(key)
        group = groups[key]
        group["codes"].append(option["code"])
        group["score"] += scores[option["code"]]
        group["total"] += totals[option["code"]]
    rows = [groups[key] for key in order]
    position = {id(row): i for i, row in enumerate(rows)}
    rows.sort(key=lambda row: (-round(row["score"], 9), position[id(row)]))
    for row in rows:
        row["score"] = round(row["score"], 4)
    return rows
