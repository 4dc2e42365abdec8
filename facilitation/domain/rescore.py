"""The ranking again from a results snapshot's matrix: with other weights, another rule, or some tables left out.

domain.results ranks as ballots arrive, from running aggregates; this module rebuilds the same aggregates from the
matrix rows and ranks through the same functions (domain.scoring), so a what-if with the stored weights gives the
live answer exactly (tests/domain/test_rescore.py holds the two equal). Pure.
"""
from . import scoring


def aggregates(results, without_tables=()):
    """(points, scored, submitted) per criterion from the matrix, as domain.results keeps them, leaving tables out."""
    codes = [o["code"] for o in results["options"]]
    points = {c["code"]: dict.fromkeys(codes, 0) for c in results["criteria"]}
    scored = {c["code"]: dict.fromkeys(codes, 0) for c in results["criteria"]}
    submitted = dict.fromkeys(points, 0)
    for row in results["matrix"]:
        if not row["submitted"] or row["table"] in without_tables or row["criterion"] not in points:
            continue
        submitted[row["criterion"]] += 1
        for code, value in row["cells"].items():
            if value != "X" and code in points[row["criterion"]]:
                points[row["criterion"]][code] += value
                scored[row["criterion"]][code] += 1
    return points, scored, submitted


def effective_criteria(results, weights=None):
    """The snapshot's criteria with what-if weights put in place of the stored ones (codes not given keep theirs)."""
    weights = weights or {}
    return [{**c, "weight": weights.get(c["code"], c["weight"])} for c in results["criteria"]]


def rescore(results, weights=None, rule=None, without_tables=()):
    """The ranking by the rule (the event's unless given), with these weights and without these tables.

    Returns basis, values (per criterion, before weighting), weights (as the rule applies them), scores, order,
    strongest, margin, the other rule's strongest, and totals rows as domain.results gives them.
    """
    rule = rule or results["basis"]["rule"]
    codes = [o["code"] for o in results["options"]]
    criteria = effective_criteria(results, weights)
    points, scored, submitted = aggregates(results, without_tables)
    chosen = scoring.view(results["mode"], submitted)
    values = scoring.criterion_values(results["mode"], chosen, codes, points, scored, submitted)
    applied = scoring.weights_for(rule, criteria)
    other = scoring.other_rule(rule)
    scores = scoring.option_scores(values, applied, codes)
    others = scoring.option_scores(values, scoring.weights_for(other, criteria), codes)
    order = scoring.ranked(scores, codes)
    any_ballot = any(submitted.values())
    basis = scoring.basis(rule, chosen, submitted)
    # As domain.results' "total": points added up as given (allocate), or the sum of mean scores (score mode), each
    # mean rounded to 2 places as the live per_criterion shows it, so the two totals are equal.
    plain = scoring.criterion_values(results["mode"], "points", codes, points, scored, submitted)
    shown = (lambda value: round(value, 2)) if results["mode"] == "score" else (lambda value: value)
    raw = {code: sum(shown(plain[c][code]) for c in plain) for code in codes}
    return {
        "basis": basis, "criteria": criteria, "values": values, "weights": applied, "scores": scores, "order": order,
        "strongest": scoring.leaders(scores, order) if any_ballot else [],
        "margin": scoring.margin(scores, order, basis["unit"]) if any_ballot else None,
        "other": {**scoring.basis(other, chosen, submitted),
                  "strongest": scoring.leaders(others, scoring.ranked(others, codes)) if any_ballot else []},
        "totals": [{"code": code, "score": round(scores[code], 4), "other_score": round(others[code], 4),
                    "total": raw[code]} for code in order],
        "families": scoring.families(results["options"], scores, raw),
        "points": points,
        "submitted": submitted,
    }
