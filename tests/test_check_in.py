"""Check-in through the service on a real database: the desk's rules for bad input, and the attendance lists built
from check-ins with the names typed on phones."""
import pytest

from facilitation import answers, ballots, check_in, closing, store
from facilitation.attendance import event_attendance
from facilitation.domain.check_in import CheckInError
from facilitation.domain.closing import EventClosed
from facilitation.domain.event import parse_event

from .conftest import event_file

INVITEES = [
    {"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients"},
    {"name": "Sam Oyelaran", "organisation": "Westfield Surgery", "group": "Clinicians"},
    {"name": "Jo Smith", "organisation": "City Council"},
    {"name": "Priya Natarajan", "organisation": "Eastwold NHS Trust"},
]


@pytest.fixture
def event_id(db):
    """The explicit-assignment event with four invitees and two stakeholder groups."""
    definition = {**event_file("allocate-explicit.json"), "invitees": INVITEES,
                  "stakeholder_groups": ["Patients", "Clinicians"]}
    return store.create_event(db, parse_event(definition))


def token(db, event_id, name):
    """An invitee's check-in token, by name."""
    return next(p["checkin_token"] for p in store.list_invitees(db, event_id) if p["name"] == name)


def active(db, event_id):
    """The active check-ins as (name, how) pairs."""
    return [(c["name"], c["how"]) for c in store.active_check_ins(db, event_id)]


def said_in_room(db, event_id, n, name, organisation=""):
    """A delegate at table 1 answers with this name; returns their respondent token."""
    if answers.phase(db, event_id)["state"] != "open":
        answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    respondent = f"tok-{n:016d}"
    outcome = answers.submit_room(db, table, {
        "respondent": respondent, "submission_id": f"sub-{n:08d}", "confidence": "more", "would_help": "",
        "risks": [], "name": name, "organisation": organisation})
    assert outcome.status == "stored", outcome
    return respondent


def test_checking_in_an_invitee_records_them_from_the_list(db, event_id):
    row = check_in.check_in_invitee(db, event_id, token(db, event_id, "Ruth Kendrick"))
    assert (row["name"], row["organisation"], row["group"], row["how"]) == (
        "Ruth Kendrick", "Eastwold Mind", "Patients", "desk")
    assert check_in.counts(db, event_id) == {"invitees": 1, "walk_ins": 0, "checked_in": 1, "invited": 4}


def test_checking_in_someone_already_checked_in_says_so_and_changes_nothing(db, event_id):
    ruth = token(db, event_id, "Ruth Kendrick")
    check_in.check_in_invitee(db, event_id, ruth)
    before = store.active_check_ins(db, event_id)
    with pytest.raises(check_in.AlreadyCheckedIn) as refused:
        check_in.check_in_invitee(db, event_id, ruth, how="badge")
    assert str(refused.value) == "Ruth Kendrick is already checked in. Nothing was changed."
    assert store.active_check_ins(db, event_id) == before


def test_an_unknown_token_or_another_events_invitee_is_not_found(db, event_id):
    other = store.create_event(db, parse_event({**event_file("allocate-explicit.json"), "invitees": INVITEES,
                                                "stakeholder_groups": ["Patients", "Clinicians"]}))
    with pytest.raises(check_in.NotFound):
        check_in.check_in_invitee(db, event_id, "no-such-token")
    with pytest.raises(check_in.NotFound):
        check_in.check_in_invitee(db, event_id, token(db, other, "Ruth Kendrick"))
    assert active(db, event_id) == [] and active(db, other) == []


def test_a_walk_in_nearly_matching_an_invitee_is_offered_the_invitee_first(db, event_id):
    with pytest.raises(check_in.NearMatches) as offered:
        check_in.add_walk_in(db, event_id, "Ruth Kendrik", "Mind")
    assert [(c["name"], c["checked_in"]) for c in offered.value.candidates] == [("Ruth Kendrick", False)]
    assert offered.value.person == {"name": "Ruth Kendrik", "organisation": "Mind", "group": ""}
    assert active(db, event_id) == []
    # "No, this is someone else": confirmed, the walk-in is added.
    check_in.add_walk_in(db, event_id, "Ruth Kendrik", "Mind", confirm_new=True)
    assert active(db, event_id) == [("Ruth Kendrik", "walk_in")]


def test_a_walk_in_with_exactly_an_invitees_name_is_never_silently_a_duplicate(db, event_id):
    check_in.check_in_invitee(db, event_id, token(db, event_id, "Jo Smith"))
    with pytest.raises(check_in.NearMatches) as offered:
        check_in.add_walk_in(db, event_id, "  jo   SMITH ")
    [candidate] = offered.value.candidates
    assert candidate["exact"] and candidate["checked_in"]
    assert active(db, event_id) == [("Jo Smith", "desk")]


def test_the_same_walk_in_twice_says_so_and_changes_nothing(db, event_id):
    check_in.add_walk_in(db, event_id, "Alex Morgan", "Healthwatch")
    with pytest.raises(check_in.AlreadyCheckedIn):
        check_in.add_walk_in(db, event_id, "alex morgan", " Healthwatch", confirm_new=True)
    assert active(db, event_id) == [("Alex Morgan", "walk_in")]


@pytest.mark.parametrize("name, organisation, group, message", [
    ("", "", "", "Type the person's name: it cannot be empty."),
    ("   ", "Mind", "", "Type the person's name: it cannot be empty."),
    ("x" * 201, "", "", "The name is too long: at most 200 characters (this has 201)."),
    ("Alex", "y" * 300, "", "The organisation is too long: at most 200 characters (this has 300)."),
    ("Alex", "", "Press", "“Press” is not one of this event's stakeholder groups (they are: Patients, Clinicians)."),
])
def test_a_walk_in_that_breaks_the_rules_is_refused_and_nothing_is_stored(db, event_id, name, organisation, group,
                                                                          message):
    with pytest.raises(CheckInError) as refused:
        check_in.add_walk_in(db, event_id, name, organisation, group, confirm_new=True)
    assert str(refused.value) == message
    assert active(db, event_id) == []


def test_a_walk_in_keeps_their_stakeholder_group(db, event_id):
    row = check_in.add_walk_in(db, event_id, "Alex Morgan", "", "Clinicians")
    assert row["group"] == "Clinicians"


def test_undo_and_undo_again(db, event_id):
    row = check_in.check_in_invitee(db, event_id, token(db, event_id, "Sam Oyelaran"))
    check_in.undo(db, event_id, row["id"])
    with pytest.raises(CheckInError) as refused:
        check_in.undo(db, event_id, row["id"])
    assert str(refused.value) == "Sam Oyelaran's check-in was already undone. Nothing was changed."
    with pytest.raises(check_in.NotFound):
        check_in.undo(db, event_id, row["id"] + 100)
    assert active(db, event_id) == []


def test_a_closed_event_refuses_every_check_in_write_with_its_message(db, event_id):
    row = check_in.check_in_invitee(db, event_id, token(db, event_id, "Sam Oyelaran"))
    closing.close_event(db, event_id)
    with pytest.raises(EventClosed) as lock:
        closing.check_open(db, event_id)
    message = str(lock.value)
    for write in (lambda: check_in.check_in_invitee(db, event_id, token(db, event_id, "Ruth Kendrick")),
                  lambda: check_in.add_walk_in(db, event_id, "Alex Morgan", confirm_new=True),
                  lambda: check_in.undo(db, event_id, row["id"]),
                  lambda: check_in.decide_match(db, event_id, "tok-any", None),
                  lambda: check_in.forget_match(db, event_id, "tok-any")):
        with pytest.raises(EventClosed) as refused:
            write()
        assert str(refused.value) == message and "closed" in message
    assert active(db, event_id) == [("Sam Oyelaran", "desk")]
    closing.reopen_event(db, event_id)
    check_in.add_walk_in(db, event_id, "Alex Morgan")
    assert len(active(db, event_id)) == 2


def test_the_desk_list_shows_each_invitee_with_their_check_in_and_filters_by_search(db, event_id):
    row = check_in.check_in_invitee(db, event_id, token(db, event_id, "Sam Oyelaran"))
    check_in.add_walk_in(db, event_id, "Alex Morgan", "Healthwatch")
    desk = check_in.desk(db, event_id)
    assert [(p["name"], p["check_in"]["id"] if p["check_in"] else None) for p in desk["invitees"]] == [
        ("Ruth Kendrick", None), ("Sam Oyelaran", row["id"]), ("Jo Smith", None), ("Priya Natarajan", None)]
    assert [p["name"] for p in desk["walk_ins"]] == ["Alex Morgan"]
    assert [p["name"] for p in check_in.desk(db, event_id, "eastwold")["invitees"]] == ["Ruth Kendrick",
                                                                                       "Priya Natarajan"]
    assert check_in.desk(db, event_id, "health")["invitees"] == []
    assert [p["name"] for p in check_in.desk(db, event_id, "health")["walk_ins"]] == ["Alex Morgan"]


# ---------------------------------------------------------------- the attendance lists from check-ins

def test_took_part_comes_from_check_ins_and_names_typed_on_phones(db, event_id):
    check_in.check_in_invitee(db, event_id, token(db, event_id, "Ruth Kendrick"))
    check_in.add_walk_in(db, event_id, "Alex Morgan", "Healthwatch", "Patients")
    said_in_room(db, event_id, 1, "ruth kendrick")      # Ruth again, on her phone: one person, now with her table
    said_in_room(db, event_id, 2, "Jo Smith")           # not checked in, but named on a phone
    said_in_room(db, event_id, 3, "Visitor Person")     # someone not on the list
    register = event_attendance(db, event_id)
    assert [(p["name"], p["how"], p["invited"], p["table_number"], p["group"]) for p in register["took_part"]] == [
        ("Alex Morgan", "walk_in", False, None, "Patients"),
        ("Jo Smith", "phone", True, 1, ""),
        ("Ruth Kendrick", "desk", True, 1, "Patients"),
        ("Visitor Person", "phone", False, 1, ""),
    ]
    assert [p["name"] for p in register["did_not_attend"]] == ["Sam Oyelaran", "Priya Natarajan"]
    assert [(p["name"], p["how"]) for p in register["invitees"]] == [
        ("Ruth Kendrick", "desk"), ("Sam Oyelaran", None), ("Jo Smith", "phone"), ("Priya Natarajan", None)]
    counts = register["counts"]
    assert (counts["checked_in"], counts["checked_in_invitees"], counts["walk_ins"], counts["took_part"],
            counts["invited_took_part"], counts["did_not_attend"], counts["unsure"]) == (2, 1, 1, 4, 2, 2, 0)


def test_an_undone_check_in_no_longer_counts(db, event_id):
    row = check_in.check_in_invitee(db, event_id, token(db, event_id, "Ruth Kendrick"))
    check_in.undo(db, event_id, row["id"])
    register = event_attendance(db, event_id)
    assert register["took_part"] == [] and len(register["did_not_attend"]) == 4


def test_a_near_match_on_a_phone_is_unsure_until_the_facilitator_decides(db, event_id):
    respondent = said_in_room(db, event_id, 1, "Priya Natrajan", "Eastwold NHS Trust")
    register = event_attendance(db, event_id)
    assert register["unsure"] == [{
        "respondent_token": respondent, "name": "Priya Natrajan", "organisation": "Eastwold NHS Trust",
        "candidates": [{"name": "Priya Natarajan", "organisation": "Eastwold NHS Trust",
                        "checkin_token": token(db, event_id, "Priya Natarajan")}]}]
    assert [(p["name"], p["invited"]) for p in register["took_part"]] == [("Priya Natrajan", False)]
    assert "Priya Natarajan" in [p["name"] for p in register["did_not_attend"]]

    check_in.decide_match(db, event_id, respondent, token(db, event_id, "Priya Natarajan"))
    register = event_attendance(db, event_id)
    assert register["unsure"] == []
    assert [(p["name"], p["invited"], p["how"]) for p in register["took_part"]] == [("Priya Natrajan", True, "phone")]
    assert "Priya Natarajan" not in [p["name"] for p in register["did_not_attend"]]

    check_in.decide_match(db, event_id, respondent, None)
    register = event_attendance(db, event_id)
    assert register["unsure"] == [] and [p["invited"] for p in register["took_part"]] == [False]
    assert register["decided"] == [{"respondent_token": respondent, "name": "Priya Natrajan",
                                    "organisation": "Eastwold NHS Trust", "invitee": None}]
    check_in.forget_match(db, event_id, respondent)
    assert [p["name"] for p in event_attendance(db, event_id)["unsure"]] == ["Priya Natrajan"]
    assert "Priya Natarajan" in [p["name"] for p in register["did_not_attend"]]


def test_a_confirmed_phone_name_of_a_checked_in_invitee_is_one_person(db, event_id):
    check_in.check_in_invitee(db, event_id, token(db, event_id, "Sam Oyelaran"))
    respondent = said_in_room(db, event_id, 1, "Sam Oyelaren")
    assert [c["name"] for c in event_attendance(db, event_id)["unsure"][0]["candidates"]] == ["Sam Oyelaran"]
    check_in.decide_match(db, event_id, respondent, token(db, event_id, "Sam Oyelaran"))
    register = event_attendance(db, event_id)
    assert [(p["name"], p["how"], p["table_number"]) for p in register["took_part"]] == [("Sam Oyelaran", "desk", 1)]


def test_a_decision_about_an_unknown_respondent_or_invitee_is_refused(db, event_id):
    respondent = said_in_room(db, event_id, 1, "Priya Natrajan")
    with pytest.raises(check_in.NotFound):
        check_in.decide_match(db, event_id, "tok-nobody", None)
    with pytest.raises(check_in.NotFound):
        check_in.decide_match(db, event_id, respondent, "no-such-invitee")
    assert store.attendance_matches(db, event_id) == {}
