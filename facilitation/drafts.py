"""A table's shared draft: its phones' operations merged in the server's order (docs/live-protocol.md, "The shared draft")."""
import json
import secrets
from typing import NamedTuple

from . import signals, store
from .domain import draft as rules_of
from .domain.ballot import DEVICE_ID, MAX_BALLOT_BYTES
from .store import draft_ops as store_drafts


class DraftOutcome(NamedTuple):
    """What became of a phone's operations: each one applied, a duplicate or refused, and the draft after them."""

    ok: bool
    draft: dict | None = None     # the table's draft now (None while it has none: phones show its ballot)
    results: tuple = ()           # domain.draft.Result for each operation, in order
    error: str = ""               # why the whole message was refused (ok is False)
    changed: bool = False         # whether the draft changed, so the table's phones must be told

    def ack(self):
        """The outcome as the phone's acknowledgement."""
        if not self.ok:
            return {"ok": False, "error": self.error}
        return {
            "ok": True, "draft": self.draft,
            "applied": [r.id for r in self.results if r.status == "applied"],
            "duplicate": [r.id for r in self.results if r.status == "duplicate"],
            "refused": [{"id": r.id, "error": r.error} for r in self.results if r.status == "refused"],
        }

    def broadcast(self, criterion):
        """What every phone at the table gets when the draft changed: the draft and the ids now in it."""
        return {"criterion": criterion, "draft": self.draft,
                "applied": [r.id for r in self.results if r.status == "applied"]}


def _refused(message):
    """A whole message refused, in plain words; nothing changed."""
    return DraftOutcome(False, error=f"Not kept: {message}.")


def apply(db, table, message, origin=None):
    """Apply a phone's draft operations ({criterion, ops, device_id}) to its table's draft; never partly a refused op.

    origin is the sending phone's socket id, if any: the table's other phones are told of a change, not the sender.
    """
    if not isinstance(message, dict):
        return _refused("the changes must be an object with a criterion and ops")
    if len(json.dumps(message, default=str)) > MAX_BALLOT_BYTES:
        return _refused(f"too many changes at once (more than {MAX_BALLOT_BYTES // 1024} KB)")
    criterion = message.get("criterion")
    if criterion not in table["criteria"]:
        return _refused(f'this table does not score the criterion "{criterion}"' if isinstance(criterion, str)
                        else "say which criterion the changes are for")
    device_id = message.get("device_id", "")
    if not isinstance(device_id, str) or (device_id and not DEVICE_ID.fullmatch(device_id)):
        return _refused("the device id must be up to 64 letters, digits, '-' or '_'")
    try:
        read = rules_of.read_ops(message.get("ops"))
    except rules_of.OpRefused as problem:
        return _refused(str(problem))
    rules = rules_of.Rules.of(table["scoring"], store.option_codes(db, table["event_id"])["shortlisted"])

    def merge(stored, ballot, seen):
        """The domain's decision, on what is stored at the moment of writing."""
        start = rules_of.base(stored, ballot, rules)
        content, results = rules_of.apply_ops(start, read, rules, seen)
        return (content if content != start else None), results

    draft, results, changed = store_drafts.apply_ops(db, table, criterion, read, merge, device_id)
    outcome = DraftOutcome(True, draft, tuple(results), changed=changed)
    if changed:
        signals.send(signals.draft_changed, table=table, criterion=criterion, message=outcome.broadcast(criterion),
                     origin=origin)
    return outcome


def save_whole(db, table, criterion, content, device_id="", origin=None):
    """A whole draft from a phone with an older page (the 'draft' event): every field set at once, as one operation."""
    op = {"id": "whole-" + secrets.token_hex(8), "op": "set_draft", "draft": content}
    return apply(db, table, {"criterion": criterion, "ops": [op], "device_id": device_id}, origin)
