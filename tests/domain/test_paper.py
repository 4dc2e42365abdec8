"""The board paper's pure rules: paragraphs, the checks on a section's text, and each section's starting text from
small events built here (the whole 2009 example is tested through the page in tests/web/test_paper_2009.py)."""
import pytest

from facilitation.domain import paper
from facilitation.domain.event_day import PAPER_LIMIT, PAPER_SECTIONS


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("One.", ["One."]),
    ("One.\n\nTwo.", ["One.", "Two."]),
    ("One\nline.\n \n\n  Two.  ", ["One line.", "Two."]),
    ("\n\n\nOnly.\n\n\n", ["Only."]),
    ("A   spaced\tline.", ["A spaced line."]),
])
def test_a_blank_line_separates_paragraphs(text, expected):
    assert paper.paragraphs(text) == expected


@pytest.mark.parametrize("section, text, expected", [
    ("introduction", "  Hello.\r\n\r\nAgain.  ", "Hello.\n\nAgain."),
    ("process", "", ""),
    ("process", " \n ", ""),
    ("risks", "a\x00b", "ab"),
    ("next_steps", "x" * PAPER_LIMIT, "x" * PAPER_LIMIT),
])
def test_a_sections_text_is_cleaned(section, text, expected):
    assert paper.check_section(section, text) == expected


@pytest.mark.parametrize("section, text, message", [
    ("summary", "x", 'There is no section "summary" in the board paper'),
    ("process", None, "The text for Process must be text."),
    ("process", 12, "The text for Process must be text."),
    ("next_steps", "x" * (PAPER_LIMIT + 1),
     f"The text for Next steps is too long: at most {PAPER_LIMIT:,} characters (this has {PAPER_LIMIT + 1:,})."),
])
def test_text_the_paper_cannot_take_is_refused_in_plain_words(section, text, message):
    with pytest.raises(paper.PaperError) as refused:
        paper.check_section(section, text)
    assert str(refused.value).startswith(message)


def option(code, status="shortlisted", reason=""):
    """An option as the canonical definition has it."""
    return {"code": code, "title": f"Option {code} title", "description": "", "status": status,
            "excluded_reason": reason, "briefing": {"advantages": [], "disadvantages": []}}


def event(shares=None, options=None, programme=(), closes=None, weights=(1, 1)):
    """A definition, results, attendance and confidence for a small event: shares is {table: [criteria]}."""
    shares = shares or {1: ["a"], 2: ["a"], 3: ["b"], 4: ["b"]}
    options = options or [option("1"), option("2"), option("9", "excluded", "Too costly")]
    criteria = [{"code": code, "working_title": code.upper(), "title": code, "weight": w}
                for code, w in zip("ab", weights)]
    definition = {"title": "A review", "date": "2024-03-05", "options": options, "criteria": criteria,
                  "tables": [{"number": n} for n in shares], "programme": list(programme),
                  "scoring": {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
                  "survey": {"closes": closes}, "paper": {}}
    matrix = [{"criterion": c, "table": t, "submitted": True, "highest": ["2"]} for t, cs in shares.items() for c in cs]
    results = {"matrix": matrix, "progress": {"submitted": len(matrix), "expected": len(matrix)},
               "highest": {c["code"]: {"tables": 2, "submitted": 2, "counts": {"2": 2}} for c in criteria},
               "strongest": ["2"], "totals": [{"code": "2", "score": 30}, {"code": "1", "score": 10}],
               "basis": {"view": "total", "rule": "raw", "unit": "points", "label": "Raw points",
                         "rule_text": "Named by raw points."},
               "criteria": criteria, "margin": {"text": "30 points against 10 for 1."}}
    attendance = {"took_part": [{"name": "A", "organisation": "Org 1"}, {"name": "B", "organisation": "org 1"},
                                {"name": "C", "organisation": "Org 2"}], "counts": {"took_part": 4}}
    steps = {"much_less": 0, "less": 1, "same": 0, "more": 2, "much_more": 1}
    confidence = {"respondents": {"all": 4, "room": 3, "survey": 1}, "confidence": {"all": steps},
                  "themes": [{"name": "Money", "people": 1}, {"name": "Staff", "people": 3},
                             {"name": "Other", "people": 5}, {"name": "Travel", "people": 2}]}
    return definition, results, attendance, confidence


def texts(*args, **kwargs):
    """Every section's starting text for event(...)."""
    return paper.starting_texts(*event(*args, **kwargs))


def test_every_section_has_starting_text_in_the_papers_order():
    written = texts()
    assert list(written) == list(PAPER_SECTIONS) and all(written.values())


def test_the_introduction_counts_people_organisations_and_tables():
    # "Org 1" and "org 1" are one organisation; the fourth person took part without a name.
    assert ("This paper reports the whole-system event “A review” on 5 March 2024. 4 people from 2 organisations "
            "took part, at 4 tables.") in texts()["introduction"]


@pytest.mark.parametrize("shares, expected", [
    ({1: ["a"], 2: ["a"], 3: ["b"], 4: ["b"]}, "4 tables, 2 criteria, each criterion by 2 tables, each table 1 criterion."),
    ({1: ["a", "b"], 2: ["a"], 3: ["a"]}, "3 tables, 2 criteria, each criterion by 1 to 3 tables, each table 1 to 2 criteria."),
    ({1: ["a", "b"], 2: ["a", "b"]}, "2 tables, 2 criteria, each criterion by 2 tables, each table 2 criteria."),
])
def test_the_process_says_how_the_criteria_were_shared_out(shares, expected):
    assert expected in texts(shares)["process"]


@pytest.mark.parametrize("programme, expected", [
    ([], "No programme of the day was recorded with the event."),
    ([{"time": "09:30", "item": "Coffee"}, {"time": "16:00", "item": "Close"}],
     "The day ran from 09:30 to 16:00; its programme is below and in Appendix 1."),
])
def test_the_purpose_mentions_the_programme(programme, expected):
    assert expected in texts(programme=programme)["purpose"]


def test_the_long_list_names_the_constraints_once_each():
    options = [option("1"), option("2"), option("5", "excluded", "Too costly."), option("6", "excluded", "Too costly"),
               option("7", "excluded", "Not local")]
    written = texts(options=options)["long_list"]
    assert written == ("The long list had 5 options. Options 5, 6 and 7 were excluded before the day by the "
                       "constraints below.\n\nThe constraints that cut the long list: Too costly; Not local.")
    assert texts(options=[option("1"), option("2")])["long_list"] == (
        "The long list had 2 options; none was excluded, so all of them were short-listed.")


@pytest.mark.parametrize("closes, expected", [
    ("2024-03-12T17:00:00+00:00", "it closes on 12 March 2024"),
    (None, "This paper goes to the boards"),
])
def test_next_steps_mention_the_survey_closing_date(closes, expected):
    written = texts(closes=closes)["next_steps"]
    assert expected in written and ("survey" in written) == bool(closes)


def test_recommendations_name_the_strongest_option_and_the_two_themes_raised_most():
    written = texts()["recommendations"]
    assert "supports option 2 (Option 2 title), the strongest option" in written
    # "Other" is not a theme to address, however many raised it.
    assert "the risk themes raised most, “Staff” and “Travel”" in written


def test_recommendations_with_a_tie_or_no_ballots():
    definition, results, attendance, confidence = event()
    tied = paper.starting_texts(definition, {**results, "strongest": ["1", "2"]}, attendance, confidence)
    assert "options 1 and 2 tie as the strongest" in tied["recommendations"]
    empty = paper.starting_texts(definition, {**results, "strongest": []}, attendance, confidence)
    assert empty["recommendations"].startswith("That the board notes the appraisal once the tables' scores are in.")


def test_weighted_criteria_are_said_to_be_weighted():
    assert "The criteria were weighted, from 0.5 to 2; Named by raw points." in texts(weights=(0.5, 2))["criteria"]
    assert "Every criterion counted the same (weight 1)." in texts()["criteria"]


def test_the_facilitators_text_replaces_the_starting_text_section_by_section():
    definition, *rest = event()
    starting = paper.starting_texts(definition, *rest)
    rows = paper.sections({**definition, "paper": {"risks": "Ours.\n\nTwo."}}, starting)
    assert [row["section"] for row in rows] == list(PAPER_SECTIONS)
    risks = next(row for row in rows if row["section"] == "risks")
    assert risks["edited"] and risks["paragraphs"] == ["Ours.", "Two."] and risks["starting"] == starting["risks"]
    assert not any(row["edited"] for row in rows if row["section"] != "risks")
