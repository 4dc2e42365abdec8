"""Decision analysis a board can defend: weights and what-if, coverage, margin, robustness, agreement and families.

One function, analyse(), over a results snapshot (domain.results: its summary with the matrix). A what-if passes
other weights or another rule; nothing stored changes. The ranking is redone by domain.rescore through the same
functions the live results use (domain.scoring), so with the stored weights it is the live ranking exactly.
Robustness (most critical criterion, leave one table out, the sensitivity lines) is domain.robustness; agreement
between tables (Kendall's W) and the spread of points are domain.agreement. Pure.
"""
from . import agreement, robustness
from .rescore import rescore
from .scoring import places


def analyse(results, weights=None, rule=None, criterion=None):
    """Every measure for the event's results, with what-if weights and rule if given; criterion picks the chart's."""
    now = rescore(results, weights, rule)
    stored = {c["code"]: c["weight"] for c in results["criteria"]}
    chosen_weights = {c["code"]: c["weight"] for c in now["criteria"]}
    critical = robustness.critical_criteria(now)
    codes = [c["code"] for c in results["criteria"]]
    chart_for = criterion if criterion in codes else (critical["most"] or _closest(now, codes))
    options = {o["code"]: o for o in results["options"]}
    place_of = {code: i + 1 for i, group in enumerate(places(now["scores"], now["order"])) for code in group}
    return {
        "rule": now["basis"]["rule"],
        "stored_rule": results["basis"]["rule"],
        "weights": chosen_weights,
        "stored_weights": stored,
        "what_if": chosen_weights != stored or now["basis"]["rule"] != results["basis"]["rule"],
        "basis": now["basis"],
        "ranking": [{**row, "title": options[row["code"]]["title"], "family": options[row["code"]].get("family"),
                     "place": place_of[row["code"]]} for row in now["totals"]],
        "strongest": now["strongest"],
        "margin": now["margin"],
        "other": now["other"],
        "ties": [group for group in places(now["scores"], now["order"]) if len(group) > 1] if now["strongest"] else [],
        "families": now["families"],
        "coverage": coverage(results, now),
        "critical": critical,
        "leave_one_out": robustness.leave_one_out(results, weights, rule),
        "sensitivity": robustness.sensitivity(now, chart_for) if chart_for else None,
        "agreement": agreement.agreement(results),
        "spread": agreement.spread(results),
    }


def sensitivities(results, weights=None, rule=None):
    """The sensitivity lines for every criterion in turn, from one ranking (the export of every chart)."""
    now = rescore(results, weights, rule)
    return [robustness.sensitivity(now, c["code"]) for c in results["criteria"]]


def _closest(now, codes):
    """The criterion whose weight brings the runner-up nearest the strongest option (the chart's default when no
    weight within 0–3× changes the strongest): the one on which the runner-up gains most on the leader per unit of
    weight. The first criterion if none does."""
    order = now["order"]
    if len(order) < 2 or not codes:
        return codes[0] if codes else None
    leader, runner = order[0], order[1]
    gains = {code: now["values"][code][runner] - now["values"][code][leader] for code in codes}
    best = max(codes, key=lambda code: gains[code])
    return best if gains[best] > 0 else codes[0]


def coverage(results, now):
    """How many tables scored each criterion, which view that gives and why, and each option normalised.

    Normalised: the mean points per table that scored each criterion, added over criteria (per_table), and that as a
    share of the budget per criterion scored (share, 0–1). Score mode has no budget to share: share is the mean
    score out of 10.
    """
    submitted = now["submitted"]
    tables = {c["code"]: results["highest"][c["code"]]["tables"] for c in results["criteria"]}
    scored_criteria = [code for code, n in submitted.items() if n]
    counts = {n for n in submitted.values() if n}
    out_of = results["budget"] if results["mode"] == "allocate" else 10
    options = []
    for code in [o["code"] for o in results["options"]]:
        per_table = sum(now["values"][c][code] if results["mode"] == "score" else now["points"][c][code] / submitted[c]
                        for c in scored_criteria)
        share = per_table / (out_of * len(scored_criteria)) if scored_criteria else 0
        options.append({"code": code, "per_table": round(per_table, 4), "share": round(share, 4)})
    options.sort(key=lambda row: -row["per_table"])
    return {
        "view": now["basis"]["view"], "text": now["basis"]["view_text"], "equal": len(counts) <= 1,
        "criteria": [{"code": c["code"], "working_title": c["working_title"], "tables": tables[c["code"]],
                      "submitted": submitted[c["code"]]} for c in results["criteria"]],
        "options": options,
    }
