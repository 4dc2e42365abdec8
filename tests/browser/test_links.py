"""Cards and links in Chromium: "New link" asks first and the phone on the old card is told at once; the survey
controls follow the survey's state live; the editor's briefing is a visible disclosure; the error pages."""
import time

import pytest

from facilitation import store

from ..conftest import EVENTS_DIR
from ..servers import run_cli
from .conftest import axe_violations, load_axe, screenshot

pytestmark = pytest.mark.browser

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def axe_in(page, selector):
    """axe-core's violations, at every impact level, inside one part of the page."""
    load_axe(page)
    result = page.evaluate(
        "async (selector) => await axe.run(document.querySelector(selector), {resultTypes: ['violations']})", selector)
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def fresh_event(live, name):
    """A new copy of one of the test events on the live server, so other tests' changes do not matter."""
    return int(run_cli(live.instance, "import", str(EVENTS_DIR / name), check=True).stdout.strip())


# ---------------------------------------------------------------- a new link

def test_new_link_asks_first_and_the_phone_on_the_old_card_is_told_at_once(facilitator, phone, live, live_db):
    event_id = fresh_event(live, "score-all.json")
    old = store.get_table(live_db, event_id, 2)
    phone.goto(f"{live.url}/t/{old['join_token']}")
    phone.get_by_text("Connected").wait_for(timeout=10_000)

    facilitator.goto(f"{live.url}/facilitator/events/{event_id}")
    button = facilitator.get_by_role("button", name="New link and code for table 2")
    asked = []

    def answer(accept):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    # "Cancel": nothing changes, and the phone stays connected.
    facilitator.once("dialog", answer(False))
    button.click()
    assert asked == ["Give table 2 a new link and code? Its printed card stops working at once, and phones still "
                     "on it are told to scan the new card."]
    facilitator.wait_for_timeout(300)
    assert store.get_table(live_db, event_id, 2)["join_token"] == old["join_token"]
    assert phone.locator("#connection").inner_text() == "Connected"

    # "OK": the new link is made, and the phone on the old card says so at once.
    facilitator.once("dialog", answer(True))
    started = time.monotonic()
    button.click()
    alert = phone.get_by_role("alert").filter(has_text="This table's card was replaced")
    alert.wait_for(timeout=2_000)
    told_after = time.monotonic() - started
    facilitator.get_by_text("Table 2 has a new link and code").wait_for()
    assert store.get_table(live_db, event_id, 2)["join_token"] != old["join_token"]
    assert told_after < 1.5, f"the phone was told after {told_after:.2f} s"
    assert alert.inner_text().startswith(
        f"This table's card was replaced. Scan the new card on your table, or type its code at {live.url}/join.")
    assert phone.locator("#connection").inner_text() == "Card replaced — not connected"
    # Nothing more can be sent from the old card: every control in the page's forms is disabled.
    assert phone.locator("form button, form input").evaluate_all("nodes => nodes.every(n => n.disabled)")
    assert axe_in(phone, "#card-replaced") == []
    screenshot(phone, "link-replaced-phone.png")
    alert.get_by_role("link", name="Type the new card's code").click()
    phone.wait_for_url(f"{live.url}/join")


def test_without_its_dialog_new_link_asks_on_a_page_of_its_own(facilitator, live, live_db):
    event_id = fresh_event(live, "minimal.json")
    before = store.get_table(live_db, event_id, 1)["join_token"]
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}")
    # As in a browser without JavaScript: the form goes to the server unconfirmed.
    facilitator.evaluate("document.querySelectorAll('[data-confirm]').forEach(f => f.removeAttribute('data-confirm'))")
    facilitator.get_by_role("button", name="New link and code for table 1").click()
    facilitator.get_by_role("heading", name="Give table 1 a new link and code?").wait_for()
    assert store.get_table(live_db, event_id, 1)["join_token"] == before
    assert axe_violations(facilitator, impacts=ALL_IMPACTS) == []
    screenshot(facilitator, "new-link-confirm.png", full_page=False)
    facilitator.get_by_role("link", name="No, keep the current card").click()
    facilitator.wait_for_url(f"{live.url}/facilitator/events/{event_id}#table-1")
    assert store.get_table(live_db, event_id, 1)["join_token"] == before


# ---------------------------------------------------------------- the survey controls

def test_the_survey_controls_follow_its_state_and_extend_its_closing_time(facilitator, live):
    event_id = fresh_event(live, "allocate-explicit.json")  # asks about B; its survey closed in June 2024
    facilitator.set_viewport_size({"width": 1366, "height": 768})
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/control")
    facilitator.wait_for_function("() => window.LiveScreen && window.LiveScreen.online")
    facilitator.evaluate("window.__samePage = true")
    survey = facilitator.locator("[data-survey]")
    status = survey.locator("[data-survey-status]")
    message = facilitator.locator("#confidence div[data-messages] > [data-message]")

    def buttons():
        return [b for b in survey.get_by_role("button").all_inner_texts() if b]

    assert status.inner_text() == "Closed: its closing time passed"
    assert buttons() == ["Extend the closing time and reopen", "Reopen with no closing time"]
    assert axe_in(facilitator, "[data-survey]") == []
    survey.scroll_into_view_if_needed()
    screenshot(facilitator, "survey-closed-by-time.png", full_page=False)

    # A closing time in the past is refused in plain words, and nothing changes.
    survey.get_by_label("Closing time").fill("2020-01-01T10:00")
    survey.get_by_role("button", name="Extend the closing time and reopen").click()
    message.filter(has_text="has already passed").wait_for()
    assert "choose a closing time still to come. Nothing changed." in message.inner_text()
    assert status.inner_text() == "Closed: its closing time passed"

    survey.get_by_label("Closing time").fill("2999-01-01T12:00")
    survey.get_by_role("button", name="Extend the closing time and reopen").click()
    status.filter(has_text="Open").wait_for()
    assert message.inner_text().startswith("The closing time is now 1 January 2999 at 12:00")
    assert buttons() == ["Close the survey now", "Change the closing time", "Remove the closing time"]

    survey.get_by_role("button", name="Close the survey now").click()
    status.filter(has_text="Closed by you").wait_for()
    assert buttons() == ["Reopen the survey", "Change the closing time", "Remove the closing time"]
    survey.get_by_role("button", name="Reopen the survey").click()
    status.filter(has_text="Open").wait_for()
    assert "until 1 January 2999 at 12:00" in survey.locator("[data-survey-message]").inner_text()
    assert facilitator.evaluate("window.__samePage") is True  # no reload, no flip-back
    assert axe_in(facilitator, "[data-survey]") == []
    screenshot(facilitator, "survey-open.png", full_page=False)


# ---------------------------------------------------------------- the event editor's briefing

def test_the_briefing_in_the_event_editor_is_a_visible_disclosure(facilitator, live):
    event_id = fresh_event(live, "minimal.json")
    facilitator.set_viewport_size({"width": 1366, "height": 768})
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/edit")
    summary = facilitator.locator("summary", has_text="Briefing for tables (optional)").first
    marker = summary.evaluate("""s => {
      const before = getComputedStyle(s, "::before");
      return {content: before.content, left: parseFloat(before.borderLeftWidth), colour: before.borderLeftColor,
              transform: before.transform, cursor: getComputedStyle(s).cursor};
    }""")
    assert marker["content"] == '""' and marker["left"] >= 8 and marker["colour"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert marker["cursor"] == "pointer" and marker["transform"] == "none"  # pointing right: closed
    # Reached with the keyboard, it shows the focus ring, and opens with Enter (the marker then points down).
    summary.evaluate("s => s.closest('fieldset').querySelector('input[name$=\"-family\"]').focus()")
    facilitator.keyboard.press("Tab")
    assert summary.evaluate("s => document.activeElement === s")
    ring = summary.evaluate("s => [getComputedStyle(s).outlineStyle, parseFloat(getComputedStyle(s).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2
    summary.scroll_into_view_if_needed()
    screenshot(facilitator, "editor-briefing-closed.png", full_page=False)
    facilitator.keyboard.press("Enter")
    assert summary.evaluate("s => s.parentElement.open")
    assert summary.evaluate("s => getComputedStyle(s, '::before').transform") != "none"
    assert facilitator.get_by_label("Advantages").first.is_visible()
    screenshot(facilitator, "editor-briefing-open.png", full_page=False)
    assert axe_violations(facilitator, impacts=ALL_IMPACTS) == []


# ---------------------------------------------------------------- error pages

@pytest.mark.parametrize("path", ["/t/not-a-table-link-at-all", "/no-such-page", "/facilitator/events/9999"])
def test_error_pages_say_what_happened_in_plain_words(facilitator, live, path):
    facilitator.goto(f"{live.url}{path}")
    assert facilitator.locator("h1").inner_text() == "This link does not lead anywhere"
    assert "Not Found" not in facilitator.content()
    assert axe_violations(facilitator, impacts=ALL_IMPACTS) == []


def test_the_bad_link_page_on_a_phone(phone, live):
    response = phone.goto(f"{live.url}/t/not-a-table-link-at-all")
    assert response.status == 404
    assert phone.locator("h1").inner_text() == "This link does not lead anywhere"
    assert axe_violations(phone, impacts=ALL_IMPACTS) == []
    screenshot(phone, "bad-link.png")
