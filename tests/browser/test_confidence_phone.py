"""A delegate's own confidence questions on a 360 px phone, and the survey page, in headless Chromium."""
import datetime

import pytest
import requests
from playwright.sync_api import expect

from facilitation import store
from facilitation.web.auth import new_api_token

from .conftest import PHONE, axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
EVERY = ("minor", "moderate", "serious", "critical")
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture(scope="module")
def api(live, live_db):
    """Call the live server's API as the facilitator's scripts do."""
    headers = {"Authorization": f"Bearer {new_api_token(live_db)}"}

    def call(method, path, **kwargs):
        response = requests.request(method, f"{live.url}/api{path}", headers=headers, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()

    return call


def phase(api, event_id, state):
    """Open (asking about B) or close the confidence questions, as the control room does."""
    api("POST", f"/events/{event_id}/confidence", json={"phase": state, "about": "B" if state == "open" else None})


def test_a_delegate_answers_on_a_phone_live_and_offline_and_nothing_typed_is_lost(live, live_db, phone, api):
    event_id = live.event_ids["allocate-explicit.json"]
    table = store.get_table(live_db, event_id, 5)
    phase(api, event_id, "closed")
    phone.goto(f"{live.url}/t/{table['join_token']}")
    expect(phone.locator("#connection")).to_have_text("Connected", timeout=WAIT)

    # On joining, the delegate may give a name for the attendance list (optional).
    identify = phone.locator("#identify")
    identify.get_by_label("Your name").fill("Zoë Ó'Brien")
    identify.get_by_role("button", name="Save my name").click()
    expect(identify.get_by_text("Saved: you are on the list of who took part as Zoë Ó'Brien.")).to_be_visible(timeout=WAIT)

    # The facilitator opens the questions: the phone shows them without a reload.
    phase(api, event_id, "open")
    section = phone.locator("#confidence")
    expect(section.get_by_text("After today’s discussion, are you more or less confident than before that option")).to_be_visible(timeout=WAIT)
    section.get_by_label("More confident", exact=True).check()
    section.get_by_label("What would make you more confident?").fill("A clear timetable")
    section.get_by_label("Risk 1", exact=True).fill("Too few rooms")
    section.get_by_label("Theme of risk 1").select_option(label="Premises")
    section.get_by_role("button", name="Add another risk").click()
    rows = section.locator("[data-risk]").count()
    section.get_by_label(f"Risk {rows}", exact=True).fill(HOSTILE)
    section.get_by_label(f"Theme of risk {rows}").select_option(label="Other")   # chosen: never assumed
    assert horizontal_overflow(phone) == 0
    section.locator("#confidence-heading").scroll_into_view_if_needed()
    phone.evaluate("() => document.getElementById('confidence').scrollIntoView()")
    screenshot(phone, "phone-confidence.png", full_page=False)
    section.get_by_role("button", name="Send my answers").click()
    expect(section.get_by_text("Saved (version 1)")).to_be_visible(timeout=WAIT)
    assert phone.evaluate("() => window.__pwned") is None

    people = [p for p in store.event_respondents(live_db, event_id) if p["name"] == "Zoë Ó'Brien"]
    assert len(people) == 1
    person = people[0]
    assert (person["source"], person["table_number"], person["confidence"]) == ("room", 5, "more")
    assert [r["text"] for r in person["risks"]] == ["Too few rooms", HOSTILE]

    # After a reload the phone shows this person's own answers again.
    phone.reload()
    expect(section.get_by_text("Saved (version 1)")).to_be_visible(timeout=WAIT)
    expect(section.get_by_label("Risk 1", exact=True)).to_have_value("Too few rooms")
    assert axe_violations(phone, impacts=EVERY) == []

    # Wi-Fi drops while they change their mind: the change waits on the phone and is sent once it is back.
    phone.context.set_offline(True)
    section.get_by_label("Less confident", exact=True).check()
    section.get_by_role("button", name="Send my answers").click()
    expect(section.get_by_text("Not sent yet")).to_be_visible(timeout=WAIT)
    phone.context.set_offline(False)
    expect(section.get_by_text("Saved (version 2)")).to_be_visible(timeout=15_000)
    history = [h for h in store.answer_history(live_db, event_id) if h["respondent"] == person["id"]]
    assert [h["version"] for h in history] == [1, 2] and history[-1]["content"]["confidence"] == "less"

    # The facilitator closes the questions: the phone says so and the answers can no longer change.
    phase(api, event_id, "closed")
    expect(section.get_by_text("The confidence questions are closed")).to_be_visible(timeout=WAIT)
    expect(section.get_by_role("button", name="Send my answers")).to_be_disabled()
    assert axe_violations(phone, impacts=EVERY) == []


def test_when_the_questions_open_a_banner_says_so_and_only_an_idle_phone_is_taken_to_them(
        browser, live, live_db, api):
    event_id = live.event_ids["allocate-explicit.json"]
    table = store.get_table(live_db, event_id, 4)          # scores "cost" and "access"
    store.set_voting(live_db, event_id, "access", "open")
    phase(api, event_id, "closed")
    idle, busy = (browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).new_page()
                  for _ in range(2))
    try:
        for page in (idle, busy):
            page.goto(f"{live.url}/t/{table['join_token']}")
            expect(page.locator("#connection")).to_have_text("Connected", timeout=WAIT)
        # Mid-ballot on the other phone: about to type points on Reach, far down the page (nothing typed yet, so the
        # table's shared draft stays as the other tests expect it).
        more = busy.get_by_role("spinbutton", name="Points for A, Keep the current crisis team").last
        more.click()
        expect(more).to_be_focused()
        before = more.bounding_box()["y"]

        phase(api, event_id, "open")
        for page in (idle, busy):
            expect(page.locator("#confidence-banner")).to_contain_text(
                "The confidence questions are open — answer below.", timeout=WAIT)
        # The idle phone is taken to the questions; the busy one keeps its place and its focus.
        expect(idle.locator("#confidence-heading")).to_be_focused()
        expect(idle.locator("#confidence-heading")).to_be_in_viewport()
        idle.wait_for_timeout(800)   # the smooth scroll ends
        screenshot(idle, "phone-confidence-opened.png", full_page=False)
        # Clear of the banner at the top of the screen.
        assert idle.locator("#confidence-heading").bounding_box()["y"] >= idle.locator("#confidence-banner").bounding_box()["height"]
        expect(more).to_be_focused()
        busy.wait_for_timeout(500)
        assert abs(more.bounding_box()["y"] - before) < 2
        assert axe_violations(busy, impacts=EVERY) == []
        screenshot(busy, "phone-confidence-banner.png", full_page=False)
        busy.get_by_role("button", name="Go to the questions").click()
        expect(busy.locator("#confidence-heading")).to_be_focused()
        expect(busy.locator("#confidence-heading")).to_be_in_viewport()
        expect(busy.locator("#confidence-banner")).to_be_empty()

        # A risk's theme is chosen: with text and no theme, the phone says so beside it and sends nothing.
        section = busy.locator("#confidence")
        section.get_by_label("No more or less confident than before").check()
        section.get_by_label("Risk 1", exact=True).fill("Parking at the hub")
        expect(section.get_by_label("Theme of risk 1")).to_have_value("")
        section.get_by_role("button", name="Send my answers").click()
        expect(section.get_by_role("alert")).to_contain_text("Risk 1: choose a theme for this risk (Other if none fits).")
        expect(section.locator("#c-risk-0-theme-problem")).to_have_text("Choose a theme for this risk (Other if none fits).")
        expect(section.get_by_label("Theme of risk 1")).to_have_attribute("aria-invalid", "true")
        assert axe_violations(busy, impacts=EVERY) == []
        busy.wait_for_timeout(300)
        assert not [p for p in store.event_respondents(live_db, event_id) if p["risks"] and
                    p["risks"][0]["text"] == "Parking at the hub"]
        section.get_by_label("Theme of risk 1").select_option(label="Other")
        section.get_by_role("button", name="Send my answers").click()
        expect(section.get_by_text("Saved (version 1)")).to_be_visible(timeout=WAIT)
        expect(section.locator("#c-risk-0-theme-problem")).to_be_hidden()
        [person] = [p for p in store.event_respondents(live_db, event_id)
                    if p["risks"] and p["risks"][0]["text"] == "Parking at the hub"]
        assert person["risks"][0]["theme"] == "other"
    finally:
        phase(api, event_id, "closed")
        for page in (idle, busy):
            page.context.close()


def test_the_survey_page_on_a_phone(live, live_db, phone, api):
    event_id = live.event_ids["allocate-explicit.json"]
    definition = api("GET", f"/events/{event_id}")
    closes = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    definition["survey"]["closes"] = closes.isoformat(timespec="seconds").replace("+00:00", "Z")
    api("PUT", f"/events/{event_id}", json=definition)
    phase(api, event_id, "open")
    phone.goto(f"{live.url}/s/{store.get_event(live_db, event_id)['survey_token']}")
    phone.get_by_label("Your organisation").fill("Patients' forum")
    phone.get_by_label("Much less confident").check()
    phone.get_by_label("Risk 1", exact=True).fill("Buses stop at six")
    phone.get_by_label("Theme of risk 1").select_option(label="Other")
    # This survey asks for scores too: one criterion, the others left blank (skipped).
    for place, option in enumerate(["B · Crisis cafes in each town", "A · Keep the current crisis team",
                                    "C · Locality crisis teams joined up with primary care"]):
        phone.get_by_label(f"Place {place + 1} for Reach").select_option(label=option)
    phone.get_by_label("Points for B, Crisis cafes in each town, on Reach").fill("6")
    phone.get_by_label("Points for A, Keep the current crisis team, on Reach").fill("4")
    phone.get_by_label("Rule out D, A 24-hour crisis line with home visits, on Reach").check()
    phone.locator("#scores-0").scroll_into_view_if_needed()
    assert horizontal_overflow(phone) == 0
    screenshot(phone, "survey-scoring.png", full_page=False)
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("your answers are saved (version 1)")).to_be_visible(timeout=WAIT)
    assert horizontal_overflow(phone) == 0
    screenshot(phone, "survey-phone.png", full_page=False)
    assert axe_violations(phone, impacts=EVERY) == []
    [person] = [p for p in store.event_respondents(live_db, event_id) if p["organisation"] == "Patients' forum"]
    assert person["source"] == "survey"
    ballot = store.survey_ballots(live_db, event_id)[(person["id"], "access")]
    assert (ballot["ranking"], ballot["points"], ballot["ruled_out"]) == (["B", "A", "C"], {"A": 4, "B": 6, "C": 0}, ["D"])
