"""The survey link and a delegate's own questions on the table page, as plain forms and as JSON: each rule, nothing partial."""
import datetime
import re

import pytest

from facilitation import answers, definitions, store
from facilitation.web.auth import new_api_token

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture
def event_id(db, imported):
    """The explicit event with its survey open for another day and the confidence questions asking about B."""
    event_id = imported("allocate-explicit.json")
    reopen_survey(db, event_id, datetime.timedelta(days=1))
    answers.open_phase(db, event_id, "B")
    return event_id


def reopen_survey(db, event_id, from_now):
    """Move the survey's closing time to now plus from_now (negative: it has already closed)."""
    definition = store.load_definition(db, event_id)
    closes = datetime.datetime.now(datetime.timezone.utc) + from_now
    definition["survey"]["closes"] = closes.isoformat(timespec="seconds").replace("+00:00", "Z")
    definitions.replace_definition(db, event_id, definition)


def survey_url(db, event_id):
    """The event's survey link, as a path."""
    return f"/s/{store.get_event(db, event_id)['survey_token']}"


def theme_id(db, event_id, name):
    """A theme's id by its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"] == name)


def hidden_field(page, name):
    """The value of a hidden field the form carries."""
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def form(page, **fields):
    """The fields a browser would post from the page's form, with the person's answers."""
    data = {"respondent": hidden_field(page, "respondent"), "submission_id": hidden_field(page, "submission_id"),
            "confidence": "more", "would_help": "Clear timetable", "risk_text": [], "risk_theme": []}
    data.update(fields)
    return data


def test_the_survey_asks_the_same_questions_about_the_named_option(client, db, event_id):
    page = client.get(survey_url(db, event_id)).get_data(as_text=True)
    assert "After today’s discussion, are you more or less confident than before that option" in page and ">B</span>" in page
    assert "Premises" in page and "What would make you more confident?" in page
    assert 'name="organisation"' in page  # the report lists which organisations answered


def test_a_survey_answer_is_stored_as_survey_and_shown_back(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url, data=form(page, organisation="City Council", risk_text=["Too few rooms", ""],
                                      risk_theme=[str(theme_id(db, event_id, "Premises")), "other"]))
    assert sent.status_code == 200 and "your answers are saved (version 1)" in sent.get_data(as_text=True)
    [person] = store.event_respondents(db, event_id)
    assert (person["source"], person["organisation"], person["about"]) == ("survey", "City Council", "B")
    assert [r["text"] for r in person["risks"]] == ["Too few rooms"]
    # Coming back later shows the same person's answers (the browser remembers its answer key).
    again = client.get(url).get_data(as_text=True)
    assert "Too few rooms" in again and 'value="more" checked' in again


def test_posting_the_same_form_twice_counts_once(client, db, event_id):
    url = survey_url(db, event_id)
    data = form(client.get(url).get_data(as_text=True))
    client.post(url, data=data)
    client.post(url, data=data)
    assert len(store.answer_history(db, event_id)) == 1


def test_a_refused_survey_answer_keeps_what_was_typed_and_stores_nothing(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url, data=form(page, confidence="", would_help="Keep me", risk_text=["Gone theme"],
                                      risk_theme=["99999"]))
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "Choose one of the five answers" in body and "That theme does not exist" in body
    assert "Keep me" in body and "Gone theme" in body
    assert store.event_respondents(db, event_id) == []


def test_a_risk_s_theme_is_chosen_not_silently_other(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    # Every risk row starts at "Choose a theme"; "Other" is there as a choice of its own.
    assert page.count('<option value="" selected>Choose a theme</option>') == 2 and '<option value="other">Other</option>' in page
    sent = client.post(url, data=form(page, risk_text=["Parking", "Buses stop at six"], risk_theme=["", "other"]))
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "<li>Risk 1: choose a theme for this risk (Other if none fits).</li>" in body
    assert ('<p class="field-problem theme-problem" id="c-risk-0-theme-problem">Choose a theme for this risk '
            '(Other if none fits).</p>') in body
    assert 'aria-describedby="c-risk-0-theme-problem" aria-invalid="true"' in body
    assert "Parking" in body and store.event_respondents(db, event_id) == []


def test_after_its_closing_time_the_survey_says_so_and_stores_nothing(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    reopen_survey(db, event_id, datetime.timedelta(seconds=-1))
    closed = client.get(url)
    assert closed.status_code == 410 and "closed at its closing time" in closed.get_data(as_text=True)
    sent = client.post(url, data=form(page))
    assert sent.status_code == 410 and "no longer takes answers" in sent.get_data(as_text=True)
    assert store.event_respondents(db, event_id) == []


def test_a_survey_closed_by_hand_says_so(client, db, event_id):
    store.set_survey_closed(db, event_id, True)
    closed = client.get(survey_url(db, event_id))
    assert closed.status_code == 410 and "closed by the facilitator" in closed.get_data(as_text=True)


def test_the_survey_waits_until_the_option_it_asks_about_is_known(client, db, imported):
    event_id = imported("score-all.json")  # asks about the strongest option; nothing scored yet
    reopen_survey(db, event_id, datetime.timedelta(days=1))
    page = client.get(survey_url(db, event_id))
    assert page.status_code == 410 and "opens once the event has chosen" in page.get_data(as_text=True)


def test_a_personal_link_answers_as_its_invitee(client, db, event_id):
    invitee = store.list_invitees(db, event_id)[0]
    url = f"/s/{invitee['survey_token']}"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{invitee["name"]}"' in page or invitee["name"] in page
    client.post(url, data=form(page, name=invitee["name"], organisation=invitee["organisation"],
                               respondent="someone-elses-token-123"))
    [person] = store.event_respondents(db, event_id)
    assert person["name"] == invitee["name"] and person["source"] == "survey"
    assert answers.my_answers(db, event_id, invitee["survey_token"])["confidence"] == "more"


def test_an_unknown_survey_link_is_a_plain_404(client):
    page = client.get("/s/not-a-real-survey-link-at-all")
    assert page.status_code == 404 and "recognise this survey link" in page.get_data(as_text=True)


def test_hostile_text_is_escaped_on_the_survey_page(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    body = client.post(url, data=form(page, would_help=HOSTILE, risk_text=[HOSTILE], risk_theme=["other"])
                       ).get_data(as_text=True)
    assert "<script>window.__pwned" not in body and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body


def test_the_survey_json_api_stores_and_refuses_like_the_form(client, db, event_id):
    url = f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers"
    good = {"respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "less",
            "risks": [{"text": "Cost", "theme": "other"}]}
    assert client.post(url, json=good).status_code == 201
    assert client.post(url, json=good).status_code == 200
    assert client.post(url, json={**good, "submission_id": "json-0002", "confidence": "hopeful"}).status_code == 422
    assert client.post(url, data="not json").status_code == 400
    assert client.post(url, json={**good, "would_help": "x" * 60_000}).status_code == 413
    assert client.post("/api/survey/unknown-link-0000000/answers", json=good).status_code == 404
    reopen_survey(db, event_id, datetime.timedelta(seconds=-1))
    closed = client.post(url, json={**good, "submission_id": "json-0003"})
    assert closed.status_code == 409 and closed.get_json()["status"] == "closed"
    assert [h["version"] for h in store.answer_history(db, event_id)] == [1]


# ---------------------------------------------------------------- a delegate's own questions on the table page

def table_url(db, event_id, number=1):
    """A table's page."""
    return f"/t/{store.get_table(db, event_id, number)['join_token']}"


def test_the_table_page_shows_the_questions_once_the_phase_opens(client, db, imported):
    event_id = imported("allocate-explicit.json")
    assert 'id="confidence" class="card confidence" aria-labelledby="confidence-heading" data-phase="waiting" hidden' \
        in client.get(table_url(db, event_id)).get_data(as_text=True)
    answers.open_phase(db, event_id, "B")
    page = client.get(table_url(db, event_id)).get_data(as_text=True)
    assert 'data-phase="open"' in page and "After today’s discussion, are you more or less confident than before that option" in page


def test_a_delegate_answers_without_javascript_and_sees_their_answers(client, db, event_id):
    url = table_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url + "/answers", data=form(page, name="Sam Patel", organisation="GP federation",
                                                   risk_text=["Staff leave"], risk_theme=["other"]))
    assert sent.status_code == 302 and sent.headers["Location"].endswith("#confidence")
    again = client.get(url).get_data(as_text=True)
    assert "Your answers are saved (version 1)" in again and "Staff leave" in again
    [person] = store.event_respondents(db, event_id)
    assert (person["source"], person["table_number"], person["name"]) == ("room", 1, "Sam Patel")


def test_a_delegate_form_without_its_answer_key_cannot_change_anyones_answers(client, db, event_id):
    url = table_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    client.post(url + "/answers", data=form(page))
    # Another site's form can make this browser post, but it cannot know the answer key: the cookie is not enough.
    refused = client.post(url + "/answers", data=form(page, respondent="", submission_id="attacker-01",
                                                      confidence="much_less"))
    assert refused.status_code == 422 and "answer key" in refused.get_data(as_text=True)
    assert store.event_respondents(db, event_id)[0]["confidence"] == "more"


def test_the_table_answers_api_and_its_refusals(client, db, event_id):
    url = f"/api/tables/{store.get_table(db, event_id, 1)['join_token']}/answers"
    good = {"respondent": "delegate-phone-00000001", "submission_id": "api-00001", "confidence": "same"}
    assert client.post(url, json=good).status_code == 201
    answers.close_phase(db, event_id)
    closed = client.post(url, json={**good, "submission_id": "api-00002"})
    assert closed.status_code == 409 and "closed" in closed.get_json()["error"]
    assert client.post("/api/tables/no-such-table-link/answers", json=good).status_code == 404


def test_the_confidence_api_needs_a_token_and_shows_sources_apart(client, db, event_id):
    assert client.get(f"/api/events/{event_id}/confidence").status_code == 401
    token = new_api_token(db)
    headers = {"Authorization": f"Bearer {token}"}
    client.post(f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers",
                json={"respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "less"})
    body = client.get(f"/api/events/{event_id}/confidence", headers=headers).get_json()
    assert body["respondents"] == {"all": 1, "room": 0, "survey": 1}
    assert body["confidence"]["survey"]["less"] == 1 and body["survey"]["status"] == "open"
    changed = client.post(f"/api/events/{event_id}/confidence", headers=headers, json={"phase": "closed"})
    assert changed.get_json()["phase"] == "closed"
    assert client.post(f"/api/events/{event_id}/confidence", headers=headers, json={"phase": "maybe"}).status_code == 400


def test_the_attendance_api_lists_who_took_part_and_the_surveys_organisations(client, db, event_id):
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    table = store.get_table(db, event_id, 1)
    client.post(f"/api/tables/{table['join_token']}/answers", json={
        "respondent": "delegate-phone-00000001", "submission_id": "api-00001", "confidence": "same",
        "name": "Sam Patel", "organisation": "GP federation"})
    client.post(f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers", json={
        "respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "less",
        "organisation": "Patients' forum"})
    assert client.get(f"/api/events/{event_id}/attendance").status_code == 401
    body = client.get(f"/api/events/{event_id}/attendance", headers=headers).get_json()
    assert [p["name"] for p in body["took_part"]] == ["Sam Patel"]
    assert [o["organisation"] for o in body["survey_organisations"]] == ["Patients' forum"]
    assert body["counts"]["did_not_attend"] == len(store.list_invitees(db, event_id))


def test_a_delegate_gives_a_name_on_joining_without_javascript(client, db, event_id):
    url = table_url(db, event_id, 2)
    page = client.get(url).get_data(as_text=True)
    assert 'id="identify"' in page and "(optional)" in page
    sent = client.post(url + "/identify", data={"respondent": hidden_field(page, "respondent"),
                                                "name": "  Ann Lee ", "organisation": "City Council"})
    assert sent.status_code == 302
    assert "you are on the list of who took part" in client.get(url).get_data(as_text=True)
    [person] = store.event_respondents(db, event_id)
    assert (person["name"], person["table_number"], person["confidence"]) == ("Ann Lee", 2, None)
    refused = client.post(url + "/identify", data={"respondent": hidden_field(page, "respondent"), "name": "x" * 201})
    assert "not saved" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert store.event_respondents(db, event_id)[0]["name"] == "Ann Lee"


def test_phones_do_not_ask_for_names_when_the_facilitator_turns_it_off(client, db, event_id):
    store.set_ask_identity(db, event_id, False)
    assert 'id="identify"' not in client.get(table_url(db, event_id)).get_data(as_text=True)


# ---------------------------------------------------------------- survey respondents scoring (survey.include_scoring)

def scored_form(page, ci=0, ranking=(1, 0, 2), points=None, out=(3,)):
    """The survey form with one criterion scored: places by option index, points by option index, ruled out."""
    data = form(page)
    for place, option in enumerate(ranking):
        data[f"rank-{ci}-{place}"] = str(option)
    for option, amount in (points or {0: "3", 1: "7", 2: ""}).items():
        data[f"points-{ci}-{option}"] = amount
    data[f"out-{ci}"] = [str(o) for o in out]
    return data


def test_a_survey_respondent_scores_a_criterion_and_it_is_counted_apart_from_the_tables(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    assert "Scoring the options" in page and "Place 1 for Reach" in page
    sent = client.post(url, data=scored_form(page))
    assert sent.status_code == 200, sent.get_data(as_text=True)
    assert store.survey_ballots(db, event_id)[(store.event_respondents(db, event_id)[0]["id"], "access")]["points"] == \
        {"A": 3, "B": 7, "C": 0}
    results = client.get(f"/api/events/{event_id}/results", headers={"Authorization": f"Bearer {new_api_token(db)}"}
                         ).get_json()
    assert results["survey"]["respondents"] == 1
    assert results["survey"]["totals"][0] == {"code": "B", "total": 7, "weighted": 7, "score": 7, "other_score": 7,
                                              "ruled_out": 0}
    assert results["progress"]["submitted"] == 0  # the tables' results are untouched
    # Coming back shows the scores as given.
    again = client.get(url).get_data(as_text=True)
    assert 'name="points-0-1" aria-label="Points for B, Crisis cafes in each town, on Reach" value="7"' in again


def test_scores_that_break_the_tables_rules_are_refused_with_everything_typed_kept(client, db, event_id):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url, data=scored_form(page, points={0: "3", 1: "5", 2: "lots"}))
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422 and "Reach, points for C: must be a whole number" in body
    assert 'value="lots"' in body
    assert store.event_respondents(db, event_id) == []
    sent = client.post(url, data=scored_form(page, points={0: "3", 1: "5", 2: "0"}))
    assert "they must add up to exactly 10" in sent.get_data(as_text=True)
    sent = client.post(url, data=scored_form(page, ranking=(1, 1, 2)))
    assert "ranked twice" in sent.get_data(as_text=True)
    assert store.event_respondents(db, event_id) == []


def test_scores_through_the_json_survey_api_and_never_from_a_table_phone(client, db, event_id):
    url = f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers"
    good = {"respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "more",
            "scoring": [{"criterion": "cost", "ranking": ["A", "B", "C", "D"], "points": {"A": 10, "B": 0, "C": 0, "D": 0}}]}
    assert client.post(url, json=good).status_code == 201
    bad = client.post(url, json={**good, "submission_id": "json-0002", "scoring": [{"criterion": "nope"}]})
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["field"] == "scoring[0]"
    table = store.get_table(db, event_id, 1)
    refused = client.post(f"/api/tables/{table['join_token']}/answers", json={**good, "respondent": "room-person-00000001"})
    assert refused.status_code == 422 and "do not ask for scores" in refused.get_json()["problems"][0]["message"]


def test_an_edit_may_not_drop_a_criterion_survey_respondents_scored(client, db, event_id):
    url = f"/api/survey/{store.get_event(db, event_id)['survey_token']}/answers"
    client.post(url, json={"respondent": "survey-person-0000001", "submission_id": "json-0001", "confidence": "more",
                           "scoring": [{"criterion": "cost", "ranking": ["A", "B", "C", "D"],
                                        "points": {"A": 10, "B": 0, "C": 0, "D": 0}}]})
    definition = store.load_definition(db, event_id)
    definition["criteria"] = [c for c in definition["criteria"] if c["code"] != "cost"]
    definition["assignment"] = {n: [c for c in codes if c != "cost"] for n, codes in definition["assignment"].items()}
    with pytest.raises(definitions.EventDefinitionError, match='criterion "cost" has ballots'):
        definitions.replace_definition(db, event_id, definition)
