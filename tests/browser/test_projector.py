"""The projector and the control room: every view screenshotted, live updates without reloading, and axe-core clean.

Ballots go in through the table API. Only (table 1, "people") and (table 4, "cost") are used here, which the
scoring tests leave alone, and voting and the display are put back as they were at the end.
"""
import uuid

import pytest
import requests
from playwright.sync_api import expect

from facilitation import store

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
VIEWS = ("totals", "matrix", "highest", "progress", "top3")


def submit(live, table, criterion, points, ruled_out=()):
    """Submit a table's ballot through the table API, on top of whatever version it already has."""
    state = requests.get(f"{live.url}/api/tables/{table['join_token']}", timeout=10).json()
    current = next(c for c in state["criteria"] if c["code"] == criterion)["ballot"]
    ranking = sorted((code for code in points if code not in ruled_out), key=lambda code: -points[code])
    response = requests.post(f"{live.url}/api/tables/{table['join_token']}/ballots", timeout=10, json={
        "criterion": criterion, "ranking": ranking, "points": {c: p for c, p in points.items() if c not in ruled_out},
        "ruled_out": list(ruled_out), "base_version": current["version"] if current else 0,
        "submission_id": "projector-test-" + uuid.uuid4().hex[:12],
    })
    assert response.status_code in (200, 201), response.text
    return response.json()


def show(control, view, hidden=False, then=None):
    """Pick the projector's view (and whether results wait for voting to close) with the control room's form.

    Chromium barely repaints a background tab, so the page being used comes to the front first, and `then` after.
    """
    control.bring_to_front()
    control.locator(f'input[name="view"][value="{view}"]').check()
    control.locator(f'input[name="hidden"][value="{"1" if hidden else "0"}"]').check()
    control.get_by_role("button", name="Update the projector").click()
    control.wait_for_load_state()
    if then is not None:
        then.bring_to_front()


def test_projector_views_follow_the_control_room_and_ballots_arrive_live(facilitator, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    tables = {t["number"]: t for t in store.list_tables(live_db, event_id)}
    before_voting = store.voting_states(live_db, event_id)
    before_display = store.get_event(live_db, event_id)["display"]
    control = facilitator
    projector = control.context.new_page()
    try:
        control.goto(f"{live.url}/facilitator/events/{event_id}/control")
        control.get_by_role("button", name="Open voting on every criterion").click()
        # The cockpit sends it without a page load and says when it is done.
        expect(control.locator("[data-cockpit-message]")).to_have_text("Voting on every criterion is now open.",
                                                                       timeout=WAIT)
        for state in store.voting_states(live_db, event_id).values():
            assert state == "open"
        submit(live, tables[1], "people", {"A": 2, "B": 6, "C": 2, "D": 0})

        # Hidden by default: the projector shows progress only, and says results come when voting closes.
        show(control, "totals", hidden=True)
        projector.bring_to_front()
        projector.goto(f"{live.url}/facilitator/events/{event_id}/projector")
        expect(projector.locator("#connection")).to_have_text("Live", timeout=WAIT)
        expect(projector.locator('section[data-view="progress"]')).to_be_visible()
        expect(projector.locator('section[data-view="totals"]')).to_be_hidden()
        expect(projector.locator(".hidden-note")).to_contain_text("Results will show when voting closes")
        assert axe_violations(projector) == []
        screenshot(projector, "projector-hidden.png")

        # Each view, switched from the control room; the projector follows without reloading.
        projector.evaluate("window.notReloaded = true")
        for view in VIEWS:
            show(control, view, then=projector)
            section = projector.locator(f'section[data-view="{view}"]')
            expect(section).to_be_visible(timeout=WAIT)
            expect(projector.locator(".hidden-note")).to_be_hidden()
            if view == "totals":
                expect(section.locator("tr.is-strongest")).to_contain_text("B")
                expect(section.locator("tr.is-strongest")).to_contain_text("Strongest")
            if view == "matrix":
                # A ballot submitted while the projector is open fills its row in, with X for ruled out.
                submit(live, tables[4], "cost", {"A": 1, "B": 3, "C": 6}, ruled_out=("D",))
                cost_row = section.locator("tbody").filter(has_text="Affordable").locator("tr", has_text="Table 4")
                expect(cost_row.locator("td.ruled-out")).to_have_text("X", timeout=WAIT)
                expect(cost_row.locator("td.total")).to_have_text("10")
                expect(section.locator("tfoot td").last).to_have_text("20")
            if view == "highest":
                expect(section).to_contain_text("highest at 1 of 2 tables")
            if view == "progress":
                expect(section.locator(".progress-line")).to_contain_text("2 of")
            assert projector.evaluate("window.notReloaded") is True
            projector.wait_for_timeout(300)           # let the chart settle before the picture
            assert axe_violations(projector) == [], view
            screenshot(projector, f"projector-{view}.png")

        # A projector that reconnects gets the whole current state at once.
        projector.reload()
        expect(projector.locator("#connection")).to_have_text("Live", timeout=WAIT)
        expect(projector.locator('section[data-view="top3"]')).to_be_visible()
        expect(projector.locator('section[data-view="top3"] tr.is-strongest')).to_contain_text("C")

        # The control room shows the same results, live progress and the controls.
        control.bring_to_front()
        control.goto(f"{live.url}/facilitator/events/{event_id}/control")
        expect(control.locator("#connection")).to_have_text("Live", timeout=WAIT)
        expect(control.locator('[data-status="cost|4"]')).to_contain_text("Submitted (version 1)")
        expect(control.get_by_role("button", name="Nudge every table that has not submitted")).to_be_visible()
        expect(control.get_by_role("link", name="Open the projector")).to_have_attribute("target", "_blank")
        assert axe_violations(control) == []
        screenshot(control, "control-room.png", full_page=True)
    finally:
        projector.close()
        for code, state in before_voting.items():
            store.set_voting(live_db, event_id, code, state)
        store.set_display(live_db, event_id, before_display)
