"""Rehearsal: simulated tables submit plausible ballots, and simulated delegates answer the confidence questions,
over a minute or two, through the same services as real phones (which announce what they store)."""
import random
import secrets

from . import answers, ballots, socketio, store
from .db import get_db
from .domain.simulation import plausible_answers, plausible_ballot

DURATION = 90  # seconds: long enough to watch the projector fill in, short enough for a rehearsal


def simulate(app, event_id, duration=DURATION, seed=None):
    """Open voting on every criterion, then have every table submit each of its criteria at a random moment."""
    rng = random.Random(seed)
    with app.app_context():
        db = get_db()
        ballots.set_voting(db, event_id, None, "open")
        shortlist = [o["code"] for o in store.list_options(db, event_id) if o["status"] == "shortlisted"]
        moments = []
        for table in store.list_tables(db, event_id):
            leaning = {code: rng.uniform(0.2, 3.0) for code in shortlist}
            for criterion in table["criteria"]:
                moments.append((rng.uniform(0, duration), table["join_token"], criterion, leaning))
                if rng.random() < 0.2:  # some tables change their mind and submit again
                    moments.append((rng.uniform(duration / 2, duration), table["join_token"], criterion, leaning))
        moments.sort(key=lambda moment: moment[0])
        elapsed = 0.0
        for moment, join_token, criterion, leaning in moments:
            socketio.sleep(max(0.0, moment - elapsed))
            elapsed = moment
            table = ballots.find_table(db, join_token)
            current = store.current_ballots(db, table["id"]).get(criterion)
            content = plausible_ballot(rng, table["scoring"], shortlist, leaning)
            submission = {**content, "criterion": criterion, "base_version": current["version"] if current else 0,
                          "submission_id": "sim-" + secrets.token_hex(8), "device_id": "rehearsal"}
            ballots.submit(db, table, submission)


def simulate_answers(app, event_id, duration=DURATION, seed=None, per_table=6):
    """Have a few simulated delegates at every table answer the open confidence questions, each at a random moment."""
    rng = random.Random(seed)
    with app.app_context():
        db = get_db()
        theme_ids = [t["id"] for t in store.list_themes(db, event_id)]
        moments = []
        for table in store.list_tables(db, event_id):
            mood = rng.randint(0, 4)
            for _ in range(per_table):
                moments.append((rng.uniform(0, duration), table["join_token"], mood))
        moments.sort(key=lambda moment: moment[0])
        elapsed = 0.0
        for moment, join_token, mood in moments:
            socketio.sleep(max(0.0, moment - elapsed))
            elapsed = moment
            answers.submit_room(db, ballots.find_table(db, join_token), {
                **plausible_answers(rng, theme_ids, mood), "respondent": "rehearsal-" + secrets.token_hex(10),
                "submission_id": "sim-" + secrets.token_hex(8)})


def start(app, event_id, duration=DURATION):
    """Run a rehearsal of the tables' scoring in the background of this server process."""
    socketio.start_background_task(simulate, app, event_id, duration)


def start_answers(app, event_id, duration=DURATION):
    """Run a rehearsal of the confidence questions in the background of this server process."""
    socketio.start_background_task(simulate_answers, app, event_id, duration)
