"""An event's results from one consistent read of it: the one function behind every screen, the API and the exports.

Results are kept as running aggregates (a Tally): applying one ballot costs O(options) and a summary costs
O(options × criteria), however many ballots are already in. results() is a Tally with every ballot applied;
event_results() adds the survey's scores, kept apart. facilitation/results.py reads an event (an EventRead) in
one transaction and may keep a Tally per event up to date between reads; a property test
(tests/test_results_cache.py) holds that to a full recompute here.
"""
from typing import NamedTuple

from . import scoring as ranking
from .scoring import default_rule

SURVEY_KEYS = ("basis", "totals", "per_criterion", "highest", "strongest", "margin", "top_three", "families")


class EventRead(NamedTuple):
    """What results are computed from, read from the store in one transaction."""

    scoring: dict
    options: list          # the short list, [{"code", "title"}] in order
    criteria: list         # [{"code", "working_title", "weight"}] in order
    shares: dict           # {table number: [criterion codes]}
    ballots: dict          # {(table number, criterion code): the table's current ballot}
    survey_ballots: dict   # {(respondent id, criterion code): the respondent's current scores}


def event_results(read):
    """The event's results (see results()), with the survey's scores apart under "survey"."""
    room = results(scoring=read.scoring, options=read.options, criteria=read.criteria, shares=read.shares,
                   ballots=read.ballots)
    return {**room, "survey": survey_results(scoring=read.scoring, options=read.options, criteria=read.criteria,
                                             ballots=read.survey_ballots)}


def survey_results(*, scoring, options, criteria, ballots):
    """Survey respondents' scores, tallied by the same function as the tables' (each respondent in a table's place).

    They are kept apart from the room's totals: a table's ballot is a group's agreed answer, a survey's is one
    person's. None when nobody has scored through the survey.
    """
    if not ballots:
        return None
    shares = {}
    for respondent, criterion in ballots:
        shares.setdefault(respondent, []).append(criterion)
    tallied = results(scoring=scoring, options=options, criteria=criteria, shares=shares, ballots=ballots)
    return {"respondents": len(shares), "scores": tallied["progress"]["submitted"],
            **{key: tallied[key] for key in SURVEY_KEYS}}


def results(*, scoring, options, criteria, shares, ballots):
    """Totals, the criteria × tables matrix, highest per table, progress and the strongest option.

    options: the short list, [{"code", "title"}] in order; criteria: [{"code", "working_title", "weight"}] in order;
    shares: {table number: [criterion codes]}; ballots: {(table number, criterion code): ballot with points,
    ruled_out and version} — each table's current ballot only.
    """
    tally = Tally(scoring=scoring, options=options, criteria=criteria, shares=shares)
    for (table, criterion), ballot in ballots.items():
        tally.apply(table, criterion, ballot)
    return tally.snapshot()


def _number(cell):
    """A matrix cell's points for adding up: X (ruled out) and no ballot yet both count as nothing."""
    return cell if isinstance(cell, (int, float)) else 0


def _highest_in_row(cells):
    """The options a table rated highest in one row (ties share the place); ruled-out options never count."""
    scored = {code: value for code, value in cells.items() if isinstance(value, (int, float))}
    if not scored:
        return []
    top = max(scored.values())
    return [code for code, value in scored.items() if value == top]


class Tally:
    """Running aggregates of an event's current ballots, updated one ballot at a time."""

    def __init__(self, *, scoring, options, criteria, shares):
        self.mode = scoring["mode"]
        self.budget = scoring.get("budget", 10)
        self.rule = scoring.get("rule") or default_rule(criteria)
        self.options = [{"code": o["code"], "title": o["title"], "family": o.get("family")} for o in options]
        self.codes = [o["code"] for o in options]
        self.criteria = [{"code": c["code"], "working_title": c["working_title"], "weight": c["weight"]}
                         for c in criteria]
        self.criterion = {c["code"]: c for c in self.criteria}
        self.rows = {}
        for criterion in self.criteria:
            for table in sorted(shares):
                if criterion["code"] in shares[table]:
                    self.rows[(criterion["code"], table)] = self._row(criterion, table, None)
        by_criterion = lambda: {c["code"]: dict.fromkeys(self.codes, 0) for c in self.criteria}  # noqa: E731
        self.points = by_criterion()         # sum of the points (or scores) each option got, per criterion
        self.scored = by_criterion()         # how many ballots gave each option a number (not X), per criterion
        self.highest = by_criterion()        # how many tables rated each option highest, per criterion
        self.ruled_out = dict.fromkeys(self.codes, 0)
        self.submitted = {c["code"]: 0 for c in self.criteria}
        self.tables = {c["code"]: 0 for c in self.criteria}
        for criterion, _table in self.rows:
            self.tables[criterion] += 1

    def _row(self, criterion, table, ballot):
        """One matrix row: a table's answer for a criterion, X for ruled out, None before a ballot."""
        if ballot is None:
            cells = dict.fromkeys(self.codes)
        else:
            # X is not 0: a ruled-out option was rejected, which the report shows apart from no points.
            cells = {code: "X" if code in ballot["ruled_out"] else ballot["points"].get(code, 0) for code in self.codes}
        return {
            "criterion": criterion["code"], "working_title": criterion["working_title"], "table": table,
            "submitted": ballot is not None, "version": ballot["version"] if ballot else None,
            "cells": cells, "total": sum(_number(v) for v in cells.values()),
            "highest": _highest_in_row(cells) if ballot else [],
        }

    def _count(self, row, sign):
        """Add (sign 1) or take away (sign -1) one row's part of the aggregates."""
        if not row["submitted"]:
            return
        criterion = row["criterion"]
        self.submitted[criterion] += sign
        for code, value in row["cells"].items():
            if value == "X":
                self.ruled_out[code] += sign
            else:
                self.points[criterion][code] += sign * value
                self.scored[criterion][code] += sign
        for code in row["highest"]:
            self.highest[criterion][code] += sign

    def apply(self, table, criterion, ballot):
        """Make this ballot the table's current one for the criterion; returns the new matrix row (None if unassigned)."""
        key = (criterion, table)
        if key not in self.rows:
            return None
        self._count(self.rows[key], -1)
        row = self._row(self.criterion[criterion], table, ballot)
        self.rows[key] = row
        self._count(row, 1)
        return row

    def _criterion_values(self, criterion):
        """Per option: the points given (allocate) or the mean score (score); None before any ballot."""
        if not self.submitted[criterion]:
            return dict.fromkeys(self.codes)
        if self.mode == "allocate":
            return dict(self.points[criterion])
        # A criterion scored by three tables and one scored by one count the same: the mean of the scores given.
        return {code: round(self.points[criterion][code] / self.scored[criterion][code], 2)
                if self.scored[criterion][code] else 0 for code in self.codes}

    def summary(self):
        """Everything but the matrix rows: small, and the same size however many ballots are in."""
        per_criterion = {c["code"]: self._criterion_values(c["code"]) for c in self.criteria}
        totals = {code: sum(per_criterion[c["code"]][code] or 0 for c in self.criteria) for code in self.codes}
        weighted = {code: sum(c["weight"] * (per_criterion[c["code"]][code] or 0) for c in self.criteria)
                    for code in self.codes}
        chosen = ranking.view(self.mode, self.submitted)
        values = ranking.criterion_values(self.mode, chosen, self.codes, self.points, self.scored, self.submitted)
        other = ranking.other_rule(self.rule)
        scores = ranking.option_scores(values, ranking.weights_for(self.rule, self.criteria), self.codes)
        others = ranking.option_scores(values, ranking.weights_for(other, self.criteria), self.codes)
        order = ranking.ranked(scores, self.codes)
        other_order = ranking.ranked(others, self.codes)
        submitted = sum(self.submitted.values())
        basis = ranking.basis(self.rule, chosen, self.submitted)
        return {
            "mode": self.mode,
            "budget": self.budget,
            "options": self.options,
            "criteria": self.criteria,
            "basis": basis,
            "totals": [{"code": code, "total": totals[code], "weighted": weighted[code],
                        "score": round(scores[code], 4), "other_score": round(others[code], 4),
                        "ruled_out": self.ruled_out[code]} for code in order],
            "per_criterion": per_criterion,
            "total_row": {code: sum(self.points[c["code"]][code] for c in self.criteria) for code in self.codes},
            "highest": {
                c["code"]: {"tables": self.tables[c["code"]], "submitted": self.submitted[c["code"]],
                            "counts": {code: n for code, n in self.highest[c["code"]].items() if n}}
                for c in self.criteria
            },
            "progress": {"submitted": submitted, "expected": len(self.rows)},
            "strongest": ranking.leaders(scores, order) if submitted else [],
            "margin": ranking.margin(scores, order, basis["unit"]) if submitted else None,
            "other": {**ranking.basis(other, chosen, self.submitted),
                      "strongest": ranking.leaders(others, other_order) if submitted else []},
            "top_three": [{"code": code, "total": totals[code], "score": round(scores[code], 4)}
                          for code in order[:3]] if submitted else [],
            "families": ranking.families(self.options, scores, totals),
        }

    def snapshot(self):
        """The summary with the whole matrix, in criteria order then table number order."""
        return {**self.summary(), "matrix": list(self.rows.values())}
