"""Attendance for one event: the facilitator's page, the exports and the API all read it from here."""
from . import store
from .domain.attendance import attendance


def event_attendance(db, event_id):
    """Who took part, who was invited but did not attend, and which organisations answered the survey."""
    return attendance(store.list_invitees(db, event_id), store.event_respondents(db, event_id))
