"""The moderation page with 300 risks (40 of them duplicates), in headless Chromium against a real server.

Each test has an event of its own, seeded straight into the live server's database; answers that must arrive while
the page is open go through the table API, as a phone's would.
"""
import re
import time
import uuid

import pytest
import requests
import socketio
from playwright.sync_api import expect

from facilitation import answers, store
from facilitation.store import moderation as store_moderation
from facilitation.domain.event_file import read_event_file

from ..conftest import EVENTS_DIR, PASSWORD
from ..crowd import COMMON, seed_crowd, theme_id
from .conftest import LAPTOP, axe_violations, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def event_id(live_db):
    """A fresh copy of the explicit-assignment event, asking about B, with the crowd's 300 risks."""
    event_id = store.create_event(live_db, read_event_file((EVENTS_DIR / "allocate-explicit.json").read_bytes()))
    answers.open_phase(live_db, event_id, "B")
    seed_crowd(live_db, event_id)
    return event_id


def open_live(page, url):
    """Open a screen and wait until it is live."""
    page.goto(url)
    expect(page.locator("#connection")).to_have_text("Live", timeout=WAIT)


def state(db, event_id):
    """Themes (id, name, order), merges, and every risk's theme and hidden flag."""
    return (store.list_themes(db, event_id), store.theme_merges(db, event_id),
            sorted((r["id"], r["theme"], r["hidden"]) for p in store.event_respondents(db, event_id) for r in p["risks"]))


def row(page, text):
    """The list's row for a comment."""
    return page.locator("#bulk .mod-row").filter(has=page.locator(".mod-text", has_text=text))


def confirm(page, question, yes):
    """Answer the page's confirmation dialog."""
    dialog = page.locator("dialog#confirm")
    expect(dialog).to_be_visible(timeout=WAIT)
    expect(dialog.locator("#confirm-question")).to_have_text(question)
    dialog.get_by_role("button", name=yes).click()
    expect(dialog).to_be_hidden()


def message(page):
    """The page's message line."""
    return page.locator("#moderation [data-message]")


def test_300_risks_show_their_duplicates_as_grouped_rows_and_the_page_passes_axe(facilitator, live, live_db, event_id):
    url = f"{live.url}/facilitator/events/{event_id}/moderation"
    start = time.perf_counter()
    open_live(facilitator, url)
    opened = time.perf_counter() - start
    rows = facilitator.locator("#bulk .mod-row")
    expect(rows).to_have_count(263)
    for text, _theme in COMMON:
        expect(row(facilitator, text).first.locator(".count")).to_have_text("×5")
    expect(facilitator.locator("#bulk .count")).to_have_count(len(COMMON) + 3)   # and the three answers on what would help
    night = row(facilitator, "Night cover is thin")
    night.locator("summary").click()
    expect(night.locator(".mod-each li label")).to_have_text(
        ["Night cover is thin", "night cover is thin", "Night cover is thin.", "Night  cover  is  thin",
         "NIGHT COVER IS THIN!"])
    assert axe_violations(facilitator, impacts=EVERY_IMPACT) == []
    # What a live refresh costs in the browser: fetch the list and put it in place.
    refresh_ms = facilitator.evaluate("""async () => {
        const start = performance.now();
        const reply = await fetch(document.querySelector("#moderation").dataset.listUrl, {credentials: "same-origin"});
        const holder = document.createElement("template");
        holder.innerHTML = await reply.text();
        const fresh = holder.content.querySelector('[data-live="list"]');
        const old = document.querySelector('[data-live="list"]');
        old.parentNode.replaceChild(fresh, old);
        document.body.getBoundingClientRect();
        return performance.now() - start;
    }""")
    loaded_ms = facilitator.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    print(f"\nmoderation page, 300 risks: opened and live in {opened:.2f} s, DOM ready in {loaded_ms:.0f} ms, "
          f"a live refresh of the list {refresh_ms:.0f} ms")
    screenshot(facilitator, "moderation.png")
    assert refresh_ms < 3000
    # Offline, the forms post as plain forms; a change to several comments asks on a page of its own, which passes too.
    facilitator.evaluate("window.LiveScreen.online = false")
    row(facilitator, "Night cover is thin").locator(".mod-line").get_by_role("button", name="Hide").click()
    expect(facilitator.get_by_role("heading", name="Please confirm")).to_be_visible()
    assert axe_violations(facilitator, impacts=EVERY_IMPACT) == []


@pytest.fixture
def phone_heard(live, live_db, event_id):
    """The theme lists a phone at table 1 hears (a real Socket.IO client)."""
    phone = socketio.Client()
    heard = []
    phone.on("themes", heard.append)
    phone.connect(live.url, wait_timeout=10)
    try:
        assert phone.call("join_table", {"join_token": store.get_table(live_db, event_id, 1)["join_token"]},
                          timeout=10)["ok"]
        yield heard
    finally:
        phone.disconnect()


def test_undo_of_a_merge_restores_both_themes_and_their_risks(facilitator, live, live_db, event_id, phone_heard):
    premises, staffing = theme_id(live_db, event_id, "Prem"), theme_id(live_db, event_id, "Staff")
    before = state(live_db, event_id)
    open_live(facilitator, f"{live.url}/facilitator/events/{event_id}/moderation")
    tools = facilitator.locator(f"#theme-{premises}-tools")
    tools.locator("summary").click()
    tools.get_by_label("Merge into").select_option(label="Staffing out of hours")
    tools.get_by_role("button", name="Merge").click()
    confirm(facilitator, "Merge “Premises” (78 risks) into “Staffing out of hours”? Its risks move there and phones "
                         "stop offering it. You can undo this.", "Merge them")
    expect(message(facilitator)).to_have_text("Merged the themes; 78 risks moved. You can undo this.", timeout=WAIT)
    expect(facilitator.locator(f"#list-theme-{premises}")).to_have_count(0, timeout=WAIT)
    expect(facilitator.locator(f"#list-theme-{staffing}")).to_contain_text("156 risks")
    assert store.theme_merges(live_db, event_id) == {premises: staffing}

    facilitator.get_by_role("button", name="Undo: merged Premises into Staffing out of hours").click()
    expect(message(facilitator)).to_have_text("Undone: merged Premises into Staffing out of hours.", timeout=WAIT)
    expect(facilitator.locator(f"#list-theme-{premises}")).to_contain_text("Premises · 78 risks", timeout=WAIT)
    expect(facilitator.locator(f"#list-theme-{staffing}")).to_contain_text("78 risks")
    expect(row(facilitator, "Too few rooms at the cafes")).to_have_count(1)
    section = facilitator.locator("section.mod-theme", has=facilitator.locator(f"#list-theme-{premises}"))
    expect(section.locator(".mod-row")).to_have_count(3 + 63)
    expect(section.locator(".mod-row", has_text="Lease costs keep rising").locator(".count")).to_have_text("×5")
    assert state(live_db, event_id) == before
    expect(facilitator.get_by_role("button", name="Undo: merged Premises into Staffing out of hours")).to_have_count(0)
    assert axe_violations(facilitator, impacts=EVERY_IMPACT) == []
    # Phones heard the merge, then the theme come back: no longer redirected.
    assert [h["merged"] for h in phone_heard] == [{str(premises): staffing}, {}]
    assert [t["id"] for t in phone_heard[-1]["themes"]] == [t["id"] for t in before[0]]


def test_search_and_theme_filter_then_move_and_hide_several_at_once(facilitator, live, live_db, event_id):
    joining = theme_id(live_db, event_id, "Join")
    open_live(facilitator, f"{live.url}/facilitator/events/{event_id}/moderation")
    facilitator.evaluate("window.notReloaded = true")
    facilitator.get_by_label("Search").fill("rota gaps")
    expect(facilitator.locator("#bulk .mod-row")).to_have_count(1, timeout=WAIT)
    # A reload keeps the filters. Waited for: a live refresh can bring the filtered list before the typing pause ends.
    expect(facilitator).to_have_url(re.compile(r"q=rota\+gaps"), timeout=WAIT)
    facilitator.get_by_label("Choose all 5 shown").check()
    expect(facilitator.locator("[data-chosen]")).to_have_text("(5 chosen)")
    facilitator.get_by_label("Move the chosen risks to").select_option(label="Joining up with the police and ambulance service")
    facilitator.get_by_role("button", name="Move the chosen").click()
    confirm(facilitator, "Move 5 risks to “Joining up with the police and ambulance service”? You can undo this.",
            "Move 5 risks")
    expect(message(facilitator)).to_have_text(
        "Done: moved 5 risks to Joining up with the police and ambulance service. You can undo this.", timeout=WAIT)
    joined = facilitator.locator("section.mod-theme", has=facilitator.locator(f"#list-theme-{joining}"))
    expect(joined.locator(".mod-row")).to_have_count(1, timeout=WAIT)

    # The theme filter shows that theme alone; two rows chosen by hand are hidden together.
    facilitator.get_by_label("Search").fill("")
    facilitator.get_by_label("Theme", exact=True).select_option(label="Joining up with the police and ambulance service")
    expect(facilitator.locator("#bulk .mod-theme")).to_have_count(1, timeout=WAIT)
    expect(facilitator.locator("#bulk .mod-row")).to_have_count(2 + 62 + 1, timeout=WAIT)
    row(facilitator, "Handover with the police is slow").locator(".mod-line .pick").check()
    row(facilitator, "The lease at site 2 may fail").locator(".pick").check()
    expect(facilitator.locator("[data-chosen]")).to_have_text("(6 chosen)")
    facilitator.get_by_role("button", name="Hide the chosen").click()
    confirm(facilitator, "Hide 6 comments from the projector? You can undo this.", "Hide 6 comments")
    expect(message(facilitator)).to_have_text("Done: hid 6 comments from the projector. You can undo this.", timeout=WAIT)
    handover = row(facilitator, "Handover with the police is slow")
    expect(handover.locator(".mod-line .hidden-mark")).to_have_text("Hidden from the projector", timeout=WAIT)
    expect(handover.locator(".mod-line").get_by_role("button", name="Show")).to_be_visible()
    hidden = [r for p in store.event_respondents(live_db, event_id) for r in p["risks"] if r["hidden"]]
    assert len(hidden) == 6 and {r["theme"] for r in hidden} == {joining}
    assert facilitator.evaluate("window.notReloaded") is True
    assert axe_violations(facilitator, impacts=EVERY_IMPACT) == []


def test_the_queue_of_new_answers_follows_them_live_and_survives_a_reload(facilitator, live, live_db, event_id):
    url = f"{live.url}/facilitator/events/{event_id}/moderation"
    open_live(facilitator, url)
    expect(facilitator.locator("[data-new-count]")).to_have_text("330")
    facilitator.get_by_role("button", name="Mark all as seen").click()
    expect(facilitator.locator("[data-new-count]")).to_have_text("0", timeout=WAIT)
    expect(facilitator.locator("#bulk .tag.new")).to_have_count(0)

    table = store.get_table(live_db, event_id, 2)
    sent = requests.post(f"{live.url}/api/tables/{table['join_token']}/answers", timeout=10, json={
        "respondent": "queue-" + uuid.uuid4().hex, "submission_id": uuid.uuid4().hex, "confidence": "less",
        "would_help": "", "risks": [{"text": "The lift at Market Street is broken", "theme": "other"}]})
    assert sent.status_code == 201, sent.text
    expect(facilitator.locator("[data-new-count]")).to_have_text("1", timeout=WAIT)
    expect(row(facilitator, "The lift at Market Street is broken").locator(".tag.new")).to_be_visible()
    facilitator.reload()
    expect(facilitator.locator("[data-new-count]")).to_have_text("1")
    facilitator.get_by_role("link", name="Show only the new ones").click()
    expect(facilitator.get_by_label("New ones only")).to_be_checked()
    expect(facilitator.locator("#bulk .mod-row .mod-text")).to_have_text(["The lift at Market Street is broken"])
    assert store_moderation.seen(live_db, event_id) is not None


def test_without_javascript_a_bulk_change_asks_on_a_page_and_returns_to_the_list(browser, live, live_db, event_id):
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live.url}/facilitator/")
        page.get_by_label("Facilitator password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live.url}/facilitator/events/{event_id}/moderation?q=burnout")
        burnout = row(page, "Burnout among peer workers")
        expect(burnout.locator(".count")).to_have_text("×5")
        burnout.get_by_role("button", name="Hide").click()
        expect(page.get_by_role("heading", name="Please confirm")).to_be_visible()
        expect(page.get_by_text("Hide 5 comments from the projector? You can undo this.")).to_be_visible()
        page.get_by_role("button", name="Hide 5 comments").click()
        assert page.url.endswith(f"/facilitator/events/{event_id}/moderation?q=burnout")
        expect(page.locator(".notice")).to_have_text("Done: hid 5 comments from the projector. You can undo this.")
        expect(row(page, "Burnout among peer workers").locator(".mod-line .hidden-mark")).to_have_text("Hidden from the projector")
        page.get_by_role("button", name="Undo: hid 5 comments from the projector").click()
        expect(page.locator(".notice")).to_have_text("Undone: hid 5 comments from the projector.")
        assert not any(r["hidden"] for p in store.event_respondents(live_db, event_id) for r in p["risks"])
    finally:
        context.close()
