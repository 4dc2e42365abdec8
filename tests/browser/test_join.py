"""A table joins the way it will on the day: scan the QR code on its printed card, or type its code."""
import subprocess

import pytest

from facilitation import store

from .conftest import PHONE, screenshot

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
    facilitator.emulate_media(media="screen")

    decoded = decode_qr_codes(png)
    expected = sorted(f"{live.url}/t/{t['join_token']}" for t in tables)
    assert decoded == expected

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
    facilitator.get_by_role("button", name="New link and code for table 1").click()
    facilitator.get_by_text("Table 1 has a new link and code").wait_for()

    phone.goto(f"{live.url}/t/{old['join_token']}")
    assert phone.locator("h1").inner_text() == "This table link has been replaced"
    phone.get_by_role("link", name="Type your table's code").click()
    new = store.get_table(live_db, event_id, 1)
    phone.get_by_label("Table code").fill(new["join_code"])
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(f"{live.url}/t/{new['join_token']}")
