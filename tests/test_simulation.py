"""Rehearsal: plausible ballots that pass every rule, submitted through the phones' path."""
import random
import time

import pytest

from facilitation import simulation, store
from facilitation.domain.ballot import check_ballot
from facilitation.domain.simulation import plausible_ballot

SETTINGS = [
    {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
    {"mode": "allocate", "budget": 20, "rank_first": False, "allow_rule_out": False},
    {"mode": "score", "budget": 10, "rank_first": True, "allow_rule_out": True},
    {"mode": "score", "budget": 10, "rank_first": False, "allow_rule_out": False},
]


@pytest.mark.parametrize("scoring", SETTINGS, ids=lambda s: f"{s['mode']}-{s['budget']}-{s['allow_rule_out']}")
@pytest.mark.parametrize("shortlist", [["A", "B"], ["1", "2", "3a", "3b", "4a", "4b"]], ids=["2", "6"])
def test_plausible_ballots_obey_every_rule(scoring, shortlist):
    rng = random.Random(7)
    for i in range(300):
        leaning = {code: rng.uniform(0.2, 3.0) for code in shortlist}
        content = plausible_ballot(rng, scoring, shortlist, leaning)
        check_ballot({**content, "criterion": "c", "base_version": 0, "submission_id": f"sim-{i:06d}"},
                     scoring=scoring, shortlist=shortlist)


def test_a_rehearsal_has_every_table_submit_every_criterion(app, db, imported):
    event_id = imported("allocate-explicit.json")
    simulation.simulate(app, event_id, duration=0, seed=1)
    assert set(store.voting_states(db, event_id).values()) == {"open"}
    tables = store.list_tables(db, event_id)
    ballots = store.event_ballots(db, event_id)
    assert set(ballots) == {(t["number"], code) for t in tables for code in t["criteria"]}
    assert {b["submitted_by"] for b in ballots.values()} == {"rehearsal"}


def test_the_control_room_button_rehearses_demo_events_only(app, signed_in, db, imported):
    from .conftest import Auth

    app.config["REHEARSAL_SECONDS"] = 0
    real = imported("allocate-explicit.json")
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{real}")
    response = signed_in.post(f"/facilitator/events/{real}/simulate", data={"csrf_token": csrf},
                              follow_redirects=True)
    assert "demo events only" in response.get_data(as_text=True)
    assert store.event_ballots(db, real) == {}

    from facilitation.cli import demo_definition
    demo = store.create_event(db, demo_definition(), demo=True)
    signed_in.post(f"/facilitator/events/{demo}/simulate", data={"csrf_token": csrf})
    expected = sum(len(t["criteria"]) for t in store.list_tables(db, demo))
    deadline = time.monotonic() + 20
    while len(store.event_ballots(db, demo)) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(store.event_ballots(db, demo)) == expected


@pytest.mark.parametrize("mood", range(5))
def test_plausible_answers_obey_every_rule(mood):
    from facilitation.domain.confidence import check_answers
    from facilitation.domain.simulation import plausible_answers

    rng = random.Random(mood)
    for _ in range(200):
        check_answers(plausible_answers(rng, [1, 2, 3], mood), theme_ids={1, 2, 3}, phase_open=True)


def test_a_confidence_rehearsal_has_delegates_at_every_table_answer(app, db, imported):
    from facilitation import answers

    event_id = imported("allocate-explicit.json")
    answers.open_phase(db, event_id, "B")
    simulation.simulate_answers(app, event_id, duration=0, seed=1, per_table=3)
    people = store.event_respondents(db, event_id)
    assert len(people) == 3 * len(store.list_tables(db, event_id))
    assert {p["table_number"] for p in people} == {t["number"] for t in store.list_tables(db, event_id)}


def test_the_confidence_rehearsal_button_needs_a_demo_event_with_the_questions_open(app, signed_in, db, imported):
    from facilitation import answers
    from facilitation.cli import demo_definition

    from .conftest import Auth

    app.config["REHEARSAL_SECONDS"] = 0
    real = imported("allocate-explicit.json")
    answers.open_phase(db, real, "B")
    csrf = Auth(signed_in).csrf_token(f"/facilitator/events/{real}")
    refused = signed_in.post(f"/facilitator/events/{real}/simulate-answers", data={"csrf_token": csrf},
                             follow_redirects=True)
    assert "demo events only" in refused.get_data(as_text=True) and store.event_respondents(db, real) == []
    demo = store.create_event(db, demo_definition(), demo=True)
    closed = signed_in.post(f"/facilitator/events/{demo}/simulate-answers", data={"csrf_token": csrf},
                            follow_redirects=True)
    assert "Open the confidence questions first" in closed.get_data(as_text=True)
    answers.open_phase(db, demo, store.option_codes(db, demo)["shortlisted"][0])
    signed_in.post(f"/facilitator/events/{demo}/simulate-answers", data={"csrf_token": csrf})
    deadline = time.monotonic() + 20
    while len(store.event_respondents(db, demo)) < 6 * len(store.list_tables(db, demo)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(store.event_respondents(db, demo)) == 6 * len(store.list_tables(db, demo))
