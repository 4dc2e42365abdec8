"""The board paper's editor page and API: each section pre-filled, saved and restored by plain POST-redirect-GET with
CSRF, refused text changing nothing, the facilitator's text escaped in the paper, edits kept in the event file and
allowed after the event is closed."""
import html
import re

import pytest
from markupsafe import escape

from facilitation import closing, store
from facilitation.domain.event_day import PAPER_LIMIT, PAPER_SECTIONS

from .test_report import HOSTILE, section, text_of


@pytest.fixture
def event_id(imported):
    """The explicit-assignment event, with no ballots."""
    return imported("allocate-explicit.json")


def editor(client, event_id):
    """The editor page's HTML."""
    response = client.get(f"/facilitator/events/{event_id}/paper")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def textarea(body, section_name):
    """What one section's text box holds, as the browser shows it."""
    found = re.search(rf'<textarea id="text-{section_name}"[^>]*>\n?(.*?)</textarea>', body, re.S).group(1)
    return html.unescape(found)


def post(client, auth, event_id, **data):
    """Post the editor's form for one section, with the page's CSRF token."""
    token = auth.csrf_token(f"/facilitator/events/{event_id}/paper")
    return client.post(f"/facilitator/events/{event_id}/paper", data={"csrf_token": token, **data})


def report(client, event_id):
    """The paper's HTML."""
    return client.get(f"/facilitator/events/{event_id}/report").get_data(as_text=True)


def test_every_section_is_pre_filled_with_its_starting_text(signed_in, event_id):
    body = editor(signed_in, event_id)
    assert [m for m in re.findall(r'<input type="hidden" name="section" value="([a-z_]+)">', body)] == list(PAPER_SECTIONS)
    assert textarea(body, "introduction").startswith("This paper reports the whole-system event “")
    assert body.count("<strong>Starting text</strong>") == len(PAPER_SECTIONS)
    assert "Use the starting text again" not in body       # nothing edited yet
    assert 'aria-current="page">Board paper</a>' in body


def test_saving_replaces_the_starting_text_in_the_paper_escaped_as_paragraphs(signed_in, auth, db, event_id):
    typed = f"The boards meet on 12 January.\r\n\r\nThen {HOSTILE} the   consultation\nopens."
    response = post(signed_in, auth, event_id, section="next_steps", text=typed, action="save")
    assert response.status_code == 302 and response.headers["Location"].endswith("/paper#section-next_steps")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Next steps: saved." in page and "<strong>Edited:</strong>" in page
    assert store.load_definition(db, event_id)["paper"] == {
        "next_steps": f"The boards meet on 12 January.\n\nThen {HOSTILE} the   consultation\nopens."}
    body = report(signed_in, event_id)
    block = re.search(r'<div class="paper-text" data-section="next_steps">(.*?)</div>', body, re.S).group(1)
    assert re.findall(r"<p>(.*?)</p>", block) == [
        "The boards meet on 12 January.", str(escape(f"Then {HOSTILE} the consultation opens."))]
    assert HOSTILE not in body


def test_use_the_starting_text_again_and_an_empty_save_both_restore_it(signed_in, auth, db, event_id):
    post(signed_in, auth, event_id, section="purpose", text="Our own purpose.", action="save")
    assert "Use the starting text again" in editor(signed_in, event_id)
    response = post(signed_in, auth, event_id, section="purpose", text="Our own purpose.", action="restore")
    assert response.status_code == 302
    assert store.load_definition(db, event_id)["paper"] == {}
    assert "Purpose of the event and the programme of the day: the starting text is back." in \
        signed_in.get(response.headers["Location"]).get_data(as_text=True)
    post(signed_in, auth, event_id, section="purpose", text="Our own purpose.", action="save")
    post(signed_in, auth, event_id, section="purpose", text="   \n ", action="save")
    assert store.load_definition(db, event_id)["paper"] == {}
    assert "Our own purpose." not in report(signed_in, event_id)


def test_too_long_text_is_refused_plainly_and_changes_nothing(signed_in, auth, db, event_id):
    post(signed_in, auth, event_id, section="process", text="Kept.", action="save")
    long = "x" * (PAPER_LIMIT + 1)
    response = post(signed_in, auth, event_id, section="process", text=long, action="save")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert (f"The text for Process is too long: at most {PAPER_LIMIT:,} characters (this has {PAPER_LIMIT + 1:,}). "
            "Nothing was saved.") in html.unescape(body)
    assert textarea(body, "process") == long                  # shown again to shorten, not lost
    assert 'aria-describedby="state-process hint-process problem-process"' in body
    assert store.load_definition(db, event_id)["paper"] == {"process": "Kept."}


def test_an_unknown_section_is_refused(signed_in, auth, db, event_id):
    response = post(signed_in, auth, event_id, section="summary", text="Hello", action="save")
    assert response.status_code == 422
    assert 'There is no section "summary" in the board paper' in html.unescape(response.get_data(as_text=True))
    assert store.load_definition(db, event_id)["paper"] == {}


def test_a_post_without_the_csrf_token_is_refused(signed_in, db, event_id):
    response = signed_in.post(f"/facilitator/events/{event_id}/paper", data={"section": "process", "text": "x"})
    assert response.status_code == 400
    assert store.load_definition(db, event_id)["paper"] == {}


def test_the_paper_can_be_edited_after_the_event_is_closed(signed_in, auth, db, event_id):
    closing.close_event(db, event_id)
    response = post(signed_in, auth, event_id, section="recommendations", text="That the board agrees.", action="save")
    assert response.status_code == 302
    assert "That the board agrees." in section(report(signed_in, event_id), "recommendations")


def test_edits_travel_in_the_event_file_and_come_back_on_import(signed_in, auth, api, event_id):
    post(signed_in, auth, event_id, section="introduction", text="First.\n\nSecond.", action="save")
    exported = api("GET", f"/api/events/{event_id}").get_json()
    assert exported["paper"] == {"introduction": "First.\n\nSecond."}
    again = api("POST", "/api/events", json=exported).get_json()["id"]
    assert "First. Second." in text_of(report(signed_in, again))


def test_the_api_reads_and_changes_sections(api, db, event_id):
    paper = api("GET", f"/api/events/{event_id}/paper").get_json()
    assert [s["section"] for s in paper["sections"]] == list(PAPER_SECTIONS)
    assert all(not s["edited"] and s["text"] == s["starting"] for s in paper["sections"])
    changed = api("PUT", f"/api/events/{event_id}/paper", json={"sections": {"criteria": "Our criteria."}}).get_json()
    row = next(s for s in changed["sections"] if s["section"] == "criteria")
    assert row["edited"] and row["text"] == "Our criteria." and row["starting"].startswith("The room agreed")
    back = api("PUT", f"/api/events/{event_id}/paper", json={"sections": {"criteria": ""}}).get_json()
    assert not next(s for s in back["sections"] if s["section"] == "criteria")["edited"]


@pytest.mark.parametrize("body, field", [
    ({"sections": {"criteria": "ok", "summary": "x"}}, "sections.summary"),
    ({"sections": {"criteria": "ok", "process": "x" * (PAPER_LIMIT + 1)}}, "sections.process"),
    ({"sections": {"criteria": 3}}, "sections.criteria"),
    ({"sections": {}}, "sections"),
    ({"sections": {"criteria": "ok"}, "extra": 1}, "extra"),
    ([], ""),
])
def test_the_api_refuses_bad_changes_listing_every_problem_and_changes_nothing(api, db, event_id, body, field):
    response = api("PUT", f"/api/events/{event_id}/paper", json=body)
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"].startswith("Nothing changed:") and field in [p["field"] for p in answer["problems"]]
    assert store.load_definition(db, event_id)["paper"] == {}


def test_the_api_says_when_there_is_no_such_event(api):
    assert api("GET", "/api/events/9999/paper").status_code == 404
    assert api("PUT", "/api/events/9999/paper", json={"sections": {"criteria": "x"}}).status_code == 404
