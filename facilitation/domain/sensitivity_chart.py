"""Geometry for the sensitivity chart: one criterion's weight along the bottom, one straight line per option's score.

The gradient chart decision-makers know from Expert Choice: where two lines cross, those options are level, and
where the top line changes the strongest option changes. Drawn from domain.robustness.sensitivity() in SVG user
units, 680 wide like domain.charts; templates/report/_charts.html's `sensitivity` macro turns it into markup. Each
line carries its option's code and value at the right end (nudged apart so no two overlap), so the chart reads
without colour; the description states every line's values and every crossing in words. Pure arithmetic.
"""
from .charts import FONT, LINE, WIDTH, nice_scale, number_text, text_width, tick_values
from .robustness import weight_text

HEIGHT = 320
PLOT_X = 56          # room for the score ticks
PLOT_TOP = 44        # two rows above the plot: the score's name, then the current weight's label
LABELS = 118         # room at the right for each line's code and value
BELOW = 50           # weight ticks and the axis' name


def sensitivity_chart(sensitivity, titles, *, width=WIDTH):
    """The chart's shapes: axes and ticks, a line per option, the current weight, crossings, labels and words.

    sensitivity: domain.robustness.sensitivity()'s output; titles: {option code: title} for the description.
    """
    lines = sensitivity["lines"]
    # As many labels as options must fit one above another at the right end.
    height = max(HEIGHT, PLOT_TOP + len(lines) * LINE + BELOW + 8)
    plot_right, baseline = width - LABELS, height - BELOW
    plot_w, plot_h = plot_right - PLOT_X, baseline - PLOT_TOP
    top = sensitivity["top"] or 1
    highest = max([v for line in lines for v in (line["at_zero"], line["at_top"])], default=0)
    score_top, score_step = nice_scale(highest, whole=highest >= 5)

    def x(weight):
        return round(PLOT_X + plot_w * weight / top, 1)

    def y(score):
        return round(baseline - plot_h * score / score_top, 1)

    drawn = [{"code": line["code"], "title": titles.get(line["code"], ""), "index": index,
              "marked": line["code"] in sensitivity["strongest"],
              "x1": PLOT_X, "y1": y(line["at_zero"]), "x2": plot_right, "y2": y(line["at_top"])}
             for index, line in enumerate(lines)]
    _label_right_ends(drawn, lines, plot_right, PLOT_TOP, baseline)
    step = nice_scale(top, whole=False)[1]
    return {
        "width": width, "height": height, "plot_x": PLOT_X, "plot_width": plot_w, "plot_right": plot_right,
        "plot_top": PLOT_TOP, "baseline": baseline,
        "x_ticks": [{"value": v, "text": weight_text(v), "x": x(v), "y": round(baseline + FONT + 4, 1)}
                    for v in tick_values(top, step) if v <= top + 1e-9],
        "y_ticks": [{"value": v, "text": number_text(v), "x": PLOT_X - 6, "y": y(v)}
                    for v in tick_values(score_top, score_step)],
        "lines": drawn,
        "current": _current(sensitivity, x(sensitivity["weight"]), plot_right),
        "crossings": _crossings(sensitivity["crossings"], x, y),
        "score_label": {"text": sensitivity["label"], "x": 4, "y": FONT + 2},
        "x_title": {"text": f"Weight of {sensitivity['working_title']}", "x": round(PLOT_X + plot_w / 2, 1),
                    "y": round(baseline + 2 * LINE + 8, 1)},
        "title": f"How each option's {sensitivity['unit']} change with the weight of {sensitivity['working_title']}",
        "desc": describe(sensitivity, titles),
    }


def _label_right_ends(drawn, lines, plot_right, plot_top, baseline):
    """Each line's code and value beside its right end, nudged apart by at least a line, joined to it by a stroke."""
    wanted = sorted(drawn, key=lambda d: (d["y2"], d["index"]))
    middles = [d["y2"] for d in wanted]
    for i in range(1, len(middles)):           # downwards: each at least a line below the one above
        middles[i] = max(middles[i], middles[i - 1] + LINE)
    overflow = middles[-1] - baseline if middles else 0
    if overflow > 0:                           # then back up from the bottom, keeping the gaps
        middles[-1] -= overflow
        for i in range(len(middles) - 2, -1, -1):
            middles[i] = min(middles[i], middles[i + 1] - LINE)
    at_top = {line["code"]: line["at_top"] for line in lines}
    for d, middle in zip(wanted, middles):
        middle = max(middle, plot_top)
        text_x = plot_right + 14
        d["label"] = {"text": f"{d['code']}: {number_text(at_top[d['code']])}", "x": text_x,
                      "y": round(middle + FONT * 0.35, 1), "middle": round(middle, 1)}
        # A stroke in the line's colour and dash from its end to its label: the key, and the way to a nudged label.
        d["connector"] = {"x1": plot_right, "y1": d["y2"], "x2": text_x - 3, "y2": round(middle, 1)}


def _current(sensitivity, at, plot_right):
    """The current weight: a vertical line and its label above the plot, kept inside the chart at either edge."""
    text = f"Now: {weight_text(sensitivity['weight'])}"
    half = text_width(text) / 2
    anchor = "start" if at - half < PLOT_X else "end" if at + half > plot_right else "middle"
    return {"x": at, "y1": PLOT_TOP, "text": text, "text_x": at, "text_y": PLOT_TOP - 8, "anchor": anchor}


def _crossings(crossings, x, y):
    """A dot where lines cross (one per point where several meet); where the strongest changes, larger and labelled."""
    out, seen = [], {}
    for crossing in crossings:
        point = (x(crossing["weight"]), y(crossing["score"]))
        if point in seen:
            dot = seen[point]
            dot["codes"] += [c for c in crossing["codes"] if c not in dot["codes"]]
            dot["leads"] = dot["leads"] or crossing["leads"]
            continue
        dot = {"x": point[0], "y": point[1], "weight": crossing["weight"], "score": crossing["score"],
               "codes": list(crossing["codes"]), "leads": crossing["leads"]}
        seen[point] = dot
        out.append(dot)
    labelled = []
    for dot in out:
        dot["r"] = 5 if dot["leads"] else 3.5
        text = weight_text(dot["weight"]) if dot["leads"] else ""
        box = (dot["x"] - text_width(text, 11) / 2 - 2, dot["x"] + text_width(text, 11) / 2 + 2)
        # A label that would run into another is left off: the description names every crossing anyway.
        if text and any(box[0] < other[1] and other[0] < box[1] and abs(dot["y"] - y_) < LINE
                        for other, y_ in labelled):
            text = ""
        if text:
            labelled.append((box, dot["y"]))
        dot.update({"text": text, "text_x": dot["x"], "text_y": round(dot["y"] - 9, 1)})
    return out


def describe(sensitivity, titles):
    """Every line's values and every crossing in words, for a screen reader and for anyone not seeing colour."""
    unit, top = sensitivity["unit"], weight_text(sensitivity["top"])
    name, weight = sensitivity["working_title"], weight_text(sensitivity["weight"])
    words = [f"Each line is an option's {unit} as the weight of {name} goes from 0 to {top}, the other weights "
             f"as they are; the weight now is {weight}."]
    for line in sensitivity["lines"]:
        title = titles.get(line["code"])
        words.append(f"{line['code']}{' ' + title if title else ''}: {number_text(line['at_zero'])} at weight 0, "
                     f"{number_text(sensitivity['current'][line['code']])} now, {number_text(line['at_top'])} at "
                     f"weight {top}.")
    for group in sensitivity.get("together", []):
        words.append(f"{' and '.join(group)} score the same whatever this weight: their lines are one line.")
    if not sensitivity["crossings"]:
        words.append("No lines cross.")
    for crossing in sensitivity["crossings"]:
        inside = 0 < crossing["weight"] < sensitivity["top"]
        where = "" if not crossing["leads"] else ", where the strongest option changes" if inside else \
            ", where they share the lead"
        words.append(f"{' and '.join(crossing['codes'])} cross at a weight of {weight_text(crossing['weight'])}, "
                     f"on {number_text(crossing['score'])} {unit}{where}.")
    return " ".join(words)
