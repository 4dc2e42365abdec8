"""The analysis export tables from a hand-made analysis: each measure's rows, and no cell or header a formula."""
import pytest

from facilitation.domain import analysis_tables

MARGIN = {"leaders": ["3b"], "runner_up": ["4b"], "lead": 3, "ratio": 1.3333, "tie": False,
          "text": "12 weighted points against 9 for 4b: 1.3 times the runner-up, a lead of 3."}
# Two criteria, three options; "city" alone counts (weight 1, finance 0); its working title would run as a formula.
ANALYSIS = {
    "rule": "weighted", "weights": {"finance": 0, "city": 1},
    "basis": {"rule": "weighted", "view": "points", "label": "Weighted points", "unit": "weighted points"},
    "ranking": [
        {"code": "3b", "title": "Three to two", "family": "Merge", "place": 1, "score": 12.0, "other_score": 52, "total": 52},
        {"code": "4b", "title": "Three to one", "family": "Merge", "place": 2, "score": 9, "other_score": 133, "total": 133},
        {"code": "1", "title": "=HYPERLINK(1)", "family": None, "place": 3, "score": 0, "other_score": 3, "total": 3},
    ],
    "strongest": ["3b"], "margin": MARGIN, "other": {"rule": "raw", "strongest": ["4b"]},
    "coverage": {"criteria": [{"code": "finance", "working_title": "Finance", "tables": 3, "submitted": 3},
                              {"code": "city", "working_title": "=City", "tables": 3, "submitted": 2}],
                 "options": [{"code": "3b", "per_table": 26.0, "share": 0.65}, {"code": "4b", "per_table": 66.5,
                              "share": 0.8}, {"code": "1", "per_table": 1.5, "share": 0.04}]},
    "critical": {"most": "city", "criteria": [
        {"code": "finance", "working_title": "Finance", "weight": 0, "threshold": 0.05, "change": 0.05, "percent": None,
         "new_strongest": ["4b"], "text": "A weight of 0.05 would make 4b the strongest."},
        {"code": "city", "working_title": "=City", "weight": 1, "threshold": None, "change": None, "percent": None,
         "new_strongest": [], "text": "-no change within 0–3×"}]},
    "leave_one_out": {"strongest": ["3b"], "wins": 1, "of": 2, "tables": [
        {"table": 6, "strongest": ["4b"], "same": False, "margin": MARGIN},
        {"table": 9, "strongest": ["3b"], "same": True, "margin": None}]},
    "agreement": {"criteria": [{"code": "finance", "working_title": "Finance", "tables": 3, "w": 0.8, "words": "agree",
                                "flagged": False},
                               {"code": "city", "working_title": "=City", "tables": 2, "w": 0.25, "words": "disagree",
                                "flagged": True}]},
    "spread": {"options": [{"code": "3b", "widest": "city", "criteria": {
        "finance": {"min": 1, "max": 2, "sd": 0.4714, "tables": 3}, "city": {"min": 2, "max": 8, "sd": 3.0, "tables": 2}}}]},
    "families": [{"kind": "family", "name": "Merge", "codes": ["3b", "4b"], "score": 21, "total": 185},
                 {"kind": "option", "name": "1", "codes": ["1"], "score": 0, "total": 3}],
}
# City's weight from 0 to 3: 3b's line rises by 6 a unit of weight, 4b's by 2; they cross at 0.375.
SENSITIVITY = {"criterion": "city", "working_title": "=City", "weight": 1, "top": 3,
               "lines": [{"code": "3b", "at_zero": 6, "at_top": 24, "slope": 6},
                         {"code": "4b", "at_zero": 7.5, "at_top": 13.5, "slope": 2}],
               "current": {"3b": 12, "4b": 9.5}, "crossings": [{"weight": 0.375, "codes": ["3b", "4b"], "score": 8.25}]}


def every_cell(table):
    """The headers and every cell of a table."""
    return [*table.columns, *(cell for row in table.rows for cell in row)]


@pytest.mark.parametrize("name", analysis_tables.NAMES)
def test_no_cell_or_header_of_any_measure_runs_as_a_formula(name):
    maker = getattr(analysis_tables, name.replace("-", "_"))
    table = maker([SENSITIVITY]) if name == "sensitivity" else maker(ANALYSIS)
    assert table.name == name and len(table.sheet) <= 31   # Excel's longest sheet name
    assert not [cell for cell in every_cell(table) if isinstance(cell, str) and cell[:1] in "=+-@"]
    assert table.rows and all(len(row) == len(table.columns) for row in table.rows)


def test_the_ranking_gives_both_rules_and_the_place_and_whole_numbers_stay_whole():
    table = analysis_tables.ranking(ANALYSIS)
    assert table.columns[:6] == ["option", "option title", "family", "place", "strongest",
                                 "score by the rule (weighted points)"]
    assert table.rows[0] == ["3b", "Three to two", "Merge", 1, "yes", 12, 52, 12, 52, 26, 0.65]
    assert table.rows[2][1] == "'=HYPERLINK(1)"


def test_weights_say_what_the_rule_applies_and_the_coverage():
    rows = analysis_tables.weights({**ANALYSIS, "rule": "raw"}).rows
    assert rows == [["finance", "Finance", 0, 1, "raw", 3, 3], ["city", "'=City", 1, 1, "raw", 3, 2]]


def test_the_margin_is_one_row_and_empty_before_any_ballot():
    assert analysis_tables.margin(ANALYSIS).rows == [["weighted", "Weighted points", "3b", 12, "4b", 9, 3, 1.3333, "no",
                                                      "4b", MARGIN["text"]]]
    assert analysis_tables.margin({**ANALYSIS, "margin": None}).rows == []


def test_leave_one_table_out_marks_the_table_that_changes_the_result():
    table = analysis_tables.leave_one_table_out(ANALYSIS)
    assert table.columns[2] == "same as with every table (3b)"
    assert table.rows == [[6, "4b", "no", 3, 1.3333, MARGIN["text"]], [9, "3b", "yes", None, None, None]]


def test_the_sensitivity_reads_each_line_at_0_the_current_weight_the_crossing_and_the_end():
    rows = analysis_tables.sensitivity([SENSITIVITY]).rows
    assert [(row[2], row[3], row[4], row[5]) for row in rows] == [
        (0, "no weight", "3b", 6), (0, "no weight", "4b", 7.5),
        (0.375, "3b and 4b draw level", "3b", 8.25), (0.375, "3b and 4b draw level", "4b", 8.25),
        (1, "current weight", "3b", 12), (1, "current weight", "4b", 9.5),
        (3, "end of the chart", "3b", 24), (3, "end of the chart", "4b", 13.5),
    ]


def test_critical_criteria_agreement_spread_and_families():
    critical = analysis_tables.critical_criteria(ANALYSIS).rows
    assert critical[0][:8] == ["finance", "Finance", 0, 0.05, 0.05, None, "4b", "no"] and critical[1][7] == "yes"
    assert analysis_tables.agreement(ANALYSIS).rows[1] == ["city", "'=City", 2, 0.25, "disagree", "yes"]
    assert analysis_tables.spread(ANALYSIS).rows == [["3b", "finance", "Finance", 3, 1, 2, 0.4714, "no"],
                                                     ["3b", "city", "'=City", 2, 2, 8, 3, "yes"]]
    assert analysis_tables.families(ANALYSIS).rows == [["family", "Merge", "3b, 4b", 21, 185], ["option", "1", "1", 0, 3]]
