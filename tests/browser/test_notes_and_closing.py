"""Table notes and closing the event in a real browser: a phone (390×844) writes notes with its ballot, the table's
other phone and the control room show them live; the facilitator closes the event (asked first) and the phones say so
at once; axe-core finds nothing on the pages changed."""
import re

import pytest
import requests
from playwright.sync_api import expect

from facilitation import store

from ..conftest import EVENTS_DIR, PASSWORD
from ..servers import serve_event
from .conftest import axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
PHONE = {"width": 390, "height": 844}
NOTE = "Closest for most carers, but buses stop at six.\nNeeds the police link sorted first."


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """A server of this module's own (closing the event must not reach other tests) with voting open."""
    instance = tmp_path_factory.mktemp("notes-browser")
    with serve_event(instance, EVENTS_DIR / "allocate-explicit.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        requests.post(f"{server.url}/api/events/{server.event_id}/voting", headers=server.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5).raise_for_status()
        server.db = store.connect(str(instance / "facilitation.db"))
        yield server
        server.db.conn.close()


def phone_page(browser):
    """A 390×844 phone."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    return context.new_page()


def signed_in(browser, own, viewport):
    """A laptop page with the facilitator signed in."""
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{own.url}/facilitator/")
    page.get_by_label("Facilitator password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{own.url}/facilitator/")
    return page


def join(page, own, number):
    """Open a table's link and wait until the phone is connected."""
    page.goto(f"{own.url}/t/{store.get_table(own.db, own.event_id, number)['join_token']}")
    expect(page.locator("#connection")).to_have_text("Connected", timeout=WAIT)


def test_notes_reach_the_other_phone_and_the_control_room_and_the_close_reaches_the_phones(browser, own):
    control = signed_in(browser, own, {"width": 1280, "height": 720})
    control.goto(f"{own.url}/facilitator/events/{own.event_id}/control")
    expect(control.locator("#connection")).to_contain_text("Live", timeout=WAIT)
    first, second = phone_page(browser), phone_page(browser)
    join(first, own, 1)
    join(second, own, 1)
    section = first.locator("#criterion-access")
    for code, n in (("B", 6), ("A", 4)):
        for _ in range(n):
            section.get_by_role("button", name=re.compile(f"^More points for {code}(, .+)?$")).click()
    notes = section.get_by_label("Notes from your table's discussion (optional)")
    notes.fill(NOTE)
    expect(section.get_by_role("button", name=re.compile("^Submit"))).to_be_enabled(timeout=WAIT)
    assert axe_violations(first) == []
    assert horizontal_overflow(first) <= 0
    notes.scroll_into_view_if_needed()
    screenshot(first, "phone-notes-390.png")
    section.get_by_role("button", name=re.compile("^Submit")).click()
    expect(section.locator(".save-status")).to_contain_text("Saved (version 1)", timeout=WAIT)

    # The table's other phone shows the saved notes; the control room's panel has them, live.
    expect(second.locator("#criterion-access").get_by_label("Notes from your table's discussion (optional)")) \
        .to_have_value(NOTE, timeout=WAIT)
    panel = control.locator("[data-notes-panel]")
    expect(panel).to_contain_text("Table 1 · Service users and carers", timeout=WAIT)
    expect(panel).to_contain_text("Needs the police link sorted first.")
    assert store.event_ballots(own.db, own.event_id)[(1, "access")]["notes"] == NOTE
    control.locator("#notes").scroll_into_view_if_needed()
    screenshot(control, "control-room-notes-1280.png")
    assert axe_violations(control) == []

    # Closing asks first, on a page of its own.
    control.get_by_role("button", name="Close the event").click()
    expect(control.get_by_role("heading", level=1)).to_contain_text("Close “", timeout=WAIT)
    assert axe_violations(control) == []
    screenshot(control, "confirm-close-event-1280.png")
    control.get_by_role("button", name="Close the event").click()
    expect(control.locator(".closed-stamp")).to_contain_text(re.compile(r"Closed at \d\d:\d\d on \d+ \w+ \d{4}"),
                                                             timeout=WAIT)
    expect(control.locator(".cockpit-head")).to_contain_text("Closed at")
    assert axe_violations(control) == []
    control.evaluate("window.scrollTo(0, 0)")
    screenshot(control, "control-room-closed-1280.png")
    for page in (first, second):
        expect(page.locator("#event-closed")).to_contain_text("This event was closed at", timeout=WAIT)
        expect(page.locator("#criterion-access .final-ballot")).to_contain_text("Your table's notes:")
    assert axe_violations(first) == []
    screenshot(first, "phone-event-closed-390.png", full_page=False)
    control.goto(f"{own.url}/facilitator/events/{own.event_id}")
    expect(control.locator(".closed-banner")).to_contain_text("Closed at")
    assert axe_violations(control) == []

    # Reopened: the phone's message goes, and voting opens again only when the facilitator opens it.
    control.goto(f"{own.url}/facilitator/events/{own.event_id}/control")
    control.get_by_role("button", name="Reopen the event").click()
    expect(control.get_by_role("button", name="Close the event")).to_be_visible(timeout=WAIT)
    expect(first.locator("#event-closed")).to_be_hidden(timeout=WAIT)
    for context in {first.context, second.context, control.context}:
        context.close()
