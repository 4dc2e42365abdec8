"""Scoring at a table: its state and its ballots (its shared drafts: drafts.py). Socket.IO handlers and the table API call this."""
import json
from typing import NamedTuple

from . import closing, lookups, signals, store
from .domain.closing import EventClosed
from .domain.ballot import MAX_BALLOT_BYTES, BallotError, BallotProblem, check_ballot, is_stale, voting_refusal


class TableLinkError(Exception):
    """A join link that does not (or no longer) lead to a table."""

    def __init__(self, stale):
        self.stale = stale
        super().__init__(
            "This table link has been replaced. Scan the new card on your table or type its code."
            if stale else "We don't recognise this table link. Scan your table's QR code again."
        )


class Outcome(NamedTuple):
    """What happened to a submission, in the protocol's terms (docs/live-protocol.md)."""

    status: str                 # stored | duplicate | stale | voting | closed | problems | too_large
    ballot: dict | None = None  # the stored ballot, or the table's current one when refused
    error: str = ""
    problems: tuple = ()
    voting: str = ""

    @property
    def ok(self):
        """Whether the ballot is (now, or already) safely stored."""
        return self.status in ("stored", "duplicate")


def ballot_ack(outcome):
    """A submission's outcome as the phone's acknowledgement."""
    if outcome.ok:
        return {"ok": True, "ballot": outcome.ballot, **({"duplicate": True} if outcome.status == "duplicate" else {})}
    ack = {"ok": False, "error": outcome.error}
    if outcome.status == "stale":
        ack.update(stale=True, current=outcome.ballot)
    elif outcome.status == "voting":
        ack["voting"] = outcome.voting
    elif outcome.status == "closed":
        ack["closed"] = True
    elif outcome.problems:
        ack["problems"] = [{"field": p.field, "message": p.message} for p in outcome.problems]
    return ack


def find_table(db, join_token):
    """The table a join link leads to, or raise TableLinkError saying whether the link was replaced."""
    # The cached lookup (checked by the event's version stamp) on every message; the store only to say why not.
    table = lookups.find_table(db, join_token)
    if table is None:
        raise TableLinkError(stale=bool(join_token) and store.find_stale_token(db, join_token) is not None)
    return table


def table_state(db, table):
    """Everything a table's phone needs to draw its scoring screen (the 'TableState' of the protocol)."""
    shortlist = [o for o in lookups.list_options(db, table["event_id"]) if o["status"] == "shortlisted"]
    criteria = {c["code"]: c for c in lookups.list_criteria(db, table["event_id"])}
    voting = lookups.voting_states(db, table["event_id"])
    ballots = store.current_ballots(db, table["id"])
    table_drafts = store.drafts(db, table["id"])
    return {
        "event": {"id": table["event_id"], "title": table["event_title"], "scoring": table["scoring"]},
        "table": {"number": table["number"], "name": table["name"]},
        "options": [{"code": o["code"], "title": o["title"]} for o in shortlist],
        "criteria": [
            {"code": code, "working_title": criteria[code]["working_title"], "title": criteria[code]["title"],
             "voting": voting[code], "ballot": ballots.get(code), "draft": table_drafts.get(code)}
            for code in table["criteria"]
        ],
    }


def submit(db, table, submission):
    """Check and store a submission as the table's next ballot version; never stores anything partial."""
    if len(json.dumps(submission, default=str)) > MAX_BALLOT_BYTES:
        return Outcome("too_large", error=f"This ballot is too large to accept (more than {MAX_BALLOT_BYTES // 1024} KB).")
    try:
        # The close also closed voting in the same transaction, so a ballot racing it is refused there too.
        closing.check_open(db, table["event_id"])
    except EventClosed as error:
        return Outcome("closed", error=str(error))
    codes = lookups.option_codes(db, table["event_id"])
    try:
        ballot = check_ballot(
            submission, scoring=table["scoring"], shortlist=codes["shortlisted"], excluded=codes["excluded"],
        )
    except BallotError as error:
        return Outcome("problems", error="This ballot was not saved. Please fix:", problems=tuple(error.problems))
    if ballot.criterion not in table["criteria"]:
        message = voting_refusal(ballot.criterion, table["criteria"], "open")
        return Outcome("problems", error="This ballot was not saved.",
                       problems=(BallotProblem("criterion", message),))

    seen = {}

    def refusal(voting, current_version):
        """The checks that must see what is stored at the moment of writing."""
        seen["voting"] = voting
        if voting_refusal(ballot.criterion, table["criteria"], voting):
            return "voting"
        if is_stale(ballot.base_version, current_version):
            return "stale"
        return None

    status, stored = store.record_ballot(db, table, ballot, refusal)
    if status == "voting":
        # The state the transaction saw, not a second read that could already differ.
        voting = seen["voting"]
        message = voting_refusal(ballot.criterion, table["criteria"], voting)
        return Outcome("voting", ballot=stored, error=f"Not saved: {message}.", voting=voting)
    if status == "stale":
        return Outcome(
            "stale", ballot=stored,
            error=(f"Not saved: another phone at your table saved version {stored['version']} while you were "
                   "editing. It is shown now; make your change again on top of it if you still want it."),
        )
    if status == "stored":
        signals.send(signals.ballot_stored, event_id=table["event_id"], table=table, ballot=stored)
    return Outcome(status, ballot=stored)


def set_voting(db, event_id, criterion, state):
    """Open or close voting on one criterion, or on all of them when criterion is None; returns the codes changed.

    Opening is refused (EventClosed) while the whole event is closed; closing never is.
    """
    if state == "open":
        closing.check_open(db, event_id)
    changed = store.set_voting(db, event_id, criterion, state)
    signals.send(signals.voting_changed, event_id=event_id, criteria=changed, state=state)
    return changed
