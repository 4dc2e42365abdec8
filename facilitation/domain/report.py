"""The board report's sentences: the strongest option by the rule, which option was rated highest, and what each
measure of the decision analysis shows, in plain words.

Pure rules over the results (domain/results.py) and the event definition: no Flask, no SQL, no pandas.
"""
from datetime import date, datetime

from .charts import number_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(iso):
    """An ISO date as the report prints it ("12 June 2024"), or "No date set"."""
    if not iso:
        return "No date set"
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_moment(moment: datetime):
    """A moment as the report prints it: "23 November 2025 at 15:13 (UTC)"."""
    return f"{long_date(moment.date().isoformat())} at {moment:%H:%M} ({moment.tzname() or 'local time'})"


def plural(n, one, many=None):
    """"1 table", "3 tables"."""
    return f"{number_text(n)} {one if n == 1 else (many or one + 's')}"


def and_list(words):
    """"3a", "3a and 3b", "3a, 3b and 4a"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def tables_rating_highest(matrix, code):
    """How many tables rated an option highest (alone or shared) for at least one criterion, of those that scored."""
    scored = {row["table"] for row in matrix if row["submitted"]}
    rated = {row["table"] for row in matrix if row["submitted"] and code in row["highest"]}
    return len(rated), len(scored)


def _amount(value, basis, each=False):
    """A score as the sentence gives it: "133 points", "12 weighted points", "23.2 (its mean scores … added up)"."""
    if basis["view"] == "mean_score":
        weighted = ", weighted," if basis["rule"] == "weighted" else ""
        return f"{number_text(value)}{' each' if each else ''} (its mean scores per criterion{weighted} added up)"
    return f"{number_text(value)} {basis['unit']}{' each' if each else ''}"


def strongest_sentence(results, titles):
    """The strongest option by the event's rule, naming the rule, and the other rule's strongest when it differs.

    Ties are named together; with no ballots, says so. results: domain.results' summary (basis, totals with score and
    other_score, strongest, other, criteria, matrix).
    """
    strongest = results["strongest"]
    if not strongest:
        return "No ballots yet, so there is no strongest option."
    basis, other = results["basis"], results.get("other")
    scores = {row["code"]: row for row in results["totals"]}
    by = f"by {basis['label'].lower()}"
    if len(strongest) > 1:
        names = and_list(f"{code} ({titles.get(code, '')})" for code in strongest)
        text = f"Options {names} tie as the strongest {by}: {_amount(scores[strongest[0]]['score'], basis, True)}."
    else:
        code = strongest[0]
        rated, scored = tables_rating_highest(results["matrix"], code)
        text = (f"Option {code} ({titles.get(code, '')}) is the strongest {by}: "
                f"{_amount(scores[code]['score'], basis)}, rated highest by {rated} of the "
                f"{plural(scored, 'table')} that scored, on at least one of their criteria.")
    return text + _other_sentence(results, titles, other, scores)


def _other_sentence(results, titles, other, scores):
    """What the other rule names: nothing when every weight is 1 (both rules then agree by definition)."""
    if not other or not other["strongest"] or all(c["weight"] == 1 for c in results.get("criteria", [])):
        return ""
    label = other["label"].lower()
    how = "every criterion counting the same" if other["rule"] == "raw" else "each criterion counted by its weight"
    if set(other["strongest"]) == set(results["strongest"]):
        return f" By {label}, with {how}, the strongest option is the same."
    names = and_list(f"{code} ({titles.get(code, '')})" for code in other["strongest"])
    verb = "would be the strongest" if len(other["strongest"]) == 1 else "would tie as the strongest"
    amount = _amount(scores[other["strongest"][0]]["other_score"], other, len(other["strongest"]) > 1)
    return f" By {label}, with {how}, {names} {verb} instead: {amount}."


def highest_sentence(entry, order, voter="table"):
    """Which option was rated highest for one criterion, in words; ties in the lead are named together.

    entry: results["highest"][criterion] ({"tables", "submitted", "counts"}); order: option codes in short-list order;
    voter: "table", or "respondent" for survey scores.
    """
    considering, submitted, counts = entry["tables"], entry["submitted"], entry["counts"]
    if not considering:
        return f"No {voter} has scored this criterion."
    if not submitted:
        return f"No ballots yet for this criterion ({plural(considering, voter)} to score it)."
    if not counts:
        return "No option was rated highest: every option was ruled out."
    top = max(counts.values())
    leaders = [code for code in order if counts.get(code) == top]
    others = [code for code in order if code in counts and counts[code] != top]
    who = (f"the only {voter} considering this criterion" if considering == 1
           else f"{top} of the {plural(considering, voter)} considering this criterion")
    if len(leaders) == 1:
        text = f"{leaders[0]} was rated highest by {who}"
    else:
        text = f"{and_list(leaders)} were each rated highest by {who}"
    if others:
        text += "; then " + "; ".join(f"{code} by {counts[code]}" for code in others)
    if submitted < considering:
        text += f" ({submitted} of {considering} have scored it so far)"
    return text + "."
