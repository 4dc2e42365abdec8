"""The event file's parts about the day and the paper: programme, stakeholder groups, theme responses, the paper."""
import copy
import json

import pytest
from hypothesis import given, strategies as st

from facilitation.domain.event import EventDefinitionError, parse_event
from facilitation.domain.event_day import PAPER_LIMIT, PAPER_SECTIONS, carry_over, programme_time

BASE = {
    "format": 1,
    "title": "Test appraisal",
    "options": [{"code": "1", "title": "Do nothing"}, {"code": "2", "title": "Merge"}],
    "criteria": [{"code": "health", "title": "Health improvement"}],
    "tables": 2,
    "risk_themes": ["Scale and pace of change", "Disruption and transition"],
}
FULL = {
    **BASE,
    "programme": [{"time": "09:30", "item": "Arrival and coffee"},
                  {"time": "10:00", "item": "Reality check", "detail": "Where we are, hopes and fears"}],
    "stakeholder_groups": ["Patient and public", "Clinicians"],
    "invitees": [{"name": "A. Example", "organisation": "City Council", "group": "Clinicians"},
                 {"name": "B. Example"}],
    "theme_responses": {"Scale and pace of change": "Publish a timetable.\nReview it quarterly."},
    "paper": {"introduction": "This paper reports the event.\n\nIt asks the board to agree.",
              "recommendations": "Agree option 2."},
}


def problems(data):
    """The problems parse_event lists, as 'path: message' strings."""
    with pytest.raises(EventDefinitionError) as refused:
        parse_event(data)
    return [str(problem) for problem in refused.value.problems]


def test_every_new_field_round_trips():
    definition = parse_event(copy.deepcopy(FULL))
    assert parse_event(json.loads(json.dumps(definition))) == definition
    assert definition["programme"][1] == {"time": "10:00", "item": "Reality check",
                                          "detail": "Where we are, hopes and fears"}
    assert [p["group"] for p in definition["invitees"]] == ["Clinicians", ""]
    assert definition["theme_responses"] == {"Scale and pace of change": "Publish a timetable.\nReview it quarterly."}
    assert list(definition["paper"]) == ["introduction", "recommendations"]


def test_a_file_without_them_reads_as_before():
    definition = parse_event(copy.deepcopy(BASE))
    assert (definition["programme"], definition["stakeholder_groups"], definition["theme_responses"],
            definition["paper"]) == ([], [], {}, {})


def test_a_programme_entry_without_a_time_and_a_response_to_no_theme_are_both_listed():
    data = {**FULL, "programme": [{"item": "Lunch"}, {"time": "13:00", "item": "Options"}],
            "theme_responses": {"Money": "Find some"}}
    found = problems(data)
    assert any(p.startswith("programme[0]") and "time" in p for p in found), found
    assert any(p.startswith("theme_responses.Money") and 'no risk theme "Money"' in p for p in found), found


@pytest.mark.parametrize("field, value, expected", [
    ("programme", [{"time": "25:00", "item": "Late"}], "programme[0].time: must be a time of day"),
    ("programme", [{"time": "09:30", "item": ""}], "programme[0].item: must not be empty"),
    ("programme", [{"time": "09:30", "item": "Coffee", "where": "Hall"}], "programme[0].where"),
    ("programme", "morning", "programme"),
    ("stakeholder_groups", ["Clinicians", "clinicians"], 'stakeholder_groups[1]: duplicate "Clinicians"'),
    ("stakeholder_groups", [""], "stakeholder_groups[0]: must not be empty"),
    ("invitees", [{"name": "C", "group": "Managers"}], 'invitees[0].group: no stakeholder group "Managers"'),
    ("theme_responses", {"Scale and pace of change": 3}, "theme_responses"),
    ("paper", {"foreword": "Hello"}, "paper.foreword"),
    ("paper", {"introduction": "x" * (PAPER_LIMIT + 1)}, "paper.introduction: is too long"),
])
def test_each_rule_refuses_with_a_plain_message(field, value, expected):
    found = problems({**FULL, field: value})
    assert any(p.startswith(expected) for p in found), found


def test_a_response_matches_its_theme_ignoring_case_and_is_spelt_as_the_theme():
    definition = parse_event({**FULL, "theme_responses": {"  scale AND pace of change ": "Plan it"}})
    assert definition["theme_responses"] == {"Scale and pace of change": "Plan it"}


@pytest.mark.parametrize("typed, written", [("9:30", "09:30"), ("09.30", "09:30"), ("23:59", "23:59"),
                                            ("24:00", None), ("9", None), ("", None), (None, None)])
def test_programme_times(typed, written):
    assert programme_time(typed) == written


@given(st.dictionaries(st.sampled_from(PAPER_SECTIONS), st.text(max_size=40)))
def test_any_paper_round_trips_without_its_empty_sections(paper):
    definition = parse_event({**BASE, "paper": paper})
    assert parse_event(json.loads(json.dumps(definition)))["paper"] == definition["paper"]
    assert all(text for text in definition["paper"].values())


def test_the_event_form_keeps_what_it_does_not_edit():
    stored = parse_event(copy.deepcopy(FULL))
    from_form = {key: value for key, value in copy.deepcopy(BASE).items()}
    from_form["risk_themes"] = ["Scale and pace of change"]
    from_form["invitees"] = [{"name": "A. Example", "organisation": "City Council"}]
    kept = parse_event(carry_over(from_form, stored))
    assert kept["programme"] == stored["programme"]
    assert kept["paper"] == stored["paper"]
    assert kept["theme_responses"] == stored["theme_responses"]
    assert kept["invitees"][0]["group"] == "Clinicians"
    from_form["risk_themes"] = []
    assert parse_event(carry_over(from_form, stored))["theme_responses"] == {}


def test_the_documented_example_file_reads():
    import pathlib
    import re
    text = (pathlib.Path(__file__).parents[2] / "docs" / "event-format.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S)[1])
    definition = parse_event(example)
    assert definition["programme"] and definition["stakeholder_groups"] and definition["theme_responses"]
