"""Moderation for hundreds of comments: the filtered, grouped list, what is new, bulk moves and hiding, merges, undo.

The web routes call this; the rules are in domain.moderation and domain.moderation_list, the SQL in store.moderation.
Each change is one transaction with its entry in the log that undo reads.
"""
from datetime import datetime, timezone

from . import answers, signals
from .domain import moderation as rules
from .domain.confidence import OTHER, AnswerError, AnswerProblem
from .domain.moderation_list import listing
from .store import now
from .store import moderation as store_moderation


def page(db, event_id, filters):
    """What the moderation page shows: the list, the themes with their counts, and the changes that can be undone."""
    themes = answers.themes(db, event_id)
    seen = store_moderation.seen(db, event_id)
    shown = listing(store_moderation.comments(db, event_id), themes, filters, seen)
    return {**shown, "theme_list": themes, "filters": filters, "seen": seen,
            "undoable": store_moderation.actions(db, event_id, rules.UNDOABLE)}


def move(db, event_id, risk_ids, theme):
    """Put several risks under one theme (or OTHER) at once; returns the change's name. Raise AnswerError if refused."""
    label = store_moderation.move_risks(
        db, event_id, risk_ids, None if theme == OTHER else theme,
        lambda found, themes: rules.check_move(risk_ids, found, themes, theme))
    signals.send(signals.answers_changed, event_id=event_id)
    return label


def hide(db, event_id, risk_ids, help_ids, hidden):
    """Hide several comments from the projector at once (or show them); returns the change's name."""
    label = store_moderation.set_hidden(
        db, event_id, risk_ids, help_ids, hidden,
        lambda risks, helps: rules.check_hide(risk_ids, help_ids, risks, helps, hidden))
    signals.send(signals.answers_changed, event_id=event_id)
    return label


def merge(db, event_id, from_id, into_id):
    """Merge one theme into another, undoably; returns (the change's name, how many risks moved)."""
    merged = store_moderation.merge_themes(db, event_id, from_id, into_id,
                                           lambda themes: rules.check_merge(themes, from_id, into_id))
    signals.send(signals.themes_changed, event_id=event_id)
    return merged


def undo(db, event_id, action_id):
    """Undo a logged change; returns its name. Raise AnswerError if there is no such change or it no longer applies."""
    label = store_moderation.undo(db, event_id, action_id, rules.plan_undo) if action_id else None
    if label is None:
        raise AnswerError([AnswerProblem("undo", "there is no such change to undo (reload the page to see the latest)")])
    # A merge undone puts a theme back on every phone's list; the screens follow either way.
    signals.send(signals.themes_changed, event_id=event_id)
    return label


def mark_seen(db, event_id, upto):
    """Everything shown up to this moment has been seen; raise AnswerError for a moment not understood."""
    try:
        moment = datetime.fromisoformat(upto)
    except (TypeError, ValueError):
        raise AnswerError([AnswerProblem("upto", "that moment was not understood; reload the page and try again")]) from None
    if moment.tzinfo is None:
        raise AnswerError([AnswerProblem("upto", "that moment was not understood; reload the page and try again")])
    # Stored as every arrival time is, and never beyond now: a mark from the future would hide what arrives next.
    stamp = moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    store_moderation.mark_seen(db, event_id, min(stamp, now()))
