"""Scoring at a table against a fresh SQLite file: versions, stale and duplicate submissions, voting, nothing partial."""
import pytest

from facilitation import ballots, drafts, store


@pytest.fixture
def table(db, imported):
    """Table 1 of the explicit-assignment event (it scores 'access' and 'people'), with voting open on 'access'."""
    event_id = imported("allocate-explicit.json")
    store.set_voting(db, event_id, "access", "open")
    return ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])


def submission(n=1, base_version=0, criterion="access", **changes):
    """A valid allocate-mode submission for the explicit event's short list (A, B, C, D)."""
    return {"criterion": criterion, "ranking": ["B", "A", "C"], "points": {"A": 3, "B": 7, "C": 0},
            "ruled_out": ["D"], "base_version": base_version, "submission_id": f"submission-{n:04d}",
            "device_id": "phone-1", **changes}


def test_a_ballot_is_stored_as_version_1_with_who_and_when(db, table):
    outcome = ballots.submit(db, table, submission())
    assert outcome.status == "stored" and outcome.ok
    assert outcome.ballot["version"] == 1
    assert outcome.ballot["points"] == {"A": 3, "B": 7, "C": 0} and outcome.ballot["ruled_out"] == ["D"]
    assert outcome.ballot["submitted_by"] == "phone-1" and outcome.ballot["submitted_at"]
    assert store.current_ballots(db, table["id"])["access"] == outcome.ballot


def test_resubmitting_replaces_the_ballot_and_keeps_every_version(db, table):
    ballots.submit(db, table, submission(1))
    second = ballots.submit(db, table, submission(2, base_version=1, points={"A": 10, "B": 0, "C": 0}))
    assert second.status == "stored" and second.ballot["version"] == 2
    history = store.ballot_history(db, table["id"], "access")
    assert [b["version"] for b in history] == [1, 2]
    assert history[0]["points"]["A"] == 3 and history[1]["points"]["A"] == 10
    assert store.current_ballots(db, table["id"])["access"]["version"] == 2


def test_two_phones_from_the_same_base_version_exactly_one_wins(db, table):
    first = ballots.submit(db, table, submission(1))
    second = ballots.submit(db, table, submission(2, points={"A": 0, "B": 10, "C": 0}))
    assert first.status == "stored"
    assert second.status == "stale" and not second.ok
    assert second.ballot == first.ballot  # the current ballot comes back to show
    assert "another phone at your table saved version 1" in second.error
    assert len(store.ballot_history(db, table["id"], "access")) == 1


def test_the_same_submission_id_twice_is_stored_once(db, table):
    first = ballots.submit(db, table, submission(1))
    again = ballots.submit(db, table, submission(1))
    assert again.status == "duplicate" and again.ok
    assert again.ballot == first.ballot
    assert len(store.ballot_history(db, table["id"], "access")) == 1


@pytest.mark.parametrize("state, message", [("waiting", "has not opened yet"), ("closed", "has closed")])
def test_voting_must_be_open(db, table, state, message):
    store.set_voting(db, table["event_id"], "access", state)
    outcome = ballots.submit(db, table, submission())
    assert outcome.status == "voting" and outcome.voting == state
    assert message in outcome.error
    assert store.ballot_history(db, table["id"], "access") == []


def test_a_criterion_the_table_does_not_score_is_refused(db, table):
    store.set_voting(db, table["event_id"], None, "open")
    outcome = ballots.submit(db, table, submission(criterion="safety"))
    assert outcome.status == "problems"
    assert outcome.problems[0].field == "criterion" and "does not score" in outcome.problems[0].message
    assert store.ballot_history(db, table["id"], "safety") == []


def test_a_broken_rule_stores_nothing(db, table):
    outcome = ballots.submit(db, table, submission(points={"A": 3, "B": 6, "C": 0}))
    assert outcome.status == "problems"
    assert [p.field for p in outcome.problems] == ["points"]
    assert store.ballot_history(db, table["id"], "access") == []


def test_an_oversized_submission_is_refused_before_anything_else(db, table):
    outcome = ballots.submit(db, table, submission(device_id="x" * 20_000))
    assert outcome.status == "too_large" and "too large" in outcome.error
    assert store.ballot_history(db, table["id"], "access") == []


def test_table_state_shows_voting_ballot_and_draft(db, table):
    drafts.save_whole(db, table, "people", {"ranking": ["A"], "points": {"A": 4}, "ruled_out": []}, "phone-2")
    stored = ballots.submit(db, table, submission()).ballot
    state = ballots.table_state(db, table)
    assert state["event"]["scoring"]["budget"] == 10
    assert [o["code"] for o in state["options"]] == ["A", "B", "C", "D"]
    by_code = {c["code"]: c for c in state["criteria"]}
    assert list(by_code) == ["access", "people"]
    assert by_code["access"]["voting"] == "open" and by_code["access"]["ballot"] == stored
    assert by_code["people"]["voting"] == "waiting" and by_code["people"]["ballot"] is None
    # The draft as every phone shows it: every option ranked once, with a number each.
    assert by_code["people"]["draft"]["ranking"] == ["A", "B", "C", "D"]
    assert by_code["people"]["draft"]["points"] == {"A": 4, "B": 0, "C": 0, "D": 0}
    assert by_code["people"]["draft"]["updated_by"] == "phone-2" and by_code["people"]["draft"]["revision"] == 1


def test_a_draft_for_a_criterion_the_table_does_not_score_is_refused(db, table):
    outcome = drafts.save_whole(db, table, "safety", {"ranking": []}, "phone-1")
    assert not outcome.ok and outcome.error == 'Not kept: this table does not score the criterion "safety".'
    assert store.drafts(db, table["id"]) == {}


def test_replaced_and_unknown_links_are_told_apart(db, table):
    token = store.get_table(db, table["event_id"], 1)["join_token"]
    store.regenerate_join(db, table["event_id"], 1)
    with pytest.raises(ballots.TableLinkError) as stale:
        ballots.find_table(db, token)
    assert stale.value.stale is True
    with pytest.raises(ballots.TableLinkError) as unknown:
        ballots.find_table(db, "never-issued")
    assert unknown.value.stale is False


def test_opening_every_criterion_at_once(db, table):
    changed = ballots.set_voting(db, table["event_id"], None, "open")
    assert changed == ["access", "safety", "people", "cost"]
    assert set(store.voting_states(db, table["event_id"]).values()) == {"open"}


def test_editing_the_event_cannot_lose_a_stored_ballot(client, signed_in, db, table):
    ballots.submit(db, table, submission())
    definition = store.load_definition(db, table["event_id"])
    definition["scoring"]["budget"] = 12
    from facilitation.web.auth import new_api_token
    response = client.put(f"/api/events/{table['event_id']}", json=definition,
                          headers={"Authorization": f"Bearer {new_api_token(db)}"})
    assert response.status_code == 409
    assert response.get_json()["problems"][0]["path"] == "scoring"
    assert store.load_definition(db, table["event_id"])["scoring"]["budget"] == 10
    assert store.current_ballots(db, table["id"])["access"]["version"] == 1


def test_results_api_equals_the_results_function_over_the_stored_ballots(client, db, table):
    from facilitation.results import event_results
    from facilitation.web.auth import new_api_token

    ballots.submit(db, table, submission(1))
    ballots.submit(db, table, submission(2, base_version=1, points={"A": 1, "B": 9, "C": 0}))
    response = client.get(f"/api/events/{table['event_id']}/results",
                          headers={"Authorization": f"Bearer {new_api_token(db)}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body == event_results(db, table["event_id"])
    # Only the current (second) version counts.
    row = next(r for r in body["matrix"] if r["table"] == 1 and r["criterion"] == "access")
    assert row["cells"] == {"A": 1, "B": 9, "C": 0, "D": "X"} and row["version"] == 2
    assert body["strongest"] == ["B"]
    assert body["progress"]["submitted"] == 1
