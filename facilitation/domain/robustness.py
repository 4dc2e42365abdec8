"""How robust the strongest option is: the most critical criterion, leave one table out, and the sensitivity lines.

With every other weight fixed, each option's score is a straight line in one criterion's weight w:
score_o(w) = score_o + (w − w0) × value_o, where w0 is the weight now and value_o what the criterion gives the
option before weighting. Two lines meet at w = w0 + (score_a − score_b) / (value_b − value_a), so thresholds and
crossings are exact, not searched for. The most critical criterion follows Triantaphyllou and Sánchez (1997): the
smallest change of one criterion's weight, as a share of that weight, that changes the strongest option. Ties are
ties: options that draw level are all named. Pure: `now` is domain.rescore's output.
"""
from . import scoring
from .charts import number_text
from .rescore import rescore
from .text import listed

SPAN = 3    # weights are searched from 0 to SPAN × the current weight (or the mean weight when it is 0)
REACH = 10  # the sensitivity axis stretches up to REACH × that weight to show the strongest option's next crossing


def _is(codes, one, many):
    """The verb for these codes: "3b draws level", "3a and 3b draw level"."""
    return f"{listed(codes)} {one if len(codes) == 1 else many}"


def weight_text(value):
    """A weight in words: up to two decimal places, no trailing zeros ("1", "1.5", "0.62")."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value is not None else ""


def _base(now, criterion):
    """What the search is scaled by: the criterion's weight, or the mean weight when it has none (1 if all are 0)."""
    weight = now["weights"][criterion]
    if weight > 0:
        return weight
    mean = sum(now["weights"].values()) / len(now["weights"])
    return mean if mean > 0 else 1


def _meet(now, criterion, a, b):
    """The weight at which a's and b's lines meet, or None when they run parallel (or are one line)."""
    values, scores = now["values"][criterion], now["scores"]
    if scoring.same(values[a], values[b]):
        return None
    return now["weights"][criterion] + (scores[a] - scores[b]) / (values[b] - values[a])


def _score_at(now, criterion, code, weight):
    """The option's score with the criterion at this weight, the other weights as they are."""
    return now["scores"][code] + (weight - now["weights"][criterion]) * now["values"][criterion][code]


def _steepest(now, criterion, codes, raising):
    """Of options level at one weight, those ahead just past it: the steepest going up, the flattest going down."""
    values = now["values"][criterion]
    best = (max if raising else min)(values[code] for code in codes)
    return [code for code in now["order"] if code in codes and scoring.same(values[code], best)]


def _step(now, criterion, threshold, drawing, raising):
    """One direction's answer: where another option first draws level with the strongest, and who leads past it."""
    weight = now["weights"][criterion]
    level = now["strongest"] + drawing
    # Weights cannot go below 0: at 0 itself the options that draw level share the lead.
    leads = level if threshold <= 0 and not raising else _steepest(now, criterion, level, raising)
    change = threshold - weight
    return {"threshold": round(threshold, 4), "change": round(change, 4),
            "percent": round(abs(change) / weight * 100, 1) if weight > 0 else None,
            "drawing_level": drawing, "new_strongest": leads}


def _directions(now, criterion, top):
    """(lowering, raising): the nearest weight each way within 0..top where the strongest option changes, or None."""
    weight, leaders = now["weights"][criterion], now["strongest"]
    values = now["values"][criterion]
    if len({round(values[code], 9) for code in leaders}) > 1:
        # Options tied for strongest that this criterion separates: any change at all names one of them.
        down = _step(now, criterion, weight, [], False) if weight > 0 else None
        return down, _step(now, criterion, weight, [], True)
    found = {False: [], True: []}
    for code in now["order"]:
        meet = None if code in leaders else _meet(now, criterion, leaders[0], code)
        if meet is not None and -scoring.TOLERANCE <= meet <= top + scoring.TOLERANCE:
            # A meeting at 0 can come out a rounding error above it (1.5 − 1.5 = 2e-16): that is 0, where all tie.
            found[meet > weight].append((0.0 if meet < 0 or scoring.same(meet, 0) else meet, code))
    out = []
    for raising in (False, True):
        if not found[raising]:
            out.append(None)
            continue
        nearest = (max if not raising else min)(meet for meet, _ in found[raising])
        drawing = [code for meet, code in found[raising] if scoring.same(meet, nearest)]
        out.append(_step(now, criterion, nearest, drawing, raising))
    return tuple(out)


def _criterion_row(now, criterion):
    """One criterion's threshold, change and percentage, both directions, and the sentence that says it."""
    weight = now["weights"][criterion["code"]]
    top = SPAN * _base(now, criterion["code"])
    down, up = _directions(now, criterion["code"], top) if now["strongest"] else (None, None)
    # The nearer way wins; equally near (always so for a tie now), raising: the board's usual question.
    nearest = min((d for d in (up, down) if d), key=lambda d: abs(d["change"]), default=None)
    row = {"code": criterion["code"], "working_title": criterion["working_title"], "weight": weight,
           "threshold": None, "change": None, "percent": None, "new_strongest": [],
           "lowering": down, "raising": up, "top": round(top, 4)}
    if nearest:
        row.update({key: nearest[key] for key in ("threshold", "change", "percent", "new_strongest")})
    row["text"] = _criterion_text(now, row, nearest)
    return row


def _criterion_text(now, row, nearest):
    """The criterion's answer in one or two plain sentences."""
    name, weight = row["working_title"], row["weight"]
    if not now["strongest"]:
        return "No ballots yet, so there is nothing to test."
    if now["submitted"].get(row["code"], 0) == 0:
        return f"No table has scored {name} yet, so its weight changes nothing."
    leaders = now["strongest"]
    if nearest is None:
        if weight > 0:
            return (f"No change of the weight of {name} within 0 to {weight_text(row['top'])} ({SPAN} times its "
                    f"current weight) changes the strongest option.")
        return (f"{name} has a weight of 0. No weight for it from 0 to {weight_text(row['top'])} ({SPAN} times the "
                f"mean weight) changes the strongest option.")
    if len(leaders) > 1 and row["change"] == 0:
        words = f"{listed(leaders)} tie for strongest now: raising the weight of {name} at all would put " \
                f"{listed(row['raising']['new_strongest'])} ahead"
        if row["lowering"]:
            words += f"; lowering it, {listed(row['lowering']['new_strongest'])}"
        return words + "."
    return " ".join(_step_text(now, row, step) for step in _same_distance(row, nearest))


def _same_distance(row, nearest):
    """The nearest direction's step, and the other as well when it is just as near (both are named)."""
    steps = [nearest]
    other = row["lowering"] if nearest is row["raising"] else row["raising"]
    if other and scoring.same(abs(other["change"]), abs(nearest["change"])):
        steps.append(other)
    return steps


def _past(now, step):
    """Whether the step can be gone past: not a weight of 0 reached by lowering (there the options share the lead)."""
    return not (step["threshold"] <= 0 and step["change"] < 0)


def _becomes(now, step):
    """What the step does to the strongest option, in words: "3b the strongest option", "3b draw level with 4b"."""
    if not _past(now, step):
        return f"{listed(step['drawing_level'])} draw level with {listed(now['strongest'])}"
    new = step["new_strongest"]
    return f"{listed(new)} the strongest option" if len(new) == 1 else f"{listed(new)} tie for strongest"


def _step_text(now, row, step):
    """ "Raising the weight of Finance from 1 to 1.62 (62% more) would make 3b draw level with 4b; …" """
    name, weight, threshold = row["working_title"], row["weight"], step["threshold"]
    raising = step["change"] > 0
    if weight > 0:
        how = f"{'Raising' if raising else 'Lowering'} the weight of {name} from {weight_text(weight)} to " \
              f"{weight_text(threshold)} ({number_text(step['percent'])}% {'more' if raising else 'less'})"
    else:
        how = f"{name} has a weight of 0, so a change cannot be a percentage of it: giving it a weight of " \
              f"{weight_text(threshold)}"
    words = f"{how} would make {listed(step['drawing_level'])} draw level with {listed(now['strongest'])}"
    if _past(now, step):
        words += f"; beyond that, {_is(step['new_strongest'], 'is the strongest option', 'tie for strongest')}"
    return words + "."


def critical_criteria(now):
    """Per criterion, the smallest change of its weight that changes the strongest option; the most critical named.

    now: domain.rescore's output. Searched within 0 to 3 × the current weight (3 × the mean weight when it is 0).
    """
    rows = [_criterion_row(now, c) for c in now["criteria"]]
    with_percent = [r for r in rows if r["percent"] is not None]
    smallest = min((r["percent"] for r in with_percent), default=None)
    equally = [r["code"] for r in with_percent if smallest is not None and scoring.same(r["percent"], smallest)]
    return {"criteria": rows, "most": equally[0] if equally else None, "equally": equally,
            "text": _critical_text(now, rows, equally)}


def _critical_text(now, rows, equally):
    """One sentence: the most critical criterion, or that no single weight change within 0–3× changes the result."""
    if not now["strongest"]:
        return "No ballots yet, so there is nothing to test."
    by_code = {r["code"]: r for r in rows}
    if len(now["strongest"]) > 1 and equally and by_code[equally[0]]["change"] == 0:
        names = listed([by_code[c]["working_title"] for c in equally], "or")
        return (f"{listed(now['strongest'])} tie for strongest: any change to the weight of {names} would separate "
                "them.")
    if equally:
        first = by_code[equally[0]]
        names = [by_code[c]["working_title"] for c in equally]
        lead = f"{names[0]} is the most critical criterion" if len(names) == 1 else \
            f"{listed(names)} are equally the most critical criteria"
        step = first["raising"] if first["change"] > 0 else first["lowering"]
        whose = "its weight" if len(names) == 1 else f"the weight of {names[0]}"
        return (f"{lead}: {'raising' if first['change'] > 0 else 'lowering'} {whose} by "
                f"{number_text(first['percent'])}% (from {weight_text(first['weight'])} to "
                f"{weight_text(first['threshold'])}) would make {_becomes(now, step)}.")
    zero = [r for r in rows if r["threshold"] is not None]
    words = (f"No single weight change within 0–{SPAN}× a criterion's current weight changes the strongest option "
             f"({listed(now['strongest'])}).")
    if zero:
        words += (f" {zero[0]['working_title']} has a weight of 0 now; giving it "
                  f"{weight_text(zero[0]['threshold'])} would.")
    return words


def leave_one_out(results, weights=None, rule=None):
    """The strongest option and margin with each table's ballots left out in turn, and how many keep the strongest.

    With one table only, leaving it out leaves no ballots: its row names no strongest option (so wins is 0 of 1)
    and "strongest" is the plain result, which is then that one table's.
    """
    everyone = rescore(results, weights, rule)["strongest"]
    tables = sorted({row["table"] for row in results["matrix"] if row["submitted"]})
    rows = []
    for table in tables:
        without = rescore(results, weights, rule, without_tables=(table,))
        rows.append({"table": table, "strongest": without["strongest"], "margin": without["margin"],
                     "same": bool(without["strongest"]) and set(without["strongest"]) == set(everyone)})
    wins = sum(row["same"] for row in rows)
    return {"tables": rows, "wins": wins, "of": len(tables), "strongest": everyone,
            "text": _leave_one_out_text(everyone, rows, wins)}


def _leave_one_out_text(everyone, rows, wins):
    """ "4b is the strongest option with any one table left out (12 of 12)." or the tables that change it."""
    if not rows:
        return "No ballots yet."
    names = listed(everyone)
    if len(rows) == 1:
        return (f"Only table {rows[0]['table']} has scored so far: leaving it out leaves no ballots, so this result "
                "is that one table's.")
    subject = f"{names} is the strongest option" if len(everyone) == 1 else f"{names} share the lead"
    if wins == len(rows):
        return f"{subject} with any one table left out ({wins} of {len(rows)})."
    changes = []
    for row in rows:
        if row["same"]:
            continue
        if not row["strongest"]:
            changes.append(f"without table {row['table']} there are no ballots")
        elif len(row["strongest"]) > 1:
            changes.append(f"without table {row['table']}, {listed(row['strongest'])} tie")
        else:
            changes.append(f"without table {row['table']}, {row['strongest'][0]} is")
    text = "; ".join(changes)
    return f"{subject} with {wins} of the {len(rows)} tables left out in turn; {text}."


def sensitivity(now, criterion):
    """Every option's score as one straight line in this criterion's weight, from 0 to the axis' end, and crossings.

    The axis ends at 3 × the weight (3 × the mean weight when it is 0), stretched to just past the strongest
    option's next crossing above the current weight when that lies beyond, up to REACH × the weight.
    """
    weight, values = now["weights"][criterion], now["values"][criterion]
    criterion_row = next(c for c in now["criteria"] if c["code"] == criterion)
    base = _base(now, criterion)
    top = SPAN * base
    if now["strongest"]:
        beyond = [m for code in now["order"] if code not in now["strongest"]
                  for m in [_meet(now, criterion, now["strongest"][0], code)] if m is not None and m > top]
        if beyond and min(beyond) * 1.1 <= REACH * base:
            top = min(beyond) * 1.1
    lines = [{"code": code, "at_zero": round(_score_at(now, criterion, code, 0), 4),
              "at_top": round(_score_at(now, criterion, code, top), 4), "slope": round(values[code], 4)}
             for code in now["order"]]
    crossings = _crossings(now, criterion, top)
    return {"criterion": criterion, "working_title": criterion_row["working_title"], "weight": weight,
            "top": round(top, 4), "unit": now["basis"]["unit"], "label": now["basis"]["label"],
            "strongest": now["strongest"], "lines": lines,
            "current": {code: round(now["scores"][code], 4) for code in now["order"]},
            "crossings": crossings, "together": _together(now, criterion),
            "text": _sensitivity_text(now, criterion_row, top, crossings)}


def _crossings(now, criterion, top):
    """Where two options' lines cross within 0..top, lowest weight first; leads: they are the highest there."""
    order = now["order"]
    out = []
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            meet = _meet(now, criterion, a, b)
            if meet is None or not -scoring.TOLERANCE <= meet <= top + scoring.TOLERANCE:
                continue
            meet = min(max(meet, 0.0), top)
            score = _score_at(now, criterion, a, meet)
            highest = max(_score_at(now, criterion, code, meet) for code in order)
            out.append({"weight": round(meet, 4), "codes": [a, b], "score": round(score, 4),
                        "leads": scoring.same(score, highest)})
    out.sort(key=lambda c: (c["weight"], order.index(c["codes"][0]), order.index(c["codes"][1])))
    return out


def _together(now, criterion):
    """Options whose lines are one line (same score, same slope): tied whatever this weight is."""
    groups = []
    for code in now["order"]:
        for group in groups:
            first = group[0]
            if scoring.same(now["scores"][first], now["scores"][code]) and scoring.same(
                    now["values"][criterion][first], now["values"][criterion][code]):
                group.append(code)
                break
        else:
            groups.append([code])
    return [group for group in groups if len(group) > 1]


def _sensitivity_text(now, criterion, top, crossings):
    """What the chart shows, in one or two sentences."""
    if not now["strongest"]:
        return "No ballots yet."
    span = f"as the weight of {criterion['working_title']} goes from 0 to {weight_text(top)}"
    leading = [c for c in crossings if c["leads"]]
    if not leading:
        return f"{_is(now['strongest'], 'stays the strongest option', 'stay tied for strongest')} {span}."
    parts = [f"at a weight of {weight_text(c['weight'])}, {listed(c['codes'])} are level on "
             f"{number_text(c['score'])} {now['basis']['unit']}" for c in leading]
    return f"The strongest option changes {span}: " + "; ".join(parts) + "."
