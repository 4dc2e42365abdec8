"""The decision analysis as export tables: one CSV file and workbook sheet per measure, from domain.analysis' output.

Pure, like export_tables (whose _table neutralises every cell and header): the figures are the analysis' own, only
laid out in rows, so a board's spreadsheet says what the report and the screens say.
"""
from .export_tables import _table, _yes

NAMES = ("weights", "ranking", "margin", "critical-criteria", "leave-one-table-out", "sensitivity", "agreement",
         "spread", "families")


def _codes(codes):
    """Option codes in one cell: "3b", "3a, 3b"; empty when there are none."""
    return ", ".join(codes) or None


def _rule_scores(analysis, row):
    """(raw, weighted) scores of one ranking row, whichever of the two is the rule in use."""
    if analysis["rule"] == "raw":
        return row["score"], row["other_score"]
    return row["other_score"], row["score"]


def weights(analysis):
    """Each criterion's weight, the weight the rule applies, and how many tables scored it (coverage)."""
    coverage = {c["code"]: c for c in analysis["coverage"]["criteria"]}
    rows = [[code, coverage[code]["working_title"], weight, weight if analysis["rule"] == "weighted" else 1,
             analysis["rule"], coverage[code]["tables"], coverage[code]["submitted"]]
            for code, weight in analysis["weights"].items()]
    return _table("weights", "Weights", ["criterion", "working title", "weight", "weight as the rule applies it",
                                         "rule", "tables scoring it", "ballots in"], rows)


def ranking(analysis):
    """The ranking by the rule: place, strongest, both rules' scores, points as given, per table and share."""
    covered = {row["code"]: row for row in analysis["coverage"]["options"]}
    rows = []
    for row in analysis["ranking"]:
        raw, weighted = _rule_scores(analysis, row)
        rows.append([row["code"], row["title"], row["family"], row["place"], _yes(row["code"] in analysis["strongest"]),
                     row["score"], raw, weighted, row["total"], covered[row["code"]]["per_table"],
                     covered[row["code"]]["share"]])
    return _table("ranking", "Ranking", [
        "option", "option title", "family", "place", "strongest", f"score by the rule ({analysis['basis']['label'].lower()})",
        "raw", "weighted", "points as given", "mean points per table", "share of the budget",
    ], rows)


def margin(analysis):
    """The strongest option's lead over the runner-up: one row, in figures and in words (empty before ballots)."""
    found, scores = analysis["margin"], {row["code"]: row["score"] for row in analysis["ranking"]}
    rows = [] if found is None else [[
        analysis["rule"], analysis["basis"]["label"], _codes(found["leaders"]), scores[found["leaders"][0]],
        _codes(found["runner_up"]), scores[found["runner_up"][0]] if found["runner_up"] else None, found["lead"],
        found["ratio"], _yes(found["tie"]), _codes(analysis["other"]["strongest"]), found["text"],
    ]]
    return _table("margin", "Margin", ["rule", "ranked by", "strongest", "its score", "runner-up", "runner-up's score",
                                       "lead", "ratio", "tie", "strongest by the other rule", "in words"], rows)


def critical_criteria(analysis):
    """Per criterion: the weight at which the strongest option changes, and by how much (Triantaphyllou–Sánchez)."""
    critical = analysis["critical"]
    rows = [[c["code"], c["working_title"], c["weight"], c["threshold"], c["change"], c["percent"],
             _codes(c["new_strongest"]), _yes(c["code"] == critical["most"]), c["text"]]
            for c in critical["criteria"]]
    return _table("critical-criteria", "Critical criteria", [
        "criterion", "working title", "weight", "weight at which the strongest changes", "change of weight",
        "change as % of the weight", "strongest just past it", "most critical", "in words"], rows)


def leave_one_table_out(analysis):
    """The strongest option and the margin with each table's ballots left out in turn."""
    loo = analysis["leave_one_out"]
    rows = [[row["table"], _codes(row["strongest"]), _yes(row["same"]),
             row["margin"]["lead"] if row["margin"] else None, row["margin"]["ratio"] if row["margin"] else None,
             row["margin"]["text"] if row["margin"] else None]
            for row in loo["tables"]]
    return _table("leave-one-table-out", "Leave one table out", [
        "table left out", "strongest without it", f"same as with every table ({_codes(loo['strongest']) or 'none'})",
        "lead", "ratio", "margin in words"], rows)


def sensitivity(lines_by_criterion):
    """Each option's score as one criterion's weight changes (others fixed): at 0, the current weight, every crossing
    and the axis' end, for every criterion; lines_by_criterion: the analysis' sensitivity for each criterion."""
    rows = []
    for found in lines_by_criterion:
        points = {0: "no weight", found["weight"]: "current weight", found["top"]: "end of the chart"}
        for crossing in found["crossings"]:
            points.setdefault(crossing["weight"], f"{' and '.join(crossing['codes'])} draw level")
        for weight in sorted(points):
            for line in found["lines"]:
                # Each line is straight (the weight multiplies one fixed value): read off it at this weight.
                score = (found["current"][line["code"]] if weight == found["weight"]
                         else round(line["at_zero"] + line["slope"] * weight, 4))
                rows.append([found["criterion"], found["working_title"], weight, points[weight], line["code"], score])
    return _table("sensitivity", "Sensitivity", ["criterion", "working title", "weight", "point on the chart",
                                                 "option", "score"], rows)


def agreement(analysis):
    """Per criterion, how much its tables agree on the order of the options (Kendall's W), in words."""
    rows = [[c["code"], c["working_title"], c["tables"], c["w"], c["words"], _yes(c["flagged"])]
            for c in analysis["agreement"]["criteria"]]
    return _table("agreement", "Agreement", ["criterion", "working title", "tables", "Kendall's W", "in words",
                                             "flagged: tables disagree"], rows)


def spread(analysis):
    """Per option and criterion: the lowest and highest points the tables gave it, and their standard deviation."""
    titles = {c["code"]: c["working_title"] for c in analysis["agreement"]["criteria"]}
    rows = [[option["code"], code, titles.get(code, code), part["tables"], part["min"], part["max"], part["sd"],
             _yes(code == option["widest"])]
            for option in analysis["spread"]["options"] for code, part in option["criteria"].items()]
    return _table("spread", "Spread", ["option", "criterion", "working title", "tables", "lowest", "highest",
                                       "standard deviation", "widest for this option"], rows)


def families(analysis):
    """Totals by option family, highest first; options without a family stand alone, marked as options."""
    rows = [[row["kind"], row["name"], _codes(row["codes"]), row["score"], row["total"]] for row in analysis["families"]]
    return _table("families", "Families", ["family or option", "name", "options",
                                           f"score by the rule ({analysis['basis']['label'].lower()})",
                                           "points as given"], rows)
