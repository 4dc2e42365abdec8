"""Cards and links over HTTP: the unreachable-address warning, "New link" asking first without JavaScript, and the
error pages' plain headings."""
import html
import re

import pytest

from facilitation import store
from facilitation.network import lan_addresses

from ..conftest import PASSWORD, Auth


def text(page):
    """A page's text without its tags (links are cut into pieces that break only after a '/')."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


# ---------------------------------------------------------------- the address on the cards

def test_no_warning_when_the_cards_print_a_lan_address(signed_in, imported):
    event_id = imported("minimal.json")  # the tests' PUBLIC_URL is http://192.0.2.10:5000
    for path in (f"/facilitator/events/{event_id}/cards", f"/facilitator/events/{event_id}"):
        page = signed_in.get(path).get_data(as_text=True)
        assert "Phones cannot reach the address" not in page and "address-warning" not in page
    assert "192.0.2.10:5000/join" in text(signed_in.get(f"/facilitator/events/{event_id}/cards").get_data(as_text=True))


@pytest.mark.parametrize("public_url, words", [
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000 is this laptop's own (loopback) address"),
    ("http://localhost:5000", "http://localhost:5000 is this laptop's own (loopback) address"),
    ("http://0.0.0.0:5000", "0.0.0.0 only tells the server to listen on every network"),
    ("http://169.254.3.4:5000", "is a link-local address"),
])
def test_the_cards_and_event_pages_warn_when_phones_cannot_reach_the_address(app, signed_in, imported, public_url,
                                                                               words):
    app.config["PUBLIC_URL"] = public_url
    event_id = imported("minimal.json")
    found = lan_addresses()
    for path in (f"/facilitator/events/{event_id}/cards", f"/facilitator/events/{event_id}"):
        page = text(signed_in.get(path).get_data(as_text=True))
        assert "Phones cannot reach the address on these cards" in page and words in page
        if found:
            assert f"python server.py --host 0.0.0.0 --public-url http://{found[0]}:5000" in page


def test_without_a_public_url_the_address_the_page_was_opened_on_is_judged(app, imported):
    app.config["PUBLIC_URL"] = None  # as under 'flask run': the cards print the address the page was opened on
    event_id = imported("minimal.json")
    for host, warned in (("127.0.0.1:8000", True), ("192.168.1.20:8000", False)):
        browser, base = app.test_client(), f"http://{host}"
        form = browser.get("/facilitator/sign-in", base_url=base).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        browser.post("/facilitator/sign-in", data={"password": PASSWORD, "csrf_token": csrf}, base_url=base)
        page = text(browser.get(f"/facilitator/events/{event_id}/cards", base_url=base).get_data(as_text=True))
        assert (f"http://{host} is this laptop's own (loopback) address" in page) is warned
        assert ("Phones cannot reach" in page) is warned


# ---------------------------------------------------------------- a new link asks first

def test_new_link_without_javascript_asks_on_a_page_of_its_own_and_changes_nothing_until_confirmed(signed_in, db,
                                                                                                  imported):
    event_id = imported("allocate-explicit.json")
    before = store.get_table(db, event_id, 2)
    token = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    url = f"/facilitator/events/{event_id}/tables/2/new-link"
    asked = signed_in.post(url, data={"csrf_token": token})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<h1>Give table 2 a new link and code?</h1>" in page
    code = f"{before['join_code'][:3]}-{before['join_code'][3:]}"
    assert f"its code <strong>{code}</strong> no longer lead anywhere" in page
    assert 'name="confirm" value="yes"' in page and "No, keep the current card" in page
    assert store.get_table(db, event_id, 2)["join_token"] == before["join_token"]
    done = signed_in.post(url, data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/facilitator/events/{event_id}#table-2")
    assert store.get_table(db, event_id, 2)["join_token"] != before["join_token"]
    assert store.find_stale_token(db, before["join_token"]) == (event_id, 2)


def test_the_event_page_asks_before_a_new_link(signed_in, imported):
    event_id = imported("minimal.json")
    page = signed_in.get(f"/facilitator/events/{event_id}").get_data(as_text=True)
    assert page.count('data-confirm="Give table') == 3 and "js/confirm." in page


def test_a_new_link_for_a_table_that_does_not_exist_is_a_plain_404(signed_in, imported):
    event_id = imported("minimal.json")
    token = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    missing = signed_in.post(f"/facilitator/events/{event_id}/tables/9/new-link", data={"csrf_token": token,
                                                                                          "confirm": "yes"})
    assert missing.status_code == 404 and f"Event {event_id} has no table 9." in missing.get_data(as_text=True)


# ---------------------------------------------------------------- error pages

@pytest.mark.parametrize("path, status, heading, words", [
    ("/no-such-page", 404, "This link does not lead anywhere", "There is nothing at this address."),
    ("/t/not-a-real-table-link", 404, "This link does not lead anywhere", "We don't recognise this table link."),
    ("/s/not-a-real-survey-link-at-all", 404, "This link does not lead anywhere", "recognise this survey link"),
])
def test_error_pages_have_plain_headings(client, path, status, heading, words):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page and words in page.replace("&#39;", "'")
    assert "Not Found" not in page and "Join a table with its code" in page


def test_error_pages_for_every_status_people_can_reach(app, client):
    from werkzeug.exceptions import abort

    @app.route("/raise/<int:code>")
    def raise_code(code):
        abort(code)

    @app.route("/crash")
    def crash():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an unexpected error gets the error page
    expected = {400: "This request was not understood", 403: "You cannot open this page",
                404: "This link does not lead anywhere", 405: "That cannot be done here",
                410: "This link no longer works", 413: "That is too large to accept", 429: "Too many tries at once",
                500: "Something went wrong on the server", 418: "Something went wrong"}
    stock = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 410: "Gone",
             413: "Request Entity Too Large", 429: "Too Many Requests", 500: "Internal Server Error",
             418: "I'm a teapot"}
    for code, heading in expected.items():
        page = client.get(f"/raise/{code}").get_data(as_text=True)
        assert f"<h1>{heading}</h1>" in page, code
        assert f"<h1>{stock[code]}</h1>" not in page and f"{stock[code]} ·" not in page
    crashed = client.get("/crash")
    assert crashed.status_code == 500 and "<h1>Something went wrong on the server</h1>" in crashed.get_data(as_text=True)
    assert "boom" not in crashed.get_data(as_text=True)


def test_a_facilitator_error_page_leads_back_to_the_events(signed_in):
    page = signed_in.get("/facilitator/events/404").get_data(as_text=True)
    assert "<h1>This link does not lead anywhere</h1>" in page
    assert "There is no event 404. It may have been deleted." in page
    assert "Go to your events" in page


def test_api_errors_stay_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404 and response.get_json() == {"error": "There is nothing at this address."}
