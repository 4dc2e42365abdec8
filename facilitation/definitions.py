"""Changing an event's definition: the one path the editor and the API share, so stored ballots are never lost."""
from . import store
from .domain.editing import edit_problems
from .domain.event import EventDefinitionError


def replace_definition(db, event_id, definition):
    """Replace an event's definition whole, or raise EventDefinitionError if stored ballots rely on what it drops."""
    problems = edit_problems(store.load_definition(db, event_id), definition, store.ballots_in_use(db, event_id))
    if problems:
        raise EventDefinitionError(problems)
    store.update_event(db, event_id, definition)
