"""A table's shared draft against a fresh SQLite file: operations merged in order, each id once, refusals change nothing."""
import pytest

from facilitation import ballots, drafts, store
from facilitation.store import draft_ops as store_drafts


@pytest.fixture
def table(db, imported):
    """Table 1 of the explicit-assignment event (it scores 'access' and 'people'; options A, B, C, D; budget 10)."""
    event_id = imported("allocate-explicit.json")
    store.set_voting(db, event_id, "access", "open")
    return ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])


def tap(n, option, delta=1, phone="a"):
    return {"id": f"{phone}-tap-{n:04d}", "op": "add_points", "option": option, "delta": delta}


def send(db, table, *ops, criterion="access", device="phone-a"):
    return drafts.apply(db, table, {"criterion": criterion, "ops": list(ops), "device_id": device})


def test_two_phones_taps_both_count_and_each_change_counts_up_the_revision(db, table):
    first = send(db, table, tap(1, "A"), tap(2, "A"), device="phone-a")
    second = send(db, table, tap(1, "C", phone="b"), tap(2, "C", phone="b"), tap(3, "A", phone="b"), device="phone-b")
    assert first.ok and first.changed and first.draft["revision"] == 1
    assert second.draft["points"] == {"A": 3, "B": 0, "C": 2, "D": 0}
    assert second.draft["revision"] == 2 and second.draft["updated_by"] == "phone-b"
    assert second.ack()["applied"] == ["b-tap-0001", "b-tap-0002", "b-tap-0003"]
    stored = store.drafts(db, table["id"])["access"]
    assert stored == second.draft
    assert set(stored) == {"ranking", "points", "ruled_out", "updated_at", "updated_by", "revision"}


def test_an_operation_sent_again_is_applied_once(db, table):
    send(db, table, tap(1, "B"), tap(2, "B"))
    again = send(db, table, tap(2, "B"), tap(3, "B"))
    assert again.ack()["duplicate"] == ["a-tap-0002"] and again.ack()["applied"] == ["a-tap-0003"]
    assert store.drafts(db, table["id"])["access"]["points"]["B"] == 3
    nothing_new = send(db, table, tap(1, "B"), tap(3, "B"))
    assert not nothing_new.changed and nothing_new.draft["revision"] == 2
    assert [entry["op_id"] for entry in store_drafts.op_log(db, table["id"], "access")] == [
        "a-tap-0001", "a-tap-0002", "a-tap-0003"]


def test_a_refused_operation_changes_nothing_and_says_why_while_the_rest_of_its_batch_lands(db, table):
    send(db, table, {"id": "set-0000001", "op": "set_points", "option": "A", "value": 10})
    outcome = send(db, table, tap(1, "B"), {"id": "out-0000001", "op": "rule_out", "option": "E"},
                   {"id": "move-000001", "op": "move", "option": "D", "to_index": 0}, device="phone-b")
    ack = outcome.ack()
    assert ack["applied"] == ["move-000001"]
    assert ack["refused"] == [
        {"id": "a-tap-0001", "error": "no points left to give; take some from another option first"},
        {"id": "out-0000001", "error": '"E" is not an option on the short list'}]
    assert ack["draft"]["ranking"] == ["D", "A", "B", "C"] and ack["draft"]["points"]["B"] == 0
    # A refused id is answered for good: sent again, it is not tried again even once there is room.
    send(db, table, tap(9, "A", delta=-1))
    assert send(db, table, tap(1, "B")).ack()["duplicate"] == ["a-tap-0001"]
    assert store.drafts(db, table["id"])["access"]["points"]["B"] == 0


@pytest.mark.parametrize("message, words", [
    ("text", "the changes must be an object"),
    ({"criterion": "safety", "ops": [tap(1, "A")]}, 'this table does not score the criterion "safety"'),
    ({"criterion": 3, "ops": [tap(1, "A")]}, "say which criterion"),
    ({"criterion": "access", "ops": []}, "send the changes as a list"),
    ({"criterion": "access", "ops": [{"op": "add_points", "option": "A", "delta": 1}]}, "change 1 needs an id"),
    ({"criterion": "access", "ops": [tap(1, "A")], "device_id": "a phone"}, "the device id must be"),
    ({"criterion": "access", "ops": [tap(1, "A")], "device_id": "x" * 20_000}, "too many changes at once"),
], ids=["not an object", "another table's criterion", "no criterion", "no changes", "no id", "bad device", "too large"])
def test_a_message_that_cannot_be_taken_changes_nothing(db, table, message, words):
    outcome = drafts.apply(db, table, message)
    assert not outcome.ok and words in outcome.error and outcome.error.startswith("Not kept: ")
    assert outcome.ack() == {"ok": False, "error": outcome.error}
    assert store.drafts(db, table["id"]) == {}
    assert store_drafts.op_log(db, table["id"], "access") == []


def test_before_any_draft_the_changes_apply_to_the_tables_ballot(db, table):
    ballot = ballots.submit(db, table, {"criterion": "access", "ranking": ["B", "A", "C"], "points": {"A": 3, "B": 7, "C": 0},
                                        "ruled_out": ["D"], "base_version": 0, "submission_id": "submission-0001"})
    assert ballot.ok
    outcome = send(db, table, tap(1, "A", delta=-1), tap(2, "C"))
    assert outcome.draft["ranking"] == ["B", "A", "C"] and outcome.draft["ruled_out"] == ["D"]
    assert outcome.draft["points"] == {"A": 2, "B": 7, "C": 1}


def test_refused_changes_before_any_draft_leave_the_table_without_one(db, table):
    outcome = send(db, table, tap(1, "A", delta=-1))
    assert outcome.ok and outcome.draft is None and not outcome.changed
    assert store.drafts(db, table["id"]) == {}


def test_a_whole_draft_from_an_older_page_sets_every_field(db, table):
    send(db, table, tap(1, "A"), tap(2, "A"))
    outcome = drafts.save_whole(db, table, "access", {"ranking": ["C", "B"], "points": {"C": 6, "B": 4}, "ruled_out": ["A"]},
                                "phone-old")
    assert outcome.ok and outcome.draft["points"] == {"C": 6, "B": 4, "D": 0}
    assert outcome.draft["ranking"] == ["C", "B", "D"] and outcome.draft["ruled_out"] == ["A"]
    assert outcome.draft["updated_by"] == "phone-old"


def test_the_migration_gives_existing_drafts_revision_0(tmp_path):
    from facilitation.domain.event_file import read_event_file

    from .conftest import EVENTS_DIR

    db = store.connect(str(tmp_path / "old.db"))
    store.migrate(db, target=6)  # before migration 7 gave drafts their revision
    # Today's create_event writes the columns migrations 10 and 11 add; the test stops at 9, so they are made here.
    db.executescript("ALTER TABLE options ADD COLUMN family TEXT;"
                     " ALTER TABLE events ADD COLUMN programme TEXT NOT NULL DEFAULT '[]';"
                     " ALTER TABLE events ADD COLUMN stakeholder_groups TEXT NOT NULL DEFAULT '[]';"
                     " ALTER TABLE events ADD COLUMN paper TEXT NOT NULL DEFAULT '{}';"
                     " ALTER TABLE invitees ADD COLUMN stakeholder_group TEXT NOT NULL DEFAULT '';"
                     " ALTER TABLE invitees ADD COLUMN checkin_token TEXT;")
    event_id = store.create_event(db, read_event_file((EVENTS_DIR / "minimal.json").read_bytes()))
    table = store.get_table(db, event_id, 1)
    with store.transaction(db):
        db.conn.execute(
            "INSERT INTO drafts (table_id, criterion_id, content, updated_at, updated_by)"
            " SELECT ?, id, '{\"ranking\": [\"2\"], \"points\": {\"2\": 4}, \"ruled_out\": []}', '2025-03-14T10:00:00Z', 'old'"
            " FROM criteria WHERE event_id = ?", [table["id"], event_id])
    store.migrate(db, target=9)
    assert store.drafts(db, table["id"])["access"] == {
        "ranking": ["2"], "points": {"2": 4}, "ruled_out": [], "updated_at": "2025-03-14T10:00:00Z",
        "updated_by": "old", "revision": 0}
    outcome = drafts.apply(db, ballots.find_table(db, table["join_token"]),
                           {"criterion": "access", "ops": [tap(1, "1")], "device_id": "new"})
    assert outcome.draft["points"] == {"2": 4, "1": 1} and outcome.draft["revision"] == 1
    db.conn.close()
