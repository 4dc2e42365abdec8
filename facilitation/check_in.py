"""Check-in at the door: the desk's list and count, checking an invitee in, adding a walk-in, undoing a check-in.

The registration desk page, the badge link and the API all call these; each write checks that the event is open.
"""
from . import closing, lookups, store
from .domain.check_in import CheckInError, matches_search, name_key, near_matches, walk_in
from .offload import in_thread


class NotFound(LookupError):
    """No such invitee token or check-in in this event; str() is the plain message."""


class AlreadyCheckedIn(CheckInError):
    """The person is checked in already: nothing was changed. Carries their check-in."""

    def __init__(self, check_in):
        """Keep the check-in; the message names the person."""
        self.check_in = check_in
        super().__init__(f"{check_in['name']} is already checked in. Nothing was changed.")


class NearMatches(CheckInError):
    """A walk-in whose name matches or nearly matches invitees: they are offered first, nothing was written."""

    def __init__(self, person, candidates):
        """Keep the walk-in as typed and the invitees offered, best first."""
        self.person, self.candidates = person, candidates
        super().__init__(f"“{person['name']}” matches someone on the invitee list. Check them in from the list, "
                         "or confirm this is someone else.")


def desk(db, event_id, query=""):
    """The desk's list: every invitee (with their check-in, if any) and the walk-ins, filtered by the search typed."""
    with store.snapshot(db):
        invitees = store.list_invitees(db, event_id)
        check_ins = store.active_check_ins(db, event_id)
    by_token = {c["invitee_token"]: c for c in check_ins if c["invitee_token"]}
    people = [{"name": p["name"], "organisation": p["organisation"], "group": p["group"],
               "checkin_token": p["checkin_token"], "check_in": by_token.get(p["checkin_token"])} for p in invitees]
    walk_ins = [c for c in check_ins if c["invitee_token"] is None]
    return {
        "invitees": [p for p in people if matches_search(p, query)],
        "walk_ins": [c for c in walk_ins if matches_search(c, query)],
        "query": query,
        "counts": counts(db, event_id),
    }


def counts(db, event_id):
    """How many are checked in: {"invitees", "walk_ins", "checked_in", "invited"}."""
    return store.check_in_counts(db, event_id)


def find_invitee(db, checkin_token):
    """The invitee behind a personal check-in token (with event_id), or NotFound."""
    invitee = store.find_invitee_by_checkin_token(db, checkin_token)
    if invitee is None:
        raise NotFound("We don't recognise this check-in link. Ask at the registration desk.")
    return invitee


def check_in_invitee(db, event_id, checkin_token, how="desk"):
    """Check an invitee in by their check-in token; AlreadyCheckedIn (nothing changed) if they were already."""
    closing.check_open(db, event_id)
    invitee = store.find_invitee_by_checkin_token(db, checkin_token)
    if invitee is None or invitee["event_id"] != event_id:
        raise NotFound("That person is not on this event's invitee list (the list may have been replaced). "
                       "Search for them again.")
    row, created = store.add_check_in(db, event_id, checkin_token, invitee["name"], invitee["organisation"],
                                      invitee["group"], how)
    if not created:
        raise AlreadyCheckedIn(row)
    return row


def add_walk_in(db, event_id, name, organisation="", group="", confirm_new=False):
    """Check in someone not on the list; NearMatches first when their name matches or nearly matches an invitee's."""
    closing.check_open(db, event_id)
    person = walk_in(name, organisation, group, lookups.get_event(db, event_id)["stakeholder_groups"])
    key = (name_key(person["name"]), name_key(person["organisation"]))
    active = store.active_check_ins(db, event_id)
    for existing in active:
        if existing["invitee_token"] is None and (name_key(existing["name"]), name_key(existing["organisation"])) == key:
            raise AlreadyCheckedIn(existing)
    if not confirm_new:
        # Comparing a name with every invitee is a few milliseconds per hundred: off the loop, like other such work.
        candidates = in_thread(near_matches, person["name"], person["organisation"], store.list_invitees(db, event_id))
        if candidates:
            checked = {c["invitee_token"] for c in active}
            raise NearMatches(person, [{**invitee, "likeness": round(score, 2), "exact": score == 1.0,
                                        "checked_in": invitee["checkin_token"] in checked}
                                       for score, invitee in candidates])
    row, _ = store.add_check_in(db, event_id, None, person["name"], person["organisation"], person["group"], "walk_in")
    return row


def undo(db, event_id, check_in_id):
    """Undo a check-in (kept, marked undone); NotFound for an unknown one, CheckInError if it was undone already."""
    closing.check_open(db, event_id)
    row, changed = store.undo_check_in(db, event_id, check_in_id)
    if row is None:
        raise NotFound(f"There is no check-in {check_in_id} at this event.")
    if not changed:
        raise CheckInError(f"{row['name']}'s check-in was already undone. Nothing was changed.")
    return row


def decide_match(db, event_id, respondent_token, invitee_token):
    """Record who a name typed on a phone is: an invitee (their checkin_token), or None for "not an invitee"."""
    closing.check_open(db, event_id)
    if respondent_token not in store.room_respondent_tokens(db, event_id).values():
        raise NotFound("That answer is not one given in the room at this event.")
    if invitee_token is not None:
        invitee = store.find_invitee_by_checkin_token(db, invitee_token)
        if invitee is None or invitee["event_id"] != event_id:
            raise NotFound("That person is not on this event's invitee list (the list may have been replaced).")
    store.set_attendance_match(db, event_id, respondent_token, invitee_token)


def forget_match(db, event_id, respondent_token):
    """Forget the decision on who a typed name is, so it is matched afresh (and may be unsure again)."""
    closing.check_open(db, event_id)
    store.clear_attendance_match(db, event_id, respondent_token)
