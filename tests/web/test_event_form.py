"""The event editor: form ↔ definition translation, round trips of every event file, and the page itself."""
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from facilitation import store
from facilitation.domain.event import parse_event
from facilitation.domain.event_file import read_event_file
from facilitation.web.event_form import (
    CriterionRow, EventForm, OptionRow, blank_form, form_from_definition, place, read_form,
)

from ..conftest import DEMO_FILE, EVENTS_DIR

NEW = "/facilitator/events/new"

# A complete, valid posted form: two options, two criteria, four tables, balanced share-out.
GOOD_FORM = [
    ("title", "Stroke beds"), ("date", "2025-10-02"),
    ("mode", "allocate"), ("budget", "10"), ("rank_first", "1"), ("allow_rule_out", "1"),
    ("options-0-code", "1"), ("options-0-title", "Do nothing"), ("options-0-status", "shortlisted"),
    ("options-1-code", "2"), ("options-1-title", "One site"), ("options-1-status", "shortlisted"),
    ("criteria-0-code", "health"), ("criteria-0-title", "Health improvement"), ("criteria-0-weight", "1"),
    ("criteria-1-code", "access"), ("criteria-1-title", "Access"), ("criteria-1-weight", "1"),
    ("table_count", "4"), ("table_numbers", ""), ("table_names", ""),
    ("share_out", "balanced"), ("tables_per_criterion", "2"),
    ("confidence_about", "strongest"), ("risk_themes", ""), ("survey_closes", ""), ("invitees", ""),
]


def posted(**changes):
    """GOOD_FORM as a MultiDict, with some fields replaced (a list value posts the field several times)."""
    data = MultiDict([(key, value) for key, value in GOOD_FORM if key not in changes])
    for key, value in changes.items():
        for one in value if isinstance(value, list) else [value]:
            data.add(key, one)
    return data


def raw_of(**changes):
    """The raw definition read from GOOD_FORM with some fields replaced."""
    return read_form(posted(**changes))[0]


def local_iso(text):
    """A local wall-clock time as ISO 8601 with this machine's UTC offset (what the form should produce)."""
    return datetime.fromisoformat(text).astimezone().isoformat()


# ---------------------------------------------------------------- reading the form (pure)

@pytest.mark.parametrize("changes, pick, expected", [
    # Rows with nothing typed in them are not options or criteria (a default weight alone is nothing typed).
    ({"options-2-code": "", "options-2-title": " ", "options-2-status": "shortlisted"},
     lambda raw: len(raw["options"]), 2),
    ({"criteria-2-code": "", "criteria-2-title": "", "criteria-2-weight": "1"}, lambda raw: len(raw["criteria"]), 2),
    ({"options-0-code": "", "options-0-title": "", "options-0-status": "shortlisted"},
     lambda raw: [o["code"] for o in raw["options"]], ["2"]),
    # Briefing lines: importance first, any case, blank lines skipped; no prefix leaves importance to the domain.
    ({"options-0-advantages": "high: Keeps a site\r\n\r\nLow:Cheaper\nmedium: Ratio: 2:1"},
     lambda raw: raw["options"][0]["briefing"]["advantages"],
     [{"text": "Keeps a site", "importance": "high"}, {"text": "Cheaper", "importance": "low"},
      {"text": "Ratio: 2:1", "importance": "medium"}]),
    ({"options-1-disadvantages": "Travel is longer"},
     lambda raw: raw["options"][1]["briefing"]["disadvantages"], [{"text": "Travel is longer"}]),
    ({"options-1-status": "excluded", "options-1-excluded_reason": " Too costly "},
     lambda raw: (raw["options"][1]["status"], raw["options"][1]["excluded_reason"]), ("excluded", "Too costly")),
    ({"criteria-0-measures": "Life expectancy\n\n  Infant mortality  \n"},
     lambda raw: raw["criteria"][0]["measures"], ["Life expectancy", "Infant mortality"]),
    # Numbers that look like numbers become numbers; anything else goes through for the domain to name.
    ({"criteria-1-weight": "1.5"}, lambda raw: raw["criteria"][1]["weight"], 1.5),
    ({"criteria-1-weight": " 2 "}, lambda raw: raw["criteria"][1]["weight"], 2),
    ({"criteria-1-weight": "abc"}, lambda raw: raw["criteria"][1]["weight"], "abc"),
    ({"criteria-1-weight": ""}, lambda raw: "weight" in raw["criteria"][1], False),
    # Families: typed as text, left out when blank; a family alone still makes a row (the domain names what is missing).
    ({"options-0-family": " Three to two "}, lambda raw: raw["options"][0]["family"], "Three to two"),
    ({"options-1-family": ""}, lambda raw: "family" in raw["options"][1], False),
    ({"options-2-family": "Orphans"}, lambda raw: raw["options"][2], {"family": "Orphans", "status": "shortlisted",
                                                                        "briefing": {"advantages": [], "disadvantages": []}}),
    # The rule: raw or weighted as chosen; none chosen leaves it to the domain's default.
    ({"rule": "weighted"}, lambda raw: raw["scoring"]["rule"], "weighted"),
    ({"rule": ""}, lambda raw: "rule" in raw["scoring"], False),
    ({"rule": "loudest"}, lambda raw: raw["scoring"]["rule"], "loudest"),
    ({"budget": "20"}, lambda raw: raw["scoring"]["budget"], 20),
    ({"budget": "ten"}, lambda raw: raw["scoring"]["budget"], "ten"),
    ({"mode": "score"}, lambda raw: raw["scoring"]["mode"], "score"),
    # Unticked checkboxes are not posted at all.
    ({"rank_first": [], "allow_rule_out": []},
     lambda raw: (raw["scoring"]["rank_first"], raw["scoring"]["allow_rule_out"]), (False, False)),
    # Share-out: every table, balanced, or by hand from the grid ("table:criterion row").
    ({"share_out": "all"}, lambda raw: raw["assignment"], {"all": True}),
    ({"share_out": "balanced", "tables_per_criterion": "3"},
     lambda raw: raw["assignment"], {"tables_per_criterion": 3}),
    ({"share_out": "balanced", "tables_per_criterion": "lots"},
     lambda raw: raw["assignment"], {"tables_per_criterion": "lots"}),
    ({"share_out": "by_hand", "assign": ["1:0", "2:0", "2:1", "3:1"]},
     lambda raw: raw["assignment"], {"1": ["health"], "2": ["health", "access"], "3": ["access"], "4": []}),
    # Ticks for a table no longer there, or a criterion row since emptied, are dropped.
    ({"share_out": "by_hand", "assign": ["1:0", "9:0", "4:5", "x:y"]},
     lambda raw: raw["assignment"], {"1": ["health"], "2": [], "3": [], "4": []}),
    # Tables: a count, names one per line in table order.
    ({"table_count": "3", "table_names": "North\n\nSouth\nnot used"},
     lambda raw: raw["tables"],
     [{"number": 1, "name": "North"}, {"number": 2, "name": ""}, {"number": 3, "name": "South"}]),
    # Kept numbers (an event numbered 1, 2, 5): fewer drops the highest, more numbers on after the highest.
    ({"table_count": "3", "table_numbers": "1,2,5"}, lambda raw: [t["number"] for t in raw["tables"]], [1, 2, 5]),
    ({"table_count": "4", "table_numbers": "1,2,5"}, lambda raw: [t["number"] for t in raw["tables"]], [1, 2, 5, 6]),
    ({"table_count": "2", "table_numbers": "1,2,5"}, lambda raw: [t["number"] for t in raw["tables"]], [1, 2]),
    ({"table_count": "a dozen"}, lambda raw: raw["tables"], "a dozen"),
    ({"table_count": "0"}, lambda raw: raw["tables"], 0),
    ({"table_count": ""}, lambda raw: raw["tables"], None),
    # The survey's closing time: the browser's local time, stored with this server's UTC offset.
    ({"survey_closes": "2026-12-16T17:00"}, lambda raw: raw["survey"]["closes"], local_iso("2026-12-16T17:00")),
    ({"survey_closes": "2026-07-01T09:30:15"}, lambda raw: raw["survey"]["closes"], local_iso("2026-07-01T09:30:15")),
    ({"survey_closes": ""}, lambda raw: raw["survey"]["closes"], None),
    ({"survey_closes": "next Friday"}, lambda raw: raw["survey"]["closes"], "next Friday"),
    ({"survey_include_scoring": "1"}, lambda raw: raw["survey"]["include_scoring"], True),
    # Invitees: Name, Organisation; the organisation is everything after the first comma.
    ({"invitees": "A. Example, City Council\n\nB. Person, Health and Care, North\nC. Solo"},
     lambda raw: raw["invitees"],
     [{"name": "A. Example", "organisation": "City Council"},
      {"name": "B. Person", "organisation": "Health and Care, North"},
      {"name": "C. Solo", "organisation": ""}]),
    ({"risk_themes": "Pace of change\n\n Workforce \n"},
     lambda raw: raw["risk_themes"], ["Pace of change", "Workforce"]),
    ({"confidence_about": "2"}, lambda raw: raw["confidence"], {"about": "2"}),
    ({"date": ""}, lambda raw: raw["date"], None),
])
def test_read_form_builds_the_raw_definition(changes, pick, expected):
    assert pick(raw_of(**changes)) == expected


def test_the_good_form_is_a_valid_event():
    definition = parse_event(raw_of())
    assert definition["title"] == "Stroke beds"
    assert [t["number"] for t in definition["tables"]] == [1, 2, 3, 4]
    assert definition["assignment"] == {"tables_per_criterion": 2}


def test_form_state_keeps_what_was_typed_without_the_skipped_rows_and_lines():
    _, form = read_form(posted(**{
        "criteria-1-weight": "abc", "title": "  <Stroke> & beds",
        "options-0-code": "", "options-0-title": "", "invitees": "\nA, B\n\nC, D",
        "share_out": "by_hand", "assign": ["1:1", "4:0"],
    }))
    assert form.title.data == "  <Stroke> & beds"
    assert form.criteria[1].weight.data == "abc"
    # The emptied first option moves to the end, so "Option 1" in a problem is the first row shown.
    assert [o["code"] for o in form.options.data] == ["2", ""]
    assert [o.code.name for o in form.options] == ["options-0-code", "options-1-code"]
    assert form.invitees.data == "A, B\nC, D"
    assert sorted(form.assign.data) == ["1:1", "4:0"]
    assert form.tables == [1, 2, 3, 4]
    assert form.adding is False


def test_grid_ticks_follow_their_criterion_when_an_earlier_row_is_emptied():
    raw, form = read_form(posted(**{
        "criteria-0-code": "", "criteria-0-title": "", "criteria-0-weight": "1",
        "share_out": "by_hand", "assign": ["2:1", "3:0"],
    }))
    assert raw["assignment"] == {"1": [], "2": ["access"], "3": [], "4": []}
    assert form.assign.data == ["2:0"]


@pytest.mark.parametrize("action, kind, rows", [("add-option", "options", 3), ("add-criterion", "criteria", 3)])
def test_an_add_a_row_button_adds_an_empty_row_and_asks_not_to_save(action, kind, rows):
    _, form = read_form(posted(action=action))
    assert form.adding is True and form.added == kind
    assert len(form[kind]) == rows
    assert all(not value for key, value in form.data[kind][-1].items() if key not in ("status", "weight"))


def test_update_the_grid_shows_the_form_again_without_adding_rows():
    _, form = read_form(posted(action="update-grid", table_count="6"))
    assert form.adding is True and len(form.options) == 2 and form.tables == [1, 2, 3, 4, 5, 6]


def test_save_is_not_adding():
    assert read_form(posted(action="save"))[1].adding is False


def test_blank_form_defaults():
    form = blank_form().data
    assert (form["mode"], form["budget"], form["rank_first"], form["allow_rule_out"]) == ("allocate", "10", True, True)
    assert (len(form["options"]), len(form["criteria"])) == (2, 1)
    assert (form["table_count"], form["share_out"], form["tables_per_criterion"]) == ("10", "balanced", "3")
    assert blank_form().tables == list(range(1, 11))


def test_form_from_definition_shows_non_contiguous_table_numbers_and_the_share_out():
    definition = parse_event({
        "format": 1, "title": "T",
        "options": [{"code": "A", "title": "A"}, {"code": "B", "title": "B"}],
        "criteria": [{"code": "c", "title": "C"}, {"code": "d", "title": "D", "weight": 2.5}],
        "tables": [{"number": 1, "name": "North"}, {"number": 2}, {"number": 5, "name": "East"}],
        "assignment": {"1": ["c"], "5": ["c", "d"]},
        "survey": {"closes": "2026-01-10T12:00:00+00:00"},
        "invitees": [{"name": "A. B", "organisation": "Org"}, {"name": "C"}],
    })
    shown = form_from_definition(definition)
    form = shown.data
    assert (form["table_count"], form["table_numbers"], form["table_names"]) == ("3", "1,2,5", "North\n\nEast")
    assert shown.tables == [1, 2, 5]
    assert (form["share_out"], sorted(form["assign"])) == ("by_hand", ["1:0", "5:0", "5:1"])
    assert form["criteria"][1]["weight"] == "2.5"
    assert form["invitees"] == "A. B, Org\nC"
    local = datetime(2026, 1, 10, 12, tzinfo=timezone.utc).astimezone()
    assert form["survey_closes"] == local.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("path, words", [
    ("", "The event"),
    ("title", "Title"),
    ("date", "Date"),
    ("options", "Options"),
    ("options[2].code", "Option 3, code"),
    ("options[0].title", "Option 1, title"),
    ("options[1].excluded_reason", "Option 2, reason for exclusion"),
    ("options[0].briefing.advantages[1].importance", "Option 1, advantages, line 2, importance"),
    ("options[3].briefing.disadvantages[0]", "Option 4, disadvantages, line 1"),
    ("criteria[0].weight", "Criterion 1, weight"),
    ("criteria[1].title", "Criterion 2, name"),
    ("criteria[1].working_title", "Criterion 2, working title"),
    ("criteria[2].measures[0]", "Criterion 3, measures, line 1"),
    ("criteria[4]", "Criterion 5"),
    ("tables", "Number of tables"),
    ("tables[1].number", "Tables, table 2"),
    ("tables[3].name", "Table names, line 4"),
    ("assignment", "Share-out"),
    ('assignment."13"', "Share-out, table 13"),
    ('assignment."13"[1]', "Share-out, table 13"),
    ("assignment.tables_per_criterion", "Share-out, tables per criterion"),
    ("scoring.budget", "Points per criterion"),
    ("scoring.mode", "How tables score"),
    ("confidence.about", "Confidence about"),
    ("risk_themes[2]", "Risk themes, line 3"),
    ("survey.closes", "Survey closes"),
    ("survey.include_scoring", "Survey respondents also score"),
    ("invitees[3].name", "Invitees, line 4, name"),
    ("colour", "colour"),
])
def test_place_names_a_problem_in_the_forms_words(path, words):
    assert place(path) == words


# ---------------------------------------------------------------- the form classes (WTForms)

def test_rows_are_field_lists_named_the_way_the_page_posts_them():
    form = EventForm()
    assert [row.form.code.name for row in form.options] == ["options-0-code", "options-1-code"]
    assert [row.form.weight.id for row in form.criteria] == ["criteria-0-weight"]
    form.criteria.append_entry()
    assert form.criteria[1].form.measures.name == "criteria-1-measures"
    assert set(OptionRow().data) == {"code", "title", "description", "status", "family", "excluded_reason",
                                     "advantages", "disadvantages"}
    assert set(CriterionRow().data) == {"code", "working_title", "title", "description", "measures", "weight"}


def test_posted_rows_are_read_in_order_and_a_field_a_row_leaves_out_takes_the_rows_default():
    form = EventForm(MultiDict([("options-5-code", "B"), ("options-0-title", "A"), ("criteria-3-code", "c")]))
    assert [row["code"] for row in form.options.data] == ["", "B"]
    assert [row["title"] for row in form.options.data] == ["A", ""]
    assert form.options.data[1]["status"] == "shortlisted"
    assert form.criteria.data == [{"code": "c", "working_title": "", "title": "", "description": "", "measures": "",
                                   "weight": "1"}]


def test_one_per_line_boxes_drop_blank_lines_except_the_table_names():
    form = EventForm(MultiDict([
        ("options-0-advantages", "high: A\r\n\r\n  \nlow: B  "), ("criteria-0-measures", "\nx\n\ny\n"),
        ("table_names", "North\r\n\r\nSouth\n\n"), ("risk_themes", "\nPace\n\nStaff"),
    ]))
    assert form.options.data[0]["advantages"] == "high: A\nlow: B"
    assert form.criteria.data[0]["measures"] == "x\ny"
    assert form.table_names.data == "North\n\nSouth"
    assert form.risk_themes.data == "Pace\nStaff"


def test_a_posted_form_leaving_a_box_unticked_means_no_while_a_new_event_starts_ticked():
    assert (blank_form().rank_first.data, blank_form().allow_rule_out.data) == (True, True)
    posted = EventForm(MultiDict([("title", "T"), ("survey_include_scoring", "1")]))
    assert (posted.rank_first.data, posted.allow_rule_out.data, posted.survey_include_scoring.data) == (False, False, True)
    # Left out of the post: empty (so the domain's default applies), not the new event's starting value.
    assert (posted.budget.data, posted.mode.data, posted.confidence_about.data) == ("", "", "strongest")


def test_every_tick_of_the_grid_is_read_and_the_tables_follow_the_count_and_kept_numbers():
    form = EventForm(MultiDict([("assign", "1:0"), ("assign", "5:1"), ("table_count", "4"), ("table_numbers", "1,5")]))
    assert form.assign.data == ["1:0", "5:1"]
    assert form.tables == [1, 5, 6, 7]
    assert EventForm(MultiDict([("table_count", "many")])).tables == []


def test_a_row_emptied_in_the_middle_is_dropped_and_the_rows_after_it_move_up():
    _, form = read_form(posted(**{"options-0-code": "", "options-0-title": "", "options-2-code": "3",
                                  "options-2-title": "Third"}))
    assert [row["code"] for row in form.options.data] == ["2", "3"]
    assert [row.form.code.name for row in form.options] == ["options-0-code", "options-1-code"]


# ---------------------------------------------------------------- the page, read the way a browser posts it

class FormFields(HTMLParser):
    """The fields the event form would post unchanged: what a browser sends when "save" is pressed."""

    def __init__(self):
        super().__init__()
        self.fields, self.in_form, self.textarea, self.select, self.first_option = [], False, None, None, None

    def handle_starttag(self, tag, attrs):
        """Collect inputs, and start textareas and selects, inside the event form only."""
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = "event-form" in (attrs.get("class") or "")
        elif not self.in_form:
            return
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "input":
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.first_option = [attrs["name"], None], None
        elif tag == "option" and self.select:
            self.first_option = self.first_option if self.first_option is not None else attrs.get("value")
            if "selected" in attrs:
                self.select[1] = attrs.get("value")

    def handle_data(self, data):
        """Textarea content."""
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        """Finish a textarea or select the way a browser does."""
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            name, value = self.textarea
            # Browsers drop one newline straight after <textarea>.
            self.fields.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select" and self.select:
            name, value = self.select
            self.fields.append((name, value if value is not None else self.first_option))
            self.select = None


def form_fields(page, **changes):
    """The event form's fields from a page, with some changed, ready to post."""
    parser = FormFields()
    parser.feed(page)
    data = MultiDict(parser.fields)
    for key, value in changes.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def same_instant(definition):
    """The definition with the survey closing time as an instant (the form writes it in this server's zone)."""
    closes = definition["survey"]["closes"]
    moment = datetime.fromisoformat(closes).astimezone(timezone.utc) if closes else None
    return {**definition, "survey": {**definition["survey"], "closes": moment}}


EVENT_FILES = sorted(EVENTS_DIR.glob("*.json")) + [DEMO_FILE]


@pytest.mark.parametrize("path", EVENT_FILES, ids=[path.name for path in EVENT_FILES])
def test_editing_an_event_file_without_changes_gives_the_same_definition(signed_in, db, path):
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet")
    definition = read_event_file(path.read_bytes())
    event_id = store.create_event(db, definition)
    page = signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True)
    fields = form_fields(page)
    raw, form = read_form(fields)
    assert same_instant(parse_event(raw)) == same_instant(definition)
    response = signed_in.post(f"/facilitator/events/{event_id}/edit", data=fields)
    assert response.status_code == 302
    assert same_instant(store.load_definition(db, event_id)) == same_instant(definition)


def test_creating_an_event_through_the_form(signed_in, db):
    page = signed_in.get(NEW).get_data(as_text=True)
    fields = form_fields(page, **{
        "title": "Stroke beds", "date": "2025-10-02",
        "options-0-code": "1", "options-0-title": "Do nothing",
        "options-0-advantages": "high: Nothing to build\nlow: Familiar",
        "options-1-code": "2", "options-1-title": "One site",
        "criteria-0-code": "health", "criteria-0-working_title": "Health",
        "criteria-0-title": "Health improvement", "criteria-0-measures": "Life expectancy\nInfant mortality",
        "table_count": "3", "table_names": "North\nSouth", "tables_per_criterion": "2",
        "invitees": "A. Example, City Council", "survey_closes": "2025-10-09T17:00",
    })
    before = len(store.list_events(db))
    response = signed_in.post(NEW, data=fields)
    assert response.status_code == 302
    events = store.list_events(db)
    assert len(events) == before + 1
    event_id = events[0]["id"]
    assert response.headers["Location"] == f"/facilitator/events/{event_id}"
    stored = store.load_definition(db, event_id)
    assert stored["title"] == "Stroke beds"
    assert stored["options"][0]["briefing"]["advantages"] == [
        {"text": "Nothing to build", "importance": "high"}, {"text": "Familiar", "importance": "low"}]
    assert stored["criteria"][0]["measures"] == ["Life expectancy", "Infant mortality"]
    assert stored["tables"] == [
        {"number": 1, "name": "North"}, {"number": 2, "name": "South"}, {"number": 3, "name": ""}]
    assert stored["assignment"] == {"tables_per_criterion": 2}
    assert stored["invitees"] == [{"name": "A. Example", "organisation": "City Council", "group": ""}]
    assert datetime.fromisoformat(stored["survey"]["closes"]) == datetime(2025, 10, 9, 17).astimezone()


def test_a_form_with_problems_lists_them_in_its_own_words_keeps_what_was_typed_and_saves_nothing(signed_in, db):
    page = signed_in.get(NEW).get_data(as_text=True)
    fields = form_fields(page, **{
        "title": "Stroke <beds>", "options-0-code": "1", "options-0-title": "Do nothing",
        "options-1-code": "1", "options-1-title": "Duplicate code",
        "criteria-0-code": "health", "criteria-0-title": "Health", "criteria-0-weight": "heavy",
        "budget": "0", "invitees": "A. Example, City Council",
    })
    before = len(store.list_events(db))
    response = signed_in.post(NEW, data=fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "Nothing was saved. Please fix:" in page
    # The domain words the message; the place is the form's own wording.
    assert "<li>Points per criterion: " in page
    assert "<li>Option 2, code: duplicate" in page
    assert "<li>Criterion 1, weight: " in page and "number" in page
    # Every typed value is shown again (escaped), ready to correct.
    kept = form_fields(page)
    for key in ("title", "options-1-title", "criteria-0-weight", "budget", "invitees"):
        assert kept[key] == fields[key]
    assert 'value="Stroke &lt;beds&gt;"' in page
    assert len(store.list_events(db)) == before


def test_editing_keeps_every_tables_join_link(signed_in, db):
    event_id = store.create_event(db, parse_event(raw_of(table_count="4")))
    before = {t["number"]: (t["join_token"], t["join_code"]) for t in store.list_tables(db, event_id)}
    page = signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True)
    fields = form_fields(page, title="Stroke beds, revised", table_count="5", table_names="North\nSouth")
    response = signed_in.post(f"/facilitator/events/{event_id}/edit", data=fields)
    assert response.status_code == 302
    tables = store.list_tables(db, event_id)
    after = {t["number"]: (t["join_token"], t["join_code"]) for t in tables}
    assert {number: after[number] for number in before} == before
    assert sorted(after) == [1, 2, 3, 4, 5]
    assert [t["name"] for t in tables[:3]] == ["North", "South", ""]
    assert store.load_definition(db, event_id)["title"] == "Stroke beds, revised"


def test_editing_an_event_with_gaps_in_its_table_numbers_keeps_them(signed_in, db):
    definition = parse_event({**raw_of(), "tables": [{"number": 1}, {"number": 2}, {"number": 7, "name": "Top"}]})
    event_id = store.create_event(db, definition)
    tokens = {t["number"]: t["join_token"] for t in store.list_tables(db, event_id)}
    page = signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True)
    assert "numbered 1, 2, 7" in page
    assert signed_in.post(f"/facilitator/events/{event_id}/edit", data=form_fields(page)).status_code == 302
    assert {t["number"]: t["join_token"] for t in store.list_tables(db, event_id)} == tokens
    assert store.load_definition(db, event_id)["tables"][2] == {"number": 7, "name": "Top"}


@pytest.mark.parametrize("action, legend", [("add-option", "Option 3"), ("add-criterion", "Criterion 2")])
def test_an_add_a_row_button_shows_the_form_again_with_a_new_row_and_saves_nothing(signed_in, db, action, legend):
    page = signed_in.get(NEW).get_data(as_text=True)
    assert f"<legend>{legend}</legend>" not in page
    fields = form_fields(page, title="Half-typed", **{"options-0-code": "1", "options-1-code": "2", "action": action})
    response = signed_in.post(NEW, data=fields)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<legend>{legend}</legend>" in page
    assert 'value="Half-typed"' in page
    assert "Nothing was saved" not in page
    assert store.list_events(db) == []


def test_the_share_out_grid_has_a_label_for_every_tick_box(signed_in, db):
    event_id = store.create_event(db, parse_event(raw_of(share_out="by_hand", assign=["1:0", "2:1", "3:0", "4:1"])))
    page = signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True)
    assert "Table 3 scores Health improvement" in page and "Table 4 scores Access" in page
    assert page.count('name="assign"') == 4 * 2
    assert form_fields(page).getlist("assign") == ["1:0", "3:0", "2:1", "4:1"]


def test_families_and_the_rule_are_shown_chosen_and_saved(signed_in, db):
    definition = read_event_file((EVENTS_DIR / "whole-system-2009.json").read_bytes())
    event_id = store.create_event(db, definition)
    page = signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True)
    fields = form_fields(page)
    families = {fields[f"options-{k}-code"]: fields[f"options-{k}-family"] for k in range(len(definition["options"]))}
    assert families["3a"] == families["3b"] == "Three to two" and families["1"] == ""
    # The families already typed are offered for the next option; the stored rule is the one ticked.
    assert '<option value="Three to one">' in page
    assert fields["rule"] == definition["scoring"]["rule"] == "raw"
    response = signed_in.post(f"/facilitator/events/{event_id}/edit",
                              data=form_fields(page, **{"rule": "weighted", "options-0-family": "Keep as is"}))
    assert response.status_code == 302
    stored = store.load_definition(db, event_id)
    assert (stored["scoring"]["rule"], stored["options"][0]["family"]) == ("weighted", "Keep as is")


def test_a_new_event_leaves_the_rule_to_the_weights_unless_one_is_chosen(signed_in, db):
    page = signed_in.get(NEW).get_data(as_text=True)
    assert form_fields(page)["rule"] == ""
    fields = form_fields(page, **{"title": "Weighted", "options-0-code": "1", "options-0-title": "A",
                                  "options-1-code": "2", "options-1-title": "B", "criteria-0-code": "c",
                                  "criteria-0-title": "C", "criteria-0-weight": "2"})
    assert signed_in.post(NEW, data=fields).status_code == 302
    assert store.load_definition(db, store.list_events(db)[0]["id"])["scoring"]["rule"] == "weighted"
    refused = signed_in.post(NEW, data=form_fields(page, **{**fields.to_dict(), "rule": "loudest"}))
    assert refused.status_code == 422 and "<li>The strongest option is named by: " in refused.get_data(as_text=True)


@pytest.mark.parametrize("typed, expected", [
    ("", []),
    ("09:30 Arrival and coffee\n\n10:00 Welcome | The chair opens the day\n9.45 Late start",
     [{"time": "09:30", "item": "Arrival and coffee", "detail": ""},
      {"time": "10:00", "item": "Welcome", "detail": "The chair opens the day"},
      {"time": "9.45", "item": "Late start", "detail": ""}]),
    ("Lunch", [{"time": "", "item": "Lunch", "detail": ""}]),
])
def test_the_programme_box_is_read_one_entry_a_line(typed, expected):
    assert raw_of(programme=typed)["programme"] == expected


def test_the_programme_and_the_stakeholder_groups_are_saved_shown_again_and_kept(signed_in, db):
    page = signed_in.get(NEW).get_data(as_text=True)
    assert 'name="programme"' in page and 'name="stakeholder_groups"' in page
    fields = form_fields(page, **{**dict(GOOD_FORM), "programme": "9:30 Arrival and coffee\n16:00 Close | Thanks",
                                  "stakeholder_groups": "Patients and the public\n\nHospital trusts"})
    assert signed_in.post(NEW, data=fields).status_code == 302
    event_id = store.list_events(db)[0]["id"]
    stored = store.load_definition(db, event_id)
    assert stored["programme"] == [{"time": "09:30", "item": "Arrival and coffee", "detail": ""},
                                   {"time": "16:00", "item": "Close", "detail": "Thanks"}]
    assert stored["stakeholder_groups"] == ["Patients and the public", "Hospital trusts"]
    again = form_fields(signed_in.get(f"/facilitator/events/{event_id}/edit").get_data(as_text=True))
    assert again["programme"] == "09:30 Arrival and coffee\n16:00 Close | Thanks"
    assert again["stakeholder_groups"] == "Patients and the public\nHospital trusts"
    # Once the form sends the boxes, emptying them empties the event (carry_over keeps only what is not sent).
    again.setlist("programme", [""])
    again.setlist("stakeholder_groups", [""])
    assert signed_in.post(f"/facilitator/events/{event_id}/edit", data=again).status_code == 302
    stored = store.load_definition(db, event_id)
    assert (stored["programme"], stored["stakeholder_groups"]) == ([], [])


@pytest.mark.parametrize("changes, problem", [
    ({"programme": "09:30 Arrival\nLunch\n14:00 Scores"},
     "Programme of the day, line 2, time: must be a time of day on the 24-hour clock, such as &#34;09:30&#34;"),
    ({"programme": "25:00 Too late"},
     "Programme of the day, line 1, time: must be a time of day on the 24-hour clock"),
    ({"stakeholder_groups": "Patients\npatients"}, "Stakeholder groups, line 2: "),
])
def test_a_bad_programme_line_or_group_is_refused_with_its_line_and_nothing_is_saved(signed_in, db, changes, problem):
    page = signed_in.get(NEW).get_data(as_text=True)
    response = signed_in.post(NEW, data=form_fields(page, **{**dict(GOOD_FORM), **changes}))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert problem in body and "Nothing was saved" in body
    assert store.list_events(db) == []
