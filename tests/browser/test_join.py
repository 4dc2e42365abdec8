"""A table joins the way it will on the day: scan the QR code on its printed card, or type its code."""
import re
import subprocess

import pytest

from facilitation import store
from facilitation.network import lan_addresses

from ..conftest import DEMO_FILE
from ..servers import run_cli
from .conftest import PHONE, axe_violations, screenshot

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")

pytestmark = pytest.mark.browser


def decode_qr_codes(png):
    """Every QR code zbarimg (a real decoder, from Debian's zbar-tools) finds in an image."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found; the assertion below then says so
    return sorted(line for line in result.stdout.splitlines() if line)


def test_printed_cards_hold_every_tables_join_link_and_each_lands_on_its_table(facilitator, browser, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    tables = store.list_tables(live_db, event_id)
    criteria = {c["code"]: c for c in store.list_criteria(live_db, event_id)}

    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/cards")
    # What the printer gets: print styles on an A4-wide page (210 mm at 96 dpi is 794 px).
    facilitator.set_viewport_size({"width": 794, "height": 1123})
    facilitator.emulate_media(media="print")
    png = screenshot(facilitator, "table-cards.png", full_page=True)

    decoded = decode_qr_codes(png)
    expected = sorted(f"{live.url}/t/{t['join_token']}" for t in tables)
    assert decoded == expected
    assert card_layout(facilitator) == {"pieces_broken": [], "overflowing": []}
    # The real print: Chromium's own PDF of the sheet, A4 with the page's 10 mm margins. Five cards, one page.
    assert pdf_pages(facilitator.pdf(prefer_css_page_size=True)) == 1
    facilitator.emulate_media(media="screen")

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    by_url = {f"{live.url}/t/{t['join_token']}": t for t in tables}
    for url in decoded:
        table = by_url[url]
        phone.goto(url)
        assert phone.locator("h1").inner_text().startswith(f"Table {table['number']}")
        shown = phone.locator(".criterion h3").all_inner_texts()
        assert shown == [criteria[code]["title"] for code in table["criteria"]]
        # The live connection (Socket.IO over the gevent server) comes up and joins the table's room.
        phone.get_by_text("Connected").wait_for(timeout=10_000)
    screenshot(phone, "table-page.png", full_page=True)
    context.close()


# Every card's text: no piece of a link is broken across lines (each piece is one box), nothing wider than its card.
CARD_LAYOUT = """() => {
  const brokenPieces = [...document.querySelectorAll(".table-card .url-part")]
    .filter(piece => piece.getClientRects().length > 1).map(piece => piece.textContent);
  const overflowing = [...document.querySelectorAll(".table-card p, .table-card .qr")]
    .filter(p => p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right >
                 p.closest(".table-card").getBoundingClientRect().right)
    .map(p => p.className + ": " + p.textContent);
  return {pieces_broken: brokenPieces, overflowing: overflowing};
}"""


def card_layout(page):
    """What CARD_LAYOUT measures on this page."""
    return page.evaluate(CARD_LAYOUT)


def pdf_pages(pdf):
    """How many pages a PDF has (each page object is '/Type /Page', the tree of them '/Type /Pages')."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_six_cards_fit_on_a_sheet_of_a4(facilitator, live):
    event_id = int(run_cli(live.instance, "import", str(DEMO_FILE), check=True).stdout.strip())  # ten tables
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/cards")
    assert facilitator.locator(".table-card").count() == 10
    assert pdf_pages(facilitator.pdf(prefer_css_page_size=True)) == 2


def font_px(page, selector):
    """The computed font size of the first element matching the selector, in CSS pixels."""
    return page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")


def test_the_cards_print_the_short_address_and_code_large_and_links_whole(facilitator, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    facilitator.set_viewport_size({"width": 1366, "height": 768})
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/cards")
    card = facilitator.locator(".table-card").first
    short = f"{live.url.removeprefix('http://')}/join"
    assert card.locator(".short-address").inner_text() == short
    assert font_px(facilitator, ".short-address") >= 22 and font_px(facilitator, ".code") >= 40
    assert font_px(facilitator, ".table-card .link") < font_px(facilitator, ".short-address")
    assert card_layout(facilitator)["pieces_broken"] == [] and card_layout(facilitator)["overflowing"] == []
    assert axe_violations(facilitator, impacts=ALL_IMPACTS) == []
    screenshot(facilitator, "table-cards-screen.png", full_page=False)
    # On paper: 17 pt address, 28 pt code (96 px per inch is 4/3 px per point); a narrow window still fits.
    facilitator.set_viewport_size({"width": 794, "height": 1123})
    facilitator.emulate_media(media="print")
    assert font_px(facilitator, ".short-address") >= 16 * 4 / 3 and font_px(facilitator, ".code") >= 28 * 4 / 3 - 0.1
    facilitator.emulate_media(media="screen")
    facilitator.set_viewport_size({"width": 360, "height": 740})
    assert card_layout(facilitator)["pieces_broken"] == [] and card_layout(facilitator)["overflowing"] == []


def test_the_cards_page_and_the_event_page_warn_that_phones_cannot_reach_loopback(facilitator, live):
    # The test server listens on 127.0.0.1 with no --public-url, so the cards print http://127.0.0.1:PORT.
    event_id = live.event_ids["score-all.json"]
    found = lan_addresses()
    for path in (f"/facilitator/events/{event_id}/cards", f"/facilitator/events/{event_id}"):
        facilitator.goto(f"{live.url}{path}")
        warning = facilitator.get_by_role("region", name="Phones cannot reach the address on these cards")
        text = warning.inner_text()
        assert f"{live.url} is this laptop's own (loopback) address" in text
        if found:
            assert f"--host 0.0.0.0 --public-url http://{found[0]}:{live.port}" in text
        else:
            assert "no address on a network" in text
        assert axe_violations(facilitator, impacts=ALL_IMPACTS) == []
    screenshot(facilitator, "event-address-warning.png", full_page=False)
    # The warning is for the facilitator, never printed on the cards.
    facilitator.goto(f"{live.url}/facilitator/events/{event_id}/cards")
    facilitator.emulate_media(media="print")
    assert not facilitator.locator(".address-warning").is_visible()
    facilitator.emulate_media(media="screen")


def test_typing_the_code_joins_the_table(phone, live, live_db):
    event_id = live.event_ids["score-all.json"]
    table = store.list_tables(live_db, event_id)[-1]
    phone.goto(f"{live.url}/")
    phone.get_by_label("Table code").fill(table["join_code"].lower())
    screenshot(phone, "join-by-code.png")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(f"{live.url}/t/{table['join_token']}")
    assert phone.locator("h1").inner_text().startswith(f"Table {table['number']}")


def test_a_wrong_code_is_explained_on_the_join_page(phone, live):
    phone.goto(f"{live.url}/join")
    phone.get_by_label("Table code").fill("QQQQQQ")
    phone.get_by_role("button", name="Join").click()
    assert "No table has the code QQQ-QQQ" in phone.get_by_role("alert").inner_text()


def test_an_old_card_after_a_new_link_tells_the_phone_how_to_rejoin(facilitator, phone, live, live_db):
    event_id = live.event_ids["score-all.json"]
    old = store.get_table(live_db, event_id, 1)
    phone.goto(f"{live.url}/t/{old['join_token']}")
    phone.get_by_text("Connected").wait_for(timeout=10_000)

    facilitator.goto(f"{live.url}/facilitator/events/{event_id}")
    facilitator.once("dialog", lambda dialog: dialog.accept())  # "New link" asks first (tests/browser/test_links.py)
    facilitator.get_by_role("button", name="New link and code for table 1").click()
    facilitator.get_by_text("Table 1 has a new link and code").wait_for()
    # The phone still open on the old card is told at once, without reloading.
    phone.get_by_role("alert").filter(has_text="This table's card was replaced").wait_for(timeout=2_000)

    phone.goto(f"{live.url}/t/{old['join_token']}")
    assert phone.locator("h1").inner_text() == "This table link has been replaced"
    phone.get_by_role("link", name="Type your table's code").click()
    new = store.get_table(live_db, event_id, 1)
    phone.get_by_label("Table code").fill(new["join_code"])
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(f"{live.url}/t/{new['join_token']}")
