"""The results cache against a full recompute: after any sequence of ballots, re-submissions, refused and repeated
submissions, voting changes and event edits, made through the real services on a real SQLite file, the cached
results equal domain.results computed from one fresh read of the event. And a second app never sees the first's."""
import copy
import random
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from facilitation import ballots, create_app, definitions, results, store
from facilitation.db import get_db
from facilitation.domain import results as domain
from facilitation.domain.event import EventDefinitionError, parse_event
from facilitation.domain.simulation import plausible_ballot

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))

SCORINGS = [{"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
            {"mode": "score", "budget": 10, "rank_first": False, "allow_rule_out": True}]
BASE = {
    "format": 1, "title": "Property test",
    "options": [{"code": "A", "title": "First"}, {"code": "B", "title": "Second"}, {"code": "C", "title": "Third"},
                {"code": "D", "title": "Fourth", "status": "excluded", "excluded_reason": "Not affordable"}],
    "criteria": [{"code": "x", "title": "Reach"}, {"code": "y", "title": "Safety", "weight": 2}],
    "tables": 3,
    "assignment": {"1": ["x"], "2": ["x", "y"], "3": ["y"]},
}

# Each edit changes what a tally is laid out by; one the stored ballots forbid is refused and changes nothing.
EDITS = {
    "shortlist D": lambda d: _option(d, "D", status="shortlisted", excluded_reason=""),
    "exclude D": lambda d: _option(d, "D", status="excluded", excluded_reason="Not affordable"),
    "exclude C": lambda d: _option(d, "C", status="excluded", excluded_reason="Withdrawn"),
    "shortlist C": lambda d: _option(d, "C", status="shortlisted", excluded_reason=""),
    "reweight x": lambda d: _criterion(d, "x", weight=3),
    "retitle y": lambda d: _criterion(d, "y", working_title="Staying safe"),
    "add criterion z": lambda d: {**d, "criteria": [*d["criteria"], {"code": "z", "title": "Cost"}]
                                  if all(c["code"] != "z" for c in d["criteria"]) else d["criteria"],
                                  "assignment": {**d["assignment"], "3": ["y", "z"]}},
    "add table 4": lambda d: {**d, "tables": [*d["tables"], {"number": 4}] if len(d["tables"]) < 4 else d["tables"],
                              "assignment": {**d["assignment"], "4": ["x", "y"]}},
    "drop table 3": lambda d: {**d, "tables": [t for t in d["tables"] if t["number"] != 3],
                               "assignment": {k: v for k, v in d["assignment"].items() if k != "3"}},
    "share y with table 1": lambda d: {**d, "assignment": {**d["assignment"], "1": ["x", "y"]}},
}


def _option(definition, code, **changes):
    """The definition with one option changed."""
    return {**definition, "options": [{**o, **changes} if o["code"] == code else o for o in definition["options"]]}


def _criterion(definition, code, **changes):
    """The definition with one criterion changed."""
    return {**definition, "criteria": [{**c, **changes} if c["code"] == code else c for c in definition["criteria"]]}


def as_file(definition):
    """A stored definition as an editor would send it back (a copy, so the edits above never touch the original)."""
    return copy.deepcopy(definition)


table_numbers = st.sampled_from([1, 2, 2, 3, 4])
criteria = st.sampled_from(["x", "x", "y", "y", "z"])
steps = st.one_of(
    st.tuples(st.just("ballot"), table_numbers, criteria, st.integers(0, 2 ** 16)),
    st.tuples(st.just("stale"), table_numbers, criteria, st.integers(0, 2 ** 16)),
    st.tuples(st.just("again"), table_numbers, criteria, st.just(0)),
    st.tuples(st.just("burst"), table_numbers, criteria, st.integers(0, 2 ** 16)),
    st.tuples(st.just("voting"), st.sampled_from([None, "x", "y", "z"]), st.sampled_from(["open", "closed"])),
    st.tuples(st.just("edit"), st.sampled_from(sorted(EDITS))),
)


def full_recompute(db, event_id):
    """The results computed from nothing: one fresh read of the event, through the pure function."""
    return domain.event_results(results.read_event(db, event_id))


class Room:
    """One event on a real app and database, driven the way phones and the facilitator drive it."""

    def __init__(self, app, scoring):
        self.app = app
        self.db = get_db()
        self.event_id = store.create_event(self.db, parse_event({**BASE, "scoring": scoring}))
        self.sent = {}   # (table, criterion) -> the last submission sent, to send again

    def table(self, number):
        """A table as the services see it, or None if the event has no such table now."""
        found = store.get_table(self.db, self.event_id, number)
        return found and store.find_table(self.db, found["join_token"])

    def submit(self, number, criterion, seed, stale=False):
        """A ballot from a table (a re-submission when it already has one; from an old version when stale)."""
        table = self.table(number)
        if table is None:
            return
        shortlist = store.option_codes(self.db, self.event_id)["shortlisted"]
        rng = random.Random(seed)
        content = plausible_ballot(rng, table["scoring"], shortlist, {code: rng.uniform(0.2, 3) for code in shortlist})
        current = store.current_ballots(self.db, table["id"]).get(criterion)
        version = current["version"] if current else 0
        submission = {**content, "criterion": criterion, "submission_id": f"prop-{seed:06d}-{rng.getrandbits(32):08x}",
                      "base_version": max(0, version - 1) if stale else version}
        ballots.submit(self.db, table, submission)
        self.sent[(number, criterion)] = submission

    def again(self, number, criterion):
        """The same submission sent again (a phone retrying after a lost acknowledgement)."""
        table, submission = self.table(number), self.sent.get((number, criterion))
        if table is not None and submission is not None:
            ballots.submit(self.db, table, submission)

    def voting(self, criterion, state):
        """The facilitator opens or closes voting on one criterion, or on all of them."""
        ballots.set_voting(self.db, self.event_id, criterion, state)

    def edit(self, name):
        """The facilitator edits the event; an edit the stored ballots forbid changes nothing."""
        definition = store.load_definition(self.db, self.event_id)
        try:
            definitions.replace_definition(self.db, self.event_id, parse_event(EDITS[name](as_file(definition))))
        except EventDefinitionError:
            pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scoring=st.sampled_from(SCORINGS), open_first=st.booleans(),
       sequence=st.lists(st.tuples(steps, st.booleans()), max_size=30))
def test_the_cached_results_equal_a_full_recompute_after_any_sequence_of_changes(scoring, open_first, sequence):
    with _app().app_context():
        room = Room(_app(), scoring)
        if open_first:
            room.voting(None, "open")
        assert results.event_results(room.db, room.event_id) == full_recompute(room.db, room.event_id)
        # Some steps are read after (a projector's batch, an API call), some not: several changes then one read.
        for step, read in sequence:
            kind, *args = step
            if kind == "ballot":
                room.submit(*args)
            elif kind == "stale":
                room.submit(*args, stale=True)
            elif kind == "again":
                room.again(*args[:2])
            elif kind == "burst":  # one table re-submitting again and again between two reads
                for n in range(3):
                    room.submit(args[0], args[1], args[2] + n)
            elif kind == "voting":
                room.voting(*args)
            else:
                room.edit(*args)
            if read:
                check(room, step)
        check(room, "at the end")


def check(room, step):
    """The cached results, and the projector's, equal a full recompute."""
    cached = results.event_results(room.db, room.event_id)
    assert cached == full_recompute(room.db, room.event_id), step
    assert results.room_results(room.db, room.event_id) == {k: v for k, v in cached.items() if k != "survey"}


_APPS = {}


def _app():
    """One app on a temporary SQLite file for the whole property test (each example makes its own event)."""
    if "app" not in _APPS:
        _APPS["app"] = create_app({"TESTING": True, "SECRET_KEY": "test", "SOCKETIO_ASYNC_MODE": "threading"},
                                  instance_path=tempfile.mkdtemp(prefix="results-cache-"))
    return _APPS["app"]


def test_a_second_app_on_a_fresh_database_sees_none_of_the_first_apps_results(tmp_path):
    apps = [create_app({"TESTING": True, "SECRET_KEY": "test", "SOCKETIO_ASYNC_MODE": "threading"},
                       instance_path=str(tmp_path / name)) for name in ("first", "second")]
    for app, submitted in zip(apps, (True, False)):
        with app.app_context():
            room = Room(app, SCORINGS[0])
            room.voting(None, "open")
            if submitted:
                room.submit(2, "x", 1)
            assert results.event_results(room.db, room.event_id)["progress"]["submitted"] == int(submitted)
    assert apps[0].extensions["results"] is not apps[1].extensions["results"]
