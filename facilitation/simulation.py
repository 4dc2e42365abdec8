"""Rehearsal: simulated tables submit plausible ballots over a minute or two, through the same path as real phones."""
import random
import secrets

from . import ballots, socketio, store
from .db import get_db
from .domain.simulation import plausible_ballot

DURATION = 90  # seconds: long enough to watch the projector fill in, short enough for a rehearsal


def simulate(app, event_id, duration=DURATION, seed=None):
    """Open voting on every criterion, then have every table submit each of its criteria at a random moment."""
    from .live import announce_ballot, announce_voting

    rng = random.Random(seed)
    with app.app_context():
        db = get_db()
        announce_voting(event_id, ballots.set_voting(db, event_id, None, "open"), "open")
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
            outcome = ballots.submit(db, table, submission)
            if outcome.status == "stored":
                announce_ballot(table, outcome.ballot)


def start(app, event_id, duration=DURATION):
    """Run a rehearsal in the background of this server process."""
    socketio.start_background_task(simulate, app, event_id, duration)
