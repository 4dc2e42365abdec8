"""Every page people reach: axe-core finds no serious or critical problems, phones never scroll sideways."""
import pytest

from facilitation import store

from .conftest import axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def first_table_url(live, live_db):
    """The join link of the first table of the explicit-assignment test event."""
    table = store.list_tables(live_db, live.event_ids["allocate-explicit.json"])[0]
    return f"{live.url}/t/{table['join_token']}"


@pytest.mark.parametrize("page_name", ["join", "table", "table-briefing-open", "stale"])
def test_phone_pages_are_accessible_and_fit_360_px(phone, live, live_db, page_name):
    if page_name == "join":
        phone.goto(f"{live.url}/join")
    elif page_name == "stale":
        phone.goto(f"{live.url}/join?code=NOPE00")
    else:
        phone.goto(first_table_url(live, live_db))
        # Check the settled page: the connection badge changes its text while the socket connects.
        phone.get_by_text("Connected").wait_for(timeout=10_000)
        if page_name == "table-briefing-open":
            for summary in phone.locator("details > summary").all():
                summary.click()
    assert axe_violations(phone) == []
    assert horizontal_overflow(phone) <= 0


@pytest.mark.parametrize("path, shot", [
    ("/facilitator/", "facilitator-events.png"),
    ("/facilitator/events/{id}", "facilitator-event.png"),
    ("/facilitator/events/{id}/edit", "facilitator-edit.png"),
    ("/facilitator/events/new", None),
    ("/facilitator/events/{id}/cards", None),
])
def test_facilitator_pages_are_accessible_at_1920(facilitator, live, path, shot):
    facilitator.goto(live.url + path.format(id=live.event_ids["allocate-explicit.json"]))
    assert axe_violations(facilitator) == []
    assert horizontal_overflow(facilitator) <= 0
    if shot:
        screenshot(facilitator, shot, full_page=path.endswith("/edit") is False)


def test_sign_in_page_is_accessible(laptop, live):
    laptop.goto(f"{live.url}/facilitator/sign-in")
    assert axe_violations(laptop) == []
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
