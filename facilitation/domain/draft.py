"""A table's shared draft, changed by operations from its phones and merged in the order the server receives them.

A tap on + or − adds or takes away (two phones' taps both count); typing a number sets it (the last one set wins);
moving, ruling out and bringing back act on one option. Each operation is checked against the event's rules and is
applied whole or refused in plain words, changing nothing. static/js/draft.js applies the same rules on the phone.
"""
import re
from typing import NamedTuple

from .ballot import MAX_VERSION, SCORE_RANGE, BallotError, check_draft

OP_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
# The fields each kind of operation takes, besides "id" and "op".
KINDS = {
    "set_points": ("option", "value"), "add_points": ("option", "delta"), "move": ("option", "to_index"),
    "rule_out": ("option",), "bring_back": ("option",), "set_draft": ("draft",),
}
# No tap, typed number or place is anywhere near this; 2**70 is junk, refused rather than clamped into the range.
MAX_NUMBER = MAX_VERSION
# A phone batches a few taps at a time; a hundred leaves room for a long offline spell and refuses junk.
MAX_OPS = 100


class OpRefused(Exception):
    """An operation that breaks a rule; its message says why in plain words."""


class Rules(NamedTuple):
    """What an event's scoring settings mean for a draft."""

    shortlist: tuple
    allocate: bool
    budget: int
    rank_first: bool
    allow_rule_out: bool

    @classmethod
    def of(cls, scoring, shortlist):
        """The rules for an event's scoring settings and its short list (in file order)."""
        return cls(tuple(shortlist), scoring["mode"] == "allocate", scoring.get("budget", 10),
                   bool(scoring.get("rank_first")), bool(scoring.get("allow_rule_out")))

    @property
    def high(self):
        """The most one option can have: the whole budget, or the top score."""
        return self.budget if self.allocate else SCORE_RANGE[1]

    @property
    def empty(self):
        """What an option has before anything is given: 0 points, or no score yet."""
        return 0 if self.allocate else None


def _whole(value):
    """Whether a JSON value is a whole number (not true/false, not 2.0)."""
    return isinstance(value, int) and not isinstance(value, bool)


def normalise(content, rules):
    """The draft as every phone shows it: ruled-out options in short-list order, every other one ranked once, a number each."""
    content = content if isinstance(content, dict) else {}
    given_out = content.get("ruled_out") if isinstance(content.get("ruled_out"), list) else []
    out = [code for code in rules.shortlist if code in given_out] if rules.allow_rule_out else []
    if len(out) >= len(rules.shortlist):
        out = []
    ranking = []
    for code in content.get("ranking") if isinstance(content.get("ranking"), list) else []:
        if code in rules.shortlist and code not in out and code not in ranking:
            ranking.append(code)
    ranking += [code for code in rules.shortlist if code not in out and code not in ranking]
    given = content.get("points") if isinstance(content.get("points"), dict) else {}
    points = {}
    for code in ranking:
        value = given.get(code)
        points[code] = value if _whole(value) and 0 <= value <= rules.high else rules.empty
    return {"ranking": ranking, "points": points, "ruled_out": out}


def base(stored, ballot, rules):
    """What a table's operations apply to: its shared draft, or before it has one, its current ballot (or nothing)."""
    return normalise(stored if stored is not None else ballot, rules)


def read_op(raw):
    """An operation in canonical form, or raise OpRefused saying what is wrong with its shape."""
    if not isinstance(raw, dict):
        raise OpRefused("a change must be an object with an id and an op")
    kind = raw.get("op")
    if kind not in KINDS:
        raise OpRefused(f"there is no such change as {kind!r}" if isinstance(kind, str) else "say which change this is (op)")
    unknown = sorted(key for key in raw if key not in ("id", "op", *KINDS[kind]))
    if unknown:
        raise OpRefused(f"a {kind} change has no field {unknown[0]!r}")
    op = {"id": raw["id"], "op": kind}
    if "option" in KINDS[kind]:
        if not isinstance(raw.get("option"), str):
            raise OpRefused("say which option (its code)")
        op["option"] = raw["option"]
    if kind == "set_points":
        if "value" not in raw or not (raw["value"] is None or _whole(raw["value"]) and 0 <= raw["value"] <= MAX_NUMBER):
            raise OpRefused("the points must be a whole number (or null for none)")
        op["value"] = raw["value"]
    elif kind == "add_points":
        if not _whole(raw.get("delta")) or raw["delta"] == 0 or abs(raw["delta"]) > MAX_NUMBER:
            raise OpRefused("say how many points to add (or take away, below 0) as a whole number")
        op["delta"] = raw["delta"]
    elif kind == "move":
        if not _whole(raw.get("to_index")) or not 0 <= raw["to_index"] <= MAX_NUMBER:
            raise OpRefused("say which place to move the option to (0 is first)")
        op["to_index"] = raw["to_index"]
    elif kind == "set_draft":
        if not isinstance(raw.get("draft"), dict):
            raise OpRefused("send the whole draft as an object (ranking, points, ruled_out)")
        op["draft"] = raw["draft"]
    return op


def read_ops(raw_ops):
    """The message's operations, each canonical or with the reason it is refused: [(id, op or None, problem or None)].

    Raises OpRefused for a message that cannot be taken at all (not a list, too many, a change without a usable id).
    """
    if not isinstance(raw_ops, list) or not raw_ops:
        raise OpRefused("send the changes as a list (ops) of at least one")
    if len(raw_ops) > MAX_OPS:
        raise OpRefused(f"send at most {MAX_OPS} changes at a time")
    read = []
    for i, raw in enumerate(raw_ops):
        op_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(op_id, str) or not OP_ID.fullmatch(op_id):
            raise OpRefused(f"change {i + 1} needs an id of 8 to 64 letters, digits, '-' or '_'")
        try:
            read.append((op_id, read_op(raw), None))
        except OpRefused as problem:
            read.append((op_id, None, str(problem)))
    return read


def _total(points):
    """The points given so far (options with none count 0)."""
    return sum(value for value in points.values() if value is not None)


def apply_op(draft, op, rules):
    """The draft after one operation (the draft given is not changed), or raise OpRefused."""
    if op["op"] == "set_draft":
        return _set_draft(op["draft"], rules)
    code = op["option"]
    if code not in rules.shortlist:
        raise OpRefused(f'"{code}" is not an option on the short list')
    ranking, points, out = list(draft["ranking"]), dict(draft["points"]), list(draft["ruled_out"])
    kind = op["op"]
    if kind == "rule_out":
        if not rules.allow_rule_out:
            raise OpRefused("this event does not let tables rule options out")
        if code not in out:
            if len(ranking) <= 1:
                raise OpRefused("at least one option must stay in")
            ranking.remove(code)
            points.pop(code, None)
            out = [c for c in rules.shortlist if c in out or c == code]
    elif kind == "bring_back":
        if code in out:
            out.remove(code)
            ranking.append(code)
            points[code] = rules.empty
    elif code in out:
        raise OpRefused(f'"{code}" is ruled out; bring it back first')
    elif kind == "move":
        if not rules.rank_first:
            raise OpRefused("this event does not rank options")
        ranking.remove(code)
        ranking.insert(min(op["to_index"], len(ranking)), code)
    elif kind == "set_points":
        value = op["value"]
        if value is not None and not 0 <= value <= rules.high:
            raise OpRefused(_range_words(code, rules))
        points[code] = rules.empty if value is None else value
    else:
        points[code] = _added(code, points.get(code) or 0, op["delta"], points, rules)
    return {"ranking": ranking, "points": points, "ruled_out": out}


def _range_words(code, rules):
    """The refusal for a number outside what an option can have."""
    if rules.allocate:
        return f'the points for "{code}" must be a whole number from 0 to {rules.high}'
    return f'the score for "{code}" must be a whole number from 0 to {rules.high}'


def _added(code, current, delta, points, rules):
    """An option's number after a tap on + or −: as much of it as fits (the budget, the top score, not below 0)."""
    if delta > 0:
        room = rules.high - current
        if rules.allocate:
            room = min(room, rules.budget - _total(points))
        if room <= 0:
            raise OpRefused("no points left to give; take some from another option first" if rules.allocate
                            else f'"{code}" already has the top score, {rules.high}')
        return current + min(delta, room)
    if current <= 0:
        raise OpRefused(f'"{code}" has no points to take away' if rules.allocate else f'"{code}" has no score to lower')
    return max(0, current + delta)


def _set_draft(content, rules):
    """A whole draft at once (an older phone, or 'put my changes back'): every field set, checked like the rest."""
    try:
        checked = check_draft(content, rules.shortlist)
    except BallotError as error:
        problem = error.problems[0]
        subject = "the draft" if problem.field == "draft" else problem.field.replace("draft.", "the draft’s ")
        raise OpRefused(f"{subject} {problem.message}") from None
    if checked["ruled_out"] and not rules.allow_rule_out:
        raise OpRefused("this event does not let tables rule options out")
    if set(rules.shortlist) <= set(checked["ruled_out"]):
        raise OpRefused("at least one option must stay in")
    for code in rules.shortlist:   # in short-list order, as the phone checks them
        value = checked["points"].get(code)
        if value is not None and not 0 <= value <= rules.high and code not in checked["ruled_out"]:
            raise OpRefused(_range_words(code, rules))
    return normalise(checked, rules)


class Result(NamedTuple):
    """What became of one operation: applied, duplicate (applied before, not again) or refused (with why)."""

    id: str
    status: str
    error: str = ""


def apply_ops(draft, read, rules, seen=()):
    """Apply operations in order, each id once: returns (draft, [Result]). seen: ids already dealt with before."""
    done = set(seen)
    results = []
    for op_id, op, problem in read:
        if op_id in done:
            results.append(Result(op_id, "duplicate"))
            continue
        done.add(op_id)
        if problem is None:
            try:
                draft = apply_op(draft, op, rules)
            except OpRefused as refused:
                problem = str(refused)
        results.append(Result(op_id, "applied") if problem is None else Result(op_id, "refused", problem))
    return draft, results
