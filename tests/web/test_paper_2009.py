"""Issue 13's acceptance for the board paper: the whole-system-2009 example, scored with its 24 published ballots (notes
at the three tables scoring Finance and VFM), answers under two themes with the organisers' responses, and survey
answers: the paper's sections come in the 2009 review's order and carry those notes and responses, its starting texts
say what the event did, its appendices list who took part and the survey organisations, and the PDF renders."""
import datetime
import re

import pytest

from facilitation import answers, ballots, check_in, store
from facilitation.domain.event_file import read_event_file

from ..conftest import EVENTS_DIR, published_ballots
from .test_report import section, text_of, unpacked

BEFORE_CLOSING = datetime.datetime(2009, 12, 14, tzinfo=datetime.timezone.utc)
# The three tables that scored Finance and VFM ("finance"), and what each said (as the 2009 review's narrative did).
NOTES = {6: "The full merger is the best way of achieving efficiency.\nOne management team costs less.",
         9: "Economies of scale only with one organisation.",
         12: "Merging the back office saves most; 3b keeps two boards."}
CULTURE, SCALE = "Organisation and management culture and leadership", "Scale and pace of change"
RESPONSES = {CULTURE: "Appoint a shadow board by March, with clinicians from each area on it.",
             SCALE: "Publish a timetable with a pause for review after the first year."}
PEOPLE = [("Dr Helen Ashworth", "North City PCT", "more", CULTURE, "A clear leadership team early on",
           "Losing good managers in the change"),
          ("Raj Patel", "City Council", "less", SCALE, "A slower timetable", "Too much change at once"),
          ("Mary O'Connor", "City Hospital NHS Trust", "much_more", CULTURE, "", "Two cultures that do not mix"),
          ("", "", "same", None, "More detail on the savings", "Staff morale in transition")]
SURVEY = [("Eastside Pharmacists' Committee", "less", SCALE), ("Patients' Forum", "more", CULTURE)]
# Invited: two check in at the desk, one does not come; one walk-in checks in too.
INVITEES = [("Ann Cole", "South City PCT", "Primary care trust boards"), ("Ben Moss", "City Council", "City council"),
            ("Cara Diaz", "Patients' Forum", "Patients and the public")]
WALK_IN = ("Dev Rao", "Voluntary Action City", "Voluntary sector")
SEED_ORDER = ["1 Introduction", "2 Purpose of the event and the programme of the day", "3 Process", "4 The long list",
              "5 The short list", "6 The criteria", "7 Assessment", "8 The strongest option", "9 Risk assessment",
              "10 Next steps", "11 Recommendations", "Appendix 1: Programme of the day", "Appendix 2: Who took part",
              "Appendix 3: Invited but did not attend", "Appendix 4: Organisations that answered the survey",
              "Appendix 5: The scoring matrix"]


def load_2009_paper(db):
    """whole-system-2009 with its published ballots and notes, room and survey answers, two theme responses; its id."""
    definition = read_event_file((EVENTS_DIR / "whole-system-2009.json").read_bytes())
    definition["invitees"] = [{"name": n, "organisation": o, "group": g} for n, o, g in INVITEES]
    event_id = store.create_event(db, definition)
    for invitee in store.list_invitees(db, event_id)[:2]:
        check_in.check_in_invitee(db, event_id, invitee["checkin_token"])
    check_in.add_walk_in(db, event_id, *WALK_IN, confirm_new=True)
    ballots.set_voting(db, event_id, None, "open")
    tables = {t["number"]: ballots.find_table(db, t["join_token"]) for t in store.list_tables(db, event_id)}
    for n, ballot in enumerate(published_ballots()):
        content = {key: ballot[key] for key in ("criterion", "ranking", "points", "ruled_out")}
        if ballot["criterion"] == "finance":
            content["notes"] = NOTES[ballot["table"]]
        assert ballots.submit(db, tables[ballot["table"]], {**content, "base_version": 0,
                                                            "submission_id": f"paper-{event_id}-{n:04d}"}).ok
    answers.open_phase(db, event_id)
    themes = {t["name"]: t["id"] for t in store.list_themes(db, event_id)}
    for n, (name, organisation, confidence, theme, help_text, risk) in enumerate(PEOPLE):
        said = {"respondent": f"paper-room-{event_id:04d}-{n:08d}", "submission_id": f"paper-room-{event_id}-{n}",
                "confidence": confidence,
                "would_help": help_text, "would_help_theme": themes.get(theme),
                "risks": [{"text": risk, "theme": themes.get(theme, "other")}], "name": name,
                "organisation": organisation}
        assert answers.submit_room(db, tables[1 + n], said).ok
    for n, (organisation, confidence, theme) in enumerate(SURVEY):
        said = {"respondent": f"paper-survey-{event_id:04d}-{n:08d}", "submission_id": f"paper-survey-{event_id}-{n}",
                "confidence": confidence,
                "would_help": "", "risks": [{"text": f"A survey risk {n}", "theme": themes[theme]}],
                "organisation": organisation}
        assert answers.submit_survey(db, event_id, said, BEFORE_CLOSING).ok
    for theme, text in RESPONSES.items():
        answers.set_theme_response(db, event_id, themes[theme], text)
    return event_id


@pytest.fixture
def event_id(db):
    """The scored 2009 example."""
    return load_2009_paper(db)


@pytest.fixture
def body(signed_in, event_id):
    """The paper's HTML."""
    response = signed_in.get(f"/facilitator/events/{event_id}/report")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_sections_come_in_the_seeds_order(body):
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", body, re.S)]
    assert headings == ["Contents", *SEED_ORDER]


def test_each_criterion_quotes_its_tables_notes_beside_who_rated_what_highest(body):
    words = text_of(re.search(r'<div class="criterion-assessment" id="assessment-finance">.*?</table>.*?'
                              r'(?=<div class="criterion-assessment")', body, re.S).group(0))
    assert "4b was rated highest by 3 of the 3 tables considering this criterion." in words
    for number, note in NOTES.items():
        assert " ".join(note.split("\n")) in words and f"Table {number}" in words
    # The other criteria had no notes: nothing is quoted under them.
    assert body.count('class="table-note"') == 3


def test_risks_by_theme_carry_the_shares_what_would_help_and_the_organisers_response(body):
    words = section(body, "risks")
    culture = words[words.index(f"{CULTURE} (raised by"):words.index(f"{SCALE} (raised by")]
    # Culture: two in the room (more, much more) and one by the survey (more): 3 people, all more confident.
    assert "(raised by 3 people: 100% more confident, 0% less confident)" in culture
    assert "Losing good managers in the change" in culture and "A clear leadership team early on" in culture
    assert RESPONSES[CULTURE] in culture and RESPONSES[SCALE] not in culture
    assert RESPONSES[SCALE] in words and "A slower timetable" in words
    # Said without a theme: under "generally", not under a theme.
    general = words[words.index("9.3 What would raise confidence, said generally"):]
    assert "More detail on the savings" in general
    # A theme nobody raised and with no response is left out; one raised without a response says so.
    themes = words[words.index("9.2 The risks, theme by theme"):words.index("9.3")]
    assert "Disruption and transition" not in themes
    assert "Other (raised by 1 person: 0% more confident, 0% less confident)" in themes
    assert themes.count("No response recorded yet.") == 1


def test_the_starting_texts_say_what_the_event_did(body):
    words = text_of(body)
    assert "12 tables, 8 criteria, each criterion by 3 tables, each table 2 criteria" in section(body, "process")
    assert ("The long list had 10 options. Options 5a, 5b, 6 and 7 were excluded before the day by the constraints "
            "below. The constraints that cut the long list: Not co-terminous with the city council.") in section(
                body, "long-list")
    assert "The day ran from 09:30 to 15:45" in section(body, "purpose")
    assert "closes on 16 December 2009" in section(body, "next-steps")
    recommendations = section(body, "recommendations")
    assert "supports option 4b (Three to one: one organisation)" in recommendations
    assert f"“{CULTURE}” and “{SCALE}”" in recommendations
    assert "133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81." in section(body, "strongest")
    assert "24 of 24 ballots were in" in words


def test_the_appendices_list_the_programme_who_took_part_the_survey_organisations_and_the_matrix(body):
    programme = section(body, "appendix-1")
    assert "09:30 Arrival, coffee and registration" in programme and "15:45 Reflections and close" in programme
    took_part = section(body, "appendix-2")
    # The checked-in people, with their stakeholder group, then the named people on phones.
    for name, organisation, group in [*INVITEES[:2], WALK_IN]:
        assert f"{name} {organisation} {group}" in took_part
    assert INVITEES[2][0] not in took_part and f"{INVITEES[2][0]} {INVITEES[2][1]}" in section(body, "appendix-3")
    for name, organisation, *_rest in PEOPLE[:3]:
        assert f"{name} {organisation}" in took_part
    assert "1 person answered at a table without giving a name" in took_part
    organisations = section(body, "appendix-4")
    assert "Eastside Pharmacists' Committee 1" in organisations and "Patients' Forum 1" in organisations
    matrix = re.search(r'<tr class="total-row">(.*?)</tr>', body, re.S).group(1)
    assert [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", matrix, re.S)] == [
        "3", "12", "15", "52", "25", "133", "240"]
    # Every row's Total column is the budget, 10.
    appendix = re.search(r'<section id="appendix-5".*?</section>', body, re.S).group(0)
    assert re.findall(r'<td class="num total">(.*?)</td>', appendix) == ["10"] * 24


def test_the_pdf_renders_with_every_section(signed_in, event_id):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.fail(f"WeasyPrint cannot load ({error}): 'make test' installs it and Pango.")
    response = signed_in.get(f"/facilitator/events/{event_id}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    pdf = unpacked(response.data)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 12
    # The outline (bookmarks) WeasyPrint makes from the headings names every section, in the seed's order.
    outline = [pdf_text(raw) for raw in re.findall(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:[^()\\]|\\.)*\))", pdf)]
    assert [title for title in outline if title in SEED_ORDER] == SEED_ORDER


def pdf_text(raw):
    """A PDF string, literal or UTF-16 hex, as text."""
    return bytes.fromhex(raw[1:-1].decode()).decode("utf-16") if raw.startswith(b"<") else raw[1:-1].decode("latin-1")
