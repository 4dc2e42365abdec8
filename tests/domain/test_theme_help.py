"""What would help per theme, the organisers' response, and confidence by organisation and stakeholder group."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.domain.confidence import SCALE, AnswerError, check_answers, theme_summary, without_hidden
from facilitation.domain.theme_help import (
    by_group, check_group, check_response, general_help, theme_of, with_help,
)

THEMES = [{"id": 1, "name": "Culture"}, {"id": 2, "name": "Scale and pace"}]
GROUPS = ["Patients", "GPs", "Trust boards"]
GOOD = {"confidence": "more", "would_help": "A clear timetable", "risks": []}


# ---------------------------------------------------------------- the answer's theme for what would help

@pytest.mark.parametrize("sent, kept", [(None, None), ("", None), (1, 1), (2, 2)])
def test_what_would_help_is_for_a_theme_or_in_general(sent, kept):
    out = check_answers({**GOOD, "would_help_theme": sent}, theme_ids={1, 2}, phase_open=True)
    assert out["would_help_theme"] == kept


def test_an_answer_without_the_field_is_in_general_as_before():
    assert check_answers(GOOD, theme_ids={1, 2}, phase_open=True)["would_help_theme"] is None


@pytest.mark.parametrize("sent", [99, "1", "Culture", [1], {"id": 1}, True, 1.0, -1])
def test_a_theme_that_does_not_exist_or_is_not_an_id_is_refused_plainly(sent):
    with pytest.raises(AnswerError) as refused:
        check_answers({**GOOD, "would_help_theme": sent}, theme_ids={1, 2}, phase_open=True)
    [problem] = refused.value.problems
    assert problem.field == "would_help_theme" and "that theme does not exist" in problem.message


@pytest.mark.parametrize("theme, merges, found", [
    (None, {}, None), (1, {}, 1), (7, {7: 2}, 2), (7, {7: 8, 8: 1}, 1), (9, {}, None), (7, {7: 9}, None),
])
def test_the_theme_follows_merges_and_a_gone_theme_counts_as_in_general(theme, merges, found):
    assert theme_of(theme, {1, 2}, merges) == found


# ---------------------------------------------------------------- the organisers' response and the group

@pytest.mark.parametrize("typed, kept", [
    ("  Joint workshops\r\nin each locality\x07 ", "Joint workshops\nin each locality"), ("", ""), (None, ""),
    ("x" * 1000, "x" * 1000),
])
def test_a_response_is_trimmed_multiline_text(typed, kept):
    assert check_response(typed) == kept


@pytest.mark.parametrize("typed, words", [
    ("x" * 1001, "is too long: at most 1000 characters (this has 1001)"), (["a"], "must be text"), (5, "must be text"),
])
def test_a_response_too_long_or_not_text_is_refused_plainly(typed, words):
    with pytest.raises(AnswerError) as refused:
        check_response(typed)
    assert refused.value.problems[0].message == words


@pytest.mark.parametrize("typed, kept", [("", ""), (None, ""), ("GPs", "GPs"), (" patients ", "Patients")])
def test_a_group_is_one_of_the_events_or_none(typed, kept):
    assert check_group(typed, GROUPS) == kept


@pytest.mark.parametrize("typed, groups, words", [
    ("Pharmacists", GROUPS, 'no stakeholder group "Pharmacists" (the groups are: Patients, GPs, Trust boards)'),
    ("GPs", [], "none: this event has no stakeholder groups"),
    (["GPs"], GROUPS, "must be text"), ({"name": "GPs"}, GROUPS, "must be text"), (3, GROUPS, "must be text"),
])
def test_an_unknown_group_is_refused_plainly(typed, groups, words):
    with pytest.raises(AnswerError) as refused:
        check_group(typed, groups)
    assert refused.value.problems[0].field == "stakeholder_group" and words in refused.value.problems[0].message


# ---------------------------------------------------------------- per theme

def helps(*items):
    """Would-help items as the summary has them: (id, text, theme, hidden)."""
    return [{"id": i, "text": text, "source": "room", "confidence": "more", "hidden": hidden, "theme": theme}
            for i, text, theme, hidden in items]


def test_each_theme_gets_its_own_help_and_response_and_other_gets_none():
    people = [{"confidence": "more", "source": "room", "risks": [{"text": "x", "theme": 1}, {"text": "y", "theme": "other"}]}]
    rows = theme_summary(people, THEMES)
    items = helps((1, "Time", 1, False), (2, "time", 1, False), (3, "Money", 2, True), (4, "Talk", None, False))
    out = with_help(rows, items, {1: "Workshops"})
    by_name = {row["name"]: row for row in out}
    assert by_name["Culture"]["response"] == "Workshops" and by_name["Scale and pace"]["response"] == ""
    assert [w["text"] for w in by_name["Culture"]["would_help"]] == ["Time", "time"]
    assert [(g["text"], g["count"]) for g in by_name["Culture"]["would_help_groups"]] == [("Time", 2)]
    assert by_name["Scale and pace"]["would_help"] == [] and by_name["Other"]["would_help"] == []
    assert [w["text"] for w in with_help(rows, items, {}, include_hidden=True)[1]["would_help"]] == ["Money"]
    assert [w["text"] for w in general_help(items)] == ["Talk"]
    assert general_help(helps((5, "Hush", None, True))) == []
    assert [w["text"] for w in general_help(helps((5, "Hush", None, True)), include_hidden=True)] == ["Hush"]


def test_the_projector_copy_leaves_out_hidden_help_per_theme_and_in_general():
    rows = with_help(theme_summary([], THEMES), helps((1, "Seen", 1, False), (2, "Unseen", 1, True)), {},
                     include_hidden=True)
    summary = {"themes": rows, "would_help": [], "general_help": helps((3, "Gone", None, True))}
    shown = without_hidden(summary)
    assert [w["text"] for w in shown["themes"][0]["would_help"]] == ["Seen"]
    assert [g["text"] for g in shown["themes"][0]["would_help_groups"]] == ["Seen"]
    assert shown["general_help"] == []


# ---------------------------------------------------------------- by organisation and stakeholder group

def person(confidence, organisation="", group="", themes=()):
    """One person who answered."""
    return {"confidence": confidence, "source": "room", "organisation": organisation, "stakeholder_group": group,
            "risks": [{"text": "r", "theme": t} for t in themes]}


def test_confidence_by_organisation_and_group_counts_each_person_once():
    people = [person("more", "City Council", "Patients", [1, 1]), person("much_less", "city council", "GPs", [2]),
              person("same", "", "", ["other"]), person("much_more", "Acute Trust", "Patients", [])]
    out = by_group(people, THEMES, GROUPS)
    assert [(r["name"], r["people"], r["more"], r["less"], r["same"]) for r in out["organisation"]] == [
        ("Acute Trust", 1, 1, 0, 0), ("City Council", 2, 1, 1, 0), ("", 1, 0, 0, 1)]
    council = out["organisation"][1]
    assert council["share_more"] == 0.5 and council["steps"] == {"much_less": 1, "less": 0, "same": 0, "more": 1,
                                                                 "much_more": 0}
    assert council["themes"] == {"Culture": 2, "Scale and pace": 1}
    assert [(r["name"], r["people"]) for r in out["stakeholder_group"]] == [
        ("Patients", 2), ("GPs", 1), ("Trust boards", 0), ("", 1)]
    assert out["stakeholder_group"][2]["share_more"] == 0 and out["stakeholder_group"][3]["themes"] == {"Other": 1}


def test_a_group_removed_from_the_event_still_shows_after_the_events_own():
    out = by_group([person("more", group="Pharmacists")], THEMES, ["GPs"])
    assert [r["name"] for r in out["stakeholder_group"]] == ["GPs", "Pharmacists"]


PEOPLE = st.lists(st.builds(
    person, st.sampled_from(SCALE), st.sampled_from(["", "A", "a", "B", "Council"]),
    st.sampled_from(["", *GROUPS]), st.lists(st.sampled_from([1, 2, "other", 99]), max_size=3)), max_size=30)


@settings(max_examples=80, deadline=None)
@given(PEOPLE)
def test_every_person_and_risk_is_counted_once_in_each_breakdown(people):
    out = by_group(people, THEMES, GROUPS)
    for rows in out.values():
        assert sum(r["people"] for r in rows) == len(people)
        assert sum(sum(r["themes"].values()) for r in rows) == sum(len(p["risks"]) for p in people)
        for r in rows:
            assert sum(r["steps"].values()) == r["people"] == r["more"] + r["less"] + r["same"]
            assert 0 <= r["share_more"] + r["share_less"] <= 1.001
    assert [r["name"] for r in out["stakeholder_group"]][:3] == GROUPS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), st.sampled_from([None, 1, 2]), st.booleans()), max_size=20))
def test_every_help_item_is_under_exactly_one_theme_or_in_general(raw):
    items = helps(*[(i, text, theme, hidden) for i, (text, theme, hidden) in enumerate(raw)])
    out = with_help(theme_summary([], THEMES), items, {}, include_hidden=True)
    placed = sorted([w["id"] for row in out for w in row["would_help"]] +
                    [w["id"] for w in general_help(items, include_hidden=True)])
    assert placed == list(range(len(raw)))
    shown = [w for row in with_help(theme_summary([], THEMES), items, {}) for w in row["would_help"]]
    assert all(not w["hidden"] for w in shown)
