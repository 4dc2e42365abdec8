"""Where every table is with each of its criteria, for the control room: computed from the store.

The status of one (table, criterion) is domain.progress.status; this module gathers its inputs and lists the work
that closing voting would leave unsent. The live layer sends the control room the cells that changed, in batches
(live.py, publisher.Outbox.status_changes).
"""
from . import store
from .domain import progress


def _cell(table_number, criterion, draft, ballot, voting, scoring, shortlist):
    """One (table, criterion) with its status in words and a symbol, and what its unsent draft holds."""
    status = progress.status(draft, ballot, voting, scoring, shortlist)
    return {
        "table": table_number, "criterion": criterion, "voting": voting, "state": status.state, "version": status.version,
        "unsent": status.unsent, "text": progress.words(status), "shape": progress.shape(status),
        "draft": progress.summary(draft, scoring, shortlist) if status.unsent else "",
        "changed_at": draft["updated_at"] if status.unsent else None,
    }


def cells(db, event_id):
    """Every (table, criterion) of the event, in criterion then table order, with its status in words and symbols."""
    event = store.get_event(db, event_id)
    if event is None:
        return []
    shortlist = store.option_codes(db, event_id)["shortlisted"]
    voting = store.voting_states(db, event_id)
    ballots, drafts = store.event_ballots(db, event_id), store.event_drafts(db, event_id)
    order = {code: i for i, code in enumerate(voting)}
    found = [_cell(table["number"], code, drafts.get((table["number"], code)), ballots.get((table["number"], code)),
                   voting[code], event["scoring"], shortlist)
             for table in store.list_tables(db, event_id) for code in table["criteria"]]
    return sorted(found, key=lambda cell: (order[cell["criterion"]], cell["table"]))


def phone_notes(db, table):
    """What a table's phone says for each criterion whose voting closed on its unsent draft, by criterion code."""
    shortlist = store.option_codes(db, table["event_id"])["shortlisted"]
    voting = store.voting_states(db, table["event_id"])
    titles = {c["code"]: c["working_title"] for c in store.list_criteria(db, table["event_id"])}
    ballots, drafts = store.current_ballots(db, table["id"]), store.drafts(db, table["id"])
    notes = {}
    for code in table["criteria"]:
        status = progress.status(drafts.get(code), ballots.get(code), voting[code], table["scoring"], shortlist)
        note = progress.closed_note(titles[code], status, progress.summary(drafts.get(code), table["scoring"], shortlist))
        if note:
            notes[code] = note
    return notes


def unsent_on_closing(db, event_id, criterion, state):
    """The complete drafts, not submitted, that closing (or resetting) voting on a criterion, or all, would leave behind.

    Only criteria open now count: closing what is already closed loses nothing more.
    """
    if state == "open":
        return []
    voting = store.voting_states(db, event_id)
    closing = {code for code, now in voting.items() if now == "open" and criterion in (None, code)}
    if not closing:
        return []
    titles = {c["code"]: c["working_title"] for c in store.list_criteria(db, event_id)}
    return [{**cell, "working_title": titles[cell["criterion"]]} for cell in cells(db, event_id)
            if cell["criterion"] in closing and cell["state"] == "draft_complete"]


def unsent_drafts(db, event_id):
    """Every draft with something in it that its table has not submitted, with its status, for the export."""
    drafts = store.event_drafts(db, event_id)
    return [{**cell, "content": drafts[(cell["table"], cell["criterion"])]}
            for cell in cells(db, event_id) if cell["unsent"]]
