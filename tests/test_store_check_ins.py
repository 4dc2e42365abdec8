"""The check-in store against a fresh temporary SQLite file: check-ins, undo, counts, decisions on typed names."""
import json

import pytest

from facilitation import store
from facilitation.domain.event import parse_event

from .conftest import EVENTS_DIR


@pytest.fixture
def fresh(tmp_path):
    """A migrated database in a new file, with one event whose invitees are Ruth Kendrick and Sam Oyelaran."""
    db = store.connect(str(tmp_path / "test.db"))
    store.migrate(db)
    definition = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text(encoding="utf-8"))
    db.event_id = store.create_event(db, parse_event(definition))
    yield db
    db.conn.close()


def tokens(db):
    """The invitees' check-in tokens, in list order."""
    return [person["checkin_token"] for person in store.list_invitees(db, db.event_id)]


def test_every_invitee_has_a_distinct_check_in_token_that_finds_them(fresh):
    ruth, sam = tokens(fresh)
    assert ruth != sam
    assert store.find_invitee_by_checkin_token(fresh, ruth) == {
        "event_id": fresh.event_id, "name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "",
        "checkin_token": ruth}
    assert store.find_invitee_by_checkin_token(fresh, "no-such-token") is None
    assert store.find_invitee_by_checkin_token(fresh, "") is None


def test_a_check_in_is_stored_once_per_invitee(fresh):
    ruth, _ = tokens(fresh)
    row, created = store.add_check_in(fresh, fresh.event_id, ruth, "Ruth Kendrick", "Eastwold Mind", "", "desk")
    assert created and row["how"] == "desk" and row["undone_at"] is None and row["checked_in_at"]
    again, created_again = store.add_check_in(fresh, fresh.event_id, ruth, "Ruth Kendrick", "", "", "badge")
    assert (again, created_again) == (row, False)
    assert store.active_check_ins(fresh, fresh.event_id) == [row]
    assert store.active_check_in(fresh, fresh.event_id, ruth) == row


def test_walk_ins_have_no_invitee_token_and_may_share_a_name(fresh):
    first, _ = store.add_check_in(fresh, fresh.event_id, None, "Alex Morgan", "", "", "walk_in")
    second, created = store.add_check_in(fresh, fresh.event_id, None, "Alex Morgan", "", "", "walk_in")
    assert created and first["id"] != second["id"]
    assert store.check_in_counts(fresh, fresh.event_id) == {"invitees": 0, "walk_ins": 2, "checked_in": 2,
                                                            "invited": 2}


def test_undo_keeps_the_row_and_frees_the_invitee_to_check_in_again(fresh):
    ruth, _ = tokens(fresh)
    row, _ = store.add_check_in(fresh, fresh.event_id, ruth, "Ruth Kendrick", "", "", "desk")
    undone, changed = store.undo_check_in(fresh, fresh.event_id, row["id"])
    assert changed and undone["undone_at"]
    assert store.undo_check_in(fresh, fresh.event_id, row["id"]) == (undone, False)
    assert store.active_check_ins(fresh, fresh.event_id) == []
    again, created = store.add_check_in(fresh, fresh.event_id, ruth, "Ruth Kendrick", "", "", "desk")
    assert created and again["id"] != row["id"]
    assert store.get_check_in(fresh, fresh.event_id, row["id"])["undone_at"] == undone["undone_at"]


def test_an_unknown_check_in_or_one_of_another_event_is_not_found(fresh):
    row, _ = store.add_check_in(fresh, fresh.event_id, None, "Alex", "", "", "walk_in")
    other = store.create_event(fresh, parse_event(json.loads((EVENTS_DIR / "minimal.json").read_text())))
    assert store.undo_check_in(fresh, other, row["id"]) == (None, False)
    assert store.get_check_in(fresh, fresh.event_id, row["id"] + 1) is None
    assert store.check_in_counts(fresh, other)["checked_in"] == 0


def test_counts_follow_check_ins_and_undo(fresh):
    ruth, sam = tokens(fresh)
    for token, name in ((ruth, "Ruth"), (sam, "Sam"), (None, "Alex")):
        store.add_check_in(fresh, fresh.event_id, token, name, "", "", "walk_in" if token is None else "desk")
    row = store.active_check_in(fresh, fresh.event_id, sam)
    store.undo_check_in(fresh, fresh.event_id, row["id"])
    assert store.check_in_counts(fresh, fresh.event_id) == {"invitees": 1, "walk_ins": 1, "checked_in": 2,
                                                            "invited": 2}


def test_a_decision_on_a_typed_name_is_stored_replaced_and_cleared(fresh):
    ruth, _ = tokens(fresh)
    store.set_attendance_match(fresh, fresh.event_id, "respondent-1", ruth)
    store.set_attendance_match(fresh, fresh.event_id, "respondent-2", None)
    assert store.attendance_matches(fresh, fresh.event_id) == {"respondent-1": ruth, "respondent-2": None}
    store.set_attendance_match(fresh, fresh.event_id, "respondent-1", None)
    store.clear_attendance_match(fresh, fresh.event_id, "respondent-2")
    assert store.attendance_matches(fresh, fresh.event_id) == {"respondent-1": None}


def test_deleting_the_event_removes_its_check_ins_and_decisions(fresh):
    store.add_check_in(fresh, fresh.event_id, None, "Alex", "", "", "walk_in")
    store.set_attendance_match(fresh, fresh.event_id, "respondent-1", None)
    store.delete_event(fresh, fresh.event_id)
    assert fresh.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0] == 0
    assert fresh.execute("SELECT COUNT(*) FROM attendance_matches").fetchone()[0] == 0


def test_two_desks_tapping_the_same_invitee_at_once_record_one_check_in(fresh, tmp_path):
    import threading

    ruth, _ = tokens(fresh)
    results, start = [], threading.Barrier(4)

    def desk():
        db = store.connect(str(tmp_path / "test.db"))
        start.wait()
        results.append(store.add_check_in(db, fresh.event_id, ruth, "Ruth Kendrick", "", "", "desk")[1])
        db.conn.close()

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(store.active_check_ins(fresh, fresh.event_id)) == 1
