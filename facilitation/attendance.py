"""Attendance for one event: the facilitator's page, the exports, the report and the API all read it from here."""
from . import store
from .domain.attendance import attendance
from .offload import in_thread


def event_attendance(db, event_id):
    """Who took part (checked in, or named on a phone), who was invited but did not attend, the survey's organisations."""
    with store.snapshot(db):
        invitees = store.list_invitees(db, event_id)
        respondents = store.event_respondents(db, event_id)
        tokens = store.room_respondent_tokens(db, event_id)
        check_ins = store.active_check_ins(db, event_id)
        matches = store.attendance_matches(db, event_id)
    # The facilitator's decisions name a respondent by token; the answers' rows carry only their id.
    respondents = [{**person, "token": tokens.get(person["id"])} for person in respondents]
    # Near matches compare every unmatched typed name with every invitee: CPU work, so off the event loop.
    return in_thread(attendance, invitees, respondents, check_ins, matches)
