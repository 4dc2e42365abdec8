"""The registration desk through the test client: search, check in, undo, walk-ins with near matches, the count,
badges and the personal check-in link, each without JavaScript (plain forms, POST-redirect-GET, CSRF tokens)."""
import html
import re

import pytest

from facilitation import closing, store
from facilitation.domain.event import parse_event

from ..conftest import Auth, event_file

INVITEES = [
    {"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients"},
    {"name": "Sam Oyelaran", "organisation": "Westfield Surgery"},
    {"name": "Jo Smith", "organisation": "City Council"},
]
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def event_id(db):
    """An event with three invitees and two stakeholder groups."""
    definition = {**event_file("allocate-explicit.json"), "invitees": INVITEES,
                  "stakeholder_groups": ["Patients", "Clinicians"]}
    return store.create_event(db, parse_event(definition))


def desk_url(event_id, rest=""):
    """An address on the desk."""
    return f"/facilitator/events/{event_id}/check-in{rest}"


def token(db, event_id, name):
    """An invitee's check-in token, by name."""
    return next(p["checkin_token"] for p in store.list_invitees(db, event_id) if p["name"] == name)


def post(client, event_id, rest, data):
    """Post one of the desk's forms with its CSRF token, as the browser does."""
    return client.post(desk_url(event_id, rest), data={"csrf_token": Auth(client).csrf_token(desk_url(event_id)),
                                                       **data})


def active(db, event_id):
    """The active check-ins as (name, how) pairs."""
    return [(c["name"], c["how"]) for c in store.active_check_ins(db, event_id)]


def text(response):
    """A page's text, tags removed, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_the_desk_needs_sign_in(client, event_id):
    for url in (desk_url(event_id), desk_url(event_id, "/count"), desk_url(event_id, "/list"),
                f"/facilitator/events/{event_id}/badges"):
        assert client.get(url).status_code == 302
    assert client.post(desk_url(event_id, "/walk-in"), data={"name": "Alex"}).status_code in (302, 400)


def test_the_desk_lists_every_invitee_with_a_check_in_button_and_a_tab(signed_in, event_id):
    page = signed_in.get(desk_url(event_id)).get_data(as_text=True)
    assert page.count('class="check-in-button') == 3
    assert 'aria-current="page">Check-in</a>' in page
    assert "0 of 3</strong> checked in" in page


def test_checking_in_redirects_back_and_shows_undo(signed_in, db, event_id):
    response = post(signed_in, event_id, "/invitee", {"checkin_token": token(db, event_id, "Sam Oyelaran")})
    assert response.status_code == 302 and response.headers["Location"].endswith(desk_url(event_id))
    page = signed_in.get(desk_url(event_id))
    assert "Sam Oyelaran is checked in." in text(page)
    assert "1 of 3 checked in" in text(page)
    assert "Undo Sam Oyelaran's check-in" in html.unescape(page.get_data(as_text=True))
    assert active(db, event_id) == [("Sam Oyelaran", "desk")]


def test_checking_in_again_says_so_and_changes_nothing(signed_in, db, event_id):
    ruth = token(db, event_id, "Ruth Kendrick")
    post(signed_in, event_id, "/invitee", {"checkin_token": ruth})
    response = post(signed_in, event_id, "/invitee", {"checkin_token": ruth})
    assert response.status_code == 409
    assert "Ruth Kendrick is already checked in. Nothing was changed." in text(response)
    assert active(db, event_id) == [("Ruth Kendrick", "desk")]


def test_an_unknown_invitee_token_is_refused_plainly(signed_in, db, event_id):
    response = post(signed_in, event_id, "/invitee", {"checkin_token": "not-a-token"})
    assert response.status_code == 404 and "not on this event's invitee list" in text(response)
    assert active(db, event_id) == []


def test_undo(signed_in, db, event_id):
    post(signed_in, event_id, "/invitee", {"checkin_token": token(db, event_id, "Jo Smith")})
    [row] = store.active_check_ins(db, event_id)
    response = post(signed_in, event_id, f"/{row['id']}/undo", {})
    assert response.status_code == 302 and active(db, event_id) == []
    assert "Jo Smith's check-in is undone." in text(signed_in.get(desk_url(event_id)))
    again = post(signed_in, event_id, f"/{row['id']}/undo", {})
    assert again.status_code == 422 and "already undone" in text(again)
    assert post(signed_in, event_id, f"/{row['id'] + 50}/undo", {}).status_code == 404


def test_the_search_works_without_javascript(signed_in, event_id):
    page = signed_in.get(desk_url(event_id) + "?q=eastwold").get_data(as_text=True)
    assert page.count('class="check-in-button') == 1 and "Ruth Kendrick" in page
    nobody = signed_in.get(desk_url(event_id) + "?q=zzz")
    assert "Nobody on the list matches" in text(nobody)
    assert '<span class="typed">zzz</span>' in nobody.get_data(as_text=True)


def test_a_walk_in_is_added_with_their_group(signed_in, db, event_id):
    response = post(signed_in, event_id, "/walk-in", {"name": " Alex Morgan ", "organisation": "Healthwatch",
                                                       "group": "Clinicians"})
    assert response.status_code == 302
    [row] = store.active_check_ins(db, event_id)
    assert (row["name"], row["organisation"], row["group"], row["how"], row["invitee_token"]) == (
        "Alex Morgan", "Healthwatch", "Clinicians", "walk_in", None)
    page = text(signed_in.get(desk_url(event_id)))
    assert "Alex Morgan is checked in as a walk-in." in page and "and 1 walk-in" in page


def test_a_walk_in_like_an_invitee_is_offered_the_invitee_first_then_confirmed(signed_in, db, event_id):
    response = post(signed_in, event_id, "/walk-in", {"name": "Ruth Kendrik", "organisation": "Mind"})
    assert response.status_code == 409 and active(db, event_id) == []
    page = response.get_data(as_text=True)
    assert "Is “Ruth Kendrik” someone on the invitee list?" in html.unescape(page)
    assert f'name="checkin_token" value="{token(db, event_id, "Ruth Kendrick")}"' in page
    assert "No, this is someone else — add Ruth Kendrik as a walk-in" in html.unescape(page)
    # The offered invitee's button checks her in.
    post(signed_in, event_id, "/invitee", {"checkin_token": token(db, event_id, "Ruth Kendrick")})
    assert active(db, event_id) == [("Ruth Kendrick", "desk")]
    # "No, this is someone else" posts the walk-in again, confirmed.
    confirmed = post(signed_in, event_id, "/walk-in", {"name": "Ruth Kendrik", "organisation": "Mind",
                                                        "confirm_new": "1"})
    assert confirmed.status_code == 302
    assert active(db, event_id) == [("Ruth Kendrick", "desk"), ("Ruth Kendrik", "walk_in")]


@pytest.mark.parametrize("form, message", [
    ({"name": ""}, "Type the person's name: it cannot be empty."),
    ({"name": "   "}, "Type the person's name: it cannot be empty."),
    ({"name": "x" * 201}, "The name is too long: at most 200 characters (this has 201)."),
    ({"name": "Alex", "group": "Press"}, "“Press” is not one of this event's stakeholder groups"),
])
def test_a_bad_walk_in_is_refused_plainly_and_keeps_what_was_typed(signed_in, db, event_id, form, message):
    response = post(signed_in, event_id, "/walk-in", {**form, "organisation": "Typed Org"})
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="Typed Org"' in response.get_data(as_text=True)
    assert active(db, event_id) == []


def test_a_closed_event_refuses_check_ins_with_its_message(signed_in, db, event_id):
    closing.close_event(db, event_id)
    page = text(signed_in.get(desk_url(event_id)))
    assert "This event is closed" in page
    for rest, data in (("/invitee", {"checkin_token": token(db, event_id, "Jo Smith")}),
                       ("/walk-in", {"name": "Alex Morgan", "confirm_new": "1"})):
        response = post(signed_in, event_id, rest, data)
        assert response.status_code == 409 and "Only the facilitator can reopen it" in text(response)
    assert active(db, event_id) == []


def test_a_form_without_its_csrf_token_is_refused(signed_in, db, event_id):
    response = signed_in.post(desk_url(event_id, "/walk-in"), data={"name": "Alex"})
    assert response.status_code == 400 and active(db, event_id) == []


def test_names_are_escaped_on_the_desk(signed_in, db, event_id):
    post(signed_in, event_id, "/walk-in", {"name": HOSTILE, "confirm_new": "1"})
    page = signed_in.get(desk_url(event_id)).get_data(as_text=True)
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_the_count_and_list_fragments(signed_in, db, event_id):
    post(signed_in, event_id, "/invitee", {"checkin_token": token(db, event_id, "Jo Smith")})
    count = signed_in.get(desk_url(event_id, "/count"))
    assert count.status_code == 200 and text(count) == "1 of 3 checked in"
    assert 'data-checked-in="1"' in count.get_data(as_text=True)
    fragment = signed_in.get(desk_url(event_id, "/list")).get_data(as_text=True)
    assert "<html" not in fragment and fragment.count("data-search=") == 3 and "Undo Jo Smith" in fragment


def test_the_badge_sheet_has_one_badge_and_qr_per_invitee(signed_in, db, event_id):
    page = signed_in.get(f"/facilitator/events/{event_id}/badges").get_data(as_text=True)
    assert page.count('class="badge"') == 3 and page.count('class="qr"') == 3
    assert 'aria-label="QR code to check in Ruth Kendrick"' in page
    assert "Patients" in page


def test_a_badge_link_welcomes_and_get_changes_nothing(client, db, event_id):
    ruth = token(db, event_id, "Ruth Kendrick")
    page = client.get(f"/checkin/{ruth}")
    assert page.status_code == 200 and "Welcome, Ruth Kendrick" in text(page) and "Check me in" in text(page)
    assert active(db, event_id) == []
    response = client.post(f"/checkin/{ruth}")
    assert response.status_code == 302 and active(db, event_id) == [("Ruth Kendrick", "badge")]
    assert "You are checked in." in text(client.get(f"/checkin/{ruth}"))
    again = client.post(f"/checkin/{ruth}")
    assert "Ruth Kendrick is already checked in. Nothing was changed." in text(again)
    assert active(db, event_id) == [("Ruth Kendrick", "badge")]


def test_an_unknown_badge_link_is_a_plain_404(client):
    for response in (client.get("/checkin/not-a-token"), client.post("/checkin/not-a-token")):
        assert response.status_code == 404
        assert "We don't recognise this check-in link." in text(response)


def test_a_badge_link_of_a_closed_event_refuses(client, db, event_id):
    closing.close_event(db, event_id)
    sam = token(db, event_id, "Sam Oyelaran")
    assert "This event is closed" in text(client.get(f"/checkin/{sam}"))
    response = client.post(f"/checkin/{sam}")
    assert response.status_code == 409 and "Only the facilitator can reopen it" in text(response)
    assert active(db, event_id) == []
