"""What phones see: the table page behind a join link, joining by code, stale and unknown links."""
import json

import pytest

from facilitation import store
from facilitation.domain.event_file import read_event_file

from ..conftest import EVENTS_DIR


@pytest.fixture
def event(db, imported):
    """The explicit-assignment test event, with its id, definition and tables."""
    event_id = imported("allocate-explicit.json")
    return {
        "id": event_id,
        "definition": store.load_definition(db, event_id),
        "tables": store.list_tables(db, event_id),
    }


def test_a_table_page_shows_the_event_the_table_its_criteria_and_the_short_list(client, event):
    definition = event["definition"]
    table = event["tables"][0]
    page = client.get(f"/t/{table['join_token']}").get_data(as_text=True)
    assert definition["title"] in page
    assert f"Table {table['number']}" in page
    for criterion in definition["criteria"]:
        shown = criterion["title"] in page
        assert shown == (criterion["code"] in table["criteria"]), criterion["code"]
        if shown:
            assert criterion["description"] in page
            assert all(measure in page for measure in criterion["measures"])
    for option in definition["options"]:
        assert option["title"] in page
        for item in option["briefing"]["advantages"] + option["briefing"]["disadvantages"]:
            assert item["text"] in page
    assert 'data-join-token="' + table["join_token"] in page


def test_excluded_options_are_shown_apart_with_their_reason(client, event):
    excluded = [o for o in event["definition"]["options"] if o["status"] == "excluded"]
    assert excluded, "the test event should have excluded options"
    page = client.get(f"/t/{event['tables'][0]['join_token']}").get_data(as_text=True)
    short_list_part, excluded_part = page.split("Options not on the short list")
    for option in excluded:
        assert option["excluded_reason"] in excluded_part
        assert f'id="option-{option["code"]}"' not in short_list_part


@pytest.mark.parametrize("typing", [str.upper, str.lower, lambda c: f" {c[:3]}-{c[3:]} ", lambda c: f"{c[:3]} {c[3:]}"])
def test_joining_by_code_forgives_case_spaces_and_dashes(client, event, typing):
    table = event["tables"][1]
    response = client.get("/join", query_string={"code": typing(table["join_code"])})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/t/{table['join_token']}"


@pytest.mark.parametrize("typed, message", [("ZZZZZZ", "No table has the code ZZZ-ZZZ"), ("", "Type the code printed")])
def test_a_wrong_code_says_so_in_plain_words(client, event, typed, message):
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 404
    assert message in response.get_data(as_text=True)


def test_the_join_page_and_the_bare_address(client):
    assert client.get("/").headers["Location"] == "/join"
    page = client.get("/join").get_data(as_text=True)
    assert "Join your table" in page and 'name="code"' in page


def test_a_replaced_link_says_it_is_stale_and_how_to_rejoin(client, db, event):
    table = event["tables"][0]
    store.regenerate_join(db, event["id"], table["number"])
    response = client.get(f"/t/{table['join_token']}")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This table link has been replaced" in page
    assert "scan the QR code on the new card" in page and "/join" in page
    assert client.get(f"/t/{store.get_table(db, event['id'], table['number'])['join_token']}").status_code == 200


def test_an_unknown_link_says_what_to_do(client, event):
    response = client.get("/t/not-a-real-token")
    assert response.status_code == 404
    assert "recognise this table link" in response.get_data(as_text=True)


def test_text_from_the_event_file_is_escaped_not_run(client, db):
    data = json.loads((EVENTS_DIR / "minimal.json").read_text())
    data["title"] = '<script>alert("x")</script> & <b>bold</b>'
    event_id = store.create_event(db, read_event_file(json.dumps(data)))
    page = client.get(f"/t/{store.list_tables(db, event_id)[0]['join_token']}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page and "&amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
