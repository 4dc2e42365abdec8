"""Table notes and the event's close against a fresh SQLite file: notes stored with each ballot version, read back
by event_notes in the contract's shape and exported neutralised; every write the close locks refuses plainly and
changes nothing, and what stays open after the day (weights) still works."""
import csv
import io

import pytest

from facilitation import answers, ballots, closing, definitions, exports, notes, store, surveys, weights
from facilitation.domain.closing import EventClosed
from facilitation.domain.confidence import AnswerError
from facilitation.domain.survey import SurveyRefusal


@pytest.fixture
def event_id(db, imported):
    """The explicit-assignment event with voting open on every criterion."""
    event_id = imported("allocate-explicit.json")
    store.set_voting(db, event_id, None, "open")
    return event_id


def table(db, event_id, number):
    """A table as the services get it from its join link."""
    return ballots.find_table(db, store.get_table(db, event_id, number)["join_token"])


def submit(db, event_id, number, criterion, n, notes_text=None, base_version=0):
    """Submit a valid ballot (with notes when given) for a table and criterion."""
    data = {"criterion": criterion, "ranking": ["B", "A", "C", "D"], "points": {"A": 3, "B": 5, "C": 2, "D": 0},
            "ruled_out": [], "base_version": base_version, "submission_id": f"notes-{number}-{criterion}-{n:04d}"}
    if notes_text is not None:
        data["notes"] = notes_text
    return ballots.submit(db, table(db, event_id, number), data)


def test_notes_are_stored_with_each_version_and_editable_alone_until_voting_closes(db, event_id):
    first = submit(db, event_id, 1, "access", 1, "  Nearest for most people.\r\nBuses are poor.  ")
    assert first.status == "stored" and first.ballot["notes"] == "Nearest for most people.\nBuses are poor."
    # The same points with new notes: a new version, as with points.
    second = submit(db, event_id, 1, "access", 2, "Nearest for most people.", base_version=1)
    assert second.status == "stored" and second.ballot["version"] == 2
    assert second.ballot["points"] == first.ballot["points"]
    tid = table(db, event_id, 1)["id"]
    assert [b["notes"] for b in store.ballot_history(db, tid, "access")] == [
        "Nearest for most people.\nBuses are poor.", "Nearest for most people."]
    assert store.current_ballots(db, tid)["access"]["notes"] == "Nearest for most people."
    assert store.event_ballots(db, event_id)[(1, "access")]["notes"] == "Nearest for most people."
    store.set_voting(db, event_id, "access", "closed")
    late = submit(db, event_id, 1, "access", 3, "Changed my mind", base_version=2)
    assert late.status == "voting"
    assert store.current_ballots(db, tid)["access"]["notes"] == "Nearest for most people."


def test_notes_too_long_store_nothing(db, event_id):
    outcome = submit(db, event_id, 1, "access", 1, "n" * 601)
    assert outcome.status == "problems" and outcome.problems[0].field == "notes"
    assert store.event_ballots(db, event_id) == {}


def test_event_notes_has_every_criterion_and_only_current_non_empty_notes_in_table_order(db, event_id):
    submit(db, event_id, 4, "access", 1, "Commissioners: affordable.")
    submit(db, event_id, 1, "access", 1, "Carers: closest.")
    submit(db, event_id, 1, "people", 1, "")
    submit(db, event_id, 3, "people", 1, "Old words")
    submit(db, event_id, 3, "people", 2, "", base_version=1)
    found = notes.event_notes(db, event_id)
    assert list(found) == ["access", "safety", "people", "cost"]
    assert [(n["table"], n["name"], n["notes"]) for n in found["access"]] == [
        (1, "Service users and carers", "Carers: closest."), (4, "Commissioners", "Commissioners: affordable.")]
    assert set(found["access"][0]) == {"table", "name", "notes", "submitted_at"} and found["access"][0]["submitted_at"]
    assert found["people"] == [] and found["safety"] == [] and found["cost"] == []


def test_the_notes_export_lists_each_note_once_with_formulas_neutralised(db, event_id):
    submit(db, event_id, 2, "safety", 1, "=HYPERLINK(\"http://x\")\nsecond line")
    submit(db, event_id, 5, "cost", 1, "@cheapest")
    table_notes = exports.build_tables(db, event_id, names=("notes",))[0]
    assert table_notes.columns == ["criterion", "working title", "table", "table name", "notes", "submitted at"]
    rows = [row[:5] for row in table_notes.rows]
    working = {c["code"]: c["working_title"] for c in store.list_criteria(db, event_id)}
    assert rows == [["safety", working["safety"], 2, "Clinicians", "'=HYPERLINK(\"http://x\")\nsecond line"],
                    ["cost", working["cost"], 5, None, "'@cheapest"]]
    text = exports.csv_bytes(table_notes).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][4] == "'=HYPERLINK(\"http://x\")\nsecond line"
    history = exports.build_tables(db, event_id, names=("ballot-history",))[0]
    assert history.columns[-1] == "notes" and history.rows[0][-1] == "'=HYPERLINK(\"http://x\")\nsecond line"


def test_a_closed_event_refuses_every_locked_write_and_changes_nothing(db, event_id):
    submit(db, event_id, 1, "access", 1, "Before the close")
    stamp = closing.close_event(db, event_id)
    message = str(pytest.raises(EventClosed, closing.check_open, db, event_id).value)
    assert message.startswith("This event was closed at ") and "Only the facilitator can reopen it" in message
    before = (store.event_ballots(db, event_id), store.load_definition(db, event_id), store.get_event(db, event_id))

    outcome = submit(db, event_id, 1, "access", 2, "After", base_version=1)
    assert outcome.status == "closed" and outcome.error == message
    assert ballots.ballot_ack(outcome) == {"ok": False, "error": message, "closed": True}
    with pytest.raises(EventClosed):
        ballots.set_voting(db, event_id, "access", "open")
    with pytest.raises(AnswerError) as phase:
        answers.open_phase(db, event_id, "B")
    assert phase.value.problems[0].message == message
    with pytest.raises(SurveyRefusal) as survey:
        surveys.change(db, event_id, "open")
    assert str(survey.value) == f"{message} Nothing changed."
    with pytest.raises(EventClosed):
        definitions.replace_definition(db, event_id, {**store.load_definition(db, event_id), "title": "Renamed"})
    room = answers.submit_room(db, table(db, event_id, 1), {"respondent": "r" * 20, "submission_id": "answer-01",
                                                           "confidence": "more", "would_help": "", "risks": []})
    assert room.status == "closed" and room.error == message
    with pytest.raises(AnswerError):
        answers.register(db, event_id, "room", {"respondent": "r" * 20, "name": "Late"})
    assert (store.event_ballots(db, event_id), store.load_definition(db, event_id),
            store.get_event(db, event_id)) == before
    assert store.event_respondents(db, event_id) == []
    # Closing voting is not an edit: it stays possible, as analysis after the day (weights) does.
    ballots.set_voting(db, event_id, "access", "closed")
    weights.set_weights(db, event_id, {"weights": {"access": 2}})
    assert store.get_event(db, event_id)["closed"] == stamp


def test_reopening_unlocks_but_opens_nothing_by_itself(db, event_id):
    closing.close_event(db, event_id)
    closing.reopen_event(db, event_id)
    assert closing.closed(db, event_id) is None and closing.closed_words(db, event_id) == ""
    assert set(store.voting_states(db, event_id).values()) == {"closed"}
    assert submit(db, event_id, 1, "access", 1).status == "voting"
    ballots.set_voting(db, event_id, "access", "open")
    assert submit(db, event_id, 1, "access", 2, "Reopened").status == "stored"
    assert [e["closed"] for e in store.list_events(db) if e["id"] == event_id] == [None]
