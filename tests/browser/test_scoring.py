"""The scoring screen on a table's phone (docs/live-protocol.md), driven the way a table drives it on the day.

Each test uses its own table (or its own server) so that the tests do not depend on each other's ballots.
"""
import json
import re

import pytest
from playwright.sync_api import expect

from facilitation import store

from ..conftest import EVENTS_DIR, PASSWORD
from ..servers import LiveServer, run_cli
from .conftest import PHONE, axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000


# ---------------------------------------------------------------- helpers

def table_of(db, event_id, number):
    """A table with its id (for the ballot history) and join token."""
    table = store.get_table(db, event_id, number)
    return {**table, **store.find_table(db, table["join_token"])}


def new_phone(browser):
    """Another phone: its own 360×740 browser context (its own localStorage, its own device id)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    return context.new_page()


def join(page, url, table):
    """Open a table's link and wait until the phone has joined its table live."""
    page.goto(f"{url}/t/{table['join_token']}")
    connected(page)


def connected(page):
    expect(page.locator("#connection")).to_have_text("Connected", timeout=WAIT)


def criterion(page, code):
    return page.locator(f"#criterion-{code}")


def ranking(section):
    """The option codes in the editor's ranking, best first."""
    return [row.get_attribute("data-code") for row in section.locator(".ranking > .option-row").all()]


def named(label):
    """A control's accessible name: the label shown here, then the option's title ("Points for A, Keep the …")."""
    return re.compile("^" + re.escape(label) + "(, .+)?$")


def points(section, code):
    return section.get_by_role("spinbutton", name=named(f"Points for {code}"))


def press(section, name, times=1):
    for _ in range(times):
        section.get_by_role("button", name=named(name)).click()


def saved(section, version):
    """Wait until the phone says the table's ballot is saved, at this version."""
    expect(section.locator(".save-status")).to_contain_text(f"Saved (version {version})", timeout=WAIT)


def history(db, table, code):
    return store.ballot_history(db, table["id"], code)


def outbox_key(table, code):
    return f"facilitation:{table['join_token']}:{code}:outbox"


# ---------------------------------------------------------------- the acceptance test

def test_a_table_ranks_allocates_rules_out_submits_reloads_and_loses_its_connection(phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 1)          # scores "people" and "access" (working title "Reach")
    store.set_voting(live_db, event_id, "access", "open")
    join(phone, live.url, table)
    reach = criterion(phone, "access")
    expect(reach.locator(".voting-state")).to_contain_text("Voting is open")
    assert ranking(reach) == ["A", "B", "C", "D"]

    # Rank with the buttons (no dragging): C to the top. Focus stays on the button that moved it.
    press(reach, "Move C up", 2)
    assert ranking(reach) == ["C", "A", "B", "D"]
    assert phone.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Move C up, Locality crisis teams joined up with primary care"
    expect(reach.locator('.option-row[data-code="C"] .rank')).to_have_text("1st")
    expect(reach.get_by_role("button", name="Move C up")).to_have_attribute("aria-disabled", "true")

    # Rule D out: it leaves the ranking and has no points to give.
    press(reach, "Rule out D")
    assert ranking(reach) == ["C", "A", "B"]
    expect(reach.locator('.ruled-out-list .option-row[data-code="D"]')).to_contain_text("X — ruled out")
    expect(points(reach, "D")).to_be_hidden()
    expect(reach.get_by_role("button", name="Bring back D")).to_be_focused()

    # Allocate 10 points with the steppers and by typing. Submit waits until the row adds up.
    submit = reach.get_by_role("button", name="Submit")
    expect(reach.locator(".points-left")).to_have_text("Points left: 10")
    expect(submit).to_be_disabled()
    press(reach, "More points for C", 6)
    expect(reach.locator(".points-left")).to_have_text("Points left: 4")
    expect(submit).to_be_disabled()
    points(reach, "A").fill("5")
    expect(reach.locator(".points-left")).to_contain_text("Points left: -1")
    expect(submit).to_be_disabled()
    points(reach, "A").fill("4")
    expect(reach.locator(".points-left")).to_have_text("Points left: 0")
    expect(submit).to_be_enabled()
    expect(reach.locator(".warning")).to_be_hidden()
    submit.click()
    saved(reach, 1)
    assert horizontal_overflow(phone) <= 0
    reach.locator(".submit-bar").scroll_into_view_if_needed()
    screenshot(phone, "scoring-saved.png")

    [first] = history(live_db, table, "access")
    assert (first["ranking"], first["points"], first["ruled_out"]) == (["C", "A", "B"], {"C": 6, "A": 4, "B": 0}, ["D"])

    # A reload shows the table's saved ballot.
    phone.reload()
    connected(phone)
    reach = criterion(phone, "access")
    assert ranking(reach) == ["C", "A", "B"]
    expect(points(reach, "C")).to_have_value("6")
    expect(points(reach, "A")).to_have_value("4")
    expect(reach.locator('.ruled-out-list .option-row[data-code="D"]')).to_be_visible()
    saved(reach, 1)

    # The Wi-Fi drops: the phone says so, keeps the edit and the submission, and sends it when it is back.
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline", timeout=WAIT)
    press(reach, "Fewer points for C")
    press(reach, "More points for B")
    reach.get_by_role("button", name="Submit").click()
    expect(reach.locator(".save-status")).to_have_text("Not sent yet — will send when connected.")
    assert json.loads(phone.evaluate(f"localStorage.getItem('{outbox_key(table, 'access')}')"))["submission"]["points"] \
        == {"C": 5, "A": 4, "B": 1}
    phone.wait_for_timeout(1500)          # Socket.IO keeps trying meanwhile; nothing can get through
    assert len(history(live_db, table, "access")) == 1

    phone.context.set_offline(False)
    connected(phone)
    saved(reach, 2)
    versions = history(live_db, table, "access")
    assert [b["points"] for b in versions] == [{"C": 6, "A": 4, "B": 0}, {"C": 5, "A": 4, "B": 1}]
    assert phone.evaluate(f"localStorage.getItem('{outbox_key(table, 'access')}')") is None

    # Sent twice (an answer lost on the way back looks like this to the phone): still stored once.
    again = {"submission": {"criterion": "access", "ranking": ["C", "A", "B"], "points": {"C": 5, "A": 4, "B": 1},
                            "ruled_out": ["D"], "base_version": 1, "submission_id": versions[1]["submission_id"]},
             "value": {"ranking": ["C", "A", "B"], "points": {"C": 5, "A": 4, "B": 1}, "ruled_out": ["D"]},
             "replaces": []}
    phone.evaluate("([key, value]) => localStorage.setItem(key, value)", [outbox_key(table, "access"), json.dumps(again)])
    phone.reload()
    connected(phone)
    phone.wait_for_function(f"() => localStorage.getItem('{outbox_key(table, 'access')}') === null", timeout=WAIT)
    saved(criterion(phone, "access"), 2)
    assert len(history(live_db, table, "access")) == 2


def test_the_phone_reconnects_by_itself_after_the_server_restarts_and_sends_what_was_typed(browser, tmp_path):
    instance = tmp_path / "instance"
    event_id = int(run_cli(instance, "import", str(EVENTS_DIR / "allocate-explicit.json"), check=True).stdout.strip())
    server = LiveServer(instance, args=["--no-demo"], env={"FACILITATOR_PASSWORD": PASSWORD}).start()
    page = new_phone(browser)
    try:
        db = store.connect(str(instance / "facilitation.db"))
        table = table_of(db, event_id, 2)       # scores "safety" only
        store.set_voting(db, event_id, "safety", "open")
        join(page, server.url, table)
        safety = criterion(page, "safety")
        press(safety, "More points for B", 10)
        safety.get_by_role("button", name="Submit").click()
        saved(safety, 1)

        server.stop()
        expect(page.locator("#connection")).to_contain_text("Offline", timeout=WAIT)
        press(safety, "Fewer points for B", 3)
        press(safety, "More points for C", 3)
        safety.get_by_role("button", name="Submit").click()
        expect(safety.locator(".save-status")).to_have_text("Not sent yet — will send when connected.")

        server.start()
        connected(page)
        saved(safety, 2)
        assert [b["points"] for b in history(db, table, "safety")] == [
            {"A": 0, "B": 10, "C": 0, "D": 0}, {"A": 0, "B": 7, "C": 3, "D": 0}]
        db.conn.close()
    finally:
        page.context.close()
        server.stop()


# ---------------------------------------------------------------- the table is the voter

def test_phones_at_one_table_share_the_draft_and_a_stale_submission_is_refused_with_the_current_ballot(
        browser, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 4)          # scores "cost" and "access"
    store.set_voting(live_db, event_id, "access", "open")
    first, second = new_phone(browser), new_phone(browser)
    try:
        join(first, live.url, table)
        join(second, live.url, table)
        mine, theirs = criterion(first, "access"), criterion(second, "access")

        # One phone edits; the other sees it, live.
        press(mine, "Move D up")
        press(mine, "More points for D", 2)
        expect(theirs.locator(".ranking > .option-row").nth(2)).to_have_attribute("data-code", "D", timeout=WAIT)
        expect(points(theirs, "D")).to_have_value("2", timeout=WAIT)
        assert ranking(theirs) == ["A", "B", "D", "C"]

        # The second phone drops off and edits; meanwhile the first submits.
        second.context.set_offline(True)
        expect(second.locator("#connection")).to_contain_text("Offline", timeout=WAIT)
        press(mine, "More points for A", 8)
        mine.get_by_role("button", name="Submit").click()
        saved(mine, 1)
        press(theirs, "More points for B", 8)
        theirs.get_by_role("button", name="Submit").click()
        expect(theirs.locator(".save-status")).to_have_text("Not sent yet — will send when connected.")

        # Back online: its submission was based on no ballot, but version 1 exists now. Refused, and it says so.
        second.context.set_offline(False)
        connected(second)
        alert = theirs.get_by_role("alert")
        expect(alert).to_contain_text("another phone at your table saved version 1", timeout=WAIT)
        expect(points(theirs, "A")).to_have_value("8")
        expect(points(theirs, "B")).to_have_value("0")
        assert axe_violations(second) == []
        assert [b["points"] for b in history(live_db, table, "access")] == [{"A": 8, "B": 0, "D": 2, "C": 0}]

        # Its own version is one press away, and goes in on top of version 1.
        theirs.get_by_role("button", name="Put my changes back in the form").click()
        expect(points(theirs, "B")).to_have_value("8")
        expect(points(mine, "B")).to_have_value("8", timeout=WAIT)      # the table sees it too
        theirs.get_by_role("button", name="Submit").click()
        saved(theirs, 2)
        saved(mine, 2)
        assert [b["points"]["B"] for b in history(live_db, table, "access")] == [0, 8]
    finally:
        first.context.close()
        second.context.close()


def test_a_refused_submission_says_what_is_wrong_next_to_the_field_and_at_the_top(phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 2)          # scores "safety" only
    store.set_voting(live_db, event_id, "safety", "open")
    join(phone, live.url, table)
    # What an older copy of the page might have left in the outbox: more points than the budget allows.
    answer = {"ranking": ["A", "B", "C", "D"], "points": {"A": 12, "B": 0, "C": 0, "D": 0}, "ruled_out": []}
    entry = {"submission": {"criterion": "safety", "base_version": 0, "submission_id": "refused-0001", **answer},
             "value": answer, "replaces": []}
    phone.evaluate("([key, value]) => localStorage.setItem(key, value)", [outbox_key(table, "safety"), json.dumps(entry)])
    phone.evaluate("([key, value]) => localStorage.setItem(key, value)",
                   [f"facilitation:{table['join_token']}:safety:draft", json.dumps({"value": answer, "dirty": True})])
    phone.reload()
    safety = criterion(phone, "safety")
    alert = safety.get_by_role("alert")
    expect(alert).to_contain_text("This ballot was not saved", timeout=WAIT)
    expect(alert).to_contain_text("Points for A: cannot be more than 10")
    expect(safety.locator("#problem-safety-A")).to_be_visible()
    expect(points(safety, "A")).to_have_attribute("aria-invalid", "true")
    expect(safety.get_by_role("button", name="Submit")).to_be_disabled()
    assert history(live_db, table, "safety") == []
    assert phone.evaluate(f"localStorage.getItem('{outbox_key(table, 'safety')}')") is None


# ---------------------------------------------------------------- voting opens and closes live

def test_phones_follow_the_facilitator_opening_and_closing_voting_without_reloading(facilitator, phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 5)          # scores "cost" only
    title = next(c["working_title"] for c in store.list_criteria(live_db, event_id) if c["code"] == "cost")
    join(phone, live.url, table)
    cost = criterion(phone, "cost")
    expect(cost.locator(".voting-state")).to_contain_text("Voting has not opened yet")
    expect(cost.locator("form.editor")).to_be_hidden()
    phone.evaluate("window.notReloaded = true")

    facilitator.goto(f"{live.url}/facilitator/events/{event_id}")
    facilitator.get_by_role("button", name=f"Open voting on {title}").click()
    expect(cost.locator(".voting-state")).to_contain_text("Voting is open", timeout=WAIT)
    press(cost, "Move B up")
    press(cost, "More points for B", 10)
    expect(cost.get_by_role("button", name="More points for C")).to_be_enabled()
    press(cost, "More points for C")        # no points left: the phone says so instead of going over
    expect(cost.locator(".points-left")).to_have_text("Points left: 0")
    expect(cost.locator(".submit-hint")).to_contain_text("No points left")
    cost.get_by_role("button", name="Submit").click()
    saved(cost, 1)

    facilitator.get_by_role("button", name=f"Close voting on {title}").click()
    expect(cost.locator(".voting-state")).to_contain_text("Voting has closed", timeout=WAIT)
    expect(cost.locator("form.editor")).to_be_hidden()
    final = cost.locator(".final-ballot")
    expect(final).to_contain_text("Your table's final ballot")
    expect(final.locator(".ballot-view li").first).to_contain_text("B")
    expect(final.locator(".ballot-view li").first).to_contain_text("10 points")
    assert phone.evaluate("window.notReloaded") is True
    cost.scroll_into_view_if_needed()
    screenshot(phone, "scoring-closed.png")
    assert axe_violations(phone) == []

    phone.reload()
    connected(phone)
    expect(criterion(phone, "cost").locator(".final-ballot")).to_contain_text("10 points")
    expect(criterion(phone, "cost").locator("form.editor")).to_be_hidden()


# ---------------------------------------------------------------- score mode, dragging, accessibility

def test_score_mode_scores_each_option_from_0_to_10(phone, live, live_db):
    event_id = live.event_ids["score-all.json"]
    table = table_of(live_db, event_id, 2)
    store.set_voting(live_db, event_id, "recovery", "open")
    join(phone, live.url, table)
    recovery = criterion(phone, "recovery")
    expect(recovery.get_by_role("button", name="Move H up")).to_have_count(0)      # this event does not rank
    expect(recovery.get_by_role("button", name="Rule out H")).to_have_count(0)     # nor rule out
    submit = recovery.get_by_role("button", name="Submit")
    score = lambda code: recovery.get_by_role("spinbutton", name=named(f"Score (0 to 10) for {code}"))
    score("H").fill("11")
    expect(recovery.locator("#problem-recovery-H")).to_have_text("A score cannot be more than 10.")
    expect(submit).to_be_disabled()
    score("H").fill("8")
    press(recovery, "Higher score for C", 3)
    expect(recovery.locator(".points-left")).to_have_text("Scores given: 2 of 3")
    expect(submit).to_be_disabled()
    score("M").fill("10")
    expect(submit).to_be_enabled()
    submit.click()
    saved(recovery, 1)
    [ballot] = history(live_db, table, "recovery")
    assert (ballot["points"], ballot["ranking"]) == ({"H": 8, "C": 3, "M": 10}, [])


def test_options_can_be_dragged_into_order_too(phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 3)          # scores "people" and "safety"
    store.set_voting(live_db, event_id, "safety", "open")
    join(phone, live.url, table)
    safety = criterion(phone, "safety")
    # Dragging loads after the page (the buttons do not need it): wait until it is there.
    expect(safety.locator(".ranking")).to_have_attribute("data-draggable", "true", timeout=WAIT)
    safety.locator('.option-row[data-code="C"] .drag-handle').drag_to(safety.locator('.option-row[data-code="A"]'))
    expect(safety.locator(".ranking > .option-row").first).to_have_attribute("data-code", "C")
    expect(safety.locator('.option-row[data-code="C"] .rank')).to_have_text("1st")


def test_the_scoring_screen_is_accessible_with_a_warning_showing(phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = table_of(live_db, event_id, 3)
    store.set_voting(live_db, event_id, "people", "open")
    join(phone, live.url, table)
    people = criterion(phone, "people")
    press(people, "More points for A", 3)
    press(people, "More points for D", 5)
    points(people, "B").fill("2")
    warning = people.locator(".warning")
    expect(warning).to_contain_text("D is ranked below A, B and C but has more points (5)")
    expect(warning).to_contain_text("You can still submit")
    expect(people.get_by_role("button", name="Submit")).to_be_enabled()     # a warning, not a block
    phone.evaluate("document.querySelector('#criterion-people .warning').scrollIntoView({block: 'end'})")
    screenshot(phone, "scoring-open.png")

    assert axe_violations(phone) == []
    assert horizontal_overflow(phone) <= 0
    # Every control in the editor is a large touch target (44 × 44 CSS px at least).
    small = phone.evaluate("""() => [...document.querySelectorAll(
        '#criterion-people form.editor button, #criterion-people form.editor input')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.getAttribute('aria-label') || el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44).map(([name]) => name)""")
    assert small == []
