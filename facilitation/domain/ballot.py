"""The rules a table's ballot must obey (ranking, points or scores, ruled out) and the warnings a phone shows."""
import re
from typing import NamedTuple

from .problems import FieldProblem, RuleError
from .text import TextTooLong, clean_text

# A ballot for a dozen options is well under 1 KB; 16 KB leaves room and refuses junk before any work is done.
MAX_BALLOT_BYTES = 16 * 1024
SCORE_RANGE = (0, 10)
# Far above any table's number of versions, and within SQLite's integers: 2**70 is no version a phone has seen.
MAX_VERSION = 2 ** 31 - 1
SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A few lines of a table's discussion: enough for the reasons behind a score, short enough to quote in the paper.
NOTES_LIMIT = 600
FIELDS = ("join_token", "criterion", "ranking", "points", "ruled_out", "base_version", "submission_id", "device_id",
          "notes")
VOTING_STATES = ("waiting", "open", "closed")


BallotProblem = FieldProblem


class BallotError(RuleError):
    """A submission that breaks rules; it carries every problem found."""


class Ballot(NamedTuple):
    """What a valid submission says, in canonical form, with the warnings the table saw."""

    criterion: str
    ranking: list
    points: dict
    ruled_out: list
    base_version: int
    submission_id: str
    device_id: str
    warnings: list
    notes: str = ""


def _whole(value):
    """Whether a JSON value is a whole number (not true/false, not 2.0)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _option_problem(code, shortlist, excluded):
    """Why a code cannot be used in a ballot, or None if it is a short-listed option."""
    if not isinstance(code, str):
        return "must be an option code"
    if code in shortlist:
        return None
    if code in excluded:
        return f'"{code}" is not on the short list'
    return f'"{code}" is not an option in this event'


def check_ballot(submission, *, scoring, shortlist, excluded=()):
    """Check a submission against the event's scoring settings; return a Ballot or raise BallotError with every problem."""
    if not isinstance(submission, dict):
        raise BallotError([BallotProblem("", "a ballot must be an object with named fields")])
    problems = [BallotProblem(key, "unknown field") for key in submission if key not in FIELDS]
    criterion = submission.get("criterion")
    if not isinstance(criterion, str) or not criterion:
        problems.append(BallotProblem("criterion", "say which criterion this ballot is for"))
    submission_id = submission.get("submission_id")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
        problems.append(BallotProblem("submission_id", "must be 8 to 64 letters, digits, '-' or '_'"))
    base_version = submission.get("base_version")
    if not _whole(base_version) or not 0 <= base_version <= MAX_VERSION:
        problems.append(BallotProblem("base_version", "must be the version of the ballot this phone last saw (0 if none)"))
    device_id = submission.get("device_id", "")
    if device_id != "" and (not isinstance(device_id, str) or not DEVICE_ID.fullmatch(device_id)):
        problems.append(BallotProblem("device_id", "must be up to 64 letters, digits, '-' or '_'"))

    ruled_out = _ruled_out(submission.get("ruled_out", []), scoring, shortlist, excluded, problems)
    remaining = [code for code in shortlist if code not in ruled_out]
    points = _points(submission.get("points", {}), scoring, shortlist, excluded, ruled_out, remaining, problems)
    ranking = _ranking(submission.get("ranking", []), scoring, shortlist, excluded, ruled_out, remaining, problems)
    notes = check_notes(submission.get("notes", ""), problems)
    if problems:
        raise BallotError(problems)
    return Ballot(
        criterion=criterion, ranking=ranking, points=points, ruled_out=ruled_out, base_version=base_version,
        submission_id=submission_id, device_id=device_id or "", warnings=contradictions(ranking, points), notes=notes,
    )


def check_notes(value, problems):
    """The table's discussion notes, cleaned (several lines kept); a problem is added when they are not text or too long."""
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(BallotProblem("notes", "must be text (the notes from your table's discussion)"))
        return ""
    try:
        return clean_text(value, NOTES_LIMIT, multiline=True)
    except TextTooLong as error:
        problems.append(BallotProblem(
            "notes", f"are too long: at most {NOTES_LIMIT} characters (these have {len(error.text)}); shorten them"))
        return ""


def _ruled_out(value, scoring, shortlist, excluded, problems):
    """The options the table ruled out, in short-list order."""
    if not isinstance(value, list):
        problems.append(BallotProblem("ruled_out", "must be a list of option codes"))
        return []
    if value and not scoring["allow_rule_out"]:
        problems.append(BallotProblem("ruled_out", "this event does not let tables rule options out"))
        return []
    seen = set()
    for i, code in enumerate(value):
        problem = _option_problem(code, shortlist, excluded)
        if problem:
            problems.append(BallotProblem(f"ruled_out[{i}]", problem))
            continue
        if code in seen:
            problems.append(BallotProblem(f"ruled_out[{i}]", f'"{code}" is ruled out twice'))
        seen.add(code)
    if shortlist and set(shortlist) <= seen:
        problems.append(BallotProblem("ruled_out", "at least one option must stay in"))
    return [code for code in shortlist if code in seen]


def _points(value, scoring, shortlist, excluded, ruled_out, remaining, problems):
    """Points (allocate) or scores (score) for every option still in, in short-list order."""
    if not isinstance(value, dict):
        problems.append(BallotProblem("points", "must map option codes to whole numbers"))
        return {}
    allocate = scoring["mode"] == "allocate"
    low, high = (0, scoring["budget"]) if allocate else SCORE_RANGE
    given = {}
    for code, amount in value.items():
        field = f"points.{code}"
        problem = _option_problem(code, shortlist, excluded)
        if problem:
            problems.append(BallotProblem(field, problem))
        elif not _whole(amount):
            problems.append(BallotProblem(field, "must be a whole number"))
        elif code in ruled_out:
            if amount != 0:
                problems.append(BallotProblem(field, f'"{code}" is ruled out, so it gets no points'))
        elif amount < 0:
            problems.append(BallotProblem(field, "cannot be negative"))
        elif amount > high:
            problems.append(BallotProblem(field, f"cannot be more than {high} points" if allocate
                                          else f"a score cannot be more than {high}"))
        else:
            given[code] = amount
    if not allocate:
        for code in remaining:
            if code not in value:
                problems.append(BallotProblem(f"points.{code}", f"give {code} a score from {low} to {high}"))
    points = {code: given.get(code, 0) for code in remaining}
    if allocate and remaining and len(given) == len([c for c in value if c not in ruled_out]):
        total = sum(points.values())
        if total != scoring["budget"]:
            problems.append(BallotProblem(
                "points", f"the points add up to {total}; they must add up to exactly {scoring['budget']}"
            ))
    return points


def _ranking(value, scoring, shortlist, excluded, ruled_out, remaining, problems):
    """The ranking, best first: every option still in, exactly once (or empty when the event does not rank)."""
    if not isinstance(value, list):
        problems.append(BallotProblem("ranking", "must be a list of option codes, best first"))
        return []
    if not value and not scoring["rank_first"]:
        return []
    seen = set()
    for i, code in enumerate(value):
        problem = _option_problem(code, shortlist, excluded)
        if problem:
            problems.append(BallotProblem(f"ranking[{i}]", problem))
            continue
        if code in ruled_out:
            problems.append(BallotProblem(f"ranking[{i}]", f'"{code}" is ruled out, so it is not ranked'))
        elif code in seen:
            problems.append(BallotProblem(f"ranking[{i}]", f'"{code}" is ranked twice'))
        seen.add(code)
    missing = [code for code in remaining if code not in seen]
    if missing:
        listed = ", ".join(f'"{c}"' for c in missing)
        problems.append(BallotProblem("ranking", f"rank every option that is not ruled out; missing: {listed}"))
    return [code for code in value if isinstance(code, str)]


def contradictions(ranking, points):
    """Warnings where an option has more points than one ranked above it (allowed, but worth a second look)."""
    warnings = []
    for lower_index, lower in enumerate(ranking):
        above = [higher for higher in ranking[:lower_index] if points.get(lower, 0) > points.get(higher, 0)]
        if above:
            names = ", ".join(f'"{code}"' for code in above)
            warnings.append(f'"{lower}" is ranked below {names} but has more points ({points.get(lower, 0)})')
    return warnings


def voting_refusal(criterion, assigned, voting):
    """Why a table may not submit for this criterion now (a plain message), or None when it may."""
    if criterion not in assigned:
        return f'this table does not score the criterion "{criterion}"'
    if voting == "waiting":
        return "voting on this criterion has not opened yet"
    if voting == "closed":
        return "voting on this criterion has closed"
    return None


def is_stale(base_version, current_version):
    """Whether a submission was based on an older ballot than the table's current one."""
    return base_version != current_version


def check_draft(draft, shortlist):
    """A shared draft is work in progress, so only its shape is checked: option codes in lists and a map of numbers."""
    if not isinstance(draft, dict):
        raise BallotError([BallotProblem("draft", "must be an object with ranking, points and ruled_out")])
    problems = [BallotProblem(f"draft.{key}", "unknown field") for key in draft if key not in ("ranking", "points", "ruled_out")]
    for key in ("ranking", "ruled_out"):
        value = draft.get(key, [])
        if not isinstance(value, list) or any(code not in shortlist for code in value):
            problems.append(BallotProblem(f"draft.{key}", "must be a list of short-listed option codes"))
    points = draft.get("points", {})
    if not isinstance(points, dict) or any(
        code not in shortlist or not (_whole(v) or v is None) for code, v in points.items()
    ):
        problems.append(BallotProblem("draft.points", "must map short-listed option codes to whole numbers"))
    if problems:
        raise BallotError(problems)
    return {"ranking": draft.get("ranking", []), "points": points, "ruled_out": draft.get("ruled_out", [])}
