"""The board paper and its editor in headless Chromium: axe-core clean on screen and as printed, the editor working
with scripts turned off (plain forms), and pictures of the paper at A4 and at 1280 px, and of the editor."""
import pytest

from ..conftest import PASSWORD
from ..web.test_paper_2009 import NOTES, RESPONSES, SEED_ORDER, load_2009_paper
from .conftest import SCREENSHOTS, add_css, axe_violations, screenshot
from .test_report import A4

pytestmark = pytest.mark.browser


@pytest.fixture
def event_id(live_db):
    """The scored 2009 example with notes, answers under two themes and their responses."""
    return load_2009_paper(live_db)


def test_the_paper_is_accessible_on_screen_and_printed_and_carries_the_notes_and_responses(facilitator, live, event_id):
    page = facilitator
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live.url}/facilitator/events/{event_id}/report")
    assert axe_violations(page) == []
    assert page.locator("article.report > section > h2").all_text_contents() == SEED_ORDER
    assert page.locator("#assessment-finance .table-note").count() == len(NOTES)
    for text in RESPONSES.values():
        assert page.locator("#themes .response").get_by_text(text).is_visible()
    screenshot(page, "paper-1280.png", full_page=True)
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    add_css(page, ".report-page main { padding: 0 15mm !important; }")
    assert axe_violations(page) == []
    screenshot(page, "paper-a4-print.png", full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#themes").screenshot(path=str(SCREENSHOTS / "paper-a4-risks.png"))


def test_the_editor_saves_and_restores_a_section_without_scripts(browser, live, event_id):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/facilitator/")
        page.get_by_label("Facilitator password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live.url}/facilitator/events/{event_id}/paper")
        box = page.get_by_label("Text of “Next steps”")
        assert "closes on 16 December 2009" in box.input_value()
        box.fill("The boards meet in January.\n\nThe consultation then opens.")
        page.get_by_role("button", name="Save “Next steps”").click()
        assert page.get_by_text("Next steps: saved.").is_visible()
        assert page.locator("#state-next_steps").text_content().startswith("Edited:")
        page.goto(f"{live.url}/facilitator/events/{event_id}/report")
        assert page.locator("#next-steps .paper-text p").all_text_contents() == [
            "The boards meet in January.", "The consultation then opens."]
        page.goto(f"{live.url}/facilitator/events/{event_id}/paper")
        page.get_by_role("button", name="Use the starting text again").click()
        assert page.get_by_text("Next steps: the starting text is back.").is_visible()
        assert "closes on 16 December 2009" in page.get_by_label("Text of “Next steps”").input_value()
    finally:
        context.close()


def test_the_editor_has_no_accessibility_problems(facilitator, live, event_id):
    page = facilitator
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live.url}/facilitator/events/{event_id}/paper")
    assert axe_violations(page) == []
    screenshot(page, "paper-editor-1280.png", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(page) == []
    screenshot(page, "paper-editor-phone.png", full_page=False)
