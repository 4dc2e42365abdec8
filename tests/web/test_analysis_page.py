"""The control room's Analysis page: a what-if changes nothing stored; saving stores the weights and rule (and the
projector hears at once); weights that break a rule are refused in plain words with nothing changed."""
import html as markup
import re

import pytest

from facilitation import socketio, store

from ..conftest import published_ballots


@pytest.fixture
def event(signed_in, db, imported):
    """whole-system-2009 with its 24 published ballots, posted through the table API."""
    event_id = imported("../events/whole-system-2009.json")
    store.set_voting(db, event_id, None, "open")
    tables = {t["number"]: t for t in store.list_tables(db, event_id)}
    for i, ballot in enumerate(published_ballots()):
        body = {key: ballot[key] for key in ("criterion", "ranking", "points", "ruled_out")}
        response = signed_in.post(f"/api/tables/{tables[ballot['table']]['join_token']}/ballots",
                                  json={**body, "base_version": 0, "submission_id": f"published-{i:04d}"})
        assert response.status_code == 201, response.get_data(as_text=True)
    return event_id


def page_of(event_id):
    return f"/facilitator/events/{event_id}/analysis"


def text(response):
    """The page's words, without tags or runs of spaces."""
    return markup.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def stored(db, event_id):
    definition = store.load_definition(db, event_id)
    return {c["code"]: c["weight"] for c in definition["criteria"]}, definition["scoring"]["rule"]


def test_the_page_shows_the_stored_ranking_its_margin_and_every_measure(signed_in, event):
    response = signed_in.get(page_of(event))
    assert response.status_code == 200
    words = text(response)
    assert "Strongest option by total points: 4b" in words
    assert "133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81." in words
    assert "The stored weights." in words and "What-if, not saved" not in words
    for heading in ("Ranking by total points", "Sensitivity", "Most critical criterion", "Leave one table out",
                    "Coverage", "Do the tables agree?", "Option families"):
        assert heading in words
    html = response.get_data(as_text=True)
    assert 'name="weight.city"' in html and 'type="range"' in html and "<svg" in html
    assert 'aria-current="page">Analysis</a>' in html


@pytest.mark.parametrize("path", ["", "/what-if"])
def test_a_what_if_shows_another_winner_and_stores_nothing(signed_in, api, db, event, path):
    before = stored(db, event)
    others = {f"weight.{code}": "0" for code in before[0] if code != "city"}
    response = signed_in.get(page_of(event) + path, query_string={**others, "weight.city": "1", "rule": "weighted"})
    assert response.status_code == 200
    words = text(response)
    assert "What-if, not saved." in words and "Strongest option by weighted points: 3b" in words
    assert "City:local 1 →" not in words and "Finance and VFM 1 → 0" in words and "the rule raw → weighted" in words
    assert stored(db, event) == before
    assert api("GET", f"/api/events/{event}/results").get_json()["strongest"] == ["4b"]
    # The fragment is the measures alone, for the page's script; the page wraps the same markup.
    assert ("<h1>" in response.get_data(as_text=True)) is (path == "")


def test_saving_stores_the_weights_and_rule_and_the_projector_hears_at_once(app, signed_in, db, event):
    projector = socketio.test_client(app, flask_test_client=signed_in)
    assert projector.emit("join_projector", {"event_id": event}, callback=True)["results"]["strongest"] == ["4b"]
    projector.get_received()
    html = signed_in.get(page_of(event)).get_data(as_text=True)
    form = {"csrf_token": csrf(html), "weight.city": "30", "rule": "weighted", "criterion": "city"}
    response = signed_in.post(page_of(event), data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/analysis?criterion=city")
    assert stored(db, event)[0]["city"] == 30 and stored(db, event)[1] == "weighted"
    # The full results, matrix and all, as join_projector's ack has them (a batch of the ballots may come first).
    sent = [m["args"][0] for m in projector.get_received() if m["name"] == "results"]
    whole = [message for message in sent if "matrix" in message]
    assert len(whole) == 1 and whole[0]["strongest"] == ["3b"] and whole[0]["basis"]["rule"] == "weighted"
    assert sent[-1]["strongest"] == ["3b"]
    page = signed_in.get(response.headers["Location"])
    assert "Saved: the strongest option is now named by weighted points" in text(page)
    assert "Strongest option by weighted points: 3b" in text(page) and "The stored weights." in text(page)
    projector.disconnect()


@pytest.mark.parametrize("form, words", [
    ({"weight.city": "heavy"}, "City:local: must be a number, such as 1 or 1.5"),
    ({"weight.city": "-1"}, "City:local: must be between 0 and 1000"),
    ({"weight.parking": "2"}, 'The weights: "parking" is not a criterion in this event'),
    ({"rule": "loudest"}, 'The rule: must be "raw"'),
])
def test_weights_that_break_a_rule_are_refused_in_plain_words_and_nothing_changes(signed_in, db, event, form, words):
    before = stored(db, event)
    html = signed_in.get(page_of(event)).get_data(as_text=True)
    response = signed_in.post(page_of(event), data={"csrf_token": csrf(html), **form})
    assert response.status_code == 422
    assert "Nothing has changed. Please fix:" in text(response) and words in text(response)
    assert stored(db, event) == before
    # The same in a what-if: the stored weights' measures are shown, with the problem.
    what_if = signed_in.get(page_of(event) + "/what-if", query_string=form)
    assert what_if.status_code == 422 and words in text(what_if) and "The stored weights." in text(what_if)


def test_a_typed_weight_that_was_refused_stays_in_its_box_to_be_corrected(signed_in, event):
    response = signed_in.get(page_of(event), query_string={"weight.city": "heavy"})
    assert 'name="weight.city" min="0" max="1000" step="any"' in response.get_data(as_text=True)
    assert re.search(r'name="weight.city"[^>]*value="heavy"', response.get_data(as_text=True))


def test_saving_needs_the_forms_csrf_token_and_sign_in(client, auth, db, event):
    before = stored(db, event)
    assert client.post(page_of(event), data={"weight.city": "30"}).status_code == 400
    auth.sign_out()
    assert client.get(page_of(event)).status_code == 302
    assert stored(db, event) == before
