"""Moderation against a real SQLite file: bulk moves and hiding, merges and their undo, the queue of new comments.

Every change is whole or nothing; undo restores exactly what the change did, and refuses in plain words once it no
longer applies.
"""
import uuid

import pytest

from facilitation import answers, ballots, moderation, store
from facilitation.store import moderation as store_moderation
from facilitation.domain.confidence import OTHER, AnswerError
from facilitation.domain.moderation_list import parse_filters

FILTERS = parse_filters({})


@pytest.fixture
def event_id(db, imported):
    """The explicit-assignment event (themes: staffing, premises, joining up), asking about B."""
    event_id = imported("allocate-explicit.json")
    answers.open_phase(db, event_id, "B")
    return event_id


def theme(db, event_id, name):
    """A theme's id by the start of its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(name))


def answer(db, event_id, n, risks, would_help="", table=1):
    """Person n answers from a table: risks as [(text, theme name start or 'other')]."""
    found = ballots.find_table(db, store.get_table(db, event_id, table)["join_token"])
    outcome = answers.submit_room(db, found, {
        "respondent": f"moderation-person-{n:06d}", "submission_id": uuid.uuid4().hex,
        "confidence": "more", "would_help": would_help,
        "risks": [{"text": text, "theme": OTHER if start == OTHER else theme(db, event_id, start)}
                  for text, start in risks]})
    assert outcome.ok, outcome


def state(db, event_id):
    """Everything moderation can change: themes (id, name, order), every risk, hiding, and merges."""
    people = store.event_respondents(db, event_id)
    return (store.list_themes(db, event_id), store.theme_merges(db, event_id),
            sorted((r["id"], r["text"], r["theme"], r["chosen_theme"], r["hidden"]) for p in people for r in p["risks"]),
            sorted((p["id"], p["would_help_hidden"]) for p in people))


def risk_ids(db, event_id, text=None):
    """The ids of every risk (with this text)."""
    return [r["id"] for p in store.event_respondents(db, event_id) for r in p["risks"] if text in (None, r["text"])]


@pytest.fixture
def answered(db, event_id):
    """Twelve people: premises risks (some alike), staffing risks, one under Other, and what would help."""
    for n in range(6):
        answer(db, event_id, n, [("Too few rooms" + "." * (n % 2), "Prem"), (f"Rota gap {n}", "Staff")],
               would_help="A clear timetable")
    for n in range(6, 12):
        answer(db, event_id, n, [("Lease costs", "Prem"), ("Something else", OTHER)])
    return event_id


def test_undo_of_a_merge_restores_both_themes_and_exactly_the_risks_that_moved(db, answered):
    event_id = answered
    premises, staffing = theme(db, event_id, "Prem"), theme(db, event_id, "Staff")
    before = state(db, event_id)
    label, moved = moderation.merge(db, event_id, premises, staffing)
    assert (label, moved) == ("merged Premises into Staffing out of hours", 12)
    assert store.theme_merges(db, event_id) == {premises: staffing}
    # A risk raised under Staffing after the merge is not one that moved: it stays.
    answer(db, event_id, 20, [("Night cover", "Staff")])
    [action] = store_moderation.actions(db, event_id, 5)
    assert moderation.undo(db, event_id, action["id"]) == label
    themes, merges, risks, helps = state(db, event_id)
    assert (themes, merges, helps) == (before[0], {}, before[3] + [(helps[-1][0], False)])
    assert [r for r in risks if r[1] != "Night cover"] == before[2]
    assert [r[2] for r in risks if r[1] == "Night cover"] == [staffing]
    assert store_moderation.actions(db, event_id, 5) == []
    # A phone still offering the old theme is no longer redirected: its risk goes under Premises again.
    answer(db, event_id, 21, [("Parking", "Prem")])
    assert [r[2] for r in state(db, event_id)[2] if r[1] == "Parking"] == [premises]


def test_a_merge_is_undone_on_the_database_file_a_restarted_server_reads(app, db, answered):
    event_id = answered
    premises, staffing = theme(db, event_id, "Prem"), theme(db, event_id, "Staff")
    before = state(db, event_id)
    moderation.merge(db, event_id, premises, staffing)
    again = store.connect(app.config["DATABASE"])       # another connection, as after a restart
    try:
        [action] = store_moderation.actions(again, event_id, 5)
        moderation.undo(again, event_id, action["id"])
    finally:
        again.conn.close()
    assert state(db, event_id) == before


def test_undo_of_a_merge_into_a_theme_merged_again_later_restores_the_chain(db, answered):
    event_id = answered
    premises, staffing, joining = theme(db, event_id, "Prem"), theme(db, event_id, "Staff"), theme(db, event_id, "Join")
    before = state(db, event_id)
    moderation.merge(db, event_id, premises, staffing)
    moderation.merge(db, event_id, staffing, joining)
    assert store.theme_merges(db, event_id) == {premises: joining, staffing: joining}
    latest, first = store_moderation.actions(db, event_id, 5)
    with pytest.raises(AnswerError, match="has since been merged or removed; undo that first"):
        moderation.undo(db, event_id, first["id"])
    moderation.undo(db, event_id, latest["id"])
    assert store.theme_merges(db, event_id) == {premises: staffing}
    moderation.undo(db, event_id, first["id"])
    assert state(db, event_id) == before


@pytest.mark.parametrize("since, words", [
    (lambda db, e: answers.add_theme(db, e, "premises"), "there is a theme called “Premises” again"),
    (lambda db, e: moderation.move(db, e, risk_ids(db, e, "Lease costs")[:2], OTHER),
     "2 risks of those moved have been moved again since"),
])
def test_undo_of_a_merge_that_no_longer_applies_is_refused_and_changes_nothing(db, answered, since, words):
    event_id = answered
    moderation.merge(db, event_id, theme(db, event_id, "Prem"), theme(db, event_id, "Staff"))
    merge_action = store_moderation.actions(db, event_id, 5)[0]
    since(db, event_id)
    before = state(db, event_id)
    with pytest.raises(AnswerError, match=words):
        moderation.undo(db, event_id, merge_action["id"])
    assert state(db, event_id) == before


def test_renaming_the_theme_merged_into_does_not_stop_undo(db, answered):
    event_id = answered
    premises, staffing = theme(db, event_id, "Prem"), theme(db, event_id, "Staff")
    moderation.merge(db, event_id, premises, staffing)
    answers.rename_theme(db, event_id, staffing, "Staff")
    moderation.undo(db, event_id, store_moderation.actions(db, event_id, 5)[0]["id"])
    assert [t["name"] for t in store.list_themes(db, event_id)] == ["Staff", "Premises", "Joining up with the police and ambulance service"]


def test_undo_skips_risks_their_writers_removed_and_refuses_twice(db, answered):
    event_id = answered
    moderation.merge(db, event_id, theme(db, event_id, "Prem"), theme(db, event_id, "Staff"))
    answer(db, event_id, 0, [])                          # person 0 takes back their risks
    action = store_moderation.actions(db, event_id, 5)[0]
    moderation.undo(db, event_id, action["id"])
    assert len(risk_ids(db, event_id)) == 22
    with pytest.raises(AnswerError, match="already been undone"):
        moderation.undo(db, event_id, action["id"])
    with pytest.raises(AnswerError, match="no such change"):
        moderation.undo(db, event_id, 99999)


def test_bulk_move_and_its_undo(db, answered):
    event_id = answered
    staffing = theme(db, event_id, "Staff")
    before = state(db, event_id)
    chosen = risk_ids(db, event_id, "Lease costs") + risk_ids(db, event_id, "Something else")[:2]
    assert moderation.move(db, event_id, chosen, staffing) == "moved 8 risks to Staffing out of hours"
    assert {r[2] for r in state(db, event_id)[2] if r[0] in chosen} == {staffing}
    moderation.undo(db, event_id, store_moderation.actions(db, event_id, 5)[0]["id"])
    assert state(db, event_id) == before


def test_bulk_hide_and_show_with_what_would_help_and_their_undo(db, answered):
    event_id = answered
    people = [p["id"] for p in store.event_respondents(db, event_id) if p["would_help"]]
    rooms = risk_ids(db, event_id, "Too few rooms")
    before = state(db, event_id)
    assert moderation.hide(db, event_id, rooms, people[:2], True) == "hid 5 comments from the projector"
    assert moderation.hide(db, event_id, rooms[:1], [], False) == "showed “Too few rooms” on the projector again"
    shown_again, hidden = store_moderation.actions(db, event_id, 5)
    with pytest.raises(AnswerError, match="1 comment of those have been shown again since"):
        moderation.undo(db, event_id, hidden["id"])
    moderation.undo(db, event_id, shown_again["id"])
    moderation.undo(db, event_id, hidden["id"])
    assert state(db, event_id) == before


@pytest.mark.parametrize("change, words", [
    (lambda db, e, ids: moderation.move(db, e, ids + [99999], OTHER), "there is no such risk in this event \\(number 99999\\)"),
    (lambda db, e, ids: moderation.move(db, e, ids + [99998, 99999], OTHER), "2 of the chosen risks are not in this event"),
    (lambda db, e, ids: moderation.move(db, e, ids, 99999), "that theme does not exist"),
    (lambda db, e, ids: moderation.move(db, e, [], OTHER), "choose at least one risk"),
    (lambda db, e, ids: moderation.hide(db, e, ids, [99999], True), "no such comment"),
    (lambda db, e, ids: moderation.hide(db, e, [], [], True), "choose at least one comment to hide"),
    (lambda db, e, ids: moderation.merge(db, e, theme(db, e, "Prem"), 99999), "that theme does not exist"),
    (lambda db, e, ids: moderation.merge(db, e, theme(db, e, "Prem"), theme(db, e, "Prem")), "different theme"),
])
def test_a_bad_id_refuses_the_whole_change(db, imported, answered, change, words):
    event_id = answered
    other_event = imported("allocate-explicit.json")       # another event's risk is no more this event's than 99999
    answers.open_phase(db, other_event, "B")
    answer(db, other_event, 50, [("Elsewhere", "Prem")])
    ids = risk_ids(db, event_id, "Lease costs")
    before = state(db, event_id), store_moderation.actions(db, event_id, 5)
    with pytest.raises(AnswerError, match=words):
        change(db, event_id, ids)
    with pytest.raises(AnswerError, match="no such risk"):
        moderation.move(db, event_id, ids + risk_ids(db, other_event), OTHER)
    assert (state(db, event_id), store_moderation.actions(db, event_id, 5)) == before


def test_what_is_new_since_the_facilitator_last_looked(db, answered):
    event_id = answered
    first = moderation.page(db, event_id, FILTERS)
    assert first["new_count"] == 24 + 6 and first["seen"] is None       # never looked: everything is new
    moderation.mark_seen(db, event_id, first["newest"])
    assert moderation.page(db, event_id, FILTERS)["new_count"] == 0
    answer(db, event_id, 30, [("Lift broken", "Prem")], would_help="More time")
    # Person 3 sends again, changing one risk: the unchanged one keeps its id and is not new again.
    kept = risk_ids(db, event_id, "Too few rooms.")
    answer(db, event_id, 3, [("Too few rooms.", "Prem"), ("Rota gap three", "Staff")])
    assert set(kept) <= set(risk_ids(db, event_id))
    later = moderation.page(db, event_id, parse_filters({"new": "1"}))
    assert later["new_count"] == 3
    assert [row["text"] for section in later["themes"] for row in section["rows"]] == ["Rota gap three", "Lift broken"]
    assert [row["text"] for row in later["would_help"]] == ["More time"]
    # Marking is only ever forwards, and a moment from the future counts as now.
    moderation.mark_seen(db, event_id, first["newest"])
    assert moderation.page(db, event_id, FILTERS)["new_count"] == 3
    moderation.mark_seen(db, event_id, "2999-01-01T00:00:00+00:00")
    assert moderation.page(db, event_id, FILTERS)["new_count"] == 0
    answer(db, event_id, 31, [("Stairs", "Prem")])
    assert moderation.page(db, event_id, FILTERS)["new_count"] == 1
    with pytest.raises(AnswerError, match="not understood"):
        moderation.mark_seen(db, event_id, "yesterday")


def test_a_new_theme_never_takes_the_id_of_a_merged_one(db, answered):
    event_id = answered
    joining, staffing = theme(db, event_id, "Join"), theme(db, event_id, "Staff")
    moderation.merge(db, event_id, joining, staffing)          # the highest id
    added = answers.add_theme(db, event_id, "Travel")
    assert added["id"] > joining
    moderation.undo(db, event_id, store_moderation.actions(db, event_id, 5)[0]["id"])
    assert theme(db, event_id, "Join") == joining
