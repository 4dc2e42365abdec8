"""Lookups that end the request when the thing asked for is not there, with one plain message each.

Each aborts: the app's error handler (web/__init__.py) shows the message on a plain-words page, or as
{"error": message} under /api/. So every route names what it needs in one line and no copy words it differently.
"""
from flask import abort

from .. import answers, ballots, store


def event_or_404(db, event_id):
    """The event's row, or a 404 saying there is no such event."""
    event = store.get_event(db, event_id)
    if event is None:
        abort(404, description=f"There is no event {event_id}. It may have been deleted.")
    return event


def table_or_404(db, event_id, number):
    """One of the event's tables by number, or a 404 saying the event has no such table."""
    table = store.get_table(db, event_id, number)
    if table is None:
        abort(404, description=f"Event {event_id} has no table {number}.")
    return table


def survey_or_404(db, survey_token):
    """The event id and invitee (personal links) behind a survey link, or a 404 saying the link is not known."""
    found = answers.find_survey(db, survey_token)
    if found is None:
        abort(404, description="We don't recognise this survey link. Check that you copied all of it from the "
                               "invitation.")
    return found


def linked_table_or_abort(db, join_token, refusal):
    """The table behind a join link; else the request ends with refusal(error), a response (410 for a replaced link).

    A phone's page and the table API refuse a link in their own form (a page, or JSON), so each passes its own.
    """
    try:
        return ballots.find_table(db, join_token)
    except ballots.TableLinkError as error:
        abort(refusal(error))
