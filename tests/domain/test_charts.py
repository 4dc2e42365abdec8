"""Chart geometry for the report: round scales, bars in proportion, labels that fit, shares that add up to 100%."""
import pytest

from facilitation.domain.charts import (
    column_chart, horizontal_bars, nice_scale, number_text, percentages, stacked_shares, tick_values, wrap_label,
)


@pytest.mark.parametrize("maximum, whole, expected", [
    (123, True, (150, 50)),
    (64, True, (80, 20)),
    (10, True, (10, 2)),
    (12, True, (15, 5)),
    (3, True, (3, 1)),
    (1, True, (1, 1)),
    (0, True, (5, 1)),
    (0.6, False, (0.6, 0.2)),
    (23.3, False, (25, 5)),
])
def test_nice_scale_is_round_and_covers_the_largest_value(maximum, whole, expected):
    top, step = nice_scale(maximum, whole=whole)
    assert (top, step) == pytest.approx(expected)
    assert top >= maximum and len(tick_values(top, step)) <= 6


@pytest.mark.parametrize("counts, expected", [
    ([1, 1, 1], [34, 33, 33]),
    ([2, 1, 3], [33, 17, 50]),
    ([0, 0, 0], [0, 0, 0]),
    ([5, 0, 0], [100, 0, 0]),
    ([1, 2, 4], [14, 29, 57]),
    ([3, 3, 1, 0, 0], [43, 43, 14, 0, 0]),
])
def test_percentages_are_whole_and_add_up_to_100(counts, expected):
    assert percentages(counts) == expected
    assert sum(expected) in (0, 100)


@pytest.mark.parametrize("value, text", [(64, "64"), (64.0, "64"), (23.25, "23.2"), (7.5, "7.5"), (None, "")])
def test_number_text(value, text):
    assert number_text(value) == text


@pytest.mark.parametrize("text, chars, lines, expected", [
    ("1 Keep the current arrangements", 40, 2, ["1 Keep the current arrangements"]),
    ("1 Keep the current arrangements", 16, 2, ["1 Keep the", "current…"]),
    ("3b One emergency department, a 24-hour urgent treatment centre", 20, 2,
     ["3b One emergency", "department, a…"]),
    ("Supercalifragilistic", 8, 2, ["Superca…"]),
    ("", 10, 2, [""]),
])
def test_wrap_label_keeps_to_its_lines_and_says_when_it_cut(text, chars, lines, expected):
    assert wrap_label(text, chars, lines) == expected
    assert all(len(line) <= chars for line in expected)


@pytest.mark.parametrize("values", [[64, 33, 31, 19, 17, 16], [10], [0, 0], [7.5, 2.25]])
def test_horizontal_bars_are_in_proportion_and_stay_inside_the_chart(values):
    chart = horizontal_bars([{"label": f"Option {i}", "value": v, "marked": i == 0} for i, v in enumerate(values)])
    top = chart["ticks"][-1]["value"]
    for bar, value in zip(chart["bars"], values):
        assert bar["width"] == pytest.approx(chart["plot_width"] * value / top, abs=0.1)
        assert bar["x"] + bar["width"] <= chart["plot_x"] + chart["plot_width"]
        assert bar["value_x"] > bar["x"] + bar["width"] and bar["y"] + bar["height"] <= chart["axis_y"]
        assert all(line["x"] < bar["x"] for line in bar["label_lines"])
    assert chart["bars"][0]["marked"] and chart["height"] > chart["axis_y"]
    assert [t["x"] for t in chart["ticks"]] == sorted(t["x"] for t in chart["ticks"])


def test_bars_come_in_the_order_given_one_below_another():
    chart = horizontal_bars([{"label": "A", "value": 5}, {"label": "B", "value": 9}])
    first, second = chart["bars"]
    assert first["label"] == "A" and second["y"] >= first["y"] + first["height"]


@pytest.mark.parametrize("values", [[64, 33, 31], [11, 11, 11, 6, 6], [0, 0, 3], [5]])
def test_columns_rise_from_one_baseline_in_proportion(values):
    chart = column_chart([{"label": f"Step {i}", "value": v} for i, v in enumerate(values)])
    top = chart["ticks"][-1]["value"]
    for column, value in zip(chart["columns"], values):
        assert column["y"] + column["height"] == pytest.approx(chart["baseline"], abs=0.1)
        assert column["height"] == pytest.approx((chart["baseline"] - chart["plot_top"]) * value / top, abs=0.1)
        assert column["value_y"] < column["y"] and column["label_lines"][0]["y"] > chart["baseline"]
    lefts = [c["x"] for c in chart["columns"]]
    assert lefts == sorted(lefts) and chart["columns"][-1]["x"] + chart["columns"][-1]["width"] <= chart["width"]


def test_a_column_writes_its_own_text_when_given():
    [column] = column_chart([{"label": "More confident", "value": 6, "text": "6 (13%)"}])["columns"]
    assert column["value_text"] == "6 (13%)"


@pytest.mark.parametrize("counts", [
    {"more": 2, "same": 1, "less": 3},
    {"more": 0, "same": 0, "less": 5},
    {"more": 1, "same": 0, "less": 0},
    {"more": 7, "same": 1, "less": 1},
])
def test_stacked_shares_fill_the_bar_in_order_and_write_shares_that_fit(counts):
    chart = stacked_shares([{"label": "Premises", "counts": counts}], ("more", "same", "less"),
                           legend=(("more", "More confident"), ("same", "Neither"), ("less", "Less confident")))
    [row] = chart["rows"]
    assert row["total"] == sum(counts.values())
    assert [s["part"] for s in row["segments"]] == [p for p in ("more", "same", "less") if counts[p]]
    assert sum(s["width"] for s in row["segments"]) == pytest.approx(chart["plot_width"], abs=0.3)
    assert sum(s["percent"] for s in row["segments"]) == 100
    x = chart["plot_x"]
    for segment in row["segments"]:
        assert segment["x"] == pytest.approx(x, abs=0.2)
        x += segment["width"]
        if segment["text"]:
            assert segment["tag_width"] <= segment["width"]
    assert [k["x"] for k in chart["key"]] == sorted(k["x"] for k in chart["key"]) and row["y"] > chart["key_y"]


def test_a_narrow_share_leaves_its_text_out_rather_than_overflowing():
    chart = stacked_shares([{"label": "Staffing", "counts": {"more": 1, "same": 0, "less": 40}}], ("more", "same", "less"))
    more, less = chart["rows"][0]["segments"]
    assert more["text"] == "" and less["text"] == "40 · 98%"


def test_a_theme_nobody_raised_has_no_segments():
    chart = stacked_shares([{"label": "Premises", "counts": {"more": 0, "same": 0, "less": 0}}], ("more", "same", "less"))
    assert chart["rows"][0]["total"] == 0 and chart["rows"][0]["segments"] == []
