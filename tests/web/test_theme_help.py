"""Which theme what would help is about, the stakeholder group, and the organisers' response per theme, over HTTP.

The phone's and the survey's plain forms and JSON carry the theme and the group; the control room's response form
answers a plain form with a redirect back and its fetch with JSON; every refusal says why and changes nothing.
"""
import datetime
import json

import pytest

from facilitation import answers, closing, definitions, store
from facilitation.domain.event_file import read_event_file

from ..conftest import Auth, event_file
from .test_survey import form, hidden_field, survey_url, table_url

JSON = {"Accept": "application/json"}
GROUPS = ["Patients and public", "GPs", "Voluntary sector"]
HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture
def event_id(db):
    """The explicit event with stakeholder groups (an invitee in one), survey open a day, questions on B."""
    definition = event_file("allocate-explicit.json")
    definition["stakeholder_groups"] = GROUPS
    definition["invitees"][0]["group"] = "Voluntary sector"
    event_id = store.create_event(db, read_event_file(json.dumps(definition).encode()))
    definition = store.load_definition(db, event_id)
    closes = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    definition["survey"]["closes"] = closes.isoformat(timespec="seconds").replace("+00:00", "Z")
    definitions.replace_definition(db, event_id, definition)
    answers.open_phase(db, event_id, "B")
    return event_id


def theme(db, event_id, start):
    """A theme's id by the start of its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(start))


def response_url(event_id, theme_id):
    """The control room's response form for one theme."""
    return f"/facilitator/events/{event_id}/themes/{theme_id}/response"


@pytest.fixture
def csrf(signed_in, event_id):
    """The CSRF token the control room's forms carry."""
    return Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/control")


# ---------------------------------------------------------------- the phone and the survey

def test_the_phone_asks_which_theme_and_the_plain_form_carries_it(client, db, event_id):
    url = table_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    assert 'name="would_help_theme"' in page and "In general (no one theme)" in page
    premises = theme(db, event_id, "Prem")
    sent = client.post(url + "/answers", data=form(page, would_help_theme=str(premises)))
    assert sent.status_code == 302
    assert store.event_respondents(db, event_id)[0]["would_help_theme"] == premises
    again = client.get(url).get_data(as_text=True)
    assert f'<option value="{premises}" selected>Premises</option>' in again
    # "In general" is the empty choice, and changing back is kept.
    client.post(url + "/answers", data=form(again, would_help_theme=""))
    assert store.event_respondents(db, event_id)[0]["would_help_theme"] is None


@pytest.mark.parametrize("typed", ["987654", "Premises", "-1"])
def test_a_theme_that_does_not_exist_is_refused_beside_the_field(client, db, event_id, typed):
    url = table_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    refused = client.post(url + "/answers", data=form(page, would_help_theme=typed))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="c-would-help-theme-problem"' in text
    assert "That theme does not exist" in text and store.event_respondents(db, event_id) == []


@pytest.mark.parametrize("sent", [[1], {"id": 1}, True, "1", 987654])
def test_the_answers_api_refuses_a_theme_that_is_not_one_plainly(client, db, event_id, sent):
    url = f"/api/tables/{store.get_table(db, event_id, 1)['join_token']}/answers"
    refused = client.post(url, json={"respondent": "delegate-phone-00000001", "submission_id": "api-00001",
                                     "confidence": "same", "would_help": "Time", "would_help_theme": sent})
    assert refused.status_code == 422
    assert [p["field"] for p in refused.get_json()["problems"]] == ["would_help_theme"]
    assert store.event_respondents(db, event_id) == []


def test_the_answers_api_without_the_theme_is_in_general_as_before(client, db, event_id):
    url = f"/api/tables/{store.get_table(db, event_id, 1)['join_token']}/answers"
    stored = client.post(url, json={"respondent": "delegate-phone-00000001", "submission_id": "api-00001",
                                    "confidence": "same", "would_help": "Time"})
    assert stored.status_code == 201 and stored.get_json()["answers"]["would_help_theme"] is None


def test_the_who_are_you_step_offers_the_groups_and_keeps_the_choice(client, db, event_id):
    url = table_url(db, event_id, 2)
    page = client.get(url).get_data(as_text=True)
    assert 'id="i-group"' in page and all(f">{group}</option>" in page for group in GROUPS)
    sent = client.post(url + "/identify", data={"respondent": hidden_field(page, "respondent"), "name": "Ann Lee",
                                                "organisation": "City Council", "stakeholder_group": "GPs"})
    assert sent.status_code == 302
    [person] = store.event_respondents(db, event_id)
    assert person["stakeholder_group"] == "GPs"
    assert '<option value="GPs" selected>GPs</option>' in client.get(url).get_data(as_text=True)


def test_an_unknown_group_is_refused_and_nothing_changes(client, db, event_id):
    url = table_url(db, event_id, 2)
    page = client.get(url).get_data(as_text=True)
    key = hidden_field(page, "respondent")
    client.post(url + "/identify", data={"respondent": key, "name": "Ann Lee", "stakeholder_group": "GPs"})
    refused = client.post(url + "/identify", data={"respondent": key, "name": "Ann", "stakeholder_group": "Dentists"})
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "not saved" in shown and "there is no stakeholder group" in shown
    [person] = store.event_respondents(db, event_id)
    assert (person["name"], person["stakeholder_group"]) == ("Ann Lee", "GPs")


def test_no_group_is_offered_when_the_event_has_none(client, db, imported):
    event_id = imported("allocate-explicit.json")
    page = client.get(table_url(db, event_id)).get_data(as_text=True)
    assert 'name="stakeholder_group"' not in page


def test_a_personal_survey_link_prefills_the_invitees_group(client, db, event_id):
    invitee = next(i for i in store.list_invitees(db, event_id) if i["group"])
    url = f"/s/{invitee['survey_token']}"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="Voluntary sector" selected>Voluntary sector</option>' in page
    premises = theme(db, event_id, "Prem")
    saved = client.post(url, data=form(page, name=invitee["name"], organisation=invitee["organisation"],
                                       stakeholder_group="Voluntary sector", would_help_theme=str(premises)))
    assert saved.status_code == 200
    [person] = store.event_respondents(db, event_id)
    assert (person["stakeholder_group"], person["would_help_theme"]) == ("Voluntary sector", premises)


def test_the_survey_refuses_an_unknown_group_and_keeps_what_was_typed(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data=form(page, stakeholder_group="Dentists", would_help="Keep me"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="c-group-problem"' in text and "Keep me" in text
    assert store.event_respondents(db, event_id) == []


def test_the_survey_json_api_takes_the_group_and_refuses_a_list(client, db, event_id):
    url = f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers"
    body = {"respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "less"}
    refused = client.post(url, json={**body, "stakeholder_group": ["GPs"]})
    assert refused.status_code == 422 and refused.get_json()["problems"][0]["field"] == "stakeholder_group"
    stored = client.post(url, json={**body, "stakeholder_group": "gps", "organisation": "Practice"})
    assert stored.status_code == 201 and stored.get_json()["answers"]["stakeholder_group"] == "GPs"


# ---------------------------------------------------------------- the organisers' response, in the control room

def test_the_control_room_shows_each_theme_with_its_shares_help_and_response_form(signed_in, db, event_id):
    premises = theme(db, event_id, "Prem")
    table = store.get_table(db, event_id, 1)
    signed_in.post(f"/api/tables/{table['join_token']}/answers", json={
        "respondent": "delegate-phone-00000001", "submission_id": "api-00001", "confidence": "much_less",
        "would_help": HOSTILE, "would_help_theme": premises, "stakeholder_group": "GPs",
        "risks": [{"text": "Too few rooms", "theme": premises}]})
    page = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert 'id="theme-responses"' in page and f'id="response-{premises}"' in page
    assert "1 person raised it: <strong>0% more confident</strong>, <strong>100% less confident</strong>" in page
    assert HOSTILE not in page and "&lt;img src=x" in page
    assert 'id="by-stakeholder-group"' in page and 'id="by-organisation"' in page
    fragment = signed_in.get(f"/facilitator/events/{event_id}/theme-responses")
    assert fragment.status_code == 200 and 'data-live="theme-responses"' in fragment.get_data(as_text=True)


def test_saving_a_response_by_fetch_and_by_plain_form(signed_in, csrf, db, event_id):
    premises = theme(db, event_id, "Prem")
    saved = signed_in.post(response_url(event_id, premises), headers=JSON,
                           data={"csrf_token": csrf, "next": "control", "response": "  Book rooms early\r\nin March "})
    assert saved.status_code == 200 and saved.json["ok"] and saved.json["message"] == "Saved the response to “Premises”."
    assert store.theme_responses(db, event_id) == {premises: "Book rooms early\nin March"}
    plain = signed_in.post(response_url(event_id, premises), follow_redirects=False,
                           data={"csrf_token": csrf, "next": "control", "response": "Rooms booked"})
    assert plain.status_code == 302 and plain.headers["Location"].endswith("/control#theme-responses")
    shown = signed_in.get(plain.headers["Location"]).get_data(as_text=True)
    assert "Saved the response to “Premises”." in shown and ">Rooms booked</textarea>" in shown
    cleared = signed_in.post(response_url(event_id, premises), headers=JSON,
                             data={"csrf_token": csrf, "next": "control", "response": ""})
    assert cleared.json["message"] == "Cleared the response to “Premises”." and store.theme_responses(db, event_id) == {}


def test_a_response_can_be_written_after_the_event_is_closed(signed_in, csrf, db, event_id):
    closing.close_event(db, event_id)
    premises = theme(db, event_id, "Prem")
    saved = signed_in.post(response_url(event_id, premises), headers=JSON,
                           data={"csrf_token": csrf, "next": "control", "response": "Written afterwards"})
    assert saved.status_code == 200 and store.theme_responses(db, event_id) == {premises: "Written afterwards"}


@pytest.mark.parametrize("theme_id, text, words", [
    (None, "x" * 1001, "the response is too long: at most 1000 characters (this has 1001)"),
    (987654, "Fine", "that theme does not exist"),
])
def test_a_refused_response_says_why_and_changes_nothing(signed_in, csrf, db, event_id, theme_id, text, words):
    premises = theme(db, event_id, "Prem")
    store.set_theme_response(db, event_id, premises, "Kept")
    url = response_url(event_id, theme_id or premises)
    refused = signed_in.post(url, headers=JSON, data={"csrf_token": csrf, "next": "control", "response": text})
    assert refused.status_code == 422 and refused.json["ok"] is False
    assert words in refused.json["problems"][0]["message"]
    plain = signed_in.post(url, data={"csrf_token": csrf, "next": "control", "response": text}, follow_redirects=True)
    assert "Nothing changed: " + words in plain.get_data(as_text=True)
    assert store.theme_responses(db, event_id) == {premises: "Kept"}


def test_the_response_form_needs_the_facilitator_and_its_csrf_token(client, signed_in, db, event_id):
    premises = theme(db, event_id, "Prem")
    assert signed_in.post(response_url(event_id, premises), data={"response": "No token"}).status_code == 400
    assert signed_in.post(f"/facilitator/events/999/themes/{premises}/response", headers=JSON,
                          data={"csrf_token": Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/control"),
                                "response": "x"}).status_code == 404
    assert store.theme_responses(db, event_id) == {}


def test_the_api_sets_a_response_and_refuses_plainly(client, db, event_id, api):
    premises = theme(db, event_id, "Prem")
    url = f"/api/events/{event_id}/themes/{premises}/response"
    assert client.put(url, json={"response": "x"}).status_code == 401
    saved = api("PUT", url, json={"response": " Book rooms early "})
    assert saved.status_code == 200 and saved.get_json()["theme"] == {"id": premises, "name": "Premises",
                                                                      "response": "Book rooms early"}
    assert api("GET", f"/api/events/{event_id}/confidence").get_json()["themes"][1]["response"] == "Book rooms early"
    wrong = api("PUT", url, json={"text": "wrong key"})
    assert wrong.status_code == 422 and sorted(p["field"] for p in wrong.get_json()["problems"]) == ["response", "text"]
    assert api("PUT", url, data="not json").status_code == 400
    long = api("PUT", url, json={"response": "x" * 1001})
    assert long.status_code == 422 and long.get_json()["problems"][0]["field"] == "response"
    assert api("PUT", url, json={"response": {"a": 1}}).status_code == 422
    other = api("PUT", f"/api/events/{event_id}/themes/987654/response", json={"response": "x"})
    assert other.status_code == 422 and "does not exist" in other.get_json()["problems"][0]["message"]
    assert api("PUT", f"/api/events/9999/themes/{premises}/response", json={"response": "x"}).status_code == 404
    assert store.theme_responses(db, event_id) == {premises: "Book rooms early"}
