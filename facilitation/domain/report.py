"""The board report's sentences: the strongest option and which option was rated highest, in plain words.

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


def strongest_sentence(results, titles):
    """The strongest option in one sentence, naming every option when they tie; or that there are no ballots yet."""
    strongest = results["strongest"]
    if not strongest:
        return "No ballots yet, so there is no strongest option."
    total = next(row["total"] for row in results["totals"] if row["code"] == strongest[0])
    amount = (f"{number_text(total)} points" if results["mode"] == "allocate"
              else f"{number_text(total)} (its mean scores per criterion added up)")
    if len(strongest) > 1:
        names = and_list(f"{code} ({titles.get(code, '')})" for code in strongest)
        each = f"{number_text(total)} points each" if results["mode"] == "allocate" else f"{number_text(total)} each"
        return f"Options {names} tied for the largest total: {each}."
    code = strongest[0]
    rated, scored = tables_rating_highest(results["matrix"], code)
    return (f"Option {code} ({titles.get(code, '')}) had the largest total: {amount}, rated highest by "
            f"{rated} of the {plural(scored, 'table')} that scored, on at least one of their criteria.")


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
