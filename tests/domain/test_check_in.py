"""Check-in rules: what a walk-in must give, which invitees a name nearly matches, and the desk's search."""
import tempfile

import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from facilitation.domain.check_in import (
    NAME_LIMIT, CheckInError, likeness, matches_search, name_key, near_matches, walk_in,
)

# Hypothesis keeps its files in a temporary folder, so a test run writes nothing into the repository.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))

INVITEES = [
    {"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "checkin_token": "a"},
    {"name": "Sam Oyelaran", "organisation": "", "checkin_token": "b"},
    {"name": "Jo Smith", "organisation": "City Council", "checkin_token": "c"},
    {"name": "Jo Smith", "organisation": "Eastwold NHS Trust", "checkin_token": "d"},
    {"name": "Priya Natarajan", "organisation": "Westfield Surgery", "checkin_token": "e"},
]


def offered(name, organisation=""):
    """The check-in tokens of the invitees offered for a name, best first."""
    return [invitee["checkin_token"] for _, invitee in near_matches(name, organisation, INVITEES)]


@pytest.mark.parametrize("name, organisation, expected", [
    ("Ruth Kendrick", "", ["a"]),                      # exactly the same
    ("  ruth   KENDRICK ", "", ["a"]),                 # case and spaces ignored
    ("Ruth Kendrik", "", ["a"]),                       # one letter missing
    ("Ruth Kenrdick", "", ["a"]),                      # two letters swapped
    ("Kendrick Ruth", "", ["a"]),                      # surname first, as some exports write it
    ("R Kendrick", "", ["a"]),                         # an initial for the first name
    ("Ruth K", "Eastwold Mind", ["a"]),                # a weaker likeness with the same organisation
    ("Sam Oyelaren", "", ["b"]),
    ("Jo Smith", "Eastwold NHS Trust", ["d", "c"]),    # namesakes: the same organisation first
    ("Jo Smith", "", ["c", "d"]),                      # no organisation: list order
    ("Priya Natarajan", "Somewhere Else", ["e"]),      # the name alone is enough
    ("Alex Morgan", "", []),                           # someone else altogether
    ("Ruth", "", []),                                  # too vague to offer anyone
    ("Ruth K", "", []),                                # weaker likeness without the organisation: not offered
    ("Ruth K", "Other Org", []),
    ("", "Eastwold Mind", []),                         # no name, nothing offered
])
def test_near_matches(name, organisation, expected):
    assert offered(name, organisation) == expected


def test_an_exact_match_is_offered_with_likeness_one_and_first():
    invitees = [{"name": "Ruth Kendrik", "organisation": ""}, {"name": "Ruth Kendrick", "organisation": ""}]
    [(first, best), (second, _)] = near_matches("Ruth Kendrick", "", invitees)
    assert (first, best["name"]) == (1.0, "Ruth Kendrick") and second < 1.0


@settings(database=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: name_key(s)))
def test_every_name_matches_itself_however_it_is_spaced(name):
    invitees = [{"name": name, "organisation": ""}]
    assert near_matches(f"  {name}\t", "", invitees) == [(1.0, invitees[0])]


@settings(database=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_likeness_is_between_zero_and_one_and_symmetric(a, b):
    assert 0.0 <= likeness(a, b) <= 1.0
    assert likeness(a, b) == pytest.approx(likeness(b, a), abs=0.2)


def test_a_walk_in_is_cleaned():
    assert walk_in("  Alex\tMorgan ", " Mind\n", "Patients", ["Patients"]) == {
        "name": "Alex Morgan", "organisation": "Mind", "group": "Patients"}
    assert walk_in("Alex", None, None) == {"name": "Alex", "organisation": "", "group": ""}


@pytest.mark.parametrize("name, organisation, group, message", [
    ("", "", "", "Type the person's name: it cannot be empty."),
    ("   \t ", "Mind", "", "Type the person's name: it cannot be empty."),
    ("\x00\x07", "", "", "Type the person's name: it cannot be empty."),
    ("x" * (NAME_LIMIT + 1), "", "", f"The name is too long: at most {NAME_LIMIT} characters (this has 201)."),
    ("Alex", "o" * 250, "", f"The organisation is too long: at most {NAME_LIMIT} characters (this has 250)."),
    ("Alex", "", "Press", "“Press” is not one of this event's stakeholder groups (they are: Patients)."),
])
def test_a_walk_in_that_breaks_the_rules_is_refused_plainly(name, organisation, group, message):
    with pytest.raises(CheckInError) as refused:
        walk_in(name, organisation, group, ["Patients"])
    assert str(refused.value) == message


def test_a_name_exactly_at_the_limit_is_kept():
    assert walk_in("x" * NAME_LIMIT)["name"] == "x" * NAME_LIMIT


@pytest.mark.parametrize("query, shown", [
    ("", True), ("ruth", True), ("KEND", True), ("ruth mind", True), ("  eastwold   ruth ", True),
    ("patients", True), ("sam", False), ("ruth council", False),
])
def test_the_search_shows_a_person_when_every_word_typed_is_in_their_details(query, shown):
    person = {"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients"}
    assert matches_search(person, query) is shown
