"""The control room's survey controls: what they offer in each state, and every change and refusal, as the page's
script sends them (JSON) and as plain forms; a refusal says why in plain words and changes nothing."""
import datetime
import re

import pytest

from facilitation import answers, store, surveys

from ..conftest import Auth

JSON = {"Accept": "application/json"}
UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC)


def later(**delta):
    """A datetime-local value (this server's time zone) this long from now."""
    return surveys.local_input(datetime.datetime.now(UTC) + datetime.timedelta(**delta))


def set_survey(db, event_id, closes, closed_by_hand):
    """Put the survey straight into a state: its closing time (aware datetime or None) and closed-by-hand flag."""
    store.change_survey(db, event_id, lambda _closes, _hand: (
        closes.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if closes else None,
        closed_by_hand))


def stored(db, event_id):
    """What the survey holds: its closing time and whether it was closed by hand."""
    survey = answers.survey(db, event_id)
    return survey["closes"], survey["closed_by_hand"]


@pytest.fixture
def pinned(db, imported):
    """The explicit event: its survey asks about the pinned option B, so it is open whenever it is not closed."""
    return imported("allocate-explicit.json")


@pytest.fixture
def strongest(db, imported):
    """The score-all event: it asks about the strongest option, so its survey waits for the confidence questions."""
    return imported("score-all.json")


@pytest.fixture
def csrf(signed_in):
    """A CSRF token for the control room's forms."""
    return Auth(signed_in).csrf_token("/facilitator/")


def send(client, csrf, event_id, as_json=True, **fields):
    """Post one of the survey forms, as the control room's script (JSON) or as a plain form."""
    return client.post(f"/facilitator/events/{event_id}/survey", data={"csrf_token": csrf, "next": "control", **fields},
                       headers=JSON if as_json else {})


def offered(page):
    """The survey part of the control room: its status, its sentence and the buttons it shows (hidden ones left out)."""
    part = page[page.index("<div class=\"survey-controls\""):page.index("js/survey_controls.")]
    buttons = [label for attrs, label in re.findall(r"<button ([^>]*)>([^<]*)</button>", part) if " hidden" not in attrs]
    now_form = re.search(r"<form [^>]*data-survey-now-form[^>]*>", part).group(0)
    if " hidden" in now_form:
        buttons = [b for b in buttons if b not in ("Close the survey now", "Keep the survey closed", "Reopen the survey")]
    status = re.search(r"data-survey-status>([^<]*)<", part).group(1)
    sentence = re.search(r"<p data-survey-message>([^<]*)</p>", part).group(1)
    return status, sentence, buttons


HOUR = datetime.timedelta(hours=1)

# (fixture, closing time from now, closed by hand) → (status, words in the sentence, the buttons offered)
STATES = {
    "open until a time": ("pinned", HOUR, False, "Open", "Open: it takes answers until",
                          ["Close the survey now", "Change the closing time", "Remove the closing time"]),
    "open with no closing time": ("pinned", None, False, "Open", "with no closing time, until you close it",
                                  ["Close the survey now", "Set a closing time"]),
    "closed by its time": ("pinned", -HOUR, False, "Closed: its closing time passed", "has passed. Extend the closing time",
                           ["Extend the closing time and reopen", "Reopen with no closing time"]),
    "closed by hand": ("pinned", HOUR, True, "Closed by you", "Closed by you: its link says so",
                       ["Reopen the survey", "Change the closing time", "Remove the closing time"]),
    "closed by hand, its time passed too": ("pinned", -HOUR, True, "Closed by you", "has passed too",
                                            ["Reopen until this time", "Reopen with no closing time"]),
    "not open yet": ("strongest", None, False, "Not open yet", "opens once the confidence questions have been opened",
                     ["Keep the survey closed", "Set a closing time"]),
}


@pytest.mark.parametrize("name", STATES)
def test_the_controls_offer_only_what_the_surveys_state_allows(request, signed_in, db, name):
    fixture, from_now, by_hand, status, words, buttons = STATES[name]
    event_id = request.getfixturevalue(fixture)
    set_survey(db, event_id, NOW + from_now if from_now else None, by_hand)
    page = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    shown_status, sentence, shown_buttons = offered(page)
    assert (shown_status, shown_buttons) == (status, buttons)
    assert words in sentence
    # The page's script reads the same state as JSON.
    state = signed_in.get(f"/facilitator/events/{event_id}/survey", headers=JSON).get_json()["survey"]
    assert state["label"] == status and state["summary"] == sentence.replace("&#39;", "'")
    # The survey link itself agrees: it takes answers only when the control room says "Open".
    link = signed_in.get(f"/s/{store.get_event(db, event_id)['survey_token']}")
    assert (link.status_code == 200) == (status == "Open")


def test_extending_the_closing_time_reopens_a_survey_closed_by_its_time(signed_in, csrf, db, pinned):
    set_survey(db, pinned, NOW - HOUR, False)
    reply = send(signed_in, csrf, pinned, survey="extend", closes=later(days=2))
    assert reply.status_code == 200 and reply.json["ok"]
    assert reply.json["status"] == "open" and reply.json["survey"]["state"] == "open"
    assert reply.json["message"].startswith("The closing time is now ") and "Open: it takes answers until" in reply.json["message"]
    assert reply.json["survey"]["now_action"] == {"value": "closed", "label": "Close the survey now"}
    assert answers.survey(db, pinned)["status"] == "open"
    # The event definition holds the new closing time, as the editor and the exported event file show it.
    closes = store.load_definition(db, pinned)["survey"]["closes"]
    assert surveys.read_closing_time(closes) > NOW + datetime.timedelta(days=1)


def test_a_survey_closed_by_hand_after_its_time_reopens_until_a_new_time(signed_in, csrf, db, pinned):
    set_survey(db, pinned, NOW - HOUR, True)
    assert send(signed_in, csrf, pinned, survey="extend", closes=later(hours=3)).json["survey"]["state"] == "open"
    assert stored(db, pinned)[1] is False


def test_closing_reopening_and_removing_the_closing_time(signed_in, csrf, db, pinned):
    set_survey(db, pinned, NOW + HOUR, False)
    assert send(signed_in, csrf, pinned, survey="closed").json["survey"]["state"] == "closed_by_hand"
    # Changing the time of a survey closed by hand keeps it closed until it is reopened.
    changed = send(signed_in, csrf, pinned, survey="closes", closes=later(days=5)).json
    assert changed["survey"]["state"] == "closed_by_hand" and "it closes at" in changed["survey"]["summary"]
    assert send(signed_in, csrf, pinned, survey="open").json["survey"]["state"] == "open"
    removed = send(signed_in, csrf, pinned, survey="no_closing_time").json
    assert removed["message"] == "Removed the closing time. Open: it takes answers with no closing time, until you close it."
    assert stored(db, pinned) == (None, False)
    set_survey(db, pinned, NOW - HOUR, False)
    assert send(signed_in, csrf, pinned, survey="reopen_without_time").json["survey"]["state"] == "open"


REFUSALS = [
    ("closed by its time, closed again", -HOUR, False, {"survey": "closed"}, "has already closed: its closing time"),
    ("closed by hand, closed again", HOUR, True, {"survey": "closed"}, "The survey is already closed. Nothing changed."),
    ("reopened after its time", -HOUR, True, {"survey": "open"}, "Not reopened: its closing time"),
    ("reopened while open", HOUR, False, {"survey": "open"}, "The survey is already open. Nothing changed."),
    ("a closing time in the past", -HOUR, False, {"survey": "extend", "closes": "2020-01-01T10:00"},
     "has already passed: choose a closing time still to come. Nothing changed."),
    ("a time that is not one", HOUR, False, {"survey": "closes", "closes": "next Tuesday"},
     "“next Tuesday” is not a date and time. Nothing changed."),
    ("no time given", HOUR, False, {"survey": "closes", "closes": ""}, "Choose the date and time the survey should close."),
    ("no closing time to remove", None, False, {"survey": "no_closing_time"}, "has no closing time to remove"),
    ("not understood", HOUR, False, {"survey": "sideways"}, "That survey change was not understood. Nothing changed."),
]


@pytest.mark.parametrize("name, from_now, by_hand, fields, words", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_change_says_why_and_changes_nothing(signed_in, csrf, db, pinned, name, from_now, by_hand, fields,
                                                        words):
    set_survey(db, pinned, NOW + from_now if from_now else None, by_hand)
    before, definition = stored(db, pinned), store.load_definition(db, pinned)
    reply = send(signed_in, csrf, pinned, **fields)
    assert reply.status_code == 422 and reply.json["ok"] is False and words in reply.json["message"]
    assert stored(db, pinned) == before and store.load_definition(db, pinned) == definition
    # The plain form shows the same words on the control room, and changes nothing either.
    page = send(signed_in, csrf, pinned, as_json=False, **fields)
    assert page.status_code == 302 and page.headers["Location"].endswith("/control#confidence")
    shown = signed_in.get(page.headers["Location"]).get_data(as_text=True)
    assert words in shown
    assert stored(db, pinned) == before


def test_the_plain_form_extends_the_closing_time_without_javascript(signed_in, csrf, db, pinned):
    set_survey(db, pinned, NOW - HOUR, False)
    response = send(signed_in, csrf, pinned, as_json=False, survey="extend", closes=later(days=1))
    assert response.status_code == 302
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "The closing time is now" in page and offered(page)[0] == "Open"
