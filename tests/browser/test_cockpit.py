"""The control room as a cockpit, with the whole-system-2009 event (12 tables × 8 criteria, 2 criteria per table).

At 1366×768 the status grid, the voting controls and the projector's panel are on the first screen. A table's phone
fills in a draft that adds up; the grid says so live; closing voting asks first, naming the table, and both answers
work ("Nudge them" nudges and leaves voting open; "Close anyway" closes); the draft is kept, marked in the grid and
the export, not counted; the phone says plainly what happened. The same without JavaScript, on a page.
"""
import csv
import io
import uuid

import pytest
import requests
import socketio
from playwright.sync_api import expect

from facilitation import store
from facilitation.results import event_results

from ..conftest import EVENTS_DIR, PASSWORD
from ..servers import run_cli
from .conftest import axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
COCKPIT = {"width": 1366, "height": 768}
WIDE = {"width": 1920, "height": 1080}
NOT_COUNTED = ("Voting on Finance and VFM has closed. Your table's draft (10 of 10 points) was not submitted, so it "
               "is not counted. Ask the facilitator if you think it should be.")


@pytest.fixture(scope="module")
def event_id(live):
    """The whole-system-2009 event, imported into the running server."""
    return int(run_cli(live.instance, "import", str(EVENTS_DIR / "whole-system-2009.json"), check=True).stdout.strip())


def signed_in_page(browser, live, viewport, javascript=True):
    """A facilitator's browser at this size, signed in through the form."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live.url}/facilitator/")
    page.get_by_label("Facilitator password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live.url}/facilitator/")
    return page


def tables(live_db, event_id):
    return {t["number"]: t for t in store.list_tables(live_db, event_id)}


def submit(live, table, criterion, first):
    """A table's ballot through the table API: 6 points to one option, 2 each to the next two."""
    codes = ["1", "2", "3a", "3b", "4a", "4b"]
    points = {code: 0 for code in codes}
    points[first] = 6
    for code in [c for c in codes if c != first][:2]:
        points[code] = 2
    response = requests.post(f"{live.url}/api/tables/{table['join_token']}/ballots", timeout=10, json={
        "criterion": criterion, "ranking": sorted(codes, key=lambda c: -points[c]), "points": points, "ruled_out": [],
        "base_version": 0, "submission_id": "cockpit-" + uuid.uuid4().hex[:12]})
    assert response.status_code == 201, response.text


def within_first_screen(page, selector, viewport=COCKPIT):
    """Every element matching selector lies inside the first viewport, with no scrolling."""
    assert page.evaluate("() => [window.scrollX, window.scrollY]") == [0, 0]
    boxes = [box for box in (el.bounding_box() for el in page.locator(selector).all()) if box]
    assert boxes, selector
    for box in boxes:
        assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= viewport["width"], (selector, box)
        assert box["y"] + box["height"] <= viewport["height"], (selector, box)


def first_screen(page):
    """The grid, every voting control and the projector's panel are on the first screen at 1366×768."""
    for selector in (".status-grid", "[data-voting-form] button", ".cockpit-projector",
                     ".cockpit-projector section", "[data-status]", "[data-phones]"):
        within_first_screen(page, selector)
    assert horizontal_overflow(page) == 0


def test_the_cockpit_at_1366x768_and_closing_never_loses_a_finished_draft(browser, phone, live, live_db, event_id):
    at = tables(live_db, event_id)
    control = signed_in_page(browser, live, COCKPIT)
    try:
        control.goto(f"{live.url}/facilitator/events/{event_id}/control")
        expect(control.locator("#connection")).to_have_text("Live", timeout=WAIT)
        control.evaluate("window.notReloaded = true")
        message = control.locator("[data-cockpit-message]")

        # Voting opens from the grid's bar, without a page load; the grid follows.
        control.get_by_role("button", name="Open voting on every criterion").click()
        expect(message).to_have_text("Voting on every criterion is now open.", timeout=WAIT)
        expect(control.locator('[data-criterion-row="finance"] [data-voting-state]')).to_have_text("Open")
        expect(control.get_by_role("button", name="Close voting on Finance and VFM")).to_be_visible()
        for number, criterion, first in ((6, "finance", "4b"), (4, "governance", "3a"), (2, "sustainable", "1")):
            submit(live, at[number], criterion, first)
        expect(control.locator('[data-status="finance|6"]')).to_contain_text("Submitted (version 1)", timeout=WAIT)

        # Table 9's phone gives all 10 points to option 1 on Finance and VFM, and does not submit.
        phone.goto(f"{live.url}/t/{at[9]['join_token']}")
        expect(phone.locator("#connection")).to_have_text("Connected", timeout=WAIT)
        expect(control.locator('[data-phones="9"]').first).to_have_text("1 phone", timeout=WAIT)
        finance = phone.locator("#criterion-finance")
        finance.locator("#points-finance-1").fill("10")
        cell = control.locator('[data-status="finance|9"]')
        expect(cell).to_contain_text("Draft complete, not submitted", timeout=WAIT)
        expect(cell).to_have_class("status state-draft_complete has-unsent")
        expect(cell.locator(".status-shape")).to_have_text("⚠")
        # Table 12 is still working on City:local: drafting, which closing would not ask about.
        phone12 = socketio.SimpleClient()
        phone12.connect(live.url, wait_timeout=10)
        try:
            assert phone12.call("join_table", {"join_token": at[12]["join_token"]}, timeout=10)["ok"]
            assert phone12.call("draft", {"join_token": at[12]["join_token"], "criterion": "city", "draft": {
                "ranking": ["1", "2", "3a", "3b", "4a", "4b"], "points": {"1": 3, "2": 4}, "ruled_out": []}},
                timeout=10) == {"ok": True}
        finally:
            phone12.disconnect()
        expect(control.locator('[data-status="city|12"]')).to_contain_text("Drafting", timeout=WAIT)
        assert control.evaluate("window.notReloaded") is True

        first_screen(control)
        assert axe_violations(control, impacts=ALL_IMPACTS) == []
        screenshot(control, "control-room.png")

        # Closing asks first, naming the table; "Nudge them" nudges the phone and leaves voting open.
        close_finance = control.get_by_role("button", name="Close voting on Finance and VFM")
        close_finance.click()
        dialog = control.get_by_role("dialog", name="Close voting on Finance and VFM?")
        expect(dialog).to_be_visible(timeout=WAIT)
        expect(dialog.locator("[data-confirm-list] li")).to_have_count(1)
        expect(dialog.locator("[data-confirm-list]")).to_contain_text(
            "Table 9 · Finance and VFM: draft complete (10 of 10 points), not submitted; last changed")
        expect(dialog.get_by_role("button", name="Nudge them")).to_be_focused()
        assert axe_violations(control, impacts=ALL_IMPACTS) == []
        screenshot(control, "control-room-close-confirmation.png")
        dialog.get_by_role("button", name="Nudge them").click()
        expect(dialog).to_be_hidden(timeout=WAIT)
        expect(message).to_have_text("Nudged table 9. Voting stays open.", timeout=WAIT)
        expect(phone.locator("#nudge")).to_contain_text(
            "The facilitator is about to close voting on Finance and VFM. Your table's draft adds up but is not "
            "submitted yet: press Submit so that it counts.", timeout=WAIT)
        assert store.voting_states(live_db, event_id)["finance"] == "open"
        expect(close_finance).to_be_focused()

        # Cancel changes nothing; "Close anyway" closes.
        close_finance.click()
        expect(dialog).to_be_visible(timeout=WAIT)
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_be_hidden()
        assert store.voting_states(live_db, event_id)["finance"] == "open"
        close_finance.click()
        expect(dialog).to_be_visible(timeout=WAIT)
        dialog.get_by_role("button", name="Close anyway").click()
        expect(message).to_contain_text("Voting on Finance and VFM is now closed. The draft of table 9 (Finance and "
                                        "VFM) was not submitted: it is kept and marked", timeout=WAIT)
        assert store.voting_states(live_db, event_id)["finance"] == "closed"
        expect(control.locator('[data-criterion-row="finance"] [data-voting-state]')).to_have_text("Closed")
        expect(control.get_by_role("button", name="Reopen voting on Finance and VFM")).to_be_visible()

        # Kept and marked in the grid, live; the phone says plainly what happened.
        expect(cell).to_contain_text("Closed — draft not submitted", timeout=WAIT)
        expect(cell).to_have_class("status state-closed has-unsent")
        expect(control.locator('[data-status="finance|6"]')).to_contain_text("Closed — submitted (version 1)")
        expect(finance.locator(".unsent-note")).to_have_text(NOT_COUNTED, timeout=WAIT)
        expect(finance.locator(".final-ballot")).not_to_contain_text("did not submit a ballot")
        assert axe_violations(phone) == []
        screenshot(phone, "phone-voting-closed-on-an-unsent-draft.png", full_page=True)
        phone.reload()
        expect(finance.locator(".unsent-note")).to_have_text(NOT_COUNTED, timeout=WAIT)
        assert control.evaluate("window.notReloaded") is True
        first_screen(control)
        assert axe_violations(control, impacts=ALL_IMPACTS) == []

        # Kept in the store and the export; never counted in the results.
        assert store.event_drafts(live_db, event_id)[(9, "finance")]["points"]["1"] == 10
        row = next(r for r in event_results(live_db, event_id)["matrix"] if (r["table"], r["criterion"]) == (9, "finance"))
        assert row["submitted"] is False and row["total"] == 0
        export = control.request.get(f"{live.url}/facilitator/events/{event_id}/exports/unsent-drafts.csv")
        rows = list(csv.DictReader(io.StringIO(export.body().decode("utf-8-sig"))))
        mine = next(r for r in rows if (r["table"], r["criterion"]) == ("9", "finance"))
        assert (mine["voting"], mine["adds up"], mine["points 1"], mine["status"]) == (
            "closed", "yes", "10", "not submitted — not counted")

        control.set_viewport_size(WIDE)
        screenshot(control, "control-room-1920.png")
    finally:
        control.context.close()


def test_without_javascript_closing_asks_on_a_page_and_both_answers_work(browser, live, live_db, event_id):
    at = tables(live_db, event_id)
    store.set_voting(live_db, event_id, "performance", "open")
    phone3 = socketio.SimpleClient()
    phone3.connect(live.url, wait_timeout=10)
    page = signed_in_page(browser, live, COCKPIT, javascript=False)
    try:
        assert phone3.call("join_table", {"join_token": at[3]["join_token"]}, timeout=10)["ok"]
        assert phone3.call("draft", {"join_token": at[3]["join_token"], "criterion": "performance", "draft": {
            "ranking": ["4b", "1", "2", "3a", "3b", "4a"], "points": {"4b": 7, "1": 3}, "ruled_out": []}},
            timeout=10) == {"ok": True}
        page.goto(f"{live.url}/facilitator/events/{event_id}/control")
        expect(page.locator('[data-status="performance|3"]')).to_contain_text("Draft complete, not submitted")
        page.get_by_role("button", name="Close voting on Management processes & systems").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("Close voting on Management processes & systems?")
        expect(page.locator(".unsent-list")).to_contain_text(
            "Table 3 · Management processes & systems: draft complete (10 of 10 points), not submitted")
        screenshot(page, "close-confirmation-page.png")
        # axe needs scripts: the same page, reached by posting the control room's form natively (form.submit()
        # skips cockpit.js, as a browser without JavaScript does).
        checker = signed_in_page(browser, live, COCKPIT)
        try:
            checker.goto(f"{live.url}/facilitator/events/{event_id}/control")
            with checker.expect_navigation():
                checker.evaluate("""() => document.querySelector(
                    '[data-criterion-row="performance"] [data-voting-form]').submit()""")
            expect(checker.get_by_role("heading", level=1)).to_have_text("Close voting on Management processes & systems?")
            assert axe_violations(checker, impacts=ALL_IMPACTS) == []
        finally:
            checker.context.close()

        page.get_by_role("button", name="Nudge them").click()
        expect(page.locator(".notice")).to_contain_text("Nudged table 3. Voting stays open.")
        assert phone3.receive(timeout=5)[0] == "nudge"
        assert store.voting_states(live_db, event_id)["performance"] == "open"

        page.get_by_role("button", name="Close voting on Management processes & systems").click()
        page.get_by_role("button", name="Close anyway").click()
        expect(page.locator(".notice")).to_contain_text("Voting on Management processes & systems is now closed.")
        assert store.voting_states(live_db, event_id)["performance"] == "closed"
        expect(page.locator('[data-status="performance|3"]')).to_contain_text("Closed — draft not submitted")
        assert (3, "performance") in store.event_drafts(live_db, event_id)
    finally:
        phone3.disconnect()
        page.context.close()


def test_the_first_screen_holds_even_when_every_cell_has_its_longest_words(browser, live, live_db):
    """Every table submitted, then changed its draft without resubmitting: the longest statuses, open and closed."""
    event_id = int(run_cli(live.instance, "import", str(EVENTS_DIR / "whole-system-2009.json"), check=True).stdout.strip())
    store.set_voting(live_db, event_id, None, "open")
    at_tables = socketio.SimpleClient()
    at_tables.connect(live.url, wait_timeout=10)
    page = signed_in_page(browser, live, COCKPIT)
    try:
        for table in store.list_tables(live_db, event_id):
            assert at_tables.call("join_table", {"join_token": table["join_token"]}, timeout=10)["ok"]
            for criterion in table["criteria"]:
                submit(live, table, criterion, "1")
                assert at_tables.call("draft", {"join_token": table["join_token"], "criterion": criterion, "draft": {
                    "ranking": ["2", "1", "3a", "3b", "4a", "4b"], "points": {"2": 10}, "ruled_out": []}},
                    timeout=10) == {"ok": True}
        for state, words in (("open", "Changes not submitted (v1 counts)"),
                             ("closed", "Closed — draft not submitted (v1 counts)")):
            store.set_voting(live_db, event_id, None, state)
            page.goto(f"{live.url}/facilitator/events/{event_id}/control")
            expect(page.locator("[data-status]")).to_have_count(24)
            expect(page.locator(".status-text").first).to_have_text(words)
            first_screen(page)
    finally:
        at_tables.disconnect()
        page.context.close()
