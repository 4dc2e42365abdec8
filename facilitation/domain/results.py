"""The room's results from the tables' current ballots: the one function behind the projector, the API and the exports."""


def results(*, scoring, options, criteria, shares, ballots):
    """Totals, the criteria × tables matrix, highest per table, progress and the strongest option.

    options: the short list, [{"code", "title"}] in order; criteria: [{"code", "working_title", "weight"}] in order;
    shares: {table number: [criterion codes]}; ballots: {(table number, criterion code): ballot with points and
    ruled_out} — each table's current ballot only.
    """
    codes = [o["code"] for o in options]
    allocate = scoring["mode"] == "allocate"
    matrix = _matrix(criteria, shares, ballots, codes)
    per_criterion = {c["code"]: _criterion_values(c["code"], matrix, codes, allocate) for c in criteria}
    totals = {code: sum(per_criterion[c["code"]][code] or 0 for c in criteria) for code in codes}
    weighted = {code: sum(c["weight"] * (per_criterion[c["code"]][code] or 0) for c in criteria) for code in codes}
    order = {code: i for i, code in enumerate(codes)}
    ranked = sorted(codes, key=lambda code: (-totals[code], order[code]))
    submitted = sum(1 for row in matrix if row["submitted"])
    return {
        "mode": scoring["mode"],
        "options": [{"code": o["code"], "title": o["title"]} for o in options],
        "totals": [
            {"code": code, "total": totals[code], "weighted": weighted[code],
             "ruled_out": sum(1 for row in matrix if row["cells"].get(code) == "X")}
            for code in ranked
        ],
        "per_criterion": per_criterion,
        "matrix": matrix,
        "total_row": {code: sum(_number(row["cells"][code]) for row in matrix) for code in codes},
        "highest": {c["code"]: _highest_summary(c["code"], matrix, codes) for c in criteria},
        "progress": {"submitted": submitted, "expected": len(matrix)},
        "strongest": _strongest(ranked, totals) if submitted else [],
        "top_three": [{"code": code, "total": totals[code]} for code in ranked[:3]] if submitted else [],
    }


def _number(cell):
    """A matrix cell's points for adding up: X (ruled out) and no ballot yet both count as nothing."""
    return cell if isinstance(cell, (int, float)) else 0


def _matrix(criteria, shares, ballots, codes):
    """One row per criterion and table that scores it, in criteria order then table number order."""
    rows = []
    for criterion in criteria:
        for number in sorted(shares):
            if criterion["code"] not in shares[number]:
                continue
            ballot = ballots.get((number, criterion["code"]))
            if ballot is None:
                cells = {code: None for code in codes}
            else:
                # X is not 0: a ruled-out option was rejected, which the report shows apart from no points.
                cells = {code: "X" if code in ballot["ruled_out"] else ballot["points"].get(code, 0) for code in codes}
            rows.append({
                "criterion": criterion["code"], "working_title": criterion["working_title"], "table": number,
                "submitted": ballot is not None, "version": ballot["version"] if ballot else None,
                "cells": cells, "total": sum(_number(v) for v in cells.values()),
                "highest": _highest_in_row(cells) if ballot else [],
            })
    return rows


def _highest_in_row(cells):
    """The options a table rated highest in one row (ties share the place); ruled-out options never count."""
    scored = {code: value for code, value in cells.items() if isinstance(value, (int, float))}
    if not scored:
        return []
    top = max(scored.values())
    return [code for code, value in scored.items() if value == top]


def _criterion_values(criterion, matrix, codes, allocate):
    """Per option for one criterion: the points given (allocate), or the mean score (score); None before any ballot."""
    rows = [row for row in matrix if row["criterion"] == criterion and row["submitted"]]
    values = {}
    for code in codes:
        given = [row["cells"][code] for row in rows if row["cells"][code] != "X"]
        if not rows:
            values[code] = None
        elif allocate:
            values[code] = sum(given)
        else:
            # A criterion scored by three tables and one scored by one count the same: the mean of the scores given.
            values[code] = round(sum(given) / len(given), 2) if given else 0
    return values


def _highest_summary(criterion, matrix, codes):
    """How many of the tables that scored a criterion rated each option highest ("4b highest at 2 of 3 tables")."""
    rows = [row for row in matrix if row["criterion"] == criterion]
    submitted = [row for row in rows if row["submitted"]]
    counts = {code: sum(1 for row in submitted if code in row["highest"]) for code in codes}
    return {"tables": len(rows), "submitted": len(submitted),
            "counts": {code: count for code, count in counts.items() if count}}


def _strongest(ranked, totals):
    """The option(s) with the largest total; a tie names them all."""
    best = totals[ranked[0]]
    return [code for code in ranked if totals[code] == best]
