"""Changing an event's definition: the one path the editor and the API share, so stored ballots are never lost."""
from . import closing, results, signals, store
from .domain.editing import edit_problems
from .domain.event import EventDefinitionError


def replace_definition(db, event_id, definition):
    """Replace an event's definition whole, or raise EventDefinitionError if stored ballots rely on what it drops.

    A closed event is locked: closing.check_open raises EventClosed (the error pages answer it with the plain message).
    """
    closing.check_open(db, event_id)
    in_use = {**store.ballots_in_use(db, event_id), "themes": store.themes_in_use(db, event_id)}
    problems = edit_problems(store.load_definition(db, event_id), definition, in_use)
    if problems:
        raise EventDefinitionError(problems)
    store.update_event(db, event_id, definition)
    results.forget(event_id)
    signals.send(signals.definition_changed, event_id=event_id, deleted=False)


def delete_event(db, event_id):
    """Delete an event and everything in it, and forget its live results."""
    store.delete_event(db, event_id)
    results.forget(event_id)
    signals.send(signals.definition_changed, event_id=event_id, deleted=True)
