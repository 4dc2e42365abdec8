"""The attendance page: loading invitees from a CSV file, the three lists, survey links, and the names setting."""
import datetime
import html
import io

import pytest

from facilitation import answers, ballots, check_in, definitions, store
from facilitation.domain.event import parse_event

from ..conftest import Auth

EARLY = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)  # before the test event's survey closes
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def event_id(imported):
    """The explicit-assignment event; its invitees are Ruth Kendrick (Eastwold Mind) and Sam Oyelaran."""
    return imported("allocate-explicit.json")


def page_url(event_id):
    """The attendance page's address."""
    return f"/facilitator/events/{event_id}/attendance"


def upload(client, event_id, content, filename="invitees.csv"):
    """Post an invitee CSV file to the attendance page's form, the way the browser does."""
    token = Auth(client).csrf_token(page_url(event_id))
    data = {"csrf_token": token, "invitee_file": (io.BytesIO(content), filename)}
    return client.post(f"/facilitator/events/{event_id}/invitees", data=data, content_type="multipart/form-data")


def invitees(db, event_id):
    """The stored invitee list as (name, organisation) pairs."""
    return [(p["name"], p["organisation"]) for p in store.list_invitees(db, event_id)]


def said(n, name="", organisation="", confidence="more"):
    """One person's answers, with a name and organisation when given."""
    return {"respondent": f"tok-{n:016d}", "submission_id": f"sub-{n:08d}", "confidence": confidence,
            "would_help": "", "risks": [], "name": name, "organisation": organisation}


@pytest.fixture
def answered(db, event_id):
    """Answers from the room (Ruth by name, a visitor, one without a name) and from the survey (two organisations)."""
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    for outcome in (
        answers.submit_room(db, table, said(1, " ruth  KENDRICK ", "")),
        answers.submit_room(db, table, said(2, "A. Example", "City Council")),
        answers.submit_room(db, table, said(3)),
        answers.submit_survey(db, event_id, said(4, "Sam Oyelaran", "Westfield Surgery"), EARLY),
        answers.submit_survey(db, event_id, said(5, "Someone", "City Council"), EARLY),
        answers.submit_survey(db, event_id, said(6), EARLY),
    ):
        assert outcome.status == "stored", outcome
    return event_id


# ---------------------------------------------------------------- loading invitees

def test_a_good_file_with_a_byte_order_mark_replaces_the_list(signed_in, db, event_id):
    content = "\ufeffName,Organisation\r\nAmira Patel,Eastwold CCG\r\n\r\nSam Oyelaran,\r\n".encode("utf-8")
    response = upload(signed_in, event_id, content)
    assert response.status_code == 302 and response.headers["Location"] == page_url(event_id)
    assert invitees(db, event_id) == [("Amira Patel", "Eastwold CCG"), ("Sam Oyelaran", "")]
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    links = page[page.index('id="survey-links"'):page.index('id="load-invitees"')]
    assert "2 invitees loaded" in page and "Amira Patel" in links and "Ruth Kendrick" not in links


def test_a_windows_1252_file_from_excel_keeps_its_accents(signed_in, db, event_id):
    response = upload(signed_in, event_id, "name,org\nZoë Ó'Brien,Café Society\n".encode("cp1252"))
    assert response.status_code == 302
    assert invitees(db, event_id) == [("Zoë Ó'Brien", "Café Society")]
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    assert "1 invitee loaded" in page and "Zoë Ó&#39;Brien" in page


def test_someone_still_on_the_list_keeps_their_personal_survey_link(signed_in, db, event_id):
    before = {p["name"]: p["survey_token"] for p in store.list_invitees(db, event_id)}
    upload(signed_in, event_id, b"name,organisation\nRuth Kendrick,Eastwold Mind\nNew Person,\n")
    after = {p["name"]: p["survey_token"] for p in store.list_invitees(db, event_id)}
    assert after["Ruth Kendrick"] == before["Ruth Kendrick"]
    assert after["New Person"] not in before.values()


def test_a_bad_file_is_refused_whole_with_every_problem_listed(signed_in, db, event_id):
    listed = invitees(db, event_id)
    content = b"name,organisation\nAmira Patel,Eastwold CCG\n,City Council\n" + b"x" * 201 + b",\n\n,Mind\n"
    response = upload(signed_in, event_id, content, "bad list.csv")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "bad list.csv was not loaded. The invitee list has not changed." in page
    assert "line 3: the name is empty" in page
    assert "line 4: the name is too long: at most 200 characters (this has 201)" in page
    assert "line 6: the name is empty" in page
    assert invitees(db, event_id) == listed


@pytest.mark.parametrize("content, words", [
    (b"PK\x03\x04\x14\x00", "this is a spreadsheet workbook, not a CSV file"),
    (b"Ruth Kendrick,Eastwold Mind\n", "line 1: the first line must name the columns"),
    (b"", "the file is empty"),
])
def test_a_file_that_is_not_an_invitee_list_changes_nothing(signed_in, db, event_id, content, words):
    listed = invitees(db, event_id)
    response = upload(signed_in, event_id, content)
    assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert invitees(db, event_id) == listed


def test_choosing_no_file_says_so(signed_in, db, event_id):
    token = Auth(signed_in).csrf_token(page_url(event_id))
    response = signed_in.post(f"/facilitator/events/{event_id}/invitees", data={"csrf_token": token},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV file of invitees to load." in response.get_data(as_text=True)


# ---------------------------------------------------------------- the page

def test_the_page_lists_who_took_part_who_did_not_attend_and_the_surveys_organisations(signed_in, answered):
    page = signed_in.get(page_url(answered)).get_data(as_text=True)
    took_part = page[page.index('id="took-part"'):page.index('id="did-not-attend"')]
    assert "Took part (3)" in took_part
    # Ruth matched the list despite her spacing and capitals, and her organisation comes from the list.
    assert "ruth  KENDRICK" in took_part or "ruth KENDRICK" in took_part
    assert "Eastwold Mind" in took_part and "A. Example" in took_part
    assert "1 person took part without giving a name." in took_part
    absent = page[page.index('id="did-not-attend"'):page.index('id="survey-organisations"')]
    assert "(1 of 2)" in absent and "Sam Oyelaran" in absent and "Ruth Kendrick" not in absent
    surveyed = page[page.index('id="survey-organisations"'):page.index('id="survey-links"')]
    assert "Organisations that answered the survey (2)" in surveyed
    assert surveyed.index("City Council") < surveyed.index("Westfield Surgery")
    assert "Not given" in surveyed


def test_each_invitee_has_a_personal_survey_link_to_copy(signed_in, db, event_id):
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    for person in store.list_invitees(db, event_id):
        link = f"http://192.0.2.10:5000/s/{person['survey_token']}"
        assert f'value="{link}" readonly' in page and f'href="{link}"' in page
    general = f"http://192.0.2.10:5000/s/{store.get_event(db, event_id)['survey_token']}"
    assert f'value="{general}" readonly' in page


def test_hostile_names_are_shown_as_text(signed_in, db, event_id):
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    assert upload(signed_in, event_id, f"name,organisation\n{quoted},<b>Org</b>\n".encode()).status_code == 302
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    assert answers.submit_room(db, table, said(1, "<i>Eve</i>", "<u>Org</u>")).ok
    assert answers.submit_survey(db, event_id, said(2, "Mallory", "<svg onload=alert(1)>"), EARLY).ok
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    for raw in (HOSTILE, "<b>Org</b>", "<i>Eve</i>", "<u>Org</u>", "<svg onload=alert(1)>", "<script>"):
        assert raw not in page
    assert "&lt;script&gt;" in page and "&lt;i&gt;Eve&lt;/i&gt;" in page and "&lt;svg onload=alert(1)&gt;" in page


def test_the_names_setting_is_on_the_page_and_its_form_changes_it(signed_in, db, event_id):
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    asking = store.get_event(db, event_id)["ask_identity"]
    assert f'action="/facilitator/events/{event_id}/identity"' in page
    assert f'name="ask" value="{0 if asking else 1}"' in page and "always optional for delegates" in page
    token = Auth(signed_in).csrf_token(page_url(event_id))
    sent = signed_in.post(f"/facilitator/events/{event_id}/identity",
                          data={"csrf_token": token, "ask": "0" if asking else "1", "next": "attendance"})
    assert sent.headers["Location"].endswith(page_url(event_id))
    assert store.get_event(db, event_id)["ask_identity"] is not asking
    assert f'name="ask" value="{1 if asking else 0}"' in signed_in.get(page_url(event_id)).get_data(as_text=True)


def test_the_event_page_links_to_attendance(signed_in, event_id):
    page = signed_in.get(f"/facilitator/events/{event_id}").get_data(as_text=True)
    assert f'href="{page_url(event_id)}"' in page


def test_an_event_that_does_not_exist_is_a_plain_404(signed_in):
    response = signed_in.get(page_url(999))
    assert response.status_code == 404
    assert "There is no event 999. It may have been deleted." in response.get_data(as_text=True)


def test_anyone_not_signed_in_is_sent_to_sign_in_and_nothing_changes(app, client, db, event_id):
    app.config["WTF_CSRF_ENABLED"] = False  # so the upload is refused for want of sign-in, not of a CSRF token
    listed = invitees(db, event_id)
    for response in (
        client.get(page_url(event_id)),
        client.post(f"/facilitator/events/{event_id}/invitees",
                    data={"invitee_file": (io.BytesIO(b"name\nIntruder\n"), "x.csv")},
                    content_type="multipart/form-data"),
    ):
        assert response.status_code == 302 and "/facilitator/sign-in" in response.headers["Location"]
    assert invitees(db, event_id) == listed


def test_the_survey_link_has_a_qr_code_to_show_and_download(signed_in, db, event_id):
    # That qr_svg codes decode to their link is checked with zbarimg on the printed card sheet (browser tests).
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    assert 'aria-label="QR code for the survey link"' in page
    svg = signed_in.get(f"/facilitator/events/{event_id}/survey-qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")
    assert "attachment" in svg.headers["Content-Disposition"]


def test_a_semicolon_invitee_file_whose_header_has_a_comma_loads(signed_in, db, event_id):
    content = b"name;organisation;notes, if any\nAda Lovelace;Analytical Society;first, by train\nCharles Babbage;;\n"
    assert upload(signed_in, event_id, content).status_code == 302
    assert invitees(db, event_id) == [("Ada Lovelace", "Analytical Society"), ("Charles Babbage", "")]


def test_the_group_column_gives_invitees_their_stakeholder_group_and_an_unknown_group_is_refused(signed_in, db,
                                                                                                  event_id):
    refused = upload(signed_in, event_id, b"name,group\nAda Lovelace,Patients\n")
    assert refused.status_code == 422
    assert 'no stakeholder group "Patients"' in html.unescape(refused.get_data(as_text=True))
    assert invitees(db, event_id) == [("Ruth Kendrick", "Eastwold Mind"), ("Sam Oyelaran", "")]
    definition = {**store.load_definition(db, event_id), "stakeholder_groups": ["Patients"]}
    definitions.replace_definition(db, event_id, parse_event(definition))
    assert upload(signed_in, event_id, b"name,stakeholder group\nAda Lovelace,Patients\n").status_code == 302
    assert [(p["name"], p["group"]) for p in store.list_invitees(db, event_id)] == [("Ada Lovelace", "Patients")]


def test_the_page_shows_check_in_counts_and_how_each_person_was_recorded(signed_in, db, event_id):
    ruth = store.list_invitees(db, event_id)[0]["checkin_token"]
    check_in.check_in_invitee(db, event_id, ruth)
    check_in.add_walk_in(db, event_id, "Alex Morgan", "Healthwatch")
    page = " ".join(html.unescape(signed_in.get(page_url(event_id)).get_data(as_text=True)).split())
    assert "<strong>2</strong> checked in at the door: 1 of 2 invitees and 1 walk-in." in page
    assert "<td>checked in at the desk</td>" in page and "<td>walk-in at the desk</td>" in page


def test_an_unsure_name_is_confirmed_or_rejected_on_the_page(signed_in, db, event_id):
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    assert answers.submit_room(db, table, said(1, "Ruth Kendrik", "")).status == "stored"
    page = signed_in.get(page_url(event_id)).get_data(as_text=True)
    assert "Names to confirm (1)" in page and "Yes: Ruth Kendrick, Eastwold Mind" in page
    ruth = store.list_invitees(db, event_id)[0]["checkin_token"]
    token = Auth(signed_in).csrf_token(page_url(event_id))
    decide = f"/facilitator/events/{event_id}/attendance/matches"
    response = signed_in.post(decide, data={"csrf_token": token, "respondent_token": "tok-0000000000000001",
                                            "invitee_token": ruth})
    assert response.status_code == 302
    assert store.attendance_matches(db, event_id) == {"tok-0000000000000001": ruth}
    assert "Names to confirm (" not in signed_in.get(page_url(event_id)).get_data(as_text=True)
    refused = signed_in.post(decide, data={"csrf_token": token, "respondent_token": "tok-nobody", "invitee_token": ""})
    assert refused.status_code == 404 and "not one given in the room" in refused.get_data(as_text=True)
    assert store.attendance_matches(db, event_id) == {"tok-0000000000000001": ruth}


def test_a_decision_on_a_typed_name_can_be_forgotten(signed_in, db, event_id):
    answers.open_phase(db, event_id, "B")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    assert answers.submit_room(db, table, said(1, "Ruth Kendrik", "")).status == "stored"
    check_in.decide_match(db, event_id, "tok-0000000000000001", None)
    page = html.unescape(signed_in.get(page_url(event_id)).get_data(as_text=True))
    assert "Names you have decided (1)" in page and "not an invitee." in page
    token = Auth(signed_in).csrf_token(page_url(event_id))
    response = signed_in.post(f"/facilitator/events/{event_id}/attendance/matches", data={
        "csrf_token": token, "respondent_token": "tok-0000000000000001", "forget": "1"})
    assert response.status_code == 302 and store.attendance_matches(db, event_id) == {}
    assert "Names to confirm (1)" in signed_in.get(page_url(event_id)).get_data(as_text=True)
