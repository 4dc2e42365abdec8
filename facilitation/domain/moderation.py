"""Moderating many comments at once: which ids a request names, whether a bulk change or an undo may go ahead, and
the words for each change ("merged Premises into Staffing").

Every check is whole-or-nothing: one id that is not this event's comment refuses the whole request, in plain words.
Undo is allowed only while it still applies: what the change did must still be as it left it (docs/decisions.md).
"""
from .confidence import OTHER, AnswerError, AnswerProblem

KINDS = ("risk", "would_help")
# How many recent changes the moderation page offers to undo.
UNDOABLE = 5
# The longest quoted comment in a change's name.
QUOTE = 60


def parse_ids(values, field):
    """The whole-number ids in form values (each value may hold several, comma-separated); raise AnswerError if any is not one."""
    ids, bad = [], []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            if part.isdigit() and part.isascii() and int(part) > 0:
                ids.append(int(part))
            else:
                bad.append(part[:20])
    if bad:
        raise AnswerError([AnswerProblem(field, f"“{bad[0]}” is not a comment's number")])
    return list(dict.fromkeys(ids))  # each once, in the order given


def quote(text):
    """A comment as a change's name quotes it: short, on one line."""
    line = " ".join(text.split())
    return f"“{line if len(line) <= QUOTE else line[:QUOTE - 1].rstrip() + '…'}”"


def _missing(wanted, found, field, word):
    """The problem naming ids that are not this event's, or None."""
    gone = [i for i in wanted if i not in found]
    if not gone:
        return None
    why = "the person who wrote it may have just removed it. Reload the page and choose again"
    if len(gone) == 1:
        return AnswerProblem(field, f"there is no such {word} in this event (number {gone[0]}): {why}")
    listed = ", ".join(str(i) for i in gone[:5]) + (" …" if len(gone) > 5 else "")
    return AnswerProblem(field, f"{len(gone)} of the chosen {word}s are not in this event (numbers {listed}): "
                                "the people who wrote them may have just removed them. Reload the page and choose again")


def plural(n, word):
    """'1 risk', '4 risks'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def check_move(risk_ids, found, themes, target):
    """The name of a bulk move, or raise AnswerError: every risk this event's, the theme one of its own (or Other).

    found: {risk id: (theme id or None, text)}; themes: {theme id: name}; target: a theme id or OTHER.
    """
    if not risk_ids:
        raise AnswerError([AnswerProblem("risk", "choose at least one risk to move")])
    problems = [p for p in [_missing(risk_ids, found, "risk", "risk")] if p]
    if target != OTHER and target not in themes:
        problems.append(AnswerProblem("theme", "that theme does not exist (it may have just been merged)"))
    if problems:
        raise AnswerError(problems)
    name = "Other" if target == OTHER else themes[target]
    what = quote(found[risk_ids[0]][1]) if len(risk_ids) == 1 else plural(len(risk_ids), "risk")
    return f"moved {what} to {name}"


def check_hide(risk_ids, help_ids, found_risks, found_helps, hidden):
    """The name of a bulk hide (or show), or raise AnswerError: every comment this event's, at least one chosen."""
    if not risk_ids and not help_ids:
        raise AnswerError([AnswerProblem("comment", "choose at least one comment to "
                                                    f"{'hide' if hidden else 'show'}")])
    problems = [p for p in (_missing(risk_ids, found_risks, "risk", "comment"),
                            _missing(help_ids, found_helps, "would_help", "comment")) if p]
    if problems:
        raise AnswerError(problems)
    count = len(risk_ids) + len(help_ids)
    if count == 1:
        what = quote((found_risks.get(risk_ids[0]) if risk_ids else found_helps[help_ids[0]])[1])
    else:
        what = plural(count, "comment")
    return f"hid {what} from the projector" if hidden else f"showed {what} on the projector again"


def check_merge(themes, from_id, into_id):
    """The name of a merge, or raise AnswerError: two different themes of this event. themes: {id: (name, position)}."""
    problems = []
    if from_id not in themes:
        problems.append(AnswerProblem("from", "that theme does not exist (it may have just been merged)"))
    if into_id not in themes:
        problems.append(AnswerProblem("into", "that theme does not exist (it may have just been merged)"))
    if not problems and from_id == into_id:
        problems.append(AnswerProblem("into", "choose a different theme to merge into"))
    if problems:
        raise AnswerError(problems)
    return f"merged {themes[from_id][0]} into {themes[into_id][0]}"


def needs_confirming(count):
    """Whether a change to this many comments asks first (one comment is quick to put right with undo)."""
    return count > 1


# ---------------------------------------------------------------- undo

def _refuse(message):
    """An undo that no longer applies."""
    return AnswerError([AnswerProblem("undo", message)])


def plan_undo(action, facts):
    """What undoing a change writes, or raise AnswerError if it no longer applies.

    action: {"kind", "label", "undo", "undone_at"}; facts: what is stored now about what the change touched:
    "themes" {id: name}, "risks" {id: (theme id or None, hidden, text)}, "helps" {id: (hidden, text)},
    "id_free" (merge: whether the merged theme's id is unused).
    Comments the person has since removed or reworded are left alone; the rest must be as the change left them.
    """
    if action["undone_at"]:
        raise _refuse(f"“{action['label']}” has already been undone")
    record, kind = action["undo"], action["kind"]
    if kind == "merge":
        return _plan_merge(action["label"], record, facts)
    if kind == "move":
        return _plan_move(record, facts)
    return _plan_hide(record, facts)


def _still(pairs, risks):
    """The recorded risks that still exist word for word (the person may have removed or reworded some)."""
    return [(risk_id, rest) for risk_id, *rest in pairs if risk_id in risks and risks[risk_id][2] == rest[-1]]


def _plan_merge(label, record, facts):
    """Undo a merge: the merged theme back with its id, name and place, and exactly the risks that moved."""
    themes, merged, into = facts["themes"], record["from"], record["into"]
    if into not in themes:
        raise _refuse(f"cannot undo “{label}”: the theme it went into has since been merged or removed; "
                      "undo that first")
    if not facts["id_free"] or any(name.casefold() == merged["name"].casefold() for name in themes.values()):
        raise _refuse(f"cannot undo “{label}”: there is a theme called “{merged['name']}” again; "
                      "rename or merge it first")
    kept = _still(record["risks"], facts["risks"])
    elsewhere = [risk_id for risk_id, _rest in kept if facts["risks"][risk_id][0] != into]
    if elsewhere:
        raise _refuse(f"cannot undo “{label}”: {plural(len(elsewhere), 'risk')} of those moved have been moved "
                      "again since; undo that first")
    return {"theme": merged, "into": into, "risks": [risk_id for risk_id, _rest in kept],
            "chosen": record["chosen"], "redirected": record["redirected"]}


def _plan_move(record, facts):
    """Undo a move: each risk back under the theme it came from."""
    themes, target = facts["themes"], record["theme"]
    kept = _still(record["risks"], facts["risks"])
    elsewhere = [risk_id for risk_id, _rest in kept if facts["risks"][risk_id][0] != target]
    if elsewhere:
        raise _refuse(f"cannot undo: {plural(len(elsewhere), 'risk')} of those have been moved again since; "
                      "undo that first")
    gone = sorted({previous for _risk_id, (previous, _text) in kept if previous is not None and previous not in themes})
    if gone:
        raise _refuse("cannot undo: a theme those risks came from has since been merged or removed; undo that first")
    return {"risks": [(risk_id, previous) for risk_id, (previous, _text) in kept]}


def _plan_hide(record, facts):
    """Undo a hide or show: each comment back as it was."""
    hidden = record["hidden"]
    risks = _still(record["risks"], {i: (None, h, t) for i, (_theme, h, t) in facts["risks"].items()})
    helps = [(i, rest) for i, *rest in record["would_help"] if i in facts["helps"] and facts["helps"][i][1] == rest[-1]]
    changed = ([i for i, _rest in risks if facts["risks"][i][1] != hidden]
               + [i for i, _rest in helps if facts["helps"][i][0] != hidden])
    if changed:
        raise _refuse(f"cannot undo: {plural(len(changed), 'comment')} of those have been "
                      f"{'shown' if hidden else 'hidden'} again since")
    return {"risks": [(i, previous) for i, (previous, _text) in risks],
            "would_help": [(i, previous) for i, (previous, _text) in helps]}
