"""Event definitions: every rule refuses a file with a plain message at the right place; canonical form; share-out."""
import copy
import itertools
import json
import pathlib
import re

import pytest
from jsonschema import Draft202012Validator

from facilitation.domain.event import (
    EVENT_SCHEMA,
    FORMAT_VERSION,
    EventDefinitionError,
    Problem,
    parse_event,
    share_out,
)

ROOT = pathlib.Path(__file__).parent.parent.parent
EVENT_FILES = sorted((ROOT / "tests" / "events").glob("*.json")) + [ROOT / "facilitation" / "sample_events" / "demo.json"]

# The smallest sensible event, which each rule's case below breaks in one place.
BASE = {
    "format": 1,
    "title": "Test appraisal",
    "options": [
        {"code": "1", "title": "Do nothing"},
        {"code": "3a", "title": "Shared management team"},
        {"code": "3b", "title": "Full merger"},
        {"code": "9", "title": "Merge with a neighbour", "status": "excluded", "excluded_reason": "Not co-terminous"},
    ],
    "criteria": [
        {"code": "health", "title": "Health improvement"},
        {"code": "value", "title": "Value for money"},
        {"code": "local", "title": "Local focus"},
    ],
    "tables": 3,
}
DROP = object()
_STEP = re.compile(r'\.?([A-Za-z_]\w*)|\[(\d+)\]|\.?"([^"]*)"')


def steps(path):
    """A written path such as 'options[1].code' or 'assignment."2"' as field names and positions."""
    return [int(index) if index else name or quoted for name, index, quoted in _STEP.findall(path)]


def mutate(path, value):
    """An edit of BASE: set the value at path (adding the field if new), or remove the field when value is DROP."""

    def edit(data):
        """Make the change in place and return the data."""
        *parents, last = steps(path)
        node = data
        for step in parents:
            node = node[step]
        if value is DROP:
            del node[last]
        else:
            node[last] = copy.deepcopy(value)
        return data

    return edit


def edits(*changes):
    """Several edits of BASE, made in turn."""

    def edit(data):
        """Make each change in turn."""
        for change in changes:
            data = change(data)
        return data

    return edit


def problems_of(change):
    """The problems parse_event lists for BASE after a change."""
    with pytest.raises(EventDefinitionError) as raised:
        parse_event(change(copy.deepcopy(BASE)))
    return raised.value.problems


def assert_plain(message):
    """A message a facilitator can read: no validator jargon, no Python reprs."""
    assert message and message == message.strip()
    for jargon in ("is not of type", "is a required property", "Additional properties", "is not valid under",
                   "does not match", "is not one of", "'", "None", "True", "False", "Traceback", "<"):
        assert jargon not in message, (jargon, message)


LONG = "x" * 201
VERY_LONG = "x" * 1001

RULES = [
    # The file as a whole and its version
    ("format", mutate("format", DROP), "required"),
    ("format", mutate("format", "1"), "must be a whole number"),
    ("format", mutate("format", True), "must be a whole number"),
    ("format", mutate("format", 1.0), "must be a whole number"),
    ("colour", mutate("colour", "blue"), "unknown field"),
    # Title and date
    ("title", mutate("title", DROP), "required"),
    ("title", mutate("title", "   "), "must not be empty"),
    ("title", mutate("title", "\x00\x07"), "must not be empty"),
    ("title", mutate("title", LONG), "at most 200 characters"),
    ("title", mutate("title", 42), "must be text"),
    ("date", mutate("date", "14/03/2025"), "YYYY-MM-DD"),
    ("date", mutate("date", "2025-02-30"), "real date"),
    ("date", mutate("date", 20250314), "must be text or null"),
    # Scoring
    ("scoring", mutate("scoring", "allocate"), "must be a group of fields"),
    ("scoring.mode", mutate("scoring", {"mode": "vote"}), 'must be "allocate" or "score"'),
    ("scoring.budget", mutate("scoring", {"budget": 0}), "must be from 1 to 100"),
    ("scoring.budget", mutate("scoring", {"budget": 101}), "must be from 1 to 100"),
    ("scoring.budget", mutate("scoring", {"budget": True}), "must be a whole number"),
    ("scoring.budget", mutate("scoring", {"budget": 10.0}), "must be a whole number"),
    ("scoring.budget", mutate("scoring", {"budget": "10"}), "must be a whole number"),
    ("scoring.rank_first", mutate("scoring", {"rank_first": "yes"}), "must be true or false"),
    ("scoring.rule", mutate("scoring", {"rule": "fair"}), 'must be "raw" or "weighted"'),
    ("scoring.allow_rule_out", mutate("scoring", {"allow_rule_out": 1}), "must be true or false"),
    ("scoring.points", mutate("scoring", {"points": 10}), "unknown field (allowed here: mode, budget"),
    # Options
    ("options", mutate("options", "1, 2"), "must be a list"),
    ("options", mutate("options", BASE["options"][:1] + BASE["options"][3:]), "at least 2 short-listed"),
    ("options[1]", mutate("options[1]", "3a"), "must be a group of fields"),
    ("options[1].family", mutate("options[1].family", LONG), "is too long: at most 200 characters (this has 201)"),
    ("options[1].family", mutate("options[1].family", 3), "must be text"),
    ("options[2].code", mutate("options[2].code", "3A "), 'duplicate "3a"'),
    ("options[2].code", mutate("options[2].code", "  "), "must not be empty"),
    ("options[2].code", mutate("options[2].code", "abcdefghijk"), "at most 10 characters"),
    ("options[2].code", mutate("options[2].code", "3 b"), "spaces"),
    ("options[2].code", mutate("options[2].code", "3\tb"), "spaces"),
    ("options[2].code", mutate("options[2].code", "3\x07b"), "control characters"),
    ("options[2].code", mutate("options[2].code", 3), "must be text"),
    ("options[2].code", mutate("options[2].code", DROP), "required"),
    ("options[2].title", mutate("options[2].title", DROP), "required"),
    ("options[2].title", mutate("options[2].title", ""), "must not be empty"),
    ("options[2].title", mutate("options[2].title", LONG), "at most 200 characters"),
    ("options[2].description", mutate("options[2].description", VERY_LONG), "at most 1000 characters"),
    ("options[2].status", mutate("options[2].status", "maybe"), 'must be "shortlisted" or "excluded"'),
    ("options[3].colour", mutate("options[3].colour", "red"), "unknown field (allowed here: code, title"),
    ("options[3].excluded_reason", mutate("options[3].excluded_reason", DROP), "needs the reason"),
    ("options[3].excluded_reason", mutate("options[3].excluded_reason", None), "needs the reason"),
    ("options[3].excluded_reason", mutate("options[3].excluded_reason", " \n "), "needs the reason"),
    ("options[3].excluded_reason", mutate("options[3].excluded_reason", ["cost"]), "must be text or null"),
    ("options[1].excluded_reason", mutate("options[1].excluded_reason", "Too slow"), "only an excluded option"),
    ("options[1].briefing", mutate("options[1].briefing", []), "must be a group of fields"),
    ("options[1].briefing.pros", mutate("options[1].briefing", {"pros": []}), "unknown field"),
    ("options[1].briefing.advantages", mutate("options[1].briefing", {"advantages": "cheap"}), "must be a list"),
    ("options[1].briefing.advantages[0].importance",
     mutate("options[1].briefing", {"advantages": [{"text": "Cheaper"}]}), "required"),
    ("options[1].briefing.disadvantages[0].importance",
     mutate("options[1].briefing", {"disadvantages": [{"text": "Slow", "importance": "urgent"}]}),
     'must be "high", "medium" or "low"'),
    ("options[1].briefing.advantages[0].text",
     mutate("options[1].briefing", {"advantages": [{"text": " ", "importance": "low"}]}), "must not be empty"),
    ("options[1].briefing.advantages[0].text",
     mutate("options[1].briefing", {"advantages": [{"text": VERY_LONG, "importance": "low"}]}), "at most 1000"),
    # Criteria
    ("criteria", mutate("criteria", []), "must not be empty"),
    ("criteria", mutate("criteria", DROP), "required"),
    ("criteria[1].code", mutate("criteria[1].code", " HEALTH"), 'duplicate "health"'),
    ("criteria[1].code", mutate("criteria[1].code", ""), "must not be empty"),
    ("criteria[1].code", mutate("criteria[1].code", "x" * 41), "at most 40 characters"),
    ("criteria[1].title", mutate("criteria[1].title", DROP), "required"),
    ("criteria[1].working_title", mutate("criteria[1].working_title", LONG), "at most 200 characters"),
    ("criteria[1].description", mutate("criteria[1].description", VERY_LONG), "at most 1000 characters"),
    ("criteria[1].measures", mutate("criteria[1].measures", "cost per head"), "must be a list"),
    ("criteria[1].measures[1]", mutate("criteria[1].measures", ["Savings", ""]), "must not be empty"),
    ("criteria[1].measures[0]", mutate("criteria[1].measures", [LONG]), "at most 200 characters"),
    ("criteria[1].weight", mutate("criteria[1].weight", -1), "must be 0 or more"),
    ("criteria[1].weight", mutate("criteria[1].weight", True), "must be a number"),
    ("criteria[1].weight", mutate("criteria[1].weight", "2"), "must be a number"),
    ("criteria[1].weight", mutate("criteria[1].weight", float("nan")), "ordinary number"),
    ("criteria[1].weight", mutate("criteria[1].weight", float("inf")), "ordinary number"),
    ("criteria[1].colour", mutate("criteria[1].colour", "red"), "unknown field"),
    # Tables
    ("tables", mutate("tables", DROP), "required"),
    ("tables", mutate("tables", 0), "must be from 1 to 500"),
    ("tables", mutate("tables", 501), "must be from 1 to 500"),
    ("tables", mutate("tables", True), "must be a whole number or a list"),
    ("tables", mutate("tables", 3.0), "must be a whole number or a list"),
    ("tables", mutate("tables", "3"), "must be a whole number or a list"),
    ("tables", mutate("tables", []), "must not be empty"),
    ("tables[0].number", mutate("tables", [{"name": "Front"}]), "required"),
    ("tables[0].number", mutate("tables", [{"number": 0}]), "must be from 1 to 9999"),
    ("tables[0].number", mutate("tables", [{"number": 1.0}]), "must be a whole number"),
    ("tables[1].number", mutate("tables", [{"number": 2}, {"number": 2}]), "duplicate table number 2"),
    ("tables[0].name", mutate("tables", [{"number": 1, "name": LONG}]), "at most 200 characters"),
    ("tables[0].colour", mutate("tables", [{"number": 1, "colour": "red"}]), "unknown field (allowed here: number, name)"),
    # Assignment
    ("assignment", mutate("assignment", []), "must be a group of fields"),
    ("assignment", mutate("assignment", {}), "is empty"),
    ("assignment", mutate("assignment", {"all": True, "1": ["health"]}), "only one way"),
    ("assignment", mutate("assignment", {"all": True, "tables_per_criterion": 1}), "only one way"),
    ("assignment.all", mutate("assignment", {"all": False}), "must be true"),
    ("assignment.all", mutate("assignment", {"all": "yes"}), "must be true"),
    ("assignment.tables_per_criterion", mutate("assignment", {"tables_per_criterion": 0}), "from 1 to 3"),
    ("assignment.tables_per_criterion", mutate("assignment", {"tables_per_criterion": 4}), "from 1 to 3"),
    ("assignment.tables_per_criterion", mutate("assignment", {"tables_per_criterion": True}), "whole number"),
    ("assignment.tables_per_criterion", mutate("assignment", {"tables_per_criterion": 2.0}), "whole number"),
    ("assignment.table", mutate("assignment", {"table": ["health"]}), "unknown field"),
    ('assignment."13"', mutate("assignment", {"1": ["health", "value", "local"], "13": ["value"]}), "no table 13"),
    ('assignment."2"[1]', mutate("assignment", {"1": ["health", "value", "local"], "2": ["value", "helth"]}),
     'no criterion "helth"'),
    ('assignment."1"[3]', mutate("assignment", {"1": ["health", "value", "local", "Value"]}), 'duplicate "value"'),
    ('assignment."1"', mutate("assignment", {"1": "health", "2": ["health", "value", "local"]}), "must be a list"),
    ('assignment."1"[0]', mutate("assignment", {"1": [7], "2": ["health", "value", "local"]}), "must be text"),
    ('assignment."01"', mutate("assignment", {"1": ["health", "value", "local"], "01": ["value"]}), "listed twice"),
    ("criteria[2]", mutate("assignment", {"1": ["health"], "2": ["value"]}), 'no table scores criterion "local"'),
    # Confidence
    ("confidence.about", mutate("confidence", {"about": "Z"}), 'no option "Z"'),
    ("confidence.about", mutate("confidence", {"about": "9"}), "is excluded"),
    ("confidence.about", mutate("confidence", {"about": 1}), "must be text"),
    ("confidence.question", mutate("confidence", {"question": "Sure?"}), "unknown field"),
    # Risk themes
    ("risk_themes", mutate("risk_themes", "Workforce"), "must be a list"),
    ("risk_themes[1]", mutate("risk_themes", ["Workforce", " workforce "]), 'duplicate "Workforce"'),
    ("risk_themes[0]", mutate("risk_themes", [""]), "must not be empty"),
    ("risk_themes[0]", mutate("risk_themes", [LONG]), "at most 200 characters"),
    ("risk_themes[0]", mutate("risk_themes", [3]), "must be text"),
    # Survey
    ("survey.closes", mutate("survey", {"closes": "2025-03-28T17:00:00"}), "timezone"),
    ("survey.closes", mutate("survey", {"closes": "next Friday"}), "date and time"),
    ("survey.closes", mutate("survey", {"closes": "2025-03-28"}), "date and time"),
    ("survey.closes", mutate("survey", {"closes": "2025-02-30T17:00:00Z"}), "not a real date"),
    ("survey.include_scoring", mutate("survey", {"include_scoring": "no"}), "must be true or false"),
    ("survey.reminder", mutate("survey", {"reminder": True}), "unknown field"),
    # Invitees
    ("invitees", mutate("invitees", "everyone"), "must be a list"),
    ("invitees[0].name", mutate("invitees", [{"organisation": "City Council"}]), "required"),
    ("invitees[0].name", mutate("invitees", [{"name": " "}]), "must not be empty"),
    ("invitees[0].organisation", mutate("invitees", [{"name": "A. Person", "organisation": 5}]), "must be text"),
    ("invitees[0].email", mutate("invitees", [{"name": "A. Person", "email": "a@example.org"}]), "unknown field"),
]


def test_the_base_definition_is_valid():
    assert parse_event(copy.deepcopy(BASE))["title"] == "Test appraisal"


@pytest.mark.parametrize("path, change, words", RULES, ids=[f"{path}: {words}" for path, _, words in RULES])
def test_each_rule_refuses_the_file_with_a_plain_message_at_its_place(path, change, words):
    problems = problems_of(change)
    assert [problem.path for problem in problems] == [path], problems
    assert words in problems[0].message
    assert_plain(problems[0].message)


@pytest.mark.parametrize("data", ["an event", ["an event"], None, 1, True])
def test_something_other_than_a_json_object_is_one_problem_for_the_whole_file(data):
    with pytest.raises(EventDefinitionError) as raised:
        parse_event(data)
    assert [problem.path for problem in raised.value.problems] == [""]
    assert "JSON object" in raised.value.problems[0].message
    assert str(raised.value) == raised.value.problems[0].message


@pytest.mark.parametrize("version", [0, 2, 99])
def test_another_format_version_is_refused_naming_the_version_this_app_reads(version):
    problems = problems_of(edits(mutate("format", version), mutate("colour", "from the future")))
    # The new fields of another version are not listed as unknown: they may well be right for that version.
    assert problems == [Problem("format", problems[0].message)]
    assert f"format {FORMAT_VERSION}" in problems[0].message and str(version) in problems[0].message
    assert_plain(problems[0].message)


def test_a_file_with_several_problems_lists_all_of_them_in_file_order():
    change = edits(
        mutate("surprise", True),
        mutate("title", ""),
        mutate("options[2].code", "3A"),
        mutate("options[1].colour", "blue"),
        mutate("criteria[0].weight", -2),
        mutate("tables", [{"number": 1}, {"number": 1}, {"number": 2}]),
        mutate("assignment", {"1": ["health", "value"], "2": ["wealth"]}),
        mutate("survey", {"closes": "tomorrow"}),
    )
    problems = problems_of(change)
    assert [problem.path for problem in problems] == [
        "title",
        "options[1].colour",
        "options[2].code",
        "criteria[0].weight",
        "tables[1].number",
        "surprise",  # added to the file after the tables, before the assignment
        'assignment."2"[0]',
        "survey.closes",
    ]
    for problem in problems:
        assert_plain(problem.message)


def test_the_error_message_has_one_problem_per_line():
    with pytest.raises(EventDefinitionError) as raised:
        parse_event(edits(mutate("title", ""), mutate("criteria[1].code", "Health"))(copy.deepcopy(BASE)))
    assert str(raised.value) == 'title: must not be empty\ncriteria[1].code: duplicate "health"'
    assert isinstance(raised.value, ValueError)


def test_an_unscored_criterion_is_reported_once_even_with_other_assignment_problems():
    problems = problems_of(mutate("assignment", {"1": ["health", "helth"], "13": ["value"], "2": ["value"]}))
    assert [str(problem) for problem in problems] == [
        'criteria[2]: no table scores criterion "local"',
        'assignment."1"[1]: no criterion "helth"',
        'assignment."13": no table 13',
    ]


def test_references_to_missing_tables_are_not_checked_when_the_tables_themselves_are_wrong():
    problems = problems_of(edits(mutate("tables", "three"), mutate("assignment", {"13": ["health", "value", "local"]})))
    assert [problem.path for problem in problems] == ["tables"]


# --- the canonical definition ----------------------------------------------------------------------------------


def load(path):
    """The decoded JSON of an event file."""
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda path: path.name)
def test_export_then_import_gives_back_the_same_definition(path):
    definition = parse_event(load(path))
    assert parse_event(json.loads(json.dumps(definition))) == definition


def test_minimal_file_gets_every_default():
    assert parse_event(load(ROOT / "tests" / "events" / "minimal.json")) == {
        "format": 1,
        "title": "Minor injuries unit opening hours",
        "date": None,
        "scoring": {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True, "rule": "raw"},
        "options": [
            {"code": "1", "title": "Open 8am to 8pm", "description": "", "status": "shortlisted", "family": None,
             "excluded_reason": None, "briefing": {"advantages": [], "disadvantages": []}},
            {"code": "2", "title": "Open around the clock", "description": "", "status": "shortlisted", "family": None,
             "excluded_reason": None, "briefing": {"advantages": [], "disadvantages": []}},
        ],
        "criteria": [
            {"code": "access", "working_title": "Access for local people", "title": "Access for local people",
             "description": "", "measures": [], "weight": 1},
        ],
        "tables": [{"number": 1, "name": ""}, {"number": 2, "name": ""}, {"number": 3, "name": ""}],
        "assignment": {"all": True},
        "confidence": {"about": "strongest"},
        "risk_themes": [],
        "survey": {"closes": None, "include_scoring": False},
        "invitees": [],
        "programme": [],
        "stakeholder_groups": [],
        "theme_responses": {},
        "paper": {},
    }


def test_the_explicit_share_out_is_written_in_table_and_criteria_order_with_the_criteria_spelling():
    definition = parse_event(mutate("assignment", {"3": [" LOCAL", "health"], "2": [], "1": ["value", "Health"]})(
        copy.deepcopy(BASE)))
    assert definition["assignment"] == {"1": ["health", "value"], "3": ["health", "local"]}
    assert list(definition["assignment"]) == ["1", "3"]


def test_tables_are_listed_by_number_with_names():
    definition = parse_event(mutate("tables", [{"number": 12, "name": " Patients "}, {"number": 3}])(copy.deepcopy(BASE)))
    assert definition["tables"] == [{"number": 3, "name": ""}, {"number": 12, "name": "Patients"}]


@pytest.mark.parametrize("typed, written", [
    ("2025-03-28T17:00:00Z", "2025-03-28T17:00:00Z"),
    ("2025-03-28t17:00z", "2025-03-28T17:00:00Z"),
    ("2025-03-28T17:00:00+00:00", "2025-03-28T17:00:00Z"),
    ("2025-06-27 17:30+01:00", "2025-06-27T17:30:00+01:00"),
])
def test_the_survey_closing_time_is_written_in_one_iso_form(typed, written):
    definition = parse_event(mutate("survey", {"closes": typed})(copy.deepcopy(BASE)))
    assert definition["survey"] == {"closes": written, "include_scoring": False}


def test_text_is_cleaned_and_codes_are_referred_to_as_spelt_in_their_list():
    change = edits(
        mutate("title", "  Test\x00 appraisal\n"),
        mutate("options[1].description", "Line one\r\nLine two\x07"),
        mutate("options[1].code", " 3a "),
        mutate("confidence", {"about": "3A"}),
        mutate("criteria[0].working_title", "   "),
    )
    definition = parse_event(change(copy.deepcopy(BASE)))
    assert definition["title"] == "Test appraisal"
    assert definition["options"][1]["code"] == "3a"
    assert definition["options"][1]["description"] == "Line one\nLine two"
    assert definition["confidence"] == {"about": "3a"}
    assert definition["criteria"][0]["working_title"] == "Health improvement"


def test_parsing_leaves_the_decoded_file_unchanged():
    data = load(ROOT / "tests" / "events" / "allocate-explicit.json")
    before = copy.deepcopy(data)
    parse_event(data)
    assert data == before


# --- the JSON Schema -----------------------------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(EVENT_SCHEMA)


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda path: path.name)
def test_the_schema_accepts_every_project_file_and_its_canonical_definition(path):
    validator = Draft202012Validator(EVENT_SCHEMA)
    data = load(path)
    assert not list(validator.iter_errors(data))
    assert not list(validator.iter_errors(json.loads(json.dumps(parse_event(data)))))


# --- sharing criteria out between tables -----------------------------------------------------------------------

CODES = ["health", "value", "local"]


def test_all_means_every_table_scores_every_criterion():
    assert share_out(CODES, [2, 1], {"all": True}) == {1: CODES, 2: CODES}


def test_an_explicit_share_out_is_as_given_and_tables_left_out_score_nothing():
    assert share_out(CODES, [1, 2, 3], {"1": ["local", "health"], "3": ["value"]}) == {
        1: ["health", "local"], 2: [], 3: ["value"],
    }


@pytest.mark.parametrize("criteria, tables, per_criterion, per_table", [
    pytest.param(8, 12, 3, {2}, id="8 criteria, 12 tables, 3 each: every table 2"),
    pytest.param(5, 6, 2, {1, 2}, id="5 criteria, 6 tables, 2 each"),
    pytest.param(3, 10, 1, {0, 1}, id="3 criteria, 10 tables, 1 each"),
    pytest.param(4, 4, 4, {4}, id="every table scores every criterion"),
])
def test_a_balanced_share_out(criteria, tables, per_criterion, per_table):
    codes = [f"c{i}" for i in range(criteria)]
    shares = share_out(codes, list(range(1, tables + 1)), {"tables_per_criterion": per_criterion})
    assert {len(share) for share in shares.values()} == per_table
    for code in codes:
        assert sum(code in share for share in shares.values()) == per_criterion


def test_the_balanced_share_out_deals_criteria_round_the_tables_in_number_order():
    shares = share_out(CODES, [30, 10, 20, 40], {"tables_per_criterion": 2})
    assert shares == {10: ["health", "local"], 20: ["health", "local"], 30: ["value"], 40: ["value"]}
    assert list(shares) == [10, 20, 30, 40]


@pytest.mark.parametrize("criteria, tables", list(itertools.product(range(1, 9), range(1, 14))))
def test_every_balanced_share_out_is_even_and_gives_each_criterion_distinct_tables(criteria, tables):
    codes = [f"c{i}" for i in range(criteria)]
    numbers = list(range(1, tables + 1))
    for per_criterion in range(1, tables + 1):
        shares = share_out(codes, numbers, {"tables_per_criterion": per_criterion})
        assert sorted(shares) == numbers
        loads = {len(share) for share in shares.values()}
        assert loads <= {criteria * per_criterion // tables, -(-criteria * per_criterion // tables)}
        for share in shares.values():
            assert share == [code for code in codes if code in share]  # criteria order, no repeats
        for code in codes:
            assert sum(code in share for share in shares.values()) == per_criterion
        assert shares == share_out(codes, numbers, {"tables_per_criterion": per_criterion})


def test_a_share_out_needing_more_tables_than_there_are_is_refused():
    with pytest.raises(ValueError):
        share_out(CODES, [1, 2], {"tables_per_criterion": 3})


@pytest.mark.parametrize("title, slug", [
    ("Urgent and emergency care in Marlbury: options for the next five years",
     "urgent-and-emergency-care-in-marlbury-options-for-the-next"),
    ("Zoë's review", "zoe-s-review"),
    ("x" * 70, "x" * 60),
    ("!!!", "event"),
])
def test_file_names_come_from_the_title_cut_at_a_word(title, slug):
    from facilitation.domain.event_file import slugify

    assert slugify(title) == slug and len(slug) <= 60
