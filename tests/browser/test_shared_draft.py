"""Two phones at one table changing the shared draft at the same moment: every change lands, on both phones and in the
database, online or offline (docs/live-protocol.md, "The shared draft").

The event gives 20 points per criterion (tests/events/allocate-20.json): twenty taps on + from two phones fit exactly,
so every one of them must count, while the shared budget is still there to be overrun (in score mode, each option
has its own 0–10 and the phones could not get in each other's way at all).
"""
import json
import time

import pytest
from playwright.sync_api import expect

from facilitation import store

from ..conftest import EVENTS_DIR, PASSWORD
from ..servers import LiveServer, run_cli
from .conftest import PHONE, axe_violations, screenshot

pytestmark = pytest.mark.browser
WAIT = 10_000
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real server.py with the 20-point event (options A–D; criteria falls and home; tables 1–4 score both)."""
    instance = tmp_path_factory.mktemp("shared-draft")
    event_id = int(run_cli(instance, "import", str(EVENTS_DIR / "allocate-20.json"), check=True).stdout.strip())
    live = LiveServer(instance, args=["--no-demo"], env={"FACILITATOR_PASSWORD": PASSWORD}).start()
    live.event_id = event_id
    live.db = store.connect(str(instance / "facilitation.db"))
    store.set_voting(live.db, event_id, None, "open")
    yield live
    live.db.conn.close()
    live.stop()


@pytest.fixture
def two_phones(browser):
    """Two phones: each its own 360×740 browser context (its own localStorage, its own device id)."""
    contexts = [browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
                for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def join(page, server, number):
    table = store.get_table(server.db, server.event_id, number)
    page.goto(f"{server.url}/t/{table['join_token']}")
    expect(page.locator("#connection")).to_have_text("Connected", timeout=WAIT)
    return table


def row(page, criterion, code):
    # By class and option code, not by label: the labels grow the option's name.
    return page.locator(f'#criterion-{criterion} .option-row[data-code="{code}"]')


def points_of(page, criterion):
    """The points each option shows on this phone, ruled-out ones left out."""
    return page.evaluate("""(criterion) => Object.fromEntries([...document.querySelectorAll(
        `#criterion-${criterion} .ranking > .option-row`)].map(r => [r.dataset.code, r.querySelector('.points').value]))""",
                         criterion)


def stored(server, table, criterion):
    """The table's draft as it is in the server's SQLite file."""
    return store.drafts(server.db, table["id"]).get(criterion)


def tap_later(page, criterion, code, times, every_ms):
    """Start tapping + for an option, `times` taps every_ms apart, in the page itself (returns at once)."""
    page.evaluate("""([criterion, code, times, every]) => {
        const button = document.querySelector(`#criterion-${criterion} .option-row[data-code="${code}"] button.more`);
        for (let i = 0; i < times; i++) { setTimeout(() => button.click(), i * every); }
    }""", [criterion, code, times, every_ms])


def test_two_phones_each_tapping_ten_times_at_once_both_end_with_all_twenty_taps(two_phones, server):
    first, second = two_phones
    table = join(first, server, 1)
    join(second, server, 1)
    # Both phones tap at the same time, interleaved, each ten times within a second (one tap every 80 ms).
    began = time.monotonic()
    tap_later(first, "falls", "A", 10, 80)
    tap_later(second, "falls", "C", 10, 80)
    for page in (first, second):
        expect(row(page, "falls", "A").locator(".points")).to_have_value("10", timeout=WAIT)
        expect(row(page, "falls", "C").locator(".points")).to_have_value("10", timeout=WAIT)
        expect(page.locator("#criterion-falls .points-left")).to_have_text("Points left: 0")
    converged = time.monotonic() - began
    assert points_of(first, "falls") == points_of(second, "falls") == {"A": "10", "B": "0", "C": "10", "D": "0"}
    draft = stored(server, table, "falls")
    assert draft["points"] == {"A": 10, "B": 0, "C": 10, "D": 0}
    assert draft["revision"] >= 2      # batched: a few revisions, not one per tap
    ops = server.db.execute("SELECT status, COUNT(*) FROM draft_ops WHERE table_id = ? GROUP BY status",
                            [table["id"]]).fetchall()
    assert ops == [("applied", 20)]
    # Nothing left to send on either phone.
    for page in (first, second):
        kept = json.loads(page.evaluate(
            f"localStorage.getItem('facilitation:{table['join_token']}:falls:ops')"))
        assert kept["pending"] == [] and kept["draft"]["revision"] == draft["revision"]
    print(f"\n20 taps from 2 phones (the last 0.72 s after the first): both phones showed all of them "
          f"{converged:.2f} s after the first tap, in {draft['revision']} revisions")
    assert first.locator("#criterion-falls .submit").is_enabled()


def test_a_phone_that_taps_offline_sends_its_taps_when_back_and_they_merge_with_the_other_phones(two_phones, server):
    first, second = two_phones
    table = join(first, server, 2)
    join(second, server, 2)
    key = f"facilitation:{table['join_token']}:home:ops"

    first.context.set_offline(True)
    expect(first.locator("#connection")).to_contain_text("Offline", timeout=WAIT)
    for _ in range(3):
        row(first, "home", "B").locator("button.more").click()
    row(first, "home", "D").locator("button.rule-out").click()
    expect(row(first, "home", "B").locator(".points")).to_have_value("3")    # shown at once, offline
    pending = json.loads(first.evaluate(f"localStorage.getItem('{key}')"))["pending"]
    assert [(op["op"], op["option"]) for op in pending] == [("add_points", "B")] * 3 + [("rule_out", "D")]

    # Meanwhile the other phone, online, gives 4 points to C and moves it to the top.
    for _ in range(4):
        row(second, "home", "C").locator("button.more").click()
    for _ in range(2):
        row(second, "home", "C").locator("button.move-up").click()
    expect(row(second, "home", "C").locator(".rank")).to_have_text("1st")
    first.wait_for_timeout(1000)
    assert stored(server, table, "home")["points"] == {"A": 0, "B": 0, "C": 4, "D": 0}
    expect(row(first, "home", "C").locator(".points")).to_have_value("0")    # the offline phone has not heard

    # Back online: its taps go in on top of the other phone's, and both phones show the same merged draft.
    first.context.set_offline(False)
    expect(first.locator("#connection")).to_have_text("Connected", timeout=WAIT)
    merged = {"C": "4", "A": "0", "B": "3"}
    for page in (first, second):
        expect(row(page, "home", "C").locator(".points")).to_have_value("4", timeout=WAIT)
        expect(row(page, "home", "B").locator(".points")).to_have_value("3", timeout=WAIT)
        expect(page.locator('#criterion-home .ruled-out-list .option-row[data-code="D"]')).to_be_visible(timeout=WAIT)
        assert points_of(page, "home") == merged
        assert list(points_of(page, "home")) == ["C", "A", "B"]
    draft = stored(server, table, "home")
    assert (draft["ranking"], draft["points"], draft["ruled_out"]) == (["C", "A", "B"], {"C": 4, "A": 0, "B": 3}, ["D"])
    first.wait_for_function(f"() => JSON.parse(localStorage.getItem('{key}')).pending.length === 0", timeout=WAIT)


def test_typing_sets_the_number_and_a_tap_that_no_longer_fits_is_undone_with_the_reason(two_phones, server):
    first, second = two_phones
    table = join(first, server, 3)
    join(second, server, 3)
    a_first, a_second = row(first, "falls", "A").locator(".points"), row(second, "falls", "A").locator(".points")
    # Typing is a set, not an increment: the last number typed is the one both phones show.
    a_first.fill("5")
    expect(a_second).to_have_value("5", timeout=WAIT)
    a_second.fill("7")
    expect(a_first).to_have_value("7", timeout=WAIT)
    row(first, "falls", "B").locator(".points").fill("13")
    expect(row(second, "falls", "B").locator(".points")).to_have_value("13", timeout=WAIT)
    expect(second.locator("#criterion-falls .points-left")).to_have_text("Points left: 0")

    # Offline, the second phone takes a point from B and gives it to D. Meanwhile the first phone types 8 for A,
    # one point too many for now.
    second.context.set_offline(True)
    expect(second.locator("#connection")).to_contain_text("Offline", timeout=WAIT)
    row(second, "falls", "B").locator("button.less").click()
    row(second, "falls", "D").locator("button.more").click()
    expect(row(second, "falls", "D").locator(".points")).to_have_value("1")
    a_first.fill("8")
    expect(first.locator("#criterion-falls .points-left")).to_contain_text("Points left: -1")
    first.wait_for_timeout(500)

    # Back online: B − 1 lands (that settles the first phone's extra point), so D + 1 no longer fits. It is undone on
    # the second phone's screen, which says why; both phones show the same draft as the server.
    second.context.set_offline(False)
    expect(second.locator("#connection")).to_have_text("Connected", timeout=WAIT)
    hint = second.locator("#criterion-falls .submit-hint")
    expect(hint).to_have_text("Not kept: no points left to give; take some from another option first.", timeout=WAIT)
    for page in (first, second):
        expect(row(page, "falls", "B").locator(".points")).to_have_value("12", timeout=WAIT)
        expect(row(page, "falls", "D").locator(".points")).to_have_value("0", timeout=WAIT)
        assert points_of(page, "falls") == {"A": "8", "B": "12", "C": "0", "D": "0"}
    assert stored(server, table, "falls")["points"] == {"A": 8, "B": 12, "C": 0, "D": 0}
    [refused] = server.db.execute("SELECT op FROM draft_ops WHERE table_id = ? AND status = 'refused'",
                                  [table["id"]]).fetchall()
    assert json.loads(refused[0])["option"] == "D"

    second.locator("#criterion-falls .submit-bar").scroll_into_view_if_needed()
    screenshot(second, "shared-draft-undone.png")
    assert axe_violations(second, impacts=ALL_IMPACTS) == []
    assert axe_violations(first, impacts=ALL_IMPACTS) == []
