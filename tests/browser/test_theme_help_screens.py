"""What would help by theme, the organisers' response and stakeholder groups, in headless Chromium on a real server.

The phone's "who are you" step and its theme choice at 390×844; the control room's per-theme panel saving a response
live; the projector's "What would help, by theme" legible and complete at 1280×720 and 1920×1080 (paging itself).
Each test works on an event of its own in the live server's database.
"""
import json
import random
import uuid

import pytest
import requests
from playwright.sync_api import expect

from facilitation import answers, ballots, store
from facilitation.domain.event_file import read_event_file
from facilitation.web.auth import new_api_token

from ..conftest import EVENTS_DIR
from .conftest import axe_violations, horizontal_overflow, screenshot
from .room_scale import HELP, ROOM_PEOPLE, SCALE
from .test_confidence_screens import front, open_live
from .test_projector import MEASURE

pytestmark = pytest.mark.browser
WAIT = 10_000
GROUPS = ["Patients and public", "GPs", "Trust boards", "Voluntary sector"]
PHONE_390 = {"width": 390, "height": 844}
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
RESPONSE = ("The three boards will appoint one lead for this theme by March, publish a timetable with named "
            "milestones, and report progress to each board and to the patient forums every quarter.")


def display(live, db, event_id, change):
    """Change what the projector shows through the display API, as a stage manager's script would."""
    response = requests.put(f"{live.url}/api/events/{event_id}/display", json=change, timeout=10,
                            headers={"Authorization": f"Bearer {new_api_token(db)}"})
    assert response.status_code == 200, response.text


def new_event(db, name="whole-system-2009.json"):
    """A fresh copy of an example with stakeholder groups and its questions open."""
    definition = json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))
    definition["stakeholder_groups"] = GROUPS
    definition["survey"]["closes"] = "2099-12-16T17:00:00Z"
    definition.pop("theme_responses", None)
    event_id = store.create_event(db, read_event_file(json.dumps(definition).encode()))
    first = store.list_options(db, event_id)[0]["code"]
    answers.open_phase(db, event_id, first)
    return event_id


@pytest.fixture
def room(live_db):
    """The 2009 example with a room's worth of answers, most of what would help said for a theme, and responses."""
    event_id = new_event(live_db)
    rng = random.Random(13)
    themes = store.list_themes(live_db, event_id)
    tables = store.list_tables(live_db, event_id)
    for n in range(ROOM_PEOPLE):
        table = ballots.find_table(live_db, tables[n % len(tables)]["join_token"])
        help_theme = rng.choice([None, *(t["id"] for t in themes)])
        assert answers.submit_room(live_db, table, {
            "respondent": "theme-help-" + uuid.uuid4().hex, "submission_id": uuid.uuid4().hex[:16],
            "confidence": rng.choice(SCALE), "would_help": rng.choice(HELP + [""]), "would_help_theme": help_theme,
            "organisation": rng.choice(["City Council", "Acute Trust", ""]), "stakeholder_group": rng.choice(GROUPS),
            "risks": [{"text": "Pace of change", "theme": rng.choice(themes)["id"]}]}).ok
    for theme in themes[:4]:
        answers.set_theme_response(live_db, event_id, theme["id"], RESPONSE)
    return event_id


def test_the_phone_offers_the_group_and_the_theme_and_sends_them_live(browser, live, live_db):
    event_id = new_event(live_db, "allocate-explicit.json")
    context = browser.new_context(viewport=PHONE_390, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        table = store.get_table(live_db, event_id, 2)
        phone.goto(f"{live.url}/t/{table['join_token']}")
        expect(phone.locator("#connection")).to_have_text("Connected", timeout=WAIT)
        identify = phone.locator("#identify")
        identify.get_by_label("Your name").fill("Ann Lee")
        identify.get_by_label("Your stakeholder group").select_option(label="GPs")
        assert horizontal_overflow(phone) == 0
        screenshot(phone, "phone-who-are-you-group.png")
        identify.get_by_role("button", name="Save my name").click()
        expect(identify.get_by_text("Saved: you are on the list of who took part as Ann Lee.")).to_be_visible(timeout=WAIT)

        section = phone.locator("#confidence")
        section.get_by_label("More confident", exact=True).check()
        section.get_by_label("What would make you more confident?").fill(HOSTILE)
        section.get_by_label("Which theme is that about?").select_option(label="Premises")
        phone.evaluate("() => document.getElementById('c-would-help').scrollIntoView()")
        assert horizontal_overflow(phone) == 0
        screenshot(phone, "phone-would-help-theme.png")
        assert axe_violations(phone) == []
        section.get_by_role("button", name="Send my answers").click()
        expect(section.get_by_text("Saved (version 1)")).to_be_visible(timeout=WAIT)
        assert phone.evaluate("() => window.__pwned") is None
        [person] = [p for p in store.event_respondents(live_db, event_id) if p["name"] == "Ann Lee"]
        premises = next(t["id"] for t in store.list_themes(live_db, event_id) if t["name"] == "Premises")
        assert (person["stakeholder_group"], person["would_help_theme"], person["would_help"]) == (
            "GPs", premises, HOSTILE)
        # After a reload the choice is shown again.
        phone.reload()
        expect(section.get_by_label("Which theme is that about?")).to_have_value(str(premises), timeout=WAIT)
    finally:
        context.close()


def test_the_survey_page_offers_the_groups_and_passes_axe(browser, live, live_db):
    event_id = new_event(live_db, "allocate-explicit.json")
    context = browser.new_context(viewport=PHONE_390, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/s/{store.get_event(live_db, event_id)['survey_token']}")
        page.get_by_label("Your stakeholder group").select_option(label="Trust boards")
        page.get_by_label("Less confident", exact=True).check()
        page.get_by_label("Which theme is that about?").select_option(label="Staffing out of hours")
        assert axe_violations(page) == [] and horizontal_overflow(page) == 0
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("Thank you: your answers are saved")).to_be_visible(timeout=WAIT)
        [person] = store.event_respondents(live_db, event_id)
        assert person["stakeholder_group"] == "Trust boards" and person["would_help_theme"] is not None
    finally:
        context.close()


def test_a_response_saved_in_the_control_room_shows_on_the_projector_which_fits_the_screen(facilitator, live, live_db,
                                                                                         room):
    base = f"{live.url}/facilitator/events/{room}"
    control, projector = facilitator, facilitator.context.new_page()
    open_live(control, f"{base}/control")
    open_live(projector, f"{base}/projector")
    panel = front(control).locator("#theme-responses")
    last = store.list_themes(live_db, room)[-1]
    expect(panel.locator(f"#theme-help-{last['id']}")).to_be_visible()
    assert panel.locator("#by-stakeholder-group tbody tr").count() == len(GROUPS)
    field = panel.get_by_label(f"The organisers’ required response to “{last['name']}”")
    field.fill("Joint communications plan, agreed with staff side")
    panel.get_by_role("button", name=f"Save the response to “{last['name']}”").click()
    expect(panel.locator("[data-message]")).to_have_text(f"Saved the response to “{last['name']}”.", timeout=WAIT)
    assert store.theme_responses(live_db, room)[last["id"]] == "Joint communications plan, agreed with staff side"
    assert axe_violations(control) == []
    top, bottom = control.evaluate("""() => { const r = document.getElementById("theme-responses").getBoundingClientRect();
                                              return [r.top + scrollY, r.bottom + scrollY]; }""")
    screenshot(control, "control-theme-responses.png", full_page=True,
               clip={"x": 0, "y": top - 8, "width": 1920, "height": min(bottom - top + 16, 2400)})

    # The projector pages itself through every theme; the new response arrives live, without a reload.
    front(projector).evaluate("window.notReloaded = true")
    display(live, live_db, room, {"view": "theme_help", "hidden": False})
    for width, height in ((1280, 720), (1920, 1080)):
        projector.set_viewport_size({"width": width, "height": height})
        front(projector)
        # A view is planned for the screen it is shown on: show another, then this one again at this size.
        display(live, live_db, room, {"view": "join"})
        projector.wait_for_function("() => document.body.dataset.view === 'join'", timeout=WAIT)
        display(live, live_db, room, {"view": "theme_help", "page": 1})
        pages, seen = None, ""
        number = 1
        while True:
            projector.wait_for_function("n => document.body.dataset.view === 'theme_help' && "
                                        "document.body.dataset.page === String(n)", arg=number, timeout=WAIT)
            m = projector.evaluate(MEASURE)
            where = f"page {number} at {width}x{height}: {m}"
            assert m["doc"][0] <= width and m["doc"][1] <= height, where
            assert m["view"][0] <= m["view"][1] and m["view"][2] <= m["view"][3], where
            if height == 1080:
                assert m["least"] >= 18, where
            seen += projector.locator('section[data-view="theme_help"]').inner_text()
            if number == 1:
                assert axe_violations(projector) == [], where
                screenshot(projector, f"projector-theme-help-{width}x{height}.png")
            pages = m["pages"]
            if number >= pages:
                break
            number += 1
            display(live, live_db, room, {"page": number})
        assert "Joint communications plan, agreed with staff side" in seen, seen[:400]
        assert "Organisers’ response:" in seen and "In general" in seen
        display(live, live_db, room, {"page": 1})
    assert projector.evaluate("window.notReloaded") is True
