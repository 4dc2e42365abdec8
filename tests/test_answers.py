"""Confidence answers, the survey and live themes against a fresh SQLite file: nothing partial, nothing lost."""
import datetime

import pytest

from facilitation import answers, ballots, definitions, store
from facilitation.domain.confidence import AnswerError, without_hidden
from facilitation.domain.event import EventDefinitionError

ME = "respondent-token-me-0001"
YOU = "respondent-token-you-0002"


@pytest.fixture
def event_id(db, imported):
    """The explicit-assignment event (themes: staffing, premises, joining up), with the confidence phase open on B."""
    event_id = imported("allocate-explicit.json")
    answers.open_phase(db, event_id, "B")
    return event_id


@pytest.fixture
def table(db, event_id):
    """Table 1 of that event, as a join link finds it."""
    return ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])


def theme(db, event_id, name):
    """A theme's id by the start of its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(name))


def said(db, event_id, n=1, token=ME, **changes):
    """A valid submission from one delegate: more confident, one risk under 'Premises'."""
    risks = changes.pop("risks") if "risks" in changes else [{"text": "Too few rooms", "theme": theme(db, event_id, "Prem")}]
    return {"respondent": token, "submission_id": f"sub-{token[-4:]}-{n:04d}", "confidence": "more",
            "would_help": "A clear timetable", "risks": risks, **changes}


def test_answers_are_stored_with_their_source_table_and_the_option_they_are_about(db, event_id, table):
    outcome = answers.submit_room(db, table, said(db, event_id))
    assert outcome.status == "stored" and outcome.answers["version"] == 1
    [person] = store.event_respondents(db, event_id)
    assert (person["source"], person["table_number"], person["about"], person["confidence"]) == ("room", 1, "B", "more")
    assert [r["text"] for r in person["risks"]] == ["Too few rooms"]


def test_resending_the_same_submission_counts_once(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    again = answers.submit_room(db, table, said(db, event_id))
    assert again.status == "duplicate" and again.ok
    assert len(store.answer_history(db, event_id)) == 1


def test_a_person_changes_their_answers_and_every_version_is_kept(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    changed = answers.submit_room(db, table, said(db, event_id, 2, confidence="much_less", risks=[]))
    assert changed.answers["confidence"] == "much_less" and changed.answers["risks"] == []
    assert [h["version"] for h in store.answer_history(db, event_id)] == [1, 2]


def test_answers_after_the_phase_closes_are_refused_and_nothing_changes(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    answers.close_phase(db, event_id)
    refused = answers.submit_room(db, table, said(db, event_id, 2, confidence="much_less"))
    assert refused.status == "closed" and "closed" in refused.error
    assert store.event_respondents(db, event_id)[0]["confidence"] == "more"


def test_a_risk_with_no_theme_is_refused_whole_not_filed_under_other(db, event_id, table):
    refused = answers.submit_room(db, table, said(db, event_id, risks=[{"text": "Too few rooms", "theme": None},
                                                                      {"text": "Parking"}]))
    assert refused.status == "problems"
    assert [(p.field, p.message) for p in refused.problems] == [
        ("risks[0].theme", "choose a theme for this risk (Other if none fits)"),
        ("risks[1].theme", "choose a theme for this risk (Other if none fits)")]
    assert store.event_respondents(db, event_id) == []
    chosen = answers.submit_room(db, table, said(db, event_id, 2, risks=[{"text": "Parking", "theme": "other"}]))
    assert chosen.ok and store.event_respondents(db, event_id)[0]["risks"][0]["theme"] == "other"   # chosen: kept


def test_a_theme_that_does_not_exist_is_refused_whole(db, event_id, table):
    refused = answers.submit_room(db, table, said(db, event_id, risks=[{"text": "x", "theme": 99999}]))
    assert refused.status == "problems" and refused.problems[0].field == "risks[0].theme"
    assert store.event_respondents(db, event_id) == []


def test_someone_elses_answers_cannot_be_read_or_changed(db, event_id, table, imported):
    answers.submit_room(db, table, said(db, event_id, token=YOU))
    # Only the secret token finds answers; another phone's token sees nothing of yours.
    assert answers.my_answers(db, event_id, ME) is None
    assert answers.my_answers(db, event_id, YOU)["confidence"] == "more"
    # A survey sending cannot take over a room delegate's answers, nor can another event's table.
    assert answers.submit_survey(db, event_id, said(db, event_id, 2, token=YOU)).status == "not_yours"
    other_event = imported("allocate-balanced.json")
    answers.open_phase(db, other_event, store.option_codes(db, other_event)["shortlisted"][0])
    other_table = ballots.find_table(db, store.get_table(db, other_event, 1)["join_token"])
    assert answers.submit_room(db, other_table, said(db, event_id, 3, token=YOU, risks=[])).status == "not_yours"
    assert answers.my_answers(db, event_id, YOU)["version"] == 1


@pytest.mark.parametrize("token", [None, "", "short", "x" * 65, "has spaces in it!!", 12345678901234567])
def test_a_malformed_answer_key_is_refused(db, event_id, table, token):
    assert answers.submit_room(db, table, said(db, event_id, respondent=token)).status == "problems"


def test_oversized_answers_are_refused(db, event_id, table):
    outcome = answers.submit_room(db, table, said(db, event_id, would_help="x" * 60_000))
    assert outcome.status == "too_large" and store.event_respondents(db, event_id) == []


def test_the_survey_takes_answers_until_its_closing_time_and_then_stores_nothing(db, event_id):
    closes = store.get_event(db, event_id)["survey"]["closes"]
    assert closes  # the test event closes its survey at a fixed time
    moment = datetime.datetime.fromisoformat(closes.replace("Z", "+00:00"))
    before = answers.submit_survey(db, event_id, said(db, event_id), moment - datetime.timedelta(seconds=1))
    assert before.status == "stored"
    after = answers.submit_survey(db, event_id, said(db, event_id, 2, confidence="less"), moment)
    assert after.status == "closed" and "closing time" in after.error
    assert [p["confidence"] for p in store.event_respondents(db, event_id)] == ["more"]


def test_a_survey_closed_by_hand_stores_nothing(db, event_id):
    store.set_survey_closed(db, event_id, True)
    early = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    outcome = answers.submit_survey(db, event_id, said(db, event_id), early)
    assert outcome.status == "closed" and "facilitator" in outcome.error
    assert store.event_respondents(db, event_id) == []


def test_the_phase_asks_about_the_single_strongest_option_and_refuses_a_tie(db, imported):
    event_id = imported("allocate-balanced.json")  # asks about the strongest option
    with pytest.raises(AnswerError, match="no table has scored"):
        answers.open_phase(db, event_id)
    first, second, *rest = store.option_codes(db, event_id)["shortlisted"]
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    criterion = table["criteria"][0]
    store.set_voting(db, event_id, criterion, "open")

    def allocate(n, points):
        ballots.submit(db, table, {"criterion": criterion, "ranking": [first, second, *rest],
                                   "points": {first: points[0], second: points[1], **{c: 0 for c in rest}},
                                   "ruled_out": [], "base_version": n - 1, "submission_id": f"tie-{n:06d}"})

    allocate(1, (10, 10))  # this event allocates 20 points
    with pytest.raises(AnswerError, match=f"tie between {first} and {second}"):
        answers.open_phase(db, event_id)
    allocate(2, (8, 12))
    assert answers.open_phase(db, event_id)["option"]["code"] == second


def test_the_named_option_cannot_change_once_people_have_answered(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    with pytest.raises(AnswerError, match="already answered about option B"):
        answers.open_phase(db, event_id, "A")
    answers.close_phase(db, event_id)
    assert answers.open_phase(db, event_id)["option"]["code"] == "B"


def test_merging_themes_moves_risks_and_a_phone_still_offering_the_old_theme_is_followed(db, event_id, table):
    premises, staffing = theme(db, event_id, "Prem"), theme(db, event_id, "Staff")
    answers.submit_room(db, table, said(db, event_id))
    assert answers.merge_themes(db, event_id, premises, staffing) == 1
    assert [t["name"] for t in store.list_themes(db, event_id)] == [
        "Staffing out of hours", "Joining up with the police and ambulance service"]
    resent = answers.submit_room(db, table, said(db, event_id, 2, confidence="less",
                                                 risks=[{"text": "Too few rooms", "theme": premises}]))
    assert resent.status == "stored"
    [person] = store.event_respondents(db, event_id)
    assert person["risks"][0]["theme"] == staffing


def test_moderation_survives_the_person_changing_other_answers(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    [risk] = store.event_respondents(db, event_id)[0]["risks"]
    answers.move_risk(db, event_id, risk["id"], "other")
    answers.set_hidden(db, event_id, "risk", risk["id"], True)
    answers.submit_room(db, table, said(db, event_id, 2, confidence="same"))
    [kept] = store.event_respondents(db, event_id)[0]["risks"]
    assert (kept["theme"], kept["hidden"]) == ("other", True)
    # The person still sees the theme they chose.
    assert answers.my_answers(db, event_id, ME)["risks"][0]["theme"] == theme(db, event_id, "Prem")


@pytest.mark.parametrize("action, words", [
    (lambda db, e: answers.add_theme(db, e, "premises"), "already a theme"),
    (lambda db, e: answers.add_theme(db, e, "   "), "give the theme a name"),
    (lambda db, e: answers.add_theme(db, e, "Other"), "already a theme"),
    (lambda db, e: answers.add_theme(db, e, "x" * 201), "at most 200 characters"),
    (lambda db, e: answers.rename_theme(db, e, theme(db, e, "Prem"), "Staffing out of hours"), "already a theme"),
    (lambda db, e: answers.rename_theme(db, e, 99999, "New"), "does not exist"),
    (lambda db, e: answers.merge_themes(db, e, theme(db, e, "Prem"), theme(db, e, "Prem")), "different theme"),
    (lambda db, e: answers.move_risk(db, e, 99999, "other"), "no such risk"),
    (lambda db, e: answers.set_hidden(db, e, "risk", 99999, True), "no such comment"),
    (lambda db, e: answers.set_hidden(db, e, "ballot", 1, True), "no such comment"),
])
def test_bad_theme_changes_are_refused_in_plain_words(db, event_id, action, words):
    before = store.list_themes(db, event_id)
    with pytest.raises(AnswerError, match=words):
        action(db, event_id)
    assert store.list_themes(db, event_id) == before


def test_a_theme_with_risks_cannot_be_removed_by_the_control_room_or_an_event_edit(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    with pytest.raises(AnswerError, match="merge it"):
        answers.remove_theme(db, event_id, theme(db, event_id, "Prem"))
    definition = store.load_definition(db, event_id)
    definition["risk_themes"] = [t for t in definition["risk_themes"] if t != "Premises"]
    with pytest.raises(EventDefinitionError, match='theme "Premises" has risks'):
        definitions.replace_definition(db, event_id, definition)


def test_renaming_a_theme_keeps_its_risks_and_an_edit_keeps_personal_links(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    answers.rename_theme(db, event_id, theme(db, event_id, "Prem"), "Buildings")
    summary = answers.summary(db, event_id)
    assert [(t["name"], t["people"]) for t in summary["themes"]][:2] == [("Staffing out of hours", 0), ("Buildings", 1)]
    tokens = [i["survey_token"] for i in store.list_invitees(db, event_id)]
    definitions.replace_definition(db, event_id, store.load_definition(db, event_id))
    assert [i["survey_token"] for i in store.list_invitees(db, event_id)] == tokens


def test_the_projector_summary_leaves_hidden_comments_out_and_the_control_room_marks_them(db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    answers.submit_survey(db, event_id, said(db, event_id, token=YOU, confidence="much_less"),
                          datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
    person = store.event_respondents(db, event_id)[0]
    answers.set_hidden(db, event_id, "would_help", person["id"], True)
    public, control = answers.summary(db, event_id), answers.summary(db, event_id, include_hidden=True)
    assert public["respondents"] == {"all": 2, "room": 1, "survey": 1}
    premises = next(t for t in public["themes"] if t["name"] == "Premises")
    assert (premises["people"], premises["share_more"], premises["share_less"]) == (2, 0.5, 0.5)
    assert premises["by_source"]["survey"]["less"] == 1
    assert [w["source"] for w in public["would_help"]] == ["survey"]
    assert [(w["source"], w["hidden"]) for w in control["would_help"]] == [("room", True), ("survey", False)]


def test_everyone_is_read_from_one_moment_even_while_answers_arrive(app, db, event_id, table):
    answers.submit_room(db, table, said(db, event_id))
    other = store.connect(app.config["DATABASE"])
    theirs = said(db, event_id, token=YOU)
    read = db.query
    arrived = []

    def query(sql, params=()):
        rows = list(read(sql, params))
        if not arrived:
            # Between reading the people and reading their risks, someone else's answers are committed.
            arrived.append(answers.submit_room(other, table, theirs).status)
        return rows

    db.query = query
    try:
        people = store.event_respondents(db, event_id)
    finally:
        del db.query
        other.conn.close()
    assert arrived == ["stored"]
    assert [len(p["risks"]) for p in people] == [1]  # the moment before the new answers, whole
    assert len(store.event_respondents(db, event_id)) == 2


def test_the_summary_groups_identical_and_near_identical_comments_with_counts(db, event_id, table):
    premises = theme(db, event_id, "Prem")
    wordings = ["Too few rooms", "too few rooms.", "Too  few rooms!", "Parking"]
    for n, text in enumerate(wordings):
        answers.submit_room(db, table, said(db, event_id, token=f"respondent-token-{n:08d}",
                                            risks=[{"text": text, "theme": premises}], would_help=text))
    people = store.event_respondents(db, event_id)
    risk_ids = [r["id"] for p in people for r in p["risks"]]
    answers.set_hidden(db, event_id, "risk", risk_ids[3], True)        # Parking
    answers.set_hidden(db, event_id, "risk", risk_ids[0], True)        # one of the three "too few rooms"
    answers.set_hidden(db, event_id, "would_help", people[0]["id"], True)
    control = answers.summary(db, event_id, include_hidden=True)
    groups = next(t for t in control["themes"] if t["theme"] == premises)["groups"]
    assert groups == [
        {"text": "Too few rooms", "count": 3, "ids": risk_ids[:3], "sources": {"room": 3, "survey": 0}, "hidden": False},
        {"text": "Parking", "count": 1, "ids": risk_ids[3:], "sources": {"room": 1, "survey": 0}, "hidden": True},
    ]
    assert [(g["count"], g["ids"]) for g in control["would_help_groups"]] == [(3, [p["id"] for p in people[:3]]),
                                                                             (1, [people[3]["id"]])]
    # The projector's copy leaves hidden comments out of the groups too, and counts what it shows.
    for public in (answers.summary(db, event_id), without_hidden(control)):
        shown = next(t for t in public["themes"] if t["theme"] == premises)["groups"]
        assert [(g["text"], g["count"], g["ids"]) for g in shown] == [("too few rooms.", 2, risk_ids[1:3])]
        assert [(g["count"], g["hidden"]) for g in public["would_help_groups"]] == [(2, False), (1, False)]
    assert answers.summary(db, event_id)["themes"][1]["risks"] == [r for r in public["themes"][1]["risks"]]
