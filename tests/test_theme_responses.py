"""Per-theme help, the organisers' responses and stakeholder groups against a fresh SQLite file."""
import datetime
import json

import pytest

from facilitation import answers, ballots, closing, signals, store
from facilitation.domain.confidence import AnswerError, without_hidden
from facilitation.domain.event_file import read_event_file

from .conftest import event_file

GROUPS = ["Patients and public", "GPs", "Trust boards"]
BEFORE_CLOSING = datetime.datetime(2024, 6, 20, tzinfo=datetime.timezone.utc)


@pytest.fixture
def event_id(db):
    """The explicit-assignment event with stakeholder groups, the confidence questions open on B."""
    definition = {**event_file("allocate-explicit.json"), "stakeholder_groups": GROUPS}
    event_id = store.create_event(db, read_event_file(json.dumps(definition).encode()))
    answers.open_phase(db, event_id, "B")
    return event_id


@pytest.fixture
def table(db, event_id):
    """Table 1, as its join link finds it."""
    return ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])


def themes(db, event_id):
    """The event's themes by the start of their names."""
    return {t["name"].split()[0].lower(): t["id"] for t in store.list_themes(db, event_id)}


def said(n, token, **changes):
    """One delegate's answers."""
    return {"respondent": token, "submission_id": f"sub-{n:04d}-{token[-6:]}", "confidence": "more",
            "would_help": "A clear timetable", "risks": [], **changes}


# ---------------------------------------------------------------- the store

def test_set_theme_response_stores_the_text_for_that_theme_only(db, event_id):
    ids = themes(db, event_id)
    first, second = list(ids.values())[:2]
    assert store.set_theme_response(db, event_id, first, "Joint workshops\nin each locality") is True
    assert store.theme_responses(db, event_id) == {first: "Joint workshops\nin each locality"}
    name = next(t["name"] for t in store.list_themes(db, event_id) if t["id"] == first)
    # Part of the event definition: exported in its file, and kept when the event is saved again.
    assert store.load_definition(db, event_id)["theme_responses"] == {name: "Joint workshops\nin each locality"}
    assert store.set_theme_response(db, event_id, first, "") is True
    assert store.theme_responses(db, event_id) == {} and second not in store.theme_responses(db, event_id)


def test_set_theme_response_refuses_another_events_theme_and_changes_nothing(db, event_id, imported):
    other = imported("allocate-explicit.json")
    theirs = next(iter(themes(db, other).values()))
    assert store.set_theme_response(db, event_id, theirs, "Not ours") is False
    assert store.set_theme_response(db, event_id, 987654, "Nobody's") is False
    assert store.theme_responses(db, other) == {} and store.theme_responses(db, event_id) == {}


# ---------------------------------------------------------------- the service

def test_a_response_is_cleaned_stored_announced_and_editable_after_the_close(app, db, event_id):
    theme_id = next(iter(themes(db, event_id).values()))
    heard = []
    receiver = lambda sender, **kw: heard.append(kw)  # noqa: E731
    signals.theme_response_changed.connect(receiver)
    try:
        with app.app_context():   # signals are sent with the running app as sender
            closing.close_event(db, event_id)
            out = answers.set_theme_response(db, event_id, theme_id, "  Named leads\r\nfor each site\x00 ")
    finally:
        signals.theme_response_changed.disconnect(receiver)
    assert out["response"] == "Named leads\nfor each site" and heard == [{"event_id": event_id}]
    assert store.theme_responses(db, event_id) == {theme_id: "Named leads\nfor each site"}


@pytest.mark.parametrize("theme, text, field, words", [
    (None, "x" * 1001, "response", "at most 1000 characters (this has 1001)"),
    (None, ["a list"], "response", "must be text"),
    (987654, "Fine", "theme", "that theme does not exist"),
    ("1", "Fine", "theme", "that theme does not exist"),
])
def test_a_refused_response_says_why_and_changes_nothing(db, event_id, theme, text, field, words):
    theme_id = theme if theme is not None else next(iter(themes(db, event_id).values()))
    store.set_theme_response(db, event_id, next(iter(themes(db, event_id).values())), "Kept")
    with pytest.raises(AnswerError) as refused:
        answers.set_theme_response(db, event_id, theme_id, text)
    assert refused.value.problems[0].field == field and words in refused.value.problems[0].message
    assert list(store.theme_responses(db, event_id).values()) == ["Kept"]


def test_the_summary_pairs_each_themes_help_with_its_response_and_counts_by_group(db, event_id, table):
    ids = themes(db, event_id)
    staffing, premises = ids["staffing"], ids["premises"]
    assert answers.submit_room(db, table, said(1, "delegate-token-000001", would_help_theme=staffing,
                                               risks=[{"text": "Too few staff", "theme": staffing}])).ok
    assert answers.register(db, event_id, "room", {"respondent": "delegate-token-000002", "name": "Sam",
                                                    "organisation": "City GP federation", "stakeholder_group": "gps"},
                            table_number=1) == {"name": "Sam", "organisation": "City GP federation",
                                                "stakeholder_group": "GPs"}
    assert answers.submit_room(db, table, said(2, "delegate-token-000002", confidence="much_less",
                                               would_help="Money up front", would_help_theme=premises)).ok
    assert answers.submit_room(db, table, said(3, "delegate-token-000003", would_help="Talk to us")).ok
    answers.set_theme_response(db, event_id, staffing, "Recruit early")
    summary = answers.summary(db, event_id, include_hidden=True)
    rows = {row["theme"]: row for row in summary["themes"]}
    assert rows[staffing]["response"] == "Recruit early" and rows[premises]["response"] == ""
    assert [w["text"] for w in rows[staffing]["would_help"]] == ["A clear timetable"]
    assert [g["text"] for g in rows[premises]["would_help_groups"]] == ["Money up front"]
    assert [(w["text"], w["theme"]) for w in summary["would_help"]] == [
        ("A clear timetable", staffing), ("Money up front", premises), ("Talk to us", None)]
    assert [w["text"] for w in summary["general_help"]] == ["Talk to us"]
    groups = {r["name"]: r for r in summary["by_group"]["stakeholder_group"]}
    assert list(groups) == [*GROUPS, ""] and groups["GPs"]["people"] == 1 and groups["GPs"]["less"] == 1
    assert groups[""]["people"] == 2 and groups["Trust boards"]["people"] == 0
    orgs = {r["name"]: r for r in summary["by_group"]["organisation"]}
    assert orgs["City GP federation"]["share_less"] == 1 and orgs[""]["people"] == 2
    assert orgs[""]["themes"] == {"Staffing out of hours": 1}
    # The projector's copy and the existing keys are as before.
    assert {"phase", "about", "respondents", "confidence", "themes", "would_help", "would_help_groups",
            "theme_list"} <= set(summary)
    assert without_hidden(summary)["general_help"] == summary["general_help"]


def test_a_merged_themes_help_follows_it_and_the_phone_keeps_its_choice(db, event_id, table):
    ids = themes(db, event_id)
    staffing, premises = ids["staffing"], ids["premises"]
    assert answers.submit_room(db, table, said(1, "delegate-token-000001", would_help_theme=staffing)).ok
    answers.merge_themes(db, event_id, staffing, premises)
    summary = answers.summary(db, event_id)
    assert [w["text"] for row in summary["themes"] if row["theme"] == premises for w in row["would_help"]] == [
        "A clear timetable"]
    # A phone still offering the merged theme is followed to where it went.
    again = answers.submit_room(db, table, said(2, "delegate-token-000001", would_help_theme=staffing))
    assert again.ok and again.answers["would_help_theme"] == premises


@pytest.mark.parametrize("changes, field", [
    ({"would_help_theme": 987654}, "would_help_theme"), ({"would_help_theme": [1]}, "would_help_theme"),
    ({"would_help_theme": {"id": 1}}, "would_help_theme"), ({"stakeholder_group": "Pharmacists"}, "stakeholder_group"),
    ({"stakeholder_group": ["GPs"]}, "stakeholder_group"),
])
def test_a_bad_theme_or_group_is_refused_and_nothing_is_stored(db, event_id, table, changes, field):
    outcome = answers.submit_room(db, table, said(1, "delegate-token-000009", **changes))
    assert outcome.status == "problems" and [p.field for p in outcome.problems] == [field]
    assert store.get_respondent(db, event_id, "delegate-token-000009") is None


def test_a_survey_answer_stores_the_group_and_the_theme(db, event_id):
    premises = themes(db, event_id)["premises"]
    outcome = answers.submit_survey(db, event_id, said(1, "survey-token-0000001", name="Ann", organisation="Trust",
                                                       stakeholder_group="Trust boards", would_help_theme=premises),
                                  BEFORE_CLOSING)
    assert outcome.ok and outcome.answers["stakeholder_group"] == "Trust boards"
    assert outcome.answers["would_help_theme"] == premises
    mine = answers.my_answers(db, event_id, "survey-token-0000001")
    assert mine["stakeholder_group"] == "Trust boards" and mine["would_help_theme"] == premises


def test_hiding_what_would_help_hides_it_under_its_theme_too(db, event_id, table):
    staffing = themes(db, event_id)["staffing"]
    assert answers.submit_room(db, table, said(1, "delegate-token-000001", would_help_theme=staffing)).ok
    person = store.get_respondent(db, event_id, "delegate-token-000001")
    answers.set_hidden(db, event_id, "would_help", person["id"], True)
    marked = answers.summary(db, event_id, include_hidden=True)
    row = next(r for r in marked["themes"] if r["theme"] == staffing)
    assert [w["hidden"] for w in row["would_help"]] == [True] and row["would_help_groups"][0]["hidden"] is True
    shown = without_hidden(marked)
    assert next(r for r in shown["themes"] if r["theme"] == staffing)["would_help"] == []
    assert answers.summary(db, event_id)["themes"][0]["would_help_groups"] == []
    answers.set_hidden(db, event_id, "would_help", person["id"], False)
    assert [w["text"] for w in answers.summary(db, event_id)["themes"][0]["would_help"]] == ["A clear timetable"]
