"""The moderation page over HTTP with 300 risks: grouped rows, search and filters, bulk changes, undo, the queue.

The list is one renderer's HTML, the page's and the fragment's alike; each change answers the page's script with
JSON (asking first with 409 when it touches more than one comment) and a plain form with a redirect or a page.
"""
import re
import time
from html import unescape

import pytest

from facilitation import answers, moderation, store
from facilitation.store import moderation as store_moderation
from facilitation.domain.moderation_list import parse_filters

from ..conftest import Auth
from ..crowd import COMMON, seed_crowd, theme_id

JSON = {"Accept": "application/json"}
HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture
def event_id(db, imported):
    """The explicit-assignment event with the crowd's 300 risks (40 of them duplicates)."""
    event_id = imported("allocate-explicit.json")
    answers.open_phase(db, event_id, "B")
    seed_crowd(db, event_id)
    return event_id


@pytest.fixture
def csrf(signed_in, event_id):
    """The CSRF token the moderation page's forms carry."""
    return Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/moderation")


def page(client, event_id, **query):
    """The moderation page's HTML."""
    return client.get(f"/facilitator/events/{event_id}/moderation", query_string=query).get_data(as_text=True)


def fragment(client, event_id, **query):
    """The list's HTML as the page's script fetches it."""
    reply = client.get(f"/facilitator/events/{event_id}/moderation/list", query_string=query)
    assert reply.status_code == 200 and reply.mimetype == "text/html"
    return reply.get_data(as_text=True)


def rows(html):
    """Each grouped row's text and count, in order."""
    return [(text.strip(), int(count or 1)) for text, count in re.findall(
        r'class="mod-text" id="text-[rh]\d+">([^<]*?)(?: <span class="count">×(\d+)</span>)?</label>', html)]


def bulk(client, csrf, event_id, as_json=True, **fields):
    """Post the list's form, as its script does (JSON) or as a plain form."""
    return client.post(f"/facilitator/events/{event_id}/moderation/bulk", headers=JSON if as_json else {},
                       data={"csrf_token": csrf, "next": "moderation", **fields})


def ids(db, event_id, text=None):
    """Risk ids (with this text, case and punctuation as typed)."""
    return [r["id"] for p in store.event_respondents(db, event_id) for r in p["risks"] if text in (None, r["text"])]


def hidden_and_themes(db, event_id):
    """Every risk's theme and hidden flag, and every theme: what a refused change must leave alone."""
    return (sorted((r["id"], r["theme"], r["hidden"]) for p in store.event_respondents(db, event_id) for r in p["risks"]),
            store.list_themes(db, event_id), store_moderation.actions(db, event_id, 10))


def test_duplicates_show_as_one_row_with_a_count_and_every_one_underneath(signed_in, db, event_id):
    html = page(signed_in, event_id)
    shown = rows(html)
    risk_rows = [r for r in shown if r[0] not in ("A clear timetable", "Money for all five towns", "Meet the landlords first")]
    assert len(risk_rows) == 260 and sum(count for _text, count in risk_rows) == 300
    assert sorted(text for text, count in risk_rows if count == 5) == sorted(text for text, _theme in COMMON)
    assert "300 risks and 30 answers on what would help, in 263 rows." in html
    # Each of the five is listed under its row, as typed.
    night = re.search(r'<details class="mod-each" id="each-(r\d+)">.*?Night cover is thin.*?</details>', html, re.S)
    assert night and html.count(f'id="pick-{night.group(1)}-') == 5
    assert "NIGHT COVER IS THIN!" in html and "night cover is thin" in html
    # The page and its fragment are the same markup.
    assert rows(fragment(signed_in, event_id)) == shown


def test_search_theme_shown_source_and_new_filters(signed_in, csrf, db, event_id):
    assert rows(fragment(signed_in, event_id, q="  NIGHT cover ")) == [("Night cover is thin", 5)]
    assert rows(fragment(signed_in, event_id, q="cafés")) == [("Too few rooms at the cafes", 5),
                                                             ("Ambulance crews do not know the cafes", 5)]
    premises = theme_id(db, event_id, "Prem")
    only = fragment(signed_in, event_id, theme=str(premises))
    assert "What would raise confidence" not in only
    assert len(rows(only)) == 3 + 63 and "78 risks, 78 match" in only
    assert ("Funding ends next March", 5) in rows(fragment(signed_in, event_id, theme="other"))
    moderation.hide(db, event_id, ids(db, event_id, "Burnout among peer workers"), [], True)
    assert rows(fragment(signed_in, event_id, shown="hidden")) == [("Burnout among peer workers", 1)]
    assert rows(fragment(signed_in, event_id, shown="shown", q="burnout")) == [("burnout among peer workers", 4)]
    assert rows(fragment(signed_in, event_id, source="survey")) == []
    assert "Nothing matches these filters." in fragment(signed_in, event_id, source="survey")
    # Filters a link may carry from an older page mean "all", never an error.
    assert len(rows(fragment(signed_in, event_id, theme="nonsense", shown="maybe", source="x"))) == 263
    moderation.mark_seen(db, event_id, moderation.page(db, event_id, parse_filters({}))["newest"])
    assert rows(fragment(signed_in, event_id, new="1")) == []
    assert "<strong data-new-count>0</strong> new since you last looked." in page(signed_in, event_id)


def test_moving_several_asks_first_then_moves_them_all_in_one_change(signed_in, csrf, db, event_id):
    staffing = theme_id(db, event_id, "Staff")
    chosen = ids(db, event_id)[:3]
    before = hidden_and_themes(db, event_id)
    asked = bulk(signed_in, csrf, event_id, action="move", theme=str(staffing), risk=",".join(map(str, chosen)))
    assert asked.status_code == 409
    assert asked.json["confirm"] == {"question": "Move 3 risks to “Staffing out of hours”? You can undo this.",
                                     "yes": "Move 3 risks"}
    assert hidden_and_themes(db, event_id) == before
    done = bulk(signed_in, csrf, event_id, action="move", theme=str(staffing), risk=[str(chosen[0]), f"{chosen[1]},{chosen[2]}"],
                confirmed="1")
    assert done.json == {"ok": True, "message": "Done: moved 3 risks to Staffing out of hours. You can undo this.",
                         "problems": []}
    assert {r[1] for r in hidden_and_themes(db, event_id)[0] if r[0] in chosen} == {staffing}
    assert "Undo: moved 3 risks to Staffing out of hours" in page(signed_in, event_id)


def test_choosing_all_shown_hides_exactly_what_the_filters_showed(signed_in, csrf, db, event_id):
    html = fragment(signed_in, event_id, q="rota gaps")
    shown = re.findall(r'name="shown_risk" value="(\d+)"', html)
    assert len(shown) == 5 and not re.findall(r'name="shown_help"', html)
    reply = bulk(signed_in, csrf, event_id, action="hide", all_shown="1", shown_risk=shown, confirmed="1",
                 back="q=rota+gaps")
    assert reply.json["message"] == "Done: hid 5 comments from the projector. You can undo this."
    assert sorted(r[0] for r in hidden_and_themes(db, event_id)[0] if r[2]) == sorted(map(int, shown))
    assert "Rota gaps" not in str(answers.summary(db, event_id))


def test_a_row_button_hides_its_group_and_one_comment_needs_no_asking(signed_in, csrf, db, event_id):
    lease = ids(db, event_id, "Lease costs keep rising")
    reply = bulk(signed_in, csrf, event_id, quick=f"hide:risk:{lease[0]}")
    assert reply.json["message"] == "Done: hid “Lease costs keep rising” from the projector. You can undo this."
    group = [i for p in store.event_respondents(db, event_id) for r in p["risks"] for i in [r["id"]]
             if r["text"].strip(" .!").casefold().split() == "lease costs keep rising".split()]
    assert bulk(signed_in, csrf, event_id, quick="hide:risk:" + ",".join(map(str, group))).status_code == 409
    shown = bulk(signed_in, csrf, event_id, quick="show:risk:" + ",".join(map(str, group)), confirmed="1")
    assert shown.json["message"] == "Done: showed 5 comments on the projector again. You can undo this."


@pytest.mark.parametrize("fields, words", [
    ({"action": "hide", "risk": "99999"}, "there is no such comment in this event (number 99999)"),
    ({"action": "hide", "risk": "FIRST,99999"}, "there is no such comment in this event (number 99999)"),
    ({"action": "hide", "risk": "FIRST,abc"}, "“abc” is not a comment's number"),
    ({"action": "hide", "risk": "-1"}, "“-1” is not a comment's number"),
    ({"action": "hide", "would_help": "99999"}, "there is no such comment"),
    ({"action": "hide"}, "choose at least one comment to hide"),
    ({"action": "move", "risk": "FIRST", "theme": "99999"}, "that theme does not exist"),
    ({"action": "move", "risk": "FIRST", "theme": ""}, "that theme does not exist"),
    ({"action": "move", "risk": "FIRST,SECOND,99999", "theme": "other"}, "there is no such risk"),
    ({"action": "move", "risk": "FIRST", "would_help": "HELP", "theme": "other"}, "choose only risks to move"),
    ({"quick": "paint:risk:FIRST"}, "not understood"),
    ({"action": "paint", "risk": "FIRST"}, "not understood"),
])
def test_a_bad_request_refuses_the_whole_change_in_plain_words(signed_in, csrf, db, event_id, fields, words):
    first, second = ids(db, event_id)[:2]
    helper = next(p["id"] for p in store.event_respondents(db, event_id) if p["would_help"])
    fields = {k: v.replace("FIRST", str(first)).replace("SECOND", str(second)).replace("HELP", str(helper))
              for k, v in fields.items()}
    before = hidden_and_themes(db, event_id)
    reply = bulk(signed_in, csrf, event_id, confirmed="1", **fields)
    assert reply.status_code == 422 and reply.json["ok"] is False
    assert words in " ".join([reply.json["message"]] + [p["message"] for p in reply.json["problems"]])
    assert hidden_and_themes(db, event_id) == before


def test_undo_over_http_and_its_refusals(signed_in, csrf, db, event_id):
    premises, staffing = theme_id(db, event_id, "Prem"), theme_id(db, event_id, "Staff")
    before = hidden_and_themes(db, event_id)[:2]
    merged = signed_in.post(f"/facilitator/events/{event_id}/themes", headers=JSON, data={
        "csrf_token": csrf, "next": "moderation", "action": "merge", "theme": premises, "into": staffing, "confirmed": "1"})
    assert merged.json["message"] == "Merged the themes; 78 risks moved. You can undo this."
    html = page(signed_in, event_id)
    action = re.search(r'name="action" value="(\d+)">\s*<button type="submit" id="undo-\d+">Undo: merged Premises into '
                       r'Staffing out of hours</button>', html)
    assert action
    undo = {"csrf_token": csrf, "next": "moderation", "action": action.group(1)}
    done = signed_in.post(f"/facilitator/events/{event_id}/moderation/undo", headers=JSON, data=undo)
    assert done.json["message"] == "Undone: merged Premises into Staffing out of hours."
    assert hidden_and_themes(db, event_id)[:2] == before
    again = signed_in.post(f"/facilitator/events/{event_id}/moderation/undo", headers=JSON, data=undo)
    assert again.status_code == 422 and "has already been undone" in again.json["problems"][0]["message"]
    for bad in ("99999", "x", ""):
        reply = signed_in.post(f"/facilitator/events/{event_id}/moderation/undo", headers=JSON, data={**undo, "action": bad})
        assert reply.status_code == 422 and "no such change to undo" in reply.json["problems"][0]["message"]


def test_plain_forms_ask_on_a_page_of_their_own_and_return_with_the_filters(signed_in, csrf, db, event_id):
    chosen = ids(db, event_id)[:2]
    asked = bulk(signed_in, csrf, event_id, as_json=False, action="hide", risk=[str(i) for i in chosen],
                 back="q=site&theme=other")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Hide 2 comments from the projector? You can undo this." in html
    assert '<input type="hidden" name="confirmed" value="1">' in html and ">Hide 2 comments</button>" in html
    assert f'href="/facilitator/events/{event_id}/moderation?q=site&amp;theme=other">Cancel</a>' in html
    assert not any(r[2] for r in hidden_and_themes(db, event_id)[0])
    fields = {name: unescape(value) for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html)}
    fields["risk"] = re.findall(r'name="risk" value="(\d+)"', html)
    done = signed_in.post(f"/facilitator/events/{event_id}/moderation/bulk", data=fields)
    assert done.status_code == 302
    assert done.headers["Location"] == f"/facilitator/events/{event_id}/moderation?q=site&theme=other"
    assert "Done: hid 2 comments from the projector." in page(signed_in, event_id, q="site", theme="other")
    assert sorted(r[0] for r in hidden_and_themes(db, event_id)[0] if r[2]) == sorted(chosen)


def test_the_list_escapes_what_people_typed(signed_in, csrf, db, event_id):
    table = {**store.get_table(db, event_id, 2), "event_id": event_id}
    assert answers.submit_room(db, table, {"respondent": "hostile-person-0001", "submission_id": "hostile-0001",
                                           "confidence": "less", "would_help": HOSTILE,
                                           "risks": [{"text": HOSTILE, "theme": "other"}]}).ok
    for html in (page(signed_in, event_id), fragment(signed_in, event_id)):
        assert HOSTILE not in html and "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html


def test_mark_all_as_seen_over_http(signed_in, csrf, db, event_id):
    newest = moderation.page(db, event_id, parse_filters({}))["newest"]
    assert f'name="upto" value="{newest}"' in page(signed_in, event_id)
    reply = signed_in.post(f"/facilitator/events/{event_id}/moderation/seen", headers=JSON,
                           data={"csrf_token": csrf, "upto": newest})
    assert reply.json["message"] == "Marked everything as seen." and store_moderation.seen(db, event_id) == newest
    bad = signed_in.post(f"/facilitator/events/{event_id}/moderation/seen", headers=JSON,
                         data={"csrf_token": csrf, "upto": "soon"})
    assert bad.status_code == 422 and store_moderation.seen(db, event_id) == newest


@pytest.mark.parametrize("path, fields", [
    ("moderation/bulk", {"action": "hide", "risk": "1", "confirmed": "1"}),
    ("moderation/undo", {"action": "1"}),
    ("moderation/seen", {"upto": "2024-01-01T00:00:00+00:00"}),
])
def test_without_sign_in_or_csrf_token_nothing_changes(client, auth, db, event_id, path, fields):
    before = hidden_and_themes(db, event_id), store_moderation.seen(db, event_id)
    anonymous = client.post(f"/facilitator/events/{event_id}/{path}", data={"csrf_token": auth.csrf_token(), **fields},
                            headers=JSON)
    assert anonymous.status_code == 302 and "/facilitator/sign-in" in anonymous.headers["Location"]
    assert client.get(f"/facilitator/events/{event_id}/moderation/list").status_code == 302
    auth.sign_in()
    forged = client.post(f"/facilitator/events/{event_id}/{path}", data=fields, headers=JSON)
    assert forged.status_code == 400
    assert (hidden_and_themes(db, event_id), store_moderation.seen(db, event_id)) == before


@pytest.mark.parametrize("extra", [0, 200])
def test_the_page_and_its_list_render_quickly_with_300_and_500_risks(signed_in, db, event_id, extra, record_property):
    if extra:
        seed_crowd(db, event_id, extra=extra, crowd=False)   # 200 more people, a risk each: 500 risks
    timings = {}
    for name, path in (("page", ""), ("list", "/list")):
        spent = []
        for _ in range(3):
            start = time.perf_counter()
            assert signed_in.get(f"/facilitator/events/{event_id}/moderation{path}").status_code == 200
            spent.append(time.perf_counter() - start)
        timings[name] = min(spent)
    record_property("render_seconds", timings)
    print(f"\n{len(ids(db, event_id))} risks: page {timings['page'] * 1000:.0f} ms, list {timings['list'] * 1000:.0f} ms")
    # Generous for a shared test machine; the measured figures are in docs/decisions.md.
    assert timings["list"] < 2.0 and timings["page"] < 3.0
