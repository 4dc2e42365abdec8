"""Every page people reach: axe-core finds no problems at any impact level; phones never scroll sideways."""
import pytest
from playwright.sync_api import expect

from facilitation import answers, store

from .conftest import axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
EVERY = ("minor", "moderate", "serious", "critical")


def first_table_url(live, live_db):
    """The join link of the first table of the explicit-assignment test event."""
    table = store.list_tables(live_db, live.event_ids["allocate-explicit.json"])[0]
    return f"{live.url}/t/{table['join_token']}"


@pytest.mark.parametrize("page_name", ["join", "table", "table-briefing-open", "wrong-code", "stale", "survey"])
def test_phone_pages_are_accessible_and_fit_360_px(phone, live, live_db, page_name):
    if page_name == "join":
        phone.goto(f"{live.url}/join")
    elif page_name == "wrong-code":
        phone.goto(f"{live.url}/join?code=NOPE00")
    elif page_name == "stale":
        event_id = live.event_ids["score-all.json"]
        old = store.get_table(live_db, event_id, 3)["join_token"]
        store.regenerate_join(live_db, event_id, 3)
        assert phone.goto(f"{live.url}/t/{old}").status == 410
    elif page_name == "survey":
        event_id = live.event_ids["score-all.json"]
        answers.open_phase(live_db, event_id, pin="H")
        try:
            phone.goto(f"{live.url}/s/{store.get_event(live_db, event_id)['survey_token']}")
            expect(phone.get_by_role("button", name="Send my answers")).to_be_visible()
        finally:
            answers.close_phase(live_db, event_id)
    else:
        phone.goto(first_table_url(live, live_db))
        # Check the settled page: the connection badge changes its text while the socket connects.
        phone.get_by_text("Connected").wait_for(timeout=10_000)
        if page_name == "table-briefing-open":
            for summary in phone.locator("details > summary").all():
                summary.click()
    assert axe_violations(phone, impacts=EVERY) == []
    assert horizontal_overflow(phone) <= 0


def contrast(page, selector):
    """The WCAG contrast ratio of an element's text colour on its background colour."""
    return page.evaluate("""(selector) => {
        const style = getComputedStyle(document.querySelector(selector));
        const lum = (css) => {
            const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((c) => {
                c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    }""", selector)


def test_the_table_page_before_its_scripts_arrive_is_accessible_and_says_it_is_connecting(phone, live, live_db):
    # Slow venue Wi-Fi: the page has come, its scripts have not (yet). Nothing may depend on them to be readable.
    phone.route("**/*.js", lambda route: route.abort())
    phone.goto(first_table_url(live, live_db))
    badge = phone.locator("#connection")
    expect(badge).to_have_text("Connecting…")
    assert contrast(phone, "#connection") >= 4.5
    assert axe_violations(phone, impacts=EVERY) == []
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, "phone-before-scripts.png")


@pytest.mark.parametrize("path, shot", [
    ("/facilitator/", "facilitator-events.png"),
    ("/facilitator/events/{id}", "facilitator-event.png"),
    ("/facilitator/events/{id}/edit", "facilitator-edit.png"),
    ("/facilitator/events/new", None),
    ("/facilitator/events/{id}/cards", None),
    ("/facilitator/events/{id}/control", None),
    ("/facilitator/events/{id}/moderation", None),
    ("/facilitator/events/{id}/attendance", None),
    ("/facilitator/events/{id}/check-in", None),
    ("/facilitator/events/{id}/badges", None),
    ("/facilitator/events/{id}/exports", None),
    ("/facilitator/events/{id}/report", None),
])
def test_facilitator_pages_are_accessible_at_1920(facilitator, live, path, shot):
    facilitator.goto(live.url + path.format(id=live.event_ids["allocate-explicit.json"]))
    assert axe_violations(facilitator, impacts=EVERY) == []
    assert horizontal_overflow(facilitator) <= 0
    if shot:
        screenshot(facilitator, shot, full_page=path.endswith("/edit") is False)


def test_sign_in_page_is_accessible(laptop, live):
    laptop.goto(f"{live.url}/facilitator/sign-in")
    assert axe_violations(laptop, impacts=EVERY) == []
    screenshot(laptop, "facilitator-sign-in.png")


def test_facilitator_pages_fit_a_phone_too(browser, live, facilitator):
    # Facilitators check things on their phones between sessions: same pages, no sideways scrolling.
    state = facilitator.context.storage_state()
    context = browser.new_context(viewport={"width": 360, "height": 740}, storage_state=state)
    page = context.new_page()
    for path in ("/facilitator/", f"/facilitator/events/{live.event_ids['allocate-explicit.json']}"):
        page.goto(live.url + path)
        assert horizontal_overflow(page) <= 0, path
    context.close()
