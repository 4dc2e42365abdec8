"""Where each table is with each of its criteria: not started, drafting, draft complete, submitted, or closed.

Pure: the service hands in the table's shared draft, its latest ballot, the criterion's voting state and the event's
scoring settings. A draft "adds up" when it would pass the ballot rules (domain.ballot.check_ballot, reused here).
"""
from typing import NamedTuple

from .ballot import BallotError, check_ballot

STATES = ("not_started", "drafting", "draft_complete", "submitted", "closed")
# What a table has that it has not submitted: nothing, a draft that does not add up yet, or one that does.
UNSENT = ("", "drafting", "complete")
SHAPES = {"not_started": "○", "drafting": "✎", "draft_complete": "⚠", "submitted": "✓"}
NOT_COUNTED = "not submitted — not counted"


class Status(NamedTuple):
    """One (table, criterion): its state, its latest ballot version (0 for none), and any unsent draft."""

    state: str
    version: int = 0
    unsent: str = ""


def _answer(draft):
    """The parts of a draft that make an answer (a draft also carries who changed it and when)."""
    draft = draft or {}
    return {"ranking": list(draft.get("ranking") or []), "points": dict(draft.get("points") or {}),
            "ruled_out": list(draft.get("ruled_out") or [])}


def checked(draft, scoring, shortlist):
    """The draft as the ballot it would make (ranking, points, ruled out in canonical form), or None if it does not add up."""
    answer = _answer(draft)
    if not scoring["rank_first"]:
        answer["ranking"] = []   # an unranked event's phones still keep an order; the ballot ignores it
    try:
        ballot = check_ballot({**answer, "criterion": "draft", "base_version": 0, "submission_id": "draft-check"},
                              scoring=scoring, shortlist=shortlist)
    except BallotError:
        return None
    return {"ranking": ballot.ranking, "points": ballot.points, "ruled_out": ballot.ruled_out}


def is_blank(draft, scoring, shortlist):
    """Whether a draft holds nothing a table did: no points or scores, nothing ruled out, the options in list order."""
    answer = _answer(draft)
    if answer["ruled_out"]:
        return False
    allocate = scoring["mode"] == "allocate"
    if any((value or 0) > 0 if allocate else value is not None for value in answer["points"].values()):
        return False
    return not scoring["rank_first"] or answer["ranking"] in ([], list(shortlist))


def unsent(draft, ballot, scoring, shortlist):
    """What the table has not submitted: '' (nothing), 'drafting' or 'complete' (its draft adds up).

    A draft counts only when it is newer than the table's latest ballot and says something else: a phone that
    sends its draft again after submitting has nothing unsent.
    """
    if not draft or is_blank(draft, scoring, shortlist):
        return ""
    if ballot and str(draft.get("updated_at") or "") <= str(ballot.get("submitted_at") or ""):
        return ""
    answer = checked(draft, scoring, shortlist)
    if answer is None:
        return "drafting"
    if ballot and _same(answer, ballot, scoring):
        return ""
    return "complete"


def _same(answer, ballot, scoring):
    """Whether a checked draft is the answer the stored ballot already gives."""
    ranking = scoring["rank_first"]
    return (sorted(answer["ruled_out"]) == sorted(ballot.get("ruled_out") or [])
            and answer["points"] == (ballot.get("points") or {})
            and (not ranking or answer["ranking"] == (ballot.get("ranking") or [])))


def status(draft, ballot, voting, scoring, shortlist):
    """The Status of one (table, criterion) from its shared draft, its latest ballot and the criterion's voting state."""
    version = (ballot or {}).get("version") or 0
    left = unsent(draft, ballot, scoring, shortlist)
    if voting == "closed":
        return Status("closed", version, left)
    if left == "complete":
        return Status("draft_complete", version, left)
    if left == "drafting":
        return Status("drafting", version, left)
    return Status("submitted" if version else "not_started", version, "")


def words(status):
    """The status in plain words, as the control room shows it (short enough for two lines of a grid cell)."""
    version, counts = f"version {status.version}", f"(v{status.version} counts)"
    if status.state == "closed":
        if status.unsent:
            return "Closed — draft not submitted" + (f" {counts}" if status.version else "")
        return f"Closed — submitted ({version})" if status.version else "Closed — nothing submitted"
    if status.state == "draft_complete":
        return f"Changes not submitted {counts}" if status.version else "Draft complete, not submitted"
    if status.state == "drafting":
        return f"Drafting changes {counts}" if status.version else "Drafting"
    if status.state == "submitted":
        return f"Submitted ({version})"
    return "Not started"


def shape(status):
    """A symbol for the status, so it never depends on colour alone."""
    if status.state == "closed":
        return "⚠" if status.unsent else ("✓" if status.version else "—")
    return SHAPES[status.state]


def summary(draft, scoring, shortlist):
    """What a draft holds, in a few words: '10 of 10 points', 'scores for 4 of 6 options', with any ruled out."""
    answer = _answer(draft)
    out = [code for code in answer["ruled_out"] if code in shortlist]
    points = {code: value for code, value in answer["points"].items() if code in shortlist and code not in out}
    if scoring["mode"] == "allocate":
        text = f"{sum(value or 0 for value in points.values())} of {scoring['budget']} points"
    else:
        given = sum(1 for value in points.values() if value is not None)
        text = f"scores for {given} of {len(shortlist) - len(out)} options"
    return text + (f", {len(out)} ruled out" if out else "")


def closed_note(working_title, status, draft_summary):
    """What a table's phone says when voting closed on a draft it had not submitted ('' when nothing was left unsent)."""
    if status.state != "closed" or not status.unsent:
        return ""
    if status.version:
        return (f"Voting on {working_title} has closed. Your table's latest changes ({draft_summary}) were not "
                f"submitted, so version {status.version} is what counts. Ask the facilitator if you think the changes "
                "should count.")
    return (f"Voting on {working_title} has closed. Your table's draft ({draft_summary}) was not submitted, so it is "
            "not counted. Ask the facilitator if you think it should be.")
