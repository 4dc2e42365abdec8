"""Geometry for the printed report's charts, in SVG user units: scales, bar lengths and where each label goes.

Pure arithmetic: no Flask, no SQL, no pandas. templates/report/_charts.html turns these shapes into SVG markup.
A chart is drawn 680 units wide, the width of an A4 page's text at 96 dots per inch, so one unit prints as one pixel.
"""
import math

WIDTH = 680
FONT = 13                  # label text size, in user units
SMALL = 11                 # text inside bars
LINE = FONT + 3            # distance between the lines of a wrapped label
CHAR = 0.62                # a sans-serif character's average width (bold, generous), as a share of its font size


def number_text(value):
    """A figure as the report writes it: whole numbers plainly, others to one decimal place."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def text_width(text, size=FONT):
    """Roughly how wide a line of text is drawn, for deciding whether it fits."""
    return len(text) * size * CHAR


def nice_scale(maximum, ticks=5, whole=True):
    """A round top for an axis at or above maximum, and the step between its ticks: (top, step)."""
    if maximum <= 0:
        return (ticks, 1) if whole else (1.0, 0.2)
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if whole:
        step = max(1, round(step))
    top = step * math.ceil(maximum / step - 1e-9)
    return top, step


def tick_values(top, step):
    """Every tick from 0 to top, step apart."""
    count = round(top / step)
    return [round(i * step, 6) for i in range(count + 1)]


def wrap_label(text, chars, lines=2):
    """A label cut into at most `lines` lines of about `chars` characters, at spaces, ending in … if shortened."""
    words = text.split()
    out, current = [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= chars or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    out = [line if len(line) <= chars else line[: chars - 1] + "…" for line in out] or [""]
    if len(out) > lines:
        last = out[lines - 1]
        out = out[: lines - 1] + [(last if len(last) < chars else last[: chars - 1]).rstrip(" ,;:-") + "…"]
    return out


def percentages(counts):
    """Whole-number percentages of each count that add up to exactly 100 (largest remainders round up)."""
    total = sum(counts)
    if not total:
        return [0 for _ in counts]
    exact = [100 * n / total for n in counts]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: 100 - sum(shares)]:
        shares[i] += 1
    return shares


def _label_lines(lines, x, middle):
    """Where each line of a label goes, centred vertically on `middle`."""
    first = middle - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    return [{"text": line, "x": x, "y": round(first + i * LINE, 1)} for i, line in enumerate(lines)]


def horizontal_bars(items, *, width=WIDTH, label_width=220, value_width=130, bar=26, gap=12, ticks=5, whole=True):
    """Horizontal bars, one per item in the order given, on a common scale from 0, with every value written.

    items: [{"label": text, "value": number, "marked": bool, "note": text after the value (optional)}].
    """
    top_value, step = nice_scale(max((i["value"] or 0 for i in items), default=0), ticks, whole)
    plot_x, plot_w = label_width, width - label_width - value_width
    top = 6
    chars = int((label_width - 12) / (FONT * CHAR))
    bars = []
    for index, item in enumerate(items):
        y = top + index * (bar + gap)
        length = plot_w * (item["value"] or 0) / top_value
        text = number_text(item["value"]) + (f" {item['note']}" if item.get("note") else "")
        bars.append({
            "label": item["label"], "value": item["value"], "marked": bool(item.get("marked")),
            "x": plot_x, "y": y, "width": round(length, 1), "height": bar,
            "label_lines": _label_lines(wrap_label(item["label"], chars), plot_x - 8, y + bar / 2),
            "value_text": text, "value_x": round(plot_x + length + 6, 1), "value_y": round(y + bar / 2 + FONT * 0.35, 1),
        })
    axis_y = top + len(items) * (bar + gap) - gap / 2
    return {
        "width": width, "height": round(axis_y + FONT + 12), "plot_x": plot_x, "plot_width": plot_w,
        "top": top, "axis_y": axis_y, "bars": bars,
        "ticks": [{"value": v, "text": number_text(v), "x": round(plot_x + plot_w * v / top_value, 1),
                   "y": round(axis_y + FONT + 4, 1)} for v in tick_values(top_value, step)],
    }


def column_chart(items, *, width=WIDTH, height=280, axis_width=44, label_rows=3, max_column=120, ticks=5,
                 whole=True):
    """Vertical columns side by side, labels underneath and each value written above its column.

    items: [{"label": text, "value": number, "text": what to write above (optional), "marked": bool}].
    """
    top_value, step = nice_scale(max((i["value"] or 0 for i in items), default=0), ticks, whole)
    plot_x, plot_w = axis_width, width - axis_width - 4
    plot_top, baseline = FONT + 10, height - label_rows * LINE - 10
    slot = plot_w / max(len(items), 1)
    column = min(max_column, slot * 0.6)
    chars = max(4, int((slot - 8) / (FONT * CHAR)))
    columns = []
    for index, item in enumerate(items):
        tall = (baseline - plot_top) * (item["value"] or 0) / top_value
        x = plot_x + slot * index + (slot - column) / 2
        middle = x + column / 2
        lines = wrap_label(item["label"], chars, label_rows)
        columns.append({
            "label": item["label"], "value": item["value"], "marked": bool(item.get("marked")),
            "x": round(x, 1), "y": round(baseline - tall, 1), "width": round(column, 1), "height": round(tall, 1),
            "value_text": item.get("text") or number_text(item["value"]),
            "value_x": round(middle, 1), "value_y": round(baseline - tall - 6, 1),
            "label_lines": [{"text": line, "x": round(middle, 1), "y": round(baseline + FONT + 4 + i * LINE, 1)}
                            for i, line in enumerate(lines)],
        })
    return {
        "width": width, "height": height, "plot_x": plot_x, "plot_width": plot_w, "plot_top": plot_top,
        "baseline": baseline, "columns": columns,
        "ticks": [{"value": v, "text": number_text(v), "x": plot_x - 6,
                   "y": round(baseline - (baseline - plot_top) * v / top_value, 1)}
                  for v in tick_values(top_value, step)],
    }


def stacked_shares(rows, parts, *, width=WIDTH, label_width=220, total_width=100, bar=28, gap=14, legend=()):
    """One bar per row filling 100%, split into parts in the order given, each part's share written inside if it fits.

    rows: [{"label": text, "counts": {part: n}}]; parts: the part names in drawing order;
    legend: [(part, text)] for the key above the bars.
    """
    plot_x, plot_w = label_width, width - label_width - total_width
    key, x = [], plot_x
    for part, text in legend:
        key.append({"part": part, "text": text, "x": round(x, 1), "text_x": round(x + 22, 1)})
        x += 22 + text_width(text) + 18
    top = (FONT + 14) if legend else 4
    chars = int((label_width - 12) / (FONT * CHAR))
    out = []
    for index, row in enumerate(rows):
        y = top + index * (bar + gap)
        counts = [row["counts"].get(part, 0) for part in parts]
        total = sum(counts)
        shares = percentages(counts)
        segments, left = [], plot_x
        for part, n, share in zip(parts, counts, shares):
            size = plot_w * n / total if total else 0
            text = next((t for t in (f"{n} · {share}%", f"{share}%") if text_width(t, SMALL) + 8 <= size), "")
            if n:
                segments.append({"part": part, "count": n, "percent": share, "x": round(left, 1), "y": y,
                                 "width": round(size, 1), "height": bar, "text": text,
                                 "text_x": round(left + size / 2, 1), "text_y": round(y + bar / 2 + SMALL * 0.35, 1),
                                 "tag_width": round(text_width(text, SMALL) + 8, 1)})
            left += size
        out.append({
            "label": row["label"], "total": total, "segments": segments, "y": y, "height": bar,
            "label_lines": _label_lines(wrap_label(row["label"], chars), plot_x - 8, y + bar / 2),
            "total_x": plot_x + plot_w + 8, "total_y": round(y + bar / 2 + FONT * 0.35, 1),
        })
    height = top + len(rows) * (bar + gap)
    return {"width": width, "height": round(height), "plot_x": plot_x, "plot_width": plot_w, "key": key,
            "key_y": 4, "rows": out}
