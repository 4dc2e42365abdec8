"""Check-in at the registration desk: what a walk-in must give, and which invitees a typed name nearly matches.

Pure rules: no Flask, no SQL. The same near-match rule serves the desk (a walk-in who may be on the list) and the
attendance page (a name typed on a phone that may be an invitee's).
"""
import difflib

from .event import TITLE_LIMIT
from .text import TextTooLong, clean_text

# A name or organisation on a badge; the same limit as every other one-line title.
NAME_LIMIT = TITLE_LIMIT
# How alike two names must be (difflib's ratio, 0–1) to be offered as "is this the same person?".
# 0.8 catches a typo or a missing letter in a 12-letter name ("Ruth Kendrik") but not a different surname.
NEAR = 0.8
# A weaker likeness counts when the organisation also matches ("R Kendrick", Eastwold Mind).
NEAR_WITH_ORGANISATION = 0.6
# Enough candidates to pick from on a tablet; more means the name typed is too vague to help.
MAX_CANDIDATES = 5
HOW = ("desk", "walk_in", "badge")


class CheckInError(ValueError):
    """A check-in refused; str() is the plain message for the person at the desk."""


def name_key(text):
    """A name or organisation as matching compares it: spaces collapsed, case ignored."""
    return " ".join((text or "").split()).casefold()


def walk_in(name, organisation="", group="", groups=()):
    """A walk-in's name, organisation and stakeholder group, cleaned; or CheckInError saying what to fix."""
    name = _field(name, "name")
    if not name:
        raise CheckInError("Type the person's name: it cannot be empty.")
    organisation = _field(organisation, "organisation")
    group = _field(group, "stakeholder group")
    if group and group not in groups:
        known = ", ".join(groups) if groups else "none"
        raise CheckInError(f"“{group}” is not one of this event's stakeholder groups (they are: {known}).")
    return {"name": name, "organisation": organisation, "group": group}


def _field(value, what):
    """One text field trimmed and cleaned; CheckInError when it is longer than NAME_LIMIT."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    try:
        return clean_text(value, NAME_LIMIT)
    except TextTooLong as error:
        raise CheckInError(f"The {what} is too long: at most {NAME_LIMIT} characters (this has "
                           f"{len(error.text)}).") from None


def likeness(a, b, at_least=0.0):
    """How alike two names are, 0–1: the better of the letters in order and the words in any order.

    A comparison whose cheap upper bound is below at_least is not made (as difflib.get_close_matches does), so a
    likeness below at_least may come back lower than it is; at or above at_least it is exact.
    """
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    # Sorting the words catches "Kendrick Ruth" for "Ruth Kendrick", as a spreadsheet export sometimes writes it.
    best = 0.0
    for first, second in ((a, b), (" ".join(sorted(a.split())), " ".join(sorted(b.split())))):
        matcher = difflib.SequenceMatcher(None, first, second)
        if matcher.real_quick_ratio() >= at_least and matcher.quick_ratio() >= at_least:
            best = max(best, matcher.ratio())
    return best


def near_matches(name, organisation, invitees, limit=MAX_CANDIDATES):
    """The invitees whose name matches or nearly matches, best first: [(likeness, invitee)]."""
    organisation = name_key(organisation)
    found = []
    for position, invitee in enumerate(invitees):
        # Below the weaker likeness nobody is offered, so most of a long list is passed over on the cheap bound.
        score = likeness(name, invitee["name"], NEAR_WITH_ORGANISATION)
        if score < NEAR_WITH_ORGANISATION:
            continue
        same_organisation = bool(organisation) and likeness(organisation, invitee.get("organisation"), NEAR) >= NEAR
        if score >= NEAR or same_organisation:
            # An organisation that matches too puts that invitee ahead of a namesake elsewhere.
            found.append((-score, not same_organisation, position, invitee))
    found.sort(key=lambda entry: entry[:3])
    return [(-score, invitee) for score, _, _, invitee in found[:limit]]


def search_text(person):
    """What the desk's search box looks in for one person: their name, organisation and group, as matching reads them."""
    return name_key(" ".join(filter(None, (person.get("name"), person.get("organisation"), person.get("group")))))


def matches_search(person, query):
    """Whether a person is shown for what was typed in the search box: every word typed is in their name, organisation or group."""
    text = search_text(person)
    return all(word in text for word in name_key(query).split())
