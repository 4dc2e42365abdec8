"""New people per link per minute: a table's card and the shared survey link, through the service (real SQLite)."""
import datetime
import sqlite3

import pytest

from facilitation import answers, ballots, store
from facilitation.domain import link_limits
from facilitation.domain.confidence import AnswerError

from .web.test_survey import reopen_survey


@pytest.fixture
def event_id(app, db, imported):
    """The explicit event with its survey open for a day and the questions open about B; inside the app (limits apply)."""
    event_id = imported("allocate-explicit.json")
    reopen_survey(db, event_id, datetime.timedelta(days=1))
    answers.open_phase(db, event_id, "B")
    with app.app_context():
        yield event_id


def person(n, prefix="limit-person"):
    """One person's answers, with their own answer key."""
    return {"respondent": f"{prefix}-{n:08d}", "submission_id": f"send-{prefix}-{n:08d}", "confidence": "more",
            "risks": []}


def table(db, event_id, number=1):
    """A table as the phones' messages find it."""
    return ballots.find_table(db, store.get_table(db, event_id, number)["join_token"])


def age(app, seconds):
    """Make every respondent seem to have arrived this many seconds earlier (the window is a rolling minute)."""
    with sqlite3.connect(app.config["DATABASE"]) as connection:
        for row_id, created in connection.execute("SELECT id, created_at FROM respondents").fetchall():
            earlier = datetime.datetime.fromisoformat(created) - datetime.timedelta(seconds=seconds)
            connection.execute("UPDATE respondents SET created_at = ? WHERE id = ?",
                               [earlier.isoformat(timespec="milliseconds"), row_id])


def test_a_table_link_adds_at_most_30_people_a_minute_and_never_limits_someone_answering_again(app, db, event_id):
    limit = link_limits.NEW_PER_MINUTE["room"]
    first = table(db, event_id)
    assert all(answers.submit_room(db, first, person(n)).ok for n in range(limit))
    refused = answers.submit_room(db, first, person(limit))
    assert refused.status == "too_many" and refused.ack() == {
        "ok": False, "status": "too_many",
        "error": "Too many people have joined through this link in the last minute; please wait a moment and try again."}
    assert len(store.event_respondents(db, event_id)) == limit  # nothing of the refused person was kept
    # Someone already answering changes their answers as often as they like.
    again = answers.submit_room(db, first, {**person(0), "submission_id": "send-again-00000", "confidence": "less"})
    assert again.ok and again.answers["version"] == 2
    # Another table's card has its own count; giving a name is a new person too, and is limited the same.
    assert answers.submit_room(db, table(db, event_id, 2), person(0, "other-table")).ok
    with pytest.raises(AnswerError, match="many people have joined through this link"):
        answers.register(db, event_id, "room", {"respondent": "limit-name-only-0001", "name": "Ann"}, table_number=1)
    assert answers.register(db, event_id, "room", {**person(1), "name": "Ann"}, table_number=1)["name"] == "Ann"
    # A minute on, the link takes new people again.
    age(app, 61)
    assert answers.submit_room(db, first, person(limit)).ok


def test_the_shared_survey_link_adds_at_most_60_a_minute_and_personal_links_are_not_counted(app, db, event_id):
    limit = link_limits.NEW_PER_MINUTE["survey"]
    assert all(answers.submit_survey(db, event_id, person(n)).ok for n in range(limit))
    refused = answers.submit_survey(db, event_id, person(limit))
    assert refused.status == "too_many" and "please wait a moment" in refused.error
    # An invitee's personal link is their one answer sheet: never refused by the shared link's count.
    invitee_token = db.execute("SELECT survey_token FROM invitees WHERE event_id = ? LIMIT 1", [event_id]).fetchone()[0]
    assert answers.submit_survey(db, event_id, {**person(0), "respondent": invitee_token}).ok
    assert answers.submit_survey(db, event_id, {**person(1), "submission_id": "send-again-00001"}).ok
    # The room's tables are counted apart from the survey.
    assert answers.submit_room(db, table(db, event_id), person(0, "room-person")).ok
    assert len([p for p in store.event_respondents(db, event_id) if p["source"] == "survey"]) == limit + 1


def test_a_lower_limit_can_be_set_for_the_app(app, db, event_id):
    app.config["NEW_RESPONDENTS_PER_MINUTE"] = {"room": 2, "survey": 1}
    first = table(db, event_id)
    assert [answers.submit_room(db, first, person(n)).status for n in range(3)] == ["stored", "stored", "too_many"]
    assert [answers.submit_survey(db, event_id, person(n, "survey-person")).status for n in range(2)] == ["stored", "too_many"]
