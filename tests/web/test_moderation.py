"""The control room's confidence controls over HTTP: the phase, the survey, themes, moving and hiding comments.

Each route answers a plain form with a message and a redirect back to #confidence, and the control room's fetch
(Accept: application/json) with {ok, message, problems}; a refusal changes nothing.
"""
import datetime
import json

import pytest

from facilitation import answers, ballots, store, surveys

from ..conftest import Auth

JSON = {"Accept": "application/json"}
BEFORE_CLOSING = datetime.datetime(2024, 6, 20, tzinfo=datetime.timezone.utc)
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def theme(db, event_id, name):
    """A theme's id by the start of its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(name))


@pytest.fixture
def event_id(db, imported):
    """The explicit-assignment event asking about B, with one delegate in the room and one survey answer."""
    event_id = imported("allocate-explicit.json")
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    premises = theme(db, event_id, "Prem")
    assert answers.submit_room(db, table, {
        "respondent": "room-delegate-000001", "submission_id": "room-0001", "confidence": "more",
        "would_help": "A clear timetable", "risks": [{"text": "Too few rooms", "theme": premises}]}).ok
    assert answers.submit_survey(db, event_id, {
        "respondent": "survey-invitee-00001", "submission_id": "survey-0001", "confidence": "much_less",
        "would_help": HOSTILE, "risks": [{"text": HOSTILE, "theme": premises}]}, BEFORE_CLOSING).ok
    return event_id


@pytest.fixture
def csrf(signed_in, event_id):
    """The CSRF token the control room's forms carry."""
    return Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}/control")


def send(client, csrf, event_id, path, as_json=True, **fields):
    """Post one of the control room's forms, as its script (JSON) or as a plain form (following the redirect)."""
    return client.post(f"/facilitator/events/{event_id}/{path}", data={"csrf_token": csrf, "next": "control", **fields},
                       headers=JSON if as_json else {}, follow_redirects=not as_json)


def risks(db, event_id):
    """Every risk's text, theme and hidden flag."""
    return sorted((r["text"], r["theme"], r["hidden"]) for p in store.event_respondents(db, event_id) for r in p["risks"])


def risk_id(db, event_id, text):
    """A risk's id by its text."""
    return next(r["id"] for p in store.event_respondents(db, event_id) for r in p["risks"] if r["text"] == text)


# ---------------------------------------------------------------- the phase and the survey

def test_closing_and_reopening_the_confidence_questions(signed_in, csrf, db, event_id):
    closed = send(signed_in, csrf, event_id, "confidence", phase="closed")
    assert closed.status_code == 200 and closed.json["ok"] and closed.json["phase"] == "closed"
    assert answers.phase(db, event_id)["state"] == "closed"
    reopened = send(signed_in, csrf, event_id, "confidence", phase="open", about="")
    assert reopened.json["message"] == "The confidence questions are open, asking about option B (Crisis cafes in each town)."
    assert answers.phase(db, event_id)["state"] == "open"


@pytest.mark.parametrize("fields, words", [
    ({"phase": "open", "about": "Z"}, 'there is no short-listed option "Z"'),
    ({"phase": "open", "about": "E"}, 'there is no short-listed option "E"'),       # excluded
    ({"phase": "open", "about": "A"}, "already answered about option B"),
    ({"phase": "sideways"}, None),
])
def test_a_refused_phase_change_says_why_and_changes_nothing(signed_in, csrf, db, event_id, fields, words):
    before = answers.phase(db, event_id)
    reply = send(signed_in, csrf, event_id, "confidence", **fields)
    assert reply.status_code == 422 and reply.json["ok"] is False
    if words:
        assert reply.json["message"] == "Nothing changed:" and words in reply.json["problems"][0]["message"]
    else:
        assert "not understood; nothing changed" in reply.json["message"]
    assert answers.phase(db, event_id) == before


def test_closing_and_reopening_the_survey(signed_in, csrf, db, event_id):
    # The test event's survey closed at its time (June 2024): closing it again, or reopening it, is refused.
    reply = send(signed_in, csrf, event_id, "survey", survey="closed")
    assert reply.status_code == 422 and "has already closed" in reply.json["message"]
    assert reply.json["survey"]["state"] == "closed_by_time" and answers.survey(db, event_id)["closed_by_hand"] is False
    # Extending the closing time reopens it; then it closes by hand and reopens (tests/web/test_survey_controls.py).
    reply = send(signed_in, csrf, event_id, "survey", survey="extend", closes="2999-01-01T12:00")
    assert reply.json["ok"] and reply.json["status"] == "open"
    assert send(signed_in, csrf, event_id, "survey", survey="closed").json["survey"]["state"] == "closed_by_hand"
    assert answers.survey(db, event_id)["closed_by_hand"] is True
    reply = send(signed_in, csrf, event_id, "survey", survey="open")
    assert reply.json["ok"] and reply.json["status"] == "open" and answers.survey(db, event_id)["closed_by_hand"] is False


# ---------------------------------------------------------------- themes

def test_adding_renaming_and_removing_a_theme(signed_in, csrf, db, event_id):
    added = send(signed_in, csrf, event_id, "themes", action="add", name="  Travel  ")
    assert added.json["message"] == "Added the theme “Travel”."
    travel = theme(db, event_id, "Travel")
    assert {"id": travel, "name": "Travel"} in added.json["themes"]
    renamed = send(signed_in, csrf, event_id, "themes", action="rename", theme=str(travel), name="Transport")
    assert renamed.json["ok"] and theme(db, event_id, "Transport") == travel
    # Removing asks first, and changes nothing until the answer is yes.
    asked = send(signed_in, csrf, event_id, "themes", action="remove", theme=str(travel))
    assert asked.status_code == 409 and asked.json["confirm"] == {
        "question": "Remove the theme “Transport”? Phones stop offering it.", "yes": "Remove it"}
    assert any(t["id"] == travel for t in store.list_themes(db, event_id))
    removed = send(signed_in, csrf, event_id, "themes", action="remove", theme=str(travel), confirmed="1")
    assert removed.json["ok"] and all(t["id"] != travel for t in store.list_themes(db, event_id))


def test_merging_moves_the_risks_into_the_other_theme(signed_in, csrf, db, event_id):
    premises, staffing = theme(db, event_id, "Prem"), theme(db, event_id, "Staff")
    asked = send(signed_in, csrf, event_id, "themes", action="merge", theme=str(premises), into=str(staffing))
    assert asked.status_code == 409 and asked.json["confirm"]["question"] == (
        "Merge “Premises” (2 risks) into “Staffing out of hours”? Its risks move there and phones stop offering it. "
        "You can undo this.")
    assert len(store.list_themes(db, event_id)) == 3
    reply = send(signed_in, csrf, event_id, "themes", action="merge", theme=str(premises), into=str(staffing),
                 confirmed="1")
    assert reply.json["message"] == "Merged the themes; 2 risks moved. You can undo this."
    assert [t for t in risks(db, event_id)] == sorted([(HOSTILE, staffing, False), ("Too few rooms", staffing, False)])
    assert [t["name"] for t in reply.json["themes"]] == ["Staffing out of hours",
                                                         "Joining up with the police and ambulance service"]


@pytest.mark.parametrize("fields, words", [
    ({"action": "add", "name": "premises"}, "already a theme"),
    ({"action": "add", "name": "   "}, "give the theme a name"),
    ({"action": "add", "name": "x" * 201}, "too long"),
    ({"action": "rename", "theme": "99999", "name": "New"}, "does not exist"),
    ({"action": "merge", "theme": "PREMISES", "into": "STAFF"}, "does not exist"),
    ({"action": "merge", "theme": "PREMISES", "into": "PREMISES"}, "different theme"),
    ({"action": "remove", "theme": "PREMISES"}, "merge it into another theme"),
    ({"action": "paint"}, None),
])
def test_a_refused_theme_change_says_why_and_changes_nothing(signed_in, csrf, db, event_id, fields, words):
    ids = {"PREMISES": str(theme(db, event_id, "Prem")), "STAFF": "99999"}
    fields = {k: ids.get(v, v) for k, v in fields.items()}
    before = (store.list_themes(db, event_id), risks(db, event_id))
    reply = send(signed_in, csrf, event_id, "themes", **fields)
    assert reply.status_code == 422 and reply.json["ok"] is False
    assert words is None or words in reply.json["problems"][0]["message"]
    assert (store.list_themes(db, event_id), risks(db, event_id)) == before


# ---------------------------------------------------------------- moving and hiding comments

def test_moving_a_risk_to_another_theme_and_to_other(signed_in, csrf, db, event_id):
    rooms, staffing = risk_id(db, event_id, "Too few rooms"), theme(db, event_id, "Staff")
    assert send(signed_in, csrf, event_id, f"risks/{rooms}/theme", theme=str(staffing)).json["message"] == "Moved the risk."
    assert ("Too few rooms", staffing, False) in risks(db, event_id)
    send(signed_in, csrf, event_id, f"risks/{rooms}/theme", theme="other")
    assert ("Too few rooms", "other", False) in risks(db, event_id)


@pytest.mark.parametrize("path, theme_value, words", [
    ("risks/99999/theme", "other", "no such risk"),
    ("risks/ROOMS/theme", "99999", "does not exist"),
    ("risks/ROOMS/theme", "", "does not exist"),
])
def test_a_refused_move_changes_nothing(signed_in, csrf, db, event_id, path, theme_value, words):
    before = risks(db, event_id)
    path = path.replace("ROOMS", str(risk_id(db, event_id, "Too few rooms")))
    reply = send(signed_in, csrf, event_id, path, theme=theme_value)
    assert reply.status_code == 422 and words in reply.json["problems"][0]["message"]
    assert risks(db, event_id) == before


def test_hiding_and_showing_a_risk_and_what_would_help(signed_in, csrf, db, event_id):
    rooms = risk_id(db, event_id, "Too few rooms")
    reply = send(signed_in, csrf, event_id, "comments", kind="risk", id=str(rooms), hidden="1")
    assert reply.json["message"] == "Hidden from the projector (kept in exports)."
    assert ("Too few rooms", theme(db, event_id, "Prem"), True) in risks(db, event_id)
    assert "Too few rooms" not in str(answers.summary(db, event_id))
    person = next(p for p in store.event_respondents(db, event_id) if p["source"] == "survey")
    send(signed_in, csrf, event_id, "comments", kind="would_help", id=str(person["id"]), hidden="1")
    assert answers.summary(db, event_id)["would_help"] == [
        {"id": p["id"], "text": "A clear timetable", "source": "room", "confidence": "more", "hidden": False,
         "theme": None}
        for p in store.event_respondents(db, event_id) if p["source"] == "room"]
    shown = send(signed_in, csrf, event_id, "comments", kind="risk", id=str(rooms), hidden="0")
    assert shown.json["message"] == "Shown on the projector again."
    assert ("Too few rooms", theme(db, event_id, "Prem"), False) in risks(db, event_id)


@pytest.mark.parametrize("kind, comment", [("risk", "99999"), ("ballot", "1"), ("risk", "")])
def test_hiding_something_that_is_not_a_comment_is_refused(signed_in, csrf, db, event_id, kind, comment):
    before = answers.summary(db, event_id, include_hidden=True)
    reply = send(signed_in, csrf, event_id, "comments", kind=kind, id=comment, hidden="1")
    assert reply.status_code == 422 and "no such comment" in reply.json["problems"][0]["message"]
    assert answers.summary(db, event_id, include_hidden=True) == before


# ---------------------------------------------------------------- plain forms, sign-in and CSRF

def test_a_plain_form_returns_to_the_moderation_page_with_the_message(signed_in, csrf, db, event_id):
    response = signed_in.post(f"/facilitator/events/{event_id}/themes",
                              data={"csrf_token": csrf, "next": "moderation", "action": "add", "name": "Travel"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/facilitator/events/{event_id}/moderation")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added the theme “Travel”." in page


def test_a_refused_plain_form_shows_every_problem_in_plain_words(signed_in, csrf, db, event_id):
    page = send(signed_in, csrf, event_id, "themes", as_json=False, action="add", name="Premises").get_data(as_text=True)
    assert "Nothing changed: There is already a theme called &#34;Premises&#34;; merge into it instead." in page
    assert [t["name"] for t in store.list_themes(db, event_id)].count("Premises") == 1


@pytest.mark.parametrize("path, fields", [
    ("confidence", {"phase": "closed"}),
    ("survey", {"survey": "closed"}),
    ("themes", {"action": "add", "name": "Travel"}),
    ("risks/1/theme", {"theme": "other"}),
    ("comments", {"kind": "risk", "id": "1", "hidden": "1"}),
])
def test_without_sign_in_or_csrf_token_nothing_changes(client, auth, db, event_id, path, fields):
    def state():
        return answers.phase(db, event_id), answers.survey(db, event_id), answers.summary(db, event_id, include_hidden=True)

    before = state()
    # A valid token from the sign-in page, so it is the sign-in check that turns this away.
    anonymous = client.post(f"/facilitator/events/{event_id}/{path}", data={"csrf_token": auth.csrf_token(), **fields},
                            headers=JSON)
    assert anonymous.status_code == 302 and "/facilitator/sign-in" in anonymous.headers["Location"]
    auth.sign_in()
    forged = client.post(f"/facilitator/events/{event_id}/{path}", data=fields, headers=JSON)
    assert forged.status_code == 400
    assert state() == before


# ---------------------------------------------------------------- what the pages show

def test_the_moderation_page_lists_every_comment_and_marks_hidden_ones(signed_in, csrf, db, event_id):
    rooms = risk_id(db, event_id, "Too few rooms")
    send(signed_in, csrf, event_id, "comments", kind="risk", id=str(rooms), hidden="1")
    control = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert 'id="confidence"' in control and "Close the confidence questions" in control
    page = signed_in.get(f"/facilitator/events/{event_id}/moderation").get_data(as_text=True)
    assert f'<li class="mod-row is-hidden is-new" id="row-r{rooms}">' in page
    assert '<span class="hidden-mark">Hidden from the projector</span>' in page
    assert "&lt;img src=x" in page and HOSTILE not in page
    token = answers.survey(db, event_id)["token"]
    assert f"http://192.0.2.10:5000/s/{token}" in control         # the address phones and invitees use
    # The closing time in this server's time zone, as the closing-time field has it.
    assert surveys.when(datetime.datetime(2024, 6, 26, 11, tzinfo=datetime.timezone.utc)) in control


def projector_data(page):
    """The data the projector page draws its views from (static/js/projector_views.js renders them)."""
    start = page.index('id="projector-data">') + len('id="projector-data">')
    return json.loads(page[start:page.index("</script>", start)])


def test_the_projector_shows_answers_without_hidden_comments_and_escapes_them(signed_in, csrf, db, event_id):
    rooms = risk_id(db, event_id, "Too few rooms")
    send(signed_in, csrf, event_id, "comments", kind="risk", id=str(rooms), hidden="1")
    send(signed_in, csrf, event_id, "display", view="risks", hidden="1", source="all")
    page = signed_in.get(f"/facilitator/events/{event_id}/projector").get_data(as_text=True)
    assert "Too few rooms" not in page and HOSTILE not in page
    data = projector_data(page)
    assert [(r["text"], r["source"]) for t in data["confidence"]["themes"] for r in t["risks"]] == [(HOSTILE, "survey")]
    # Answer views are shown while voting is still open, whatever the "hide results" setting says.
    assert data["display"]["shown"] == "risks"


def test_the_projector_can_count_the_room_and_the_survey_apart(signed_in, csrf, db, event_id):
    send(signed_in, csrf, event_id, "display", as_json=False, view="confidence", hidden="0", source="room")
    assert store.get_event(db, event_id)["display"] == {"view": "confidence", "hidden": False, "source": "room"}
    data = projector_data(signed_in.get(f"/facilitator/events/{event_id}/projector").get_data(as_text=True))
    assert data["display"]["source"] == "room" and data["confidence"]["respondents"]["room"] == 1
    refused = send(signed_in, csrf, event_id, "display", as_json=False, view="risks", hidden="0", source="everyone")
    assert "nothing changed" in refused.get_data(as_text=True)
    assert store.get_event(db, event_id)["display"]["source"] == "room"
