"""The Analysis page in Chromium, with whole-system-2009 and its published ballots (4b leads by 81 points).

Moving the sliders changes the ranking and the sensitivity chart at once, with nothing stored (the projector still
names 4b); saving changes the projector's strongest option live. Without JavaScript the form shows the same what-if.
Screenshots at 1280×720 and 1920×1080, and the chart alone for docs/analysis.md (docs/images/ under
REFRESH_SCREENSHOTS=1).
"""
import pytest
import requests
from playwright.sync_api import expect

from facilitation import store

from ..conftest import EVENTS_DIR, published_ballots
from ..servers import run_cli
from .conftest import axe_violations, horizontal_overflow, screenshot
from .test_cockpit import signed_in_page

pytestmark = pytest.mark.browser
WAIT = 10_000
SIZES = ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080})


@pytest.fixture(scope="module")
def event_id(live, live_db):
    """whole-system-2009, its 24 published ballots in through the table API, voting closed (results shown)."""
    event_id = int(run_cli(live.instance, "import", str(EVENTS_DIR / "whole-system-2009.json"), check=True).stdout.strip())
    store.set_voting(live_db, event_id, None, "open")
    tables = {t["number"]: t for t in store.list_tables(live_db, event_id)}
    for i, ballot in enumerate(published_ballots()):
        body = {key: ballot[key] for key in ("criterion", "ranking", "points", "ruled_out")}
        response = requests.post(f"{live.url}/api/tables/{tables[ballot['table']]['join_token']}/ballots", timeout=10,
                                 json={**body, "base_version": 0, "submission_id": f"analysis-{i:04d}"})
        assert response.status_code == 201, response.text
    store.set_voting(live_db, event_id, None, "closed")
    return event_id


def stored_weights(live_db, event_id):
    definition = store.load_definition(live_db, event_id)
    return {c["code"]: c["weight"] for c in definition["criteria"]}, definition["scoring"]["rule"]


def first_row(page):
    return page.locator("[data-ranking] tr").first


@pytest.mark.parametrize("viewport", SIZES, ids=["1280x720", "1920x1080"])
def test_the_page_fits_and_reads_well(browser, live, event_id, viewport):
    page = signed_in_page(browser, live, viewport)
    page.goto(f"{live.url}/facilitator/events/{event_id}/analysis")
    expect(first_row(page)).to_contain_text("4b")
    expect(page.locator(".weight-slider").first).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert axe_violations(page, ("serious", "critical")) == []
    screenshot(page, f"analysis-{viewport['width']}.png")
    page.context.close()


def test_sliders_change_the_ranking_and_chart_at_once_and_saving_changes_the_projector(browser, live, live_db, event_id):
    before = stored_weights(live_db, event_id)
    projector = signed_in_page(browser, live, {"width": 1280, "height": 720})
    projector.goto(f"{live.url}/facilitator/events/{event_id}/projector")
    strongest = projector.locator(".strongest-line")
    expect(strongest).to_contain_text("Strongest option by total points: 4b", timeout=WAIT)

    page = signed_in_page(browser, live, {"width": 1920, "height": 1080})
    page.goto(f"{live.url}/facilitator/events/{event_id}/analysis")
    chart = page.locator("[data-chart]")
    page.get_by_label("Sensitivity chart for").select_option("city")
    expect(page.locator("#sensitivity-title")).to_have_text("Sensitivity: City:local", timeout=WAIT)
    expect(page.locator("[data-what-if-status]")).to_contain_text("The stored weights")
    chart.scroll_into_view_if_needed()
    screenshot(chart, "analysis-sensitivity.png")
    drawn = chart.inner_html()

    # Weighted, and every criterion but City:local down to 0 with the keyboard: 3b, which leads on City:local, leads.
    page.get_by_label("Weighted points: each counts by its weight").check()
    for slider in page.locator(".weight-slider").all():
        if slider.get_attribute("data-slider") != "city":
            slider.focus()
            slider.press("Home")
    expect(first_row(page)).to_contain_text("3b", timeout=WAIT)
    expect(page.locator(".what-if-banner")).to_contain_text("What-if, not saved.")
    assert page.locator("#weight-finance").input_value() == "0"
    assert chart.inner_html() != drawn
    screenshot(page, "analysis-what-if-1920.png")
    # Nothing stored: the database and the projector still say 4b by total points.
    assert stored_weights(live_db, event_id) == before
    expect(strongest).to_contain_text("Strongest option by total points: 4b")

    page.get_by_role("button", name="Save weights").click()
    expect(page.locator(".notice")).to_contain_text("Saved: the strongest option is now named by weighted points")
    expect(page.locator(".stored-banner")).to_be_visible()
    expect(first_row(page)).to_contain_text("3b")
    weights, rule = stored_weights(live_db, event_id)
    assert rule == "weighted" and weights["city"] == 1 and weights["finance"] == 0
    # The projector hears at once, with no reload.
    expect(strongest).to_contain_text("Strongest option by weighted points: 3b", timeout=WAIT)
    expect(projector.locator("#view-title")).to_have_text("Weighted points per option")
    screenshot(projector, "analysis-projector-after-save.png")

    # Back to the stored weights the event file has, for the other tests.
    for code in before[0]:
        page.locator(f"#weight-{code}").fill(str(before[0][code]))
    page.get_by_label("Raw points: every criterion counts the same").check()
    page.get_by_role("button", name="Save weights").click()
    expect(page.locator(".notice")).to_contain_text("Saved")
    assert stored_weights(live_db, event_id) == before
    projector.context.close()
    page.context.close()


def test_without_javascript_the_form_shows_the_what_if_and_saves(browser, live, live_db, event_id):
    before = stored_weights(live_db, event_id)
    page = signed_in_page(browser, live, {"width": 1280, "height": 720}, javascript=False)
    page.goto(f"{live.url}/facilitator/events/{event_id}/analysis")
    expect(page.locator(".weight-slider").first).to_be_hidden()
    page.get_by_label("City:local", exact=True).fill("30")
    page.get_by_label("Weighted points: each counts by its weight").check()
    page.get_by_role("button", name="Show the what-if").click()
    expect(page.locator(".what-if-banner")).to_contain_text("City:local 1 → 30")
    expect(first_row(page)).to_contain_text("3b")
    assert stored_weights(live_db, event_id) == before
    page.context.close()
