"""One person's confidence answers and risks, and the per-theme summary the room sees."""
import pytest

from facilitation.domain.confidence import (
    SCALE, AnswerError, check_answers, confidence_counts, theme_summary,
)

THEMES = {1, 2}
GOOD = {"confidence": "more", "would_help": "A clear timetable", "risks": [{"text": "Staff leave", "theme": 1}]}


def answers(**changes):
    """The good answers with some fields changed (None removes a field)."""
    out = {**GOOD, **changes}
    return {k: v for k, v in out.items() if v is not None}


def test_good_answers_come_back_clean():
    out = check_answers(answers(would_help="  A clear\r\ntimetable\x00 ", risks=[{"text": " Pace ", "theme": "other"}]),
                        theme_ids=THEMES, phase_open=True)
    assert out == {"confidence": "more", "would_help": "A clear\ntimetable", "would_help_theme": None,
                   "risks": [{"text": "Pace", "theme": "other"}]}


@pytest.mark.parametrize("step", SCALE)
def test_every_step_of_the_scale_is_accepted(step):
    assert check_answers(answers(confidence=step), theme_ids=THEMES, phase_open=True)["confidence"] == step


def test_hostile_text_is_kept_as_text_for_escaping_where_shown():
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    out = check_answers(answers(would_help=payload, risks=[{"text": payload, "theme": 2}]),
                        theme_ids=THEMES, phase_open=True)
    assert out["would_help"] == payload and out["risks"][0]["text"] == payload


@pytest.mark.parametrize("changes, field, words", [
    ({"confidence": None}, "confidence", "choose one of the five"),
    ({"confidence": "very"}, "confidence", "choose one of the five"),
    ({"confidence": 5}, "confidence", "choose one of the five"),
    ({"would_help": "x" * 1001}, "would_help", "at most 1000 characters (this has 1001)"),
    ({"would_help": 7}, "would_help", "must be text"),
    ({"risks": "lots"}, "risks", "must be a list"),
    ({"risks": [{"text": "r", "theme": 1}] * 21}, "risks", "at most 20 risks"),
    ({"risks": ["just text"]}, "risks[0]", "must have a text and a theme"),
    ({"risks": [{"text": "   ", "theme": 1}]}, "risks[0].text", "write the risk, or remove it"),
    ({"risks": [{"text": "y" * 1001, "theme": 1}]}, "risks[0].text", "at most 1000 characters"),
    ({"risks": [{"text": "Merged away", "theme": 9}]}, "risks[0].theme", "that theme does not exist"),
    ({"risks": [{"text": "A flag", "theme": True}]}, "risks[0].theme", "that theme does not exist"),
    ({"risks": [{"text": "A list", "theme": [1]}]}, "risks[0].theme", "that theme does not exist"),
    # A theme is chosen, never assumed: "Other" is one of the choices, not what a risk gets by default.
    ({"risks": [{"text": "Staff leave"}]}, "risks[0].theme", "choose a theme for this risk (Other if none fits)"),
    ({"risks": [{"text": "Staff leave", "theme": None}]}, "risks[0].theme", "choose a theme for this risk"),
    ({"risks": [{"text": "Staff leave", "theme": ""}]}, "risks[0].theme", "choose a theme for this risk"),
    ({"colour": "red"}, "colour", "unknown field"),
])
def test_each_rule_refuses_the_answers_with_a_plain_message(changes, field, words):
    with pytest.raises(AnswerError) as refused:
        check_answers(answers(**changes), theme_ids=THEMES, phase_open=True)
    assert [(p.field, words in p.message) for p in refused.value.problems] == [(field, True)]


def test_a_risk_without_text_or_theme_is_asked_for_its_text_only():
    with pytest.raises(AnswerError) as refused:
        check_answers(answers(risks=[{"text": " "}]), theme_ids=THEMES, phase_open=True)
    assert [p.field for p in refused.value.problems] == ["risks[0].text"]


def test_answers_after_the_phase_closes_are_refused():
    with pytest.raises(AnswerError) as refused:
        check_answers(GOOD, theme_ids=THEMES, phase_open=False)
    assert "closed" in str(refused.value)


def test_several_problems_are_all_listed():
    with pytest.raises(AnswerError) as refused:
        check_answers({"confidence": "?", "risks": [{"text": "", "theme": 9}]}, theme_ids=THEMES, phase_open=True)
    assert [p.field for p in refused.value.problems] == ["confidence", "risks[0].text", "risks[0].theme"]


THEME_LIST = [{"id": 1, "name": "Scale and pace of change"}, {"id": 2, "name": "Disruption and transition"}]
PEOPLE = [
    {"confidence": "much_more", "source": "room", "risks": [{"text": "Too fast", "theme": 1}, {"text": "Also pace", "theme": 1}]},
    {"confidence": "less", "source": "room", "risks": [{"text": "Big bang", "theme": 1}, {"text": "IT moves", "theme": 2}]},
    {"confidence": "same", "source": "survey", "risks": [{"text": "Rushed", "theme": 1, "hidden": True}]},
    {"confidence": "more", "source": "survey", "risks": []},
    {"confidence": "much_less", "source": "room", "risks": [{"text": "Other worry", "theme": "other"},
                                                             {"text": "From a merged theme", "theme": 7}]},
]


def test_each_theme_counts_people_not_risks_with_shares_of_those_raising_it():
    summary = {t["theme"]: t for t in theme_summary(PEOPLE, THEME_LIST)}
    pace = summary[1]
    # Three people raised pace (one of them twice): one more confident, one less, one the same.
    assert (pace["people"], pace["more"], pace["less"], pace["same"]) == (3, 1, 1, 1)
    assert pace["share_more"] == pytest.approx(0.333) and pace["share_less"] == pytest.approx(0.333)
    assert pace["by_source"] == {"room": {"people": 2, "more": 1, "less": 1, "same": 0},
                                 "survey": {"people": 1, "more": 0, "less": 0, "same": 1}}
    assert (summary[2]["people"], summary[2]["less"], summary[2]["share_less"]) == (1, 1, 1.0)


def test_hidden_risks_leave_the_projector_but_still_count():
    pace = theme_summary(PEOPLE, THEME_LIST)[0]
    assert [r["text"] for r in pace["risks"]] == ["Too fast", "Also pace", "Big bang"]
    assert pace["people"] == 3
    with_hidden = theme_summary(PEOPLE, THEME_LIST, include_hidden=True)[0]
    assert [r["hidden"] for r in with_hidden["risks"]] == [False, False, False, True]


def test_other_collects_risks_without_a_current_theme_and_is_left_out_when_empty():
    summary = theme_summary(PEOPLE, THEME_LIST)
    assert summary[-1]["theme"] == "other" and summary[-1]["people"] == 1
    assert [r["text"] for r in summary[-1]["risks"]] == ["Other worry", "From a merged theme"]
    assert [t["theme"] for t in theme_summary(PEOPLE[:2], THEME_LIST)] == [1, 2]


def test_a_theme_nobody_raised_shows_zero_not_a_division_error():
    summary = theme_summary([], THEME_LIST)
    assert [(t["people"], t["share_more"]) for t in summary] == [(0, 0), (0, 0)]


def test_confidence_counts_by_source():
    counts = confidence_counts(PEOPLE)
    assert counts["all"] == {"much_less": 1, "less": 1, "same": 1, "more": 1, "much_more": 1}
    assert counts["survey"] == {"much_less": 0, "less": 0, "same": 1, "more": 1, "much_more": 0}


def test_the_projectors_summary_is_the_control_rooms_without_hidden_comments():
    from facilitation.domain.confidence import without_hidden, would_help

    people = [{"confidence": "more", "source": "room", "would_help": "Money", "would_help_hidden": True,
               "risks": [{"text": "Shown", "theme": 1, "hidden": False}, {"text": "Rude", "theme": 1, "hidden": True}]}]
    marked = {"themes": theme_summary(people, [{"id": 1, "name": "Staff"}], include_hidden=True),
              "would_help": would_help(people, include_hidden=True)}
    public = without_hidden(marked)
    assert public["themes"] == theme_summary(people, [{"id": 1, "name": "Staff"}])
    assert public["would_help"] == would_help(people) == []
    assert public["themes"][0]["people"] == 1 and [r["text"] for r in public["themes"][0]["risks"]] == ["Shown"]
