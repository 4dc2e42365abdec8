"""The board report in headless Chromium: printed as A4 (print media), axe-core clean, and a picture of each page.

How the pictures are made: Chromium cannot screenshot its print preview, and a PDF is not a screenshot. So the page is
laid out at the width of an A4 page with print styles applied (emulate_media print, a 794 px viewport with 15 mm side
margins, which leaves the 180 mm text width the @page rule gives), and cut where printing starts a new page: at every
section with a page break before it, and, where a section is taller than one page's 263 mm of text, after the last
whole table row, list item, paragraph or chart that fits. Printing breaks at the same places, give or take a line.
"""
import datetime
import random

import pytest

from facilitation import answers, ballots, store
from facilitation.domain.event_file import read_event_file
from facilitation.domain.simulation import plausible_answers, plausible_ballot

from ..conftest import DEMO_FILE, EVENTS_DIR, published_ballots
from .conftest import SCREENSHOTS, add_css, axe_violations, screenshot

pytestmark = pytest.mark.browser
A4 = {"width": 794, "height": 1123}     # 210 × 297 mm at 96 dots per inch
PAGE_TEXT_HEIGHT = 994                  # 297 mm less the 16 mm and 18 mm top and bottom margins
BEFORE_CLOSING = datetime.datetime(2025, 11, 25, tzinfo=datetime.timezone.utc)
NAMES = [("Dr Priya Natarajan", "Marlbury Hospitals NHS Foundation Trust"),
         ("Owen Pritchard", "Marlbury City Council, adult social care"), ("Kemi Adeyemi", "Marlbury Healthwatch"),
         ("Tom Bright", "Marlbury GP Federation")]
SURVEY_ORGANISATIONS = ["Marlbury and District Integrated Care Board", "North Marlbury Primary Care Network", ""]


@pytest.fixture
def event_id(live_db):
    """The demo event with every table's ballots and answers from the room and the survey, made the same every run."""
    rng = random.Random(2009)
    event_id = store.create_event(live_db, read_event_file(DEMO_FILE.read_bytes()))
    ballots.set_voting(live_db, event_id, None, "open")
    shortlist = store.option_codes(live_db, event_id)["shortlisted"]
    tables = [ballots.find_table(live_db, t["join_token"]) for t in store.list_tables(live_db, event_id)]
    for table in tables:
        leaning = {code: rng.uniform(0.2, 3.0) for code in shortlist}
        for criterion in table["criteria"]:
            content = plausible_ballot(rng, table["scoring"], shortlist, leaning)
            assert ballots.submit(live_db, table, {**content, "criterion": criterion, "base_version": 0,
                                                   "submission_id": f"report-{table['number']}-{criterion}"}).ok
    answers.open_phase(live_db, event_id)
    themes = [t["id"] for t in store.list_themes(live_db, event_id)]
    names = iter(NAMES)
    for table in tables:
        mood = rng.randint(1, 4)
        for n in range(4):
            said = {**plausible_answers(rng, themes, mood), "respondent": f"report-room-{table['number']}-{n:08d}",
                    "submission_id": f"report-room-{table['number']}-{n}"}
            name, organisation = next(names, ("", ""))
            assert answers.submit_room(live_db, table, {**said, "name": name, "organisation": organisation}).ok
    for n in range(6):
        said = {**plausible_answers(rng, themes, 2), "respondent": f"report-survey-{n:010d}",
                "submission_id": f"report-survey-{n}", "organisation": SURVEY_ORGANISATIONS[n % 3]}
        assert answers.submit_survey(live_db, event_id, said, BEFORE_CLOSING).ok
    return event_id


def printed_pages(page):
    """Where each printed page starts and ends on the laid-out page, in CSS pixels from the top."""
    layout = page.evaluate("""() => {
        const top = el => el.getBoundingClientRect().top + window.scrollY;
        const bottom = el => el.getBoundingClientRect().bottom + window.scrollY;
        const report = document.querySelector('.report');
        const starts = [report.querySelector(':scope > section'), ...report.querySelectorAll(':scope > section.page-start')];
        // What printing keeps whole: a table row, a list item, a paragraph, a chart, a block kept together.
        const units = [...report.querySelectorAll('tr, li, p, figure, h2, h3, dl, .keep-together')]
            .filter(el => !el.parentElement.closest('figure, .keep-together'));
        return {starts: starts.map(top), end: bottom(report), units: units.map(bottom)};
    }""")
    edges = layout["starts"] + [layout["end"]]
    pages = []
    for start, end in zip(edges, edges[1:]):
        while end - start > PAGE_TEXT_HEIGHT:
            cut = max((b for b in layout["units"] if start < b <= start + PAGE_TEXT_HEIGHT), default=start + PAGE_TEXT_HEIGHT)
            pages.append((start, cut))
            start = cut
        pages.append((start, end))
    return pages


def test_the_report_prints_on_a4_with_no_serious_accessibility_problems(facilitator, live, event_id):
    page = facilitator
    page.set_viewport_size(A4)
    page.goto(f"{live.url}/facilitator/events/{event_id}/report")
    assert axe_violations(page) == []                  # on screen, with its buttons
    page.emulate_media(media="print")
    add_css(page, ".report-page main { padding: 0 15mm !important; }")  # the page's side margins
    assert axe_violations(page) == []                  # as printed
    assert not page.locator(".report-tools").is_visible() and not page.locator(".site-header").is_visible()
    for section in ("introduction", "purpose", "process", "long-list", "short-list", "criteria", "assessment",
                    "strongest", "risks", "next-steps", "recommendations", "appendix-1", "appendix-2", "appendix-3",
                    "appendix-4", "appendix-5"):
        assert page.locator(f"section#{section} h2").is_visible()
    # Totals, top three, the sensitivity chart, confidence, themes (no survey scores).
    assert page.locator("svg.chart").count() == 5
    assert page.get_by_text("Kemi Adeyemi").is_visible()

    for old in SCREENSHOTS.glob("report-page-*.png"):
        old.unlink()
    pages = printed_pages(page)
    assert len(pages) >= 8
    for number, (top, bottom) in enumerate(pages, start=1):
        screenshot(page, f"report-page-{number}.png", full_page=True,
                   clip={"x": 0, "y": top, "width": A4["width"], "height": bottom - top})


def test_the_reports_sensitivity_chart_shows_where_the_strongest_option_changes(facilitator, live, live_db):
    """The 2009 example with City:local weighted 30 (docs/analysis.md's what-if): 3b leads, and the report's chart
    for the most critical criterion shows 4b's line meeting 3b's at 28, with no serious accessibility problem."""
    event_id = store.create_event(live_db, read_event_file((EVENTS_DIR / "whole-system-2009.json").read_bytes()))
    ballots.set_voting(live_db, event_id, None, "open")
    tables = {t["number"]: ballots.find_table(live_db, t["join_token"]) for t in store.list_tables(live_db, event_id)}
    for n, ballot in enumerate(published_ballots()):
        content = {key: ballot[key] for key in ("criterion", "ranking", "points", "ruled_out")}
        assert ballots.submit(live_db, tables[ballot["table"]], {**content, "base_version": 0,
                                                                 "submission_id": f"published-{n:04d}"}).ok
    store.set_weights(live_db, event_id, {"city": 30}, "weighted")
    page = facilitator
    page.set_viewport_size(A4)
    page.goto(f"{live.url}/facilitator/events/{event_id}/report")
    chart = page.locator("#chart-sensitivity")
    assert "City:local" in chart.locator("title").text_content()
    assert "28" in chart.locator("desc").text_content()
    assert page.locator("#robustness").get_by_text("lowering its weight by 6.7% (from 30 to 28)").is_visible()
    assert axe_violations(page, impacts=("serious", "critical")) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#robustness .keep-together").filter(has=chart).screenshot(path=str(SCREENSHOTS / "report-sensitivity.png"))
