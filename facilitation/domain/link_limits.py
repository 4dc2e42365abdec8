"""How many new people one link may add in a minute: a table's card, or the event's shared survey link.

A table seats about ten and people rejoin (a new phone, a cleared browser): 30 a minute is three tables' worth, far
above a real table and far below a script's hundreds. The shared survey link goes out by email to everyone who could
not attend; 60 a minute is a whole mailing list answering together, while one client's 782 in 40 s is refused. A
personal invitee link makes one person only, and someone already answering (their answer key) is never counted.
"""
from datetime import timedelta

WINDOW = timedelta(minutes=1)
NEW_PER_MINUTE = {"room": 30, "survey": 60}   # by source: a table link, the shared survey link
MESSAGE = ("Too many people have joined through this link in the last minute; please wait a moment and try again.")


def too_many(recent, limit):
    """Whether one more new person would take a link past its limit (None: no limit)."""
    return limit is not None and recent >= limit
