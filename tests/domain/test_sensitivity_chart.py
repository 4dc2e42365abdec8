"""The sensitivity chart's geometry: everything inside the plot, crossings where the lines meet, labels apart, words."""
import pathlib
import xml.etree.ElementTree as ET

import jinja2
import pytest

from facilitation.domain import robustness
from facilitation.domain.charts import LINE, WIDTH
from facilitation.domain.rescore import rescore
from facilitation.domain.sensitivity_chart import sensitivity_chart
from tests.domain.test_robustness import CLOSE, FAR, FOUR, TWINS, now_for, whole_system_2009

TEMPLATES = pathlib.Path(__file__).parents[2] / "templates"
CASES = {
    "close": (CLOSE, "ABC", "cost"), "four": (FOUR, "ABCD", "cost"), "twins": (TWINS, "ABC", "care"),
    "far": (FAR, "AB", "care"),
}


def chart_for(name):
    """The sensitivity and its chart for one of the hand-made cases."""
    rows, codes, criterion = CASES[name]
    sensitivity = robustness.sensitivity(now_for(rows, codes=tuple(codes)), criterion)
    return sensitivity, sensitivity_chart(sensitivity, {c: f"Option {c}" for c in codes})


def inside(chart, x, y):
    """Whether a point is within the plot."""
    return chart["plot_x"] <= x <= chart["plot_right"] and chart["plot_top"] <= y <= chart["baseline"]


@pytest.mark.parametrize("name", CASES)
def test_every_line_and_crossing_is_inside_the_plot_and_the_chart_is_680_wide(name):
    sensitivity, chart = chart_for(name)
    assert chart["width"] == WIDTH and chart["plot_right"] < WIDTH
    for line in chart["lines"]:
        assert inside(chart, line["x1"], line["y1"]) and inside(chart, line["x2"], line["y2"])
        assert line["label"]["x"] > chart["plot_right"] and line["label"]["y"] < chart["height"]
    assert all(inside(chart, dot["x"], dot["y"]) for dot in chart["crossings"])
    assert chart["plot_x"] <= chart["current"]["x"] <= chart["plot_right"]
    assert [t["x"] for t in chart["x_ticks"]] == sorted(t["x"] for t in chart["x_ticks"])
    assert all(inside(chart, t["x"], chart["baseline"]) for t in chart["x_ticks"])
    assert len(chart["lines"]) == len(sensitivity["lines"])


@pytest.mark.parametrize("name, dots", [
    # cost from 0 to 3 over the plot's width: B and A cross at 1.5, halfway; A–C at 2 and A–D at 2.5.
    ("close", [(0.5, 25, True)]),
    ("four", [(0.5 / 3, 11, True), (2 / 3, 14, False), (2.5 / 3, 15, False)]),
    # The twins' two crossings with C are one point: one dot naming all three.
    ("twins", [(2 / 3, 20, True)]),
    ("far", [(4.5 / 4.95, 55, True)]),
])
def test_crossings_are_drawn_where_the_lines_meet(name, dots):
    _, chart = chart_for(name)
    scale = chart["y_ticks"][-1]["value"]
    height = chart["baseline"] - chart["plot_top"]
    found = [(dot["x"], dot["y"], dot["leads"]) for dot in chart["crossings"]]
    expected = [(chart["plot_x"] + share * chart["plot_width"], chart["baseline"] - height * score / scale, leads)
                for share, score, leads in dots]
    assert len(found) == len(expected)
    for (x, y, leads), (ex, ey, eleads) in zip(found, expected):
        assert (x, y, leads) == (pytest.approx(ex, abs=0.1), pytest.approx(ey, abs=0.1), eleads)
    if name == "twins":
        assert chart["crossings"][0]["codes"] == ["A", "C", "B"]


def test_a_crossing_lies_on_both_lines():
    _, chart = chart_for("four")
    lines = {line["code"]: line for line in chart["lines"]}
    for dot in chart["crossings"]:
        for code in dot["codes"]:
            line = lines[code]
            along = (dot["x"] - line["x1"]) / (line["x2"] - line["x1"])
            assert line["y1"] + along * (line["y2"] - line["y1"]) == pytest.approx(dot["y"], abs=0.2)


@pytest.mark.parametrize("name", [*CASES, "2009"])
def test_labels_at_the_right_end_do_not_overlap_and_join_their_lines(name):
    if name == "2009":
        chart = sensitivity_chart(robustness.sensitivity(rescore(whole_system_2009()), "sustainable"), {})
    else:
        chart = chart_for(name)[1]
    middles = sorted(line["label"]["middle"] for line in chart["lines"])
    assert all(b - a >= LINE - 0.01 for a, b in zip(middles, middles[1:]))
    for line in chart["lines"]:
        connector = line["connector"]
        assert (connector["x1"], connector["y1"]) == (chart["plot_right"], line["y2"])
        assert connector["y2"] == line["label"]["middle"] and connector["x2"] < line["label"]["x"]


def test_the_twins_labels_are_nudged_apart_though_their_lines_end_together():
    _, chart = chart_for("twins")
    a, b = (next(line for line in chart["lines"] if line["code"] == code) for code in "AB")
    assert a["y2"] == b["y2"] and abs(a["label"]["y"] - b["label"]["y"]) >= LINE
    assert a["label"]["text"] == "A: 26" and b["label"]["text"] == "B: 26"


def test_many_options_make_the_chart_taller_so_every_label_fits():
    lines = [{"code": f"O{i}", "at_zero": 10, "at_top": 10, "slope": 0} for i in range(20)]
    sensitivity = {"criterion": "c", "working_title": "Cost", "weight": 1, "top": 3, "unit": "points",
                   "label": "Total points", "strongest": [], "lines": lines,
                   "current": {f"O{i}": 10 for i in range(20)},
                   "crossings": [], "together": []}
    chart = sensitivity_chart(sensitivity, {})
    middles = sorted(line["label"]["middle"] for line in chart["lines"])
    assert middles[0] >= chart["plot_top"] and middles[-1] <= chart["baseline"]
    assert all(b - a >= LINE - 0.01 for a, b in zip(middles, middles[1:]))


@pytest.mark.parametrize("weight, anchor", [({"care": 0}, "start"), (None, "middle")])
def test_the_current_weight_is_marked_and_its_label_stays_inside(weight, anchor):
    sensitivity = robustness.sensitivity(now_for(CLOSE, weight), "care")
    chart = sensitivity_chart(sensitivity, {})
    current = chart["current"]
    # care 0 sits on the left edge; care 1 of 3 is a third of the way across.
    share = 0 if weight else 1 / 3
    assert current["x"] == pytest.approx(chart["plot_x"] + share * chart["plot_width"], abs=0.1)
    assert current["anchor"] == anchor and current["text_y"] < chart["plot_top"]
    assert current["text"] == ("Now: 0" if weight else "Now: 1")


def test_the_description_says_every_line_and_crossing_in_words():
    _, chart = chart_for("close")
    assert chart["title"] == "How each option's weighted points change with the weight of Cost"
    assert chart["desc"] == (
        "Each line is an option's weighted points as the weight of Cost goes from 0 to 3, the other weights as they "
        "are; the weight now is 1. B Option B: 13 at weight 0, 21 now, 37 at weight 3. A Option A: 7 at weight 0, "
        "19 now, 43 at weight 3. C Option C: 0 at weight 0, 0 now, 0 at weight 3. B and A cross at a weight of 1.5, "
        "on 25 weighted points, where the strongest option changes.")
    assert "their lines are one line" in chart_for("twins")[1]["desc"]


def test_the_macro_draws_an_accessible_svg():
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    macro = environment.get_template("report/_charts.html").module.sensitivity
    _, chart = chart_for("four")
    svg = ET.fromstring(str(macro(chart, "sens")))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "sens-title sens-desc"
    assert svg.find("svg:title", ns).text == chart["title"] and svg.find("svg:desc", ns).text == chart["desc"]
    groups = svg.findall("svg:g", ns)
    assert [g.get("data-option") for g in groups] == ["B", "A", "C", "D"]
    assert [g.find("svg:text", ns).text for g in groups] == ["B: 26", "A: 16", "C: 20", "D: 18"]
    # Each line differs by dash as well as colour.
    dashes = [g.find("svg:line", ns).get("stroke-dasharray") for g in groups]
    assert len(set(dashes)) == len(dashes)
    assert len(svg.findall("svg:circle", ns)) == len(chart["crossings"])
