"""The registration desk at tablet size in headless Chromium against a real server: check in by searching, a
walk-in, undo; then the attendance lists and the CSV export agree with exactly what was done. Also the desk at
tablet size upright, a second desk seeing the first's check-ins, and axe-core on the desk, attendance and badges."""
import csv
import io

import pytest
from playwright.sync_api import expect

from facilitation import answers, ballots, store
from facilitation.attendance import event_attendance
from facilitation.domain.event import parse_event

from ..conftest import PASSWORD, event_file
from .conftest import axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
TABLET = {"width": 1024, "height": 768}
TABLET_UPRIGHT = {"width": 768, "height": 1024}
INVITEES = [
    {"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients and public"},
    {"name": "Sam Oyelaran", "organisation": "Westfield Surgery", "group": "Clinicians"},
    {"name": "Jo Smith", "organisation": "City Council"},
    {"name": "Priya Natarajan", "organisation": "Eastwold NHS Trust", "group": "Clinicians"},
    {"name": "Tom Ellery", "organisation": "Northgate PCT"},
    {"name": "Grace Mbeki", "organisation": "Healthwatch Eastwold", "group": "Patients and public"},
    {"name": "Hugh Barrow", "organisation": "Southmead PCT"},
    {"name": "Anita Desai", "organisation": "Local Pharmaceutical Committee", "group": "Clinicians"},
    {"name": "Colin Ward", "organisation": "City Council"},
    {"name": "Mary Okafor", "organisation": "Voluntary Action Eastwold"},
]


@pytest.fixture
def event_id(live_db):
    """A fresh event with ten invitees and two stakeholder groups, in the live server's database."""
    definition = {**event_file("allocate-explicit.json"), "invitees": INVITEES,
                  "stakeholder_groups": ["Patients and public", "Clinicians"]}
    return store.create_event(live_db, parse_event(definition))


def tablet_page(browser, live, viewport=TABLET):
    """A touch tablet's page with the facilitator signed in."""
    context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=True, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{live.url}/facilitator/")
    page.get_by_label("Facilitator password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live.url}/facilitator/")
    return page


@pytest.fixture
def tablet(browser, live):
    """A 1024×768 tablet, signed in."""
    page = tablet_page(browser, live)
    yield page
    page.context.close()


def check_in_by_search(page, typed, name):
    """Type into the search box until one person is left, and tap their button."""
    search = page.get_by_label("Find a person by name or organisation")
    search.fill(typed)
    shown = page.locator("#check-in-list li.person:not([hidden])")
    expect(shown).to_have_count(1, timeout=WAIT)
    expect(shown.locator(".name")).to_have_text(name)
    shown.get_by_role("button", name=f"Check in {name}").tap()
    expect(page.locator(".notice")).to_contain_text(f"{name} is checked in.", timeout=WAIT)


def test_check_in_five_add_a_walk_in_undo_one_and_the_lists_and_export_agree(tablet, live, live_db, event_id):
    page = tablet
    page.goto(f"{live.url}/facilitator/events/{event_id}/check-in")
    expect(page.locator("#check-in-count")).to_have_text("0 of 10 checked in")
    assert horizontal_overflow(page) <= 0
    # The search box is ready for typing when the page opens, and again after each check-in.
    expect(page.get_by_label("Find a person by name or organisation")).to_be_focused()
    for typed, name in (("ruth", "Ruth Kendrick"), ("oyel", "Sam Oyelaran"), ("priya", "Priya Natarajan"),
                        ("mbeki", "Grace Mbeki"), ("colin ward", "Colin Ward")):
        check_in_by_search(page, typed, name)
        expect(page.get_by_label("Find a person by name or organisation")).to_be_focused()
    expect(page.locator("#check-in-count")).to_have_text("5 of 10 checked in")

    # A walk-in, with their stakeholder group.
    page.get_by_label("Name", exact=True).fill("Alex Morgan")
    page.get_by_label("Organisation (optional)").fill("Eastwold Carers")
    page.get_by_label("Stakeholder group (optional)").select_option("Patients and public")
    page.get_by_role("button", name="Add and check in").tap()
    expect(page.locator(".notice")).to_contain_text("Alex Morgan is checked in as a walk-in.", timeout=WAIT)
    expect(page.locator("#check-in-count")).to_have_text("5 of 10 checked in, and 1 walk-in")

    # Undo one: Sam was tapped by mistake.
    page.get_by_label("Find a person by name or organisation").fill("sam")
    page.get_by_role("button", name="Undo Sam Oyelaran's check-in").tap()
    expect(page.locator(".notice")).to_contain_text("Sam Oyelaran's check-in is undone.", timeout=WAIT)
    expect(page.locator("#check-in-count")).to_have_text("4 of 10 checked in, and 1 walk-in")
    screenshot(page, "check-in-tablet.png", full_page=True)

    took_part = {("Alex Morgan", "Eastwold Carers", "walk_in"), ("Colin Ward", "City Council", "desk"),
                 ("Grace Mbeki", "Healthwatch Eastwold", "desk"), ("Priya Natarajan", "Eastwold NHS Trust", "desk"),
                 ("Ruth Kendrick", "Eastwold Mind", "desk")}
    register = event_attendance(live_db, event_id)
    assert {(p["name"], p["organisation"], p["how"]) for p in register["took_part"]} == took_part
    assert len(register["took_part"]) == 5
    did_not_attend = [p["name"] for p in INVITEES if p["name"] not in {name for name, _, _ in took_part}]
    assert [p["name"] for p in register["did_not_attend"]] == did_not_attend
    assert register["counts"]["checked_in"] == 5 and register["counts"]["walk_ins"] == 1

    # The export the board secretary downloads says the same, with how each person was recorded.
    def rows(name):
        response = page.request.get(f"{live.url}/facilitator/events/{event_id}/exports/{name}.csv")
        assert response.ok
        return list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))

    recorded = {"desk": "checked in at the desk", "walk_in": "walk-in at the desk"}
    assert {(r["name"], r["organisation"], r["recorded"]) for r in rows("took-part")} == {
        (name, organisation, recorded[how]) for name, organisation, how in took_part}
    assert [r["name"] for r in rows("did-not-attend")] == did_not_attend
    walk_in = next(r for r in rows("took-part") if r["name"] == "Alex Morgan")
    assert (walk_in["stakeholder group"], walk_in["on the invitee list"]) == ("Patients and public", "no")

    # The attendance page shows the same lists.
    page.goto(f"{live.url}/facilitator/events/{event_id}/attendance")
    expect(page.locator("#took-part")).to_have_text("Took part (5)")
    expect(page.locator("#did-not-attend")).to_have_text("Invited but did not attend (6 of 10)")


def test_a_walk_in_like_an_invitee_is_offered_them_first(tablet, live, live_db, event_id):
    page = tablet
    page.goto(f"{live.url}/facilitator/events/{event_id}/check-in")
    page.get_by_label("Name", exact=True).fill("Tom Ellerey")
    page.get_by_role("button", name="Add and check in").tap()
    offer = page.locator(".near-matches")
    expect(offer).to_contain_text("Is “Tom Ellerey” someone on the invitee list?")
    assert store.active_check_ins(live_db, event_id) == []
    assert axe_violations(page) == []
    screenshot(page, "check-in-near-match.png")
    offer.get_by_role("button", name="Check in Tom Ellery").tap()
    expect(page.locator(".notice")).to_contain_text("Tom Ellery is checked in.")
    assert [(c["name"], c["how"]) for c in store.active_check_ins(live_db, event_id)] == [("Tom Ellery", "desk")]


def test_a_second_desk_sees_the_first_desks_check_ins(browser, live, live_db, event_id):
    first, second = tablet_page(browser, live), tablet_page(browser, live, TABLET_UPRIGHT)
    try:
        for page in (first, second):
            page.goto(f"{live.url}/facilitator/events/{event_id}/check-in")
        second.get_by_label("Find a person by name or organisation").fill("jo")
        check_in_by_search(first, "jo smith", "Jo Smith")
        # The upright desk's count and list follow within a poll or two, with its own search still applied.
        expect(second.locator("#check-in-count")).to_have_text("1 of 10 checked in", timeout=WAIT)
        expect(second.get_by_role("button", name="Undo Jo Smith's check-in")).to_be_visible(timeout=WAIT)
        expect(second.locator("#check-in-list li.person:not([hidden])")).to_have_count(1)
        assert horizontal_overflow(second) <= 0
        screenshot(second, "check-in-tablet-upright.png")
    finally:
        first.context.close()
        second.context.close()


def test_the_desk_attendance_and_badge_pages_have_no_accessibility_violations(tablet, live, live_db, event_id):
    page = tablet
    ruth = store.list_invitees(live_db, event_id)[0]["checkin_token"]
    store.add_check_in(live_db, event_id, ruth, "Ruth Kendrick", "Eastwold Mind", "Patients and public", "desk")
    store.add_check_in(live_db, event_id, None, "Alex Morgan", "", "", "walk_in")
    # A typed name to confirm and one already decided, so the attendance page shows both sections.
    answers.open_phase(live_db, event_id, "B")
    table = ballots.find_table(live_db, store.get_table(live_db, event_id, 1)["join_token"])
    for n, name in ((1, "Sam Oyelaren"), (2, "Tom Elery")):
        assert answers.submit_room(live_db, table, {
            "respondent": f"tok-{n:016d}", "submission_id": f"sub-{n:08d}", "confidence": "more",
            "would_help": "", "risks": [], "name": name, "organisation": ""}).status == "stored"
    store.set_attendance_match(live_db, event_id, "tok-0000000000000002", None)
    for path in ("check-in", "attendance", "badges"):
        page.goto(f"{live.url}/facilitator/events/{event_id}/{path}")
        assert axe_violations(page) == [], path
        screenshot(page, f"check-in-{path}.png", full_page=True)
    page.goto(f"{live.url}/checkin/{store.list_invitees(live_db, event_id)[1]['checkin_token']}")
    expect(page.locator("h1")).to_have_text("Welcome, Sam Oyelaran")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Check me in").tap()
    expect(page.locator(".notice")).to_contain_text("You are checked in.")
    assert axe_violations(page) == []
    screenshot(page, "check-in-welcome.png")


def test_nobody_found_offers_the_walk_in_form_with_the_name_typed(tablet, live, event_id):
    page = tablet
    page.goto(f"{live.url}/facilitator/events/{event_id}/check-in")
    page.get_by_label("Find a person by name or organisation").fill("Zara Quinn")
    expect(page.locator(".none-found")).to_be_visible()
    expect(page.locator("#check-in-list li.person:not([hidden])")).to_have_count(0)
    page.get_by_role("link", name="add them as a walk-in").tap()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Zara Quinn")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()


def test_the_desk_works_without_javascript(browser, live, live_db, event_id):
    context = browser.new_context(viewport=TABLET, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/facilitator/")
        page.get_by_label("Facilitator password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live.url}/facilitator/events/{event_id}/check-in")
        page.get_by_label("Find a person by name or organisation").fill("hugh")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#check-in-list li.person")).to_have_count(1)
        page.get_by_role("button", name="Check in Hugh Barrow").click()
        expect(page.locator(".notice")).to_contain_text("Hugh Barrow is checked in.")
        expect(page.locator("#check-in-count")).to_have_text("1 of 10 checked in")
        page.get_by_label("Name", exact=True).fill("Hugh Barow")
        page.get_by_role("button", name="Add and check in").click()
        page.get_by_role("button", name="No, this is someone else — add Hugh Barow as a walk-in").click()
        expect(page.locator(".notice")).to_contain_text("Hugh Barow is checked in as a walk-in.")
        page.get_by_role("button", name="Undo Hugh Barrow's check-in").click()
        expect(page.locator("#check-in-count")).to_have_text("0 of 10 checked in, and 1 walk-in")
        assert [(c["name"], c["how"]) for c in store.active_check_ins(live_db, event_id)] == [
            ("Hugh Barow", "walk_in")]
    finally:
        context.close()
