"""The cheap message path: pooled connections, the event version stamp and the lookups cached by it."""
import pytest

from facilitation import answers, ballots, lookups, store
from facilitation.store import moderation as store_moderation, versions as store_versions
from facilitation.db import get_db, pool

from .conftest import EVENTS_DIR
from .test_answers import said


@pytest.fixture
def event_id(imported):
    """The explicit-assignment event."""
    return imported("allocate-explicit.json")


def version(db, event_id):
    """The event's stamp now."""
    return store_versions.event_version(db, event_id)


def test_every_write_to_what_is_cached_changes_the_stamp_and_answers_and_ballots_do_not(db, event_id):
    definition = store.load_definition(db, event_id)
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    theme_id = store.list_themes(db, event_id)[0]["id"]
    other_theme = store.list_themes(db, event_id)[1]["id"]
    changes = {
        "definition": lambda: store.update_event(db, event_id, {**definition, "title": "Renamed"}),
        "display": lambda: store.set_display(db, event_id, {"view": "top", "hidden": False}),
        "display, read and written": lambda: store.change_display(db, event_id, lambda d: {**d, "view": "totals"}),
        "voting": lambda: store.set_voting(db, event_id, None, "open"),
        "phase": lambda: answers.open_phase(db, event_id, "B"),
        "link": lambda: store.regenerate_join(db, event_id, 1),
        "identity question": lambda: store.set_ask_identity(db, event_id, False),
        "survey closed": lambda: store.set_survey_closed(db, event_id, True),
        "theme added": lambda: store.add_theme(db, event_id, "Money"),
        "theme renamed": lambda: store.rename_theme(db, event_id, theme_id, "People"),
        "theme merged": lambda: store_moderation.merge_themes(db, event_id, other_theme, theme_id, lambda found: "merged"),
    }
    for name, change in changes.items():
        before = version(db, event_id)
        change()
        assert version(db, event_id) > before, name
    before = version(db, event_id)
    assert answers.submit_room(db, table, said(db, event_id, risks=[])).status == "stored"
    assert ballots.submit(db, table, {
        "criterion": table["criteria"][0], "ranking": ["A", "B", "C", "D"], "points": {"A": 4, "B": 3, "C": 2, "D": 1},
        "ruled_out": [], "base_version": 0, "submission_id": "sub-lookups-1"}).status == "stored"
    assert version(db, event_id) == before


def test_a_new_event_given_a_deleted_events_id_never_has_its_stamp(db, event_id):
    from facilitation.domain.event_file import read_event_file

    old = version(db, event_id)
    store.delete_event(db, event_id)
    again = store.create_event(db, read_event_file((EVENTS_DIR / "allocate-explicit.json").read_bytes()))
    assert again == event_id and version(db, again) > old


def test_cached_lookups_equal_the_store_and_follow_a_change_made_by_another_connection(app, db, event_id):
    token = store.get_table(db, event_id, 2)["join_token"]
    with app.app_context():
        assert lookups.find_table(get_db(), token) == store.find_table(db, token)
        assert lookups.get_event(get_db(), event_id) == store.get_event(db, event_id)
        assert lookups.voting_states(get_db(), event_id) == store.voting_states(db, event_id)
        assert lookups.list_themes(get_db(), event_id) == store.list_themes(db, event_id)
    # Another process would write through its own connection: the next lookup sees the change.
    store.set_voting(db, event_id, None, "open")
    store.regenerate_join(db, event_id, 2)
    with app.app_context():
        assert set(lookups.voting_states(get_db(), event_id).values()) == {"open"}
        assert lookups.find_table(get_db(), token) is None
        fresh = store.get_table(db, event_id, 2)["join_token"]
        assert lookups.find_table(get_db(), fresh) == store.find_table(db, fresh)


def test_own_answers_in_one_read_are_what_the_respondent_row_gives(db, event_id):
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    staffing = store.list_themes(db, event_id)[0]["id"]
    answers.submit_room(db, table, said(db, event_id, risks=[{"text": "Rotas", "theme": staffing},
                                                             {"text": "Parking", "theme": "other"}]))
    expected = answers._own(store.get_respondent(db, event_id, "respondent-token-me-0001"))
    assert store_versions.own_answers(db, event_id, "respondent-token-me-0001") == expected
    assert [r["theme"] for r in expected["risks"]] == [staffing, "other"]
    assert store_versions.own_answers(db, event_id, "respondent-token-nobody-01") is None


def test_connections_are_lent_again_and_come_back_without_an_open_transaction(app):
    with app.app_context():
        first = get_db()
        first.conn.execute("BEGIN IMMEDIATE")
        first.conn.execute("INSERT INTO settings (key, value) VALUES ('left', 'open')")
    with app.app_context():
        again = get_db()
        assert again is first and not again.conn.in_transaction
        assert store.get_setting(again, "left") is None
    assert pool(app)._idle == [first]


def test_the_summary_counted_by_the_database_equals_counting_everyone(db, event_id):
    import random

    from facilitation.domain.confidence import SCALE, confidence_counts, theme_summary

    rng = random.Random(11)
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    spare = answers.add_theme(db, event_id, "Soon merged")["id"]
    gone = answers.add_theme(db, event_id, "Soon removed")["id"]
    theme_ids = [t["id"] for t in store.list_themes(db, event_id)] + ["other"]
    for person in range(60):
        token = f"summary-person-{person:06d}"
        data = {"respondent": token, "submission_id": f"summary-{person:06d}", "confidence": rng.choice(SCALE),
                "would_help": rng.choice(["", "Money", "money!"]),
                "risks": [{"text": rng.choice(["Rotas", "rotas.", "Parking", f"Own words {person}"]),
                           "theme": rng.choice([t for t in theme_ids if t != gone])} for _ in range(rng.randint(0, 3))]}
        if person % 7 == 0:
            answers.register(db, event_id, "room", {"respondent": token, "name": "Only registered"})
        else:
            assert answers.submit_room(db, table, data).ok
    answers.merge_themes(db, event_id, spare, theme_ids[0])
    answers.remove_theme(db, event_id, gone)
    some = store.event_respondents(db, event_id)
    risk = next(r for p in some for r in p["risks"])
    answers.set_hidden(db, event_id, "risk", risk["id"], True)
    people = [p for p in store.event_respondents(db, event_id) if p["confidence"]]
    for include_hidden in (False, True):
        summary = answers.summary(db, event_id, include_hidden=include_hidden)
        assert summary["confidence"] == confidence_counts(people)
        assert summary["respondents"]["all"] == len(people)
        # Each theme's help and response are added beside the counts; the counts are what this test is about.
        added = ("response", "would_help", "would_help_groups")
        assert [{k: v for k, v in theme.items() if k not in added} for theme in summary["themes"]] == theme_summary(
            people, store.list_themes(db, event_id), include_hidden=include_hidden)
