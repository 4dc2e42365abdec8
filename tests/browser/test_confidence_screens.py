"""Confidence and risks on the projector and in the control room, in headless Chromium against a real server.

Each test works on an event of its own (created in the live server's database), so the phone tests' answers on the
shared test events never change its counts. Answers are seeded straight into the database before a page opens;
answers that must arrive live go through the table API, as a phone's would.
"""
import datetime
import uuid

import pytest
import requests
import socketio
from playwright.sync_api import expect

from facilitation import answers, ballots, store
from facilitation.domain.event_file import read_event_file

from ..conftest import EVENTS_DIR, PASSWORD
from .conftest import LAPTOP, axe_violations, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
BEFORE_CLOSING = datetime.datetime(2024, 6, 20, tzinfo=datetime.timezone.utc)
# (table, confidence, what would help, [(risk, theme name start)]) for the room; the survey has no table.
ROOM = [
    (1, "more", "A clear timetable", [("Too few rooms", "Prem"), ("Night cover", "Staff")]),
    (1, "much_more", "", [("Lease costs", "Prem")]),
    (2, "same", "Meet the landlords first", [("Rota gaps", "Staff")]),
    (2, "less", "", [("Handover with the police", "Join")]),
    (3, "much_less", "Money for all five towns", [(HOSTILE, "Prem")]),
    (4, "more", "", []),
    (5, "less", "Peer worker training", [("Burnout", "Staff"), ("Something else", "other")]),
]
SURVEY = [
    ("more", "Evidence from the pilots", [("Parking", "Prem")]),
    ("same", "", [("Ambulance delays", "Join")]),
    ("much_less", "", [("Recruitment", "Staff")]),
]


def theme_id(db, event_id, start):
    """A theme's id by the start of its name ("other" stays "other")."""
    return start if start == "other" else next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(start))


def payload(db, event_id, confidence, would_help, risks):
    """One person's answers, with a fresh answer key."""
    return {"respondent": "screens-" + uuid.uuid4().hex, "submission_id": "screens-" + uuid.uuid4().hex[:12],
            "confidence": confidence, "would_help": would_help,
            "risks": [{"text": text, "theme": theme_id(db, event_id, start)} for text, start in risks]}


@pytest.fixture
def event_id(live_db):
    """A fresh copy of the explicit-assignment event, asking about B, with ten people's answers (seven in the room)."""
    event_id = store.create_event(live_db, read_event_file((EVENTS_DIR / "allocate-explicit.json").read_bytes()))
    answers.open_phase(live_db, event_id, "B")
    for number, *answer in ROOM:
        table = ballots.find_table(live_db, store.get_table(live_db, event_id, number)["join_token"])
        assert answers.submit_room(live_db, table, payload(live_db, event_id, *answer)).ok
    for answer in SURVEY:
        assert answers.submit_survey(live_db, event_id, payload(live_db, event_id, *answer), BEFORE_CLOSING).ok
    return event_id


def counted(db, event_id, sql, *args):
    """One number straight from the database."""
    return db.execute(sql, [event_id, *args]).fetchone()[0]


def people_raising(db, event_id, theme, more=False):
    """How many people put at least one risk under a theme (and of them, how many are more confident)."""
    return counted(db, event_id, "SELECT COUNT(DISTINCT p.id) FROM risks r JOIN respondents p ON p.id = r.respondent_id"
                                 " WHERE p.event_id = ? AND r.theme_id = ?"
                                 + (" AND p.confidence IN ('more', 'much_more')" if more else ""), theme)


def front(page):
    """Bring a tab to the front: only the front tab paints (requestAnimationFrame), as on a real screen."""
    page.bring_to_front()
    return page


def show(control, view, source="all"):
    """Pick the projector's view and whose answers count with the control room's panel (it changes the projector live)."""
    front(control)
    panel = control.locator("#projector-panel")
    panel.get_by_label("Answers counted").select_option(source)
    panel.get_by_label("View", exact=True).select_option(view)
    expect(panel.locator("[data-display-now]")).to_contain_text(
        panel.locator(f'#display-view option[value="{view}"]').inner_text(), timeout=WAIT)


def send_answer(live, live_db, event_id, number, confidence, risks):
    """A delegate at a table sends their answers from their phone (through the table API)."""
    table = store.get_table(live_db, event_id, number)
    sent = requests.post(f"{live.url}/api/tables/{table['join_token']}/answers", timeout=10,
                         json=payload(live_db, event_id, confidence, "", risks))
    assert sent.status_code == 201, sent.text


def open_live(page, url):
    """Open a screen and wait until it is live."""
    page.goto(url)
    expect(page.locator("#connection")).to_have_text("Live", timeout=WAIT)


def test_the_projector_counts_what_the_database_holds_and_follows_new_answers_live(facilitator, live, live_db, event_id):
    store.set_display(live_db, event_id, {"view": "confidence", "hidden": True})
    base = f"{live.url}/facilitator/events/{event_id}"
    projector, control = facilitator, facilitator.context.new_page()
    open_live(projector, f"{base}/projector")

    # Confidence by theme, while voting is not even open: what people said is never held back like scores.
    view = projector.locator('section[data-view="confidence"]')
    expect(view).to_be_visible()
    answered = "SELECT COUNT(*) FROM respondents WHERE event_id = ? AND confidence IS NOT NULL AND source = ?"
    room, survey = counted(live_db, event_id, answered, "room"), counted(live_db, event_id, answered, "survey")
    assert (room, survey) == (7, 3)
    expect(view.locator(".answered")).to_have_text(f"{room + survey} people answered (room {room} · survey {survey})")
    expect(view.locator(".question")).to_have_text("After today’s discussion, are you more or less confident than before that option B Crisis cafes in each town is the best one?")
    for start in ("Prem", "Staff", "Join"):
        theme = theme_id(live_db, event_id, start)
        row = view.locator(".theme-bars li").filter(has=projector.locator(".theme-name", has_text=start[:4]))
        expect(row.locator(".theme-figures")).to_contain_text(
            f"{people_raising(live_db, event_id, theme)} people: {people_raising(live_db, event_id, theme, more=True)} more")

    # A delegate answers while the page is open: the counts follow without a reload.
    projector.evaluate("window.notReloaded = true")
    send_answer(live, live_db, event_id, 4, "much_more", [("Parking at night", "Prem")])
    expect(view.locator(".answered")).to_have_text("11 people answered (room 8 · survey 3)", timeout=WAIT)
    premises_row = view.locator(".theme-bars li").filter(has=projector.locator(".theme-name", has_text="Premises"))
    expect(premises_row.locator(".theme-figures")).to_have_text("5 people: 4 more (80%) · 0 neither (0%) · 1 less (20%)")

    # The risk wall: a hostile risk is shown as the text it is, and runs nothing.
    control.goto(f"{base}/control")
    show(control, "risks")
    wall = front(projector).locator('section[data-view="risks"]')
    expect(wall).to_be_visible(timeout=WAIT)
    premises = wall.locator(".risk-card").filter(has=projector.locator(".risk-theme", has_text="Premises"))
    expect(premises.locator(".risk-count")).to_have_text(str(counted(
        live_db, event_id, "SELECT COUNT(*) FROM risks r JOIN respondents p ON p.id = r.respondent_id"
                           " WHERE p.event_id = ? AND r.theme_id = ?", theme_id(live_db, event_id, "Prem"))))
    expect(premises.get_by_text(HOSTILE)).to_be_visible()
    expect(premises.locator("li", has_text="Parking").locator(".source-tag")).to_have_text("survey")
    assert projector.evaluate("() => window.__pwned") is None

    expect(premises.get_by_text("Parking at night")).to_be_visible()

    # Another risk arrives while the wall is up.
    send_answer(live, live_db, event_id, 5, "less", [("No lift at the Market Street cafe", "Prem")])
    expect(premises.get_by_text("No lift at the Market Street cafe")).to_be_visible(timeout=WAIT)
    expect(premises.locator(".risk-count")).to_have_text("6")
    assert projector.evaluate("window.notReloaded") is True
    control.close()


def test_the_projector_draws_the_answers_once_its_script_runs(browser, live, live_db, event_id):
    """The projector is drawn by its script (it must measure the screen to fit and page); without one it says so."""
    store.set_display(live_db, event_id, {"view": "would_help", "hidden": False, "source": "survey"})
    for scripts in (False, True):
        context = browser.new_context(viewport=LAPTOP, java_script_enabled=scripts)
        try:
            page = context.new_page()
            page.goto(f"{live.url}/facilitator/")
            page.get_by_label("Facilitator password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{live.url}/facilitator/events/{event_id}/projector")
            if not scripts:
                expect(page.locator(".no-script")).to_contain_text("This screen draws the results with JavaScript")
                expect(page.locator("#join-corner svg")).to_be_visible()
                continue
            view = page.locator('section[data-view="would_help"]')
            expect(view).to_be_visible(timeout=WAIT)
            expect(view.locator(".source-note")).to_have_text("Answers from the survey only")
            expect(view.locator(".help-list li")).to_have_text(["Evidence from the pilots"])
            expect(page.locator(".no-script")).to_be_hidden()
        finally:
            context.close()


def test_merging_themes_in_the_control_room_moves_risks_and_every_screen_follows(facilitator, live, live_db, event_id):
    store.set_display(live_db, event_id, {"view": "risks", "hidden": True})
    base = f"{live.url}/facilitator/events/{event_id}"
    premises, staffing = theme_id(live_db, event_id, "Prem"), theme_id(live_db, event_id, "Staff")
    phone = socketio.Client()
    heard = []
    phone.on("themes", heard.append)
    phone.connect(live.url, wait_timeout=10)
    control, projector = facilitator, facilitator.context.new_page()
    try:
        table = store.get_table(live_db, event_id, 1)
        assert phone.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
        open_live(projector, f"{base}/projector")
        open_live(control, f"{base}/moderation")
        moved = ["Too few rooms", "Lease costs", HOSTILE, "Parking"]

        tools = front(control).locator(f"#theme-{premises}-tools")
        tools.locator("summary").click()
        tools.get_by_label("Merge into").select_option(label="Staffing out of hours")
        tools.get_by_role("button", name="Merge").click()
        control.locator("dialog#confirm").get_by_role("button", name="Merge them").click()
        expect(control.locator("#moderation [data-message]")).to_have_text(
            "Merged the themes; 4 risks moved. You can undo this.", timeout=WAIT)
        expect(control.locator(f"#theme-{premises}")).to_have_count(0, timeout=WAIT)
        target = control.locator("section.mod-theme", has=control.locator(f"#list-theme-{staffing}"))
        for text in moved:
            expect(target.locator(".mod-text", has_text=text)).to_be_visible()
        assert control.evaluate("() => window.__pwned") is None

        staff_card = front(projector).locator(".risk-card").filter(has=projector.locator(".risk-theme", has_text="Staffing"))
        expect(staff_card.locator(".risk-count")).to_have_text("8", timeout=WAIT)
        expect(projector.locator(".risk-theme", has_text="Premises")).to_have_count(0)

        # The phones heard it long before the projector repainted: the theme list goes out as the merge is stored.
        assert [t["name"] for t in heard[-1]["themes"]] == [
            "Staffing out of hours", "Joining up with the police and ambulance service"]
        assert heard[-1]["merged"] == {str(premises): staffing}
        assert [t["id"] for t in store.list_themes(live_db, event_id)] == [t["id"] for t in heard[-1]["themes"]]
    finally:
        phone.disconnect()
        projector.close()


def test_hiding_a_risk_and_every_new_screen_passes_axe(facilitator, live, live_db, event_id):
    base = f"{live.url}/facilitator/events/{event_id}"
    control, projector = facilitator, facilitator.context.new_page()
    open_live(control, f"{base}/control")
    assert axe_violations(control) == []
    open_live(control, f"{base}/moderation")
    open_live(projector, f"{base}/projector")

    # Hide a risk from the moderation page: it is marked there, and the projector leaves it out.
    item = front(control).locator("#bulk .mod-row", has_text="Burnout")
    item.get_by_role("button", name="Hide").click()
    expect(item.locator(".hidden-mark")).to_have_text("Hidden from the projector", timeout=WAIT)
    expect(item.get_by_role("button", name="Show")).to_be_focused()
    assert axe_violations(control, impacts=("minor", "moderate", "serious", "critical")) == []
    # The moderation panel, in page coordinates.
    top, bottom = control.evaluate("""() => [document.getElementById("moderation").getBoundingClientRect().top + scrollY,
                                             document.getElementById("moderation").getBoundingClientRect().bottom + scrollY]""")
    screenshot(control, "control-confidence.png", full_page=True,
               clip={"x": 0, "y": top - 8, "width": LAPTOP["width"], "height": bottom - top + 16})

    open_live(control, f"{base}/control")
    for view, picture in (("confidence", "projector-confidence.png"), ("risks", "projector-risks.png"),
                          ("would_help", "projector-would-help.png")):
        show(control, view)
        section = front(projector).locator(f'section[data-view="{view}"]')
        expect(section).to_be_visible(timeout=WAIT)
        if view == "risks":
            expect(section.locator(".risk-theme", has_text="Staffing")).to_be_visible()
            expect(section.get_by_text("Burnout")).to_have_count(0)
        assert axe_violations(projector) == [], view
        screenshot(projector, picture)
