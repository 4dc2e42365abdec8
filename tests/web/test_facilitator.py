"""Facilitator pages: import, the event page, download, table cards, new links, delete."""
import io
import json

import pytest

from facilitation import store

from ..conftest import EVENTS_DIR, Auth


def upload(client, content, filename="event.json"):
    """Post an event file to the import form, the way the browser does."""
    token = Auth(client).csrf_token("/facilitator/")
    data = {"csrf_token": token, "event_file": (io.BytesIO(content), filename)}
    return client.post("/facilitator/events/import", data=data, content_type="multipart/form-data")


def test_importing_a_good_file_stores_it_and_opens_its_page(signed_in, db):
    content = (EVENTS_DIR / "allocate-explicit.json").read_bytes()
    response = upload(signed_in, content)
    assert response.status_code == 302
    event_id = store.list_events(db)[0]["id"]
    assert response.headers["Location"] == f"/facilitator/events/{event_id}"
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert json.loads(content)["title"] in page


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "not valid JSON: line 1, column 2"),
    (b"\xff\xfe\x00junk", "not UTF-8 text"),
    (b"", "the file is empty"),
    (json.dumps({"format": 1, "title": "T", "options": [], "criteria": [], "tables": 0}).encode(), "options"),
])
def test_a_bad_file_is_refused_whole_with_its_problems_listed(signed_in, db, content, expected):
    response = upload(signed_in, content, "bad.json")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "bad.json was not imported. Nothing was stored." in page
    assert expected in page
    assert store.list_events(db) == []


def test_every_problem_in_a_file_is_listed(signed_in, db):
    data = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text())
    data["colour"] = "blue"
    data["options"][1]["code"] = data["options"][0]["code"]
    data["scoring"]["budget"] = 0
    page = upload(signed_in, json.dumps(data).encode()).get_data(as_text=True)
    assert page.count("<li>") >= 3
    assert "colour" in page and "options[1].code" in page and "scoring.budget" in page
    assert store.list_events(db) == []


def test_choosing_no_file_says_so(signed_in):
    token = Auth(signed_in).csrf_token("/facilitator/")
    response = signed_in.post("/facilitator/events/import", data={"csrf_token": token},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose an event file" in response.get_data(as_text=True)


def test_the_event_page_lists_tables_with_links_codes_and_the_share_out(signed_in, db, imported):
    event_id = imported("allocate-balanced.json")
    page = signed_in.get(f"/facilitator/events/{event_id}").get_data(as_text=True)
    for table in store.list_tables(db, event_id):
        assert f"http://192.0.2.10:5000/t/{table['join_token']}" in page
        assert f"{table['join_code'][:3]}-{table['join_code'][3:]}" in page
    assert "scores" in page  # the share-out grid's labels


def test_download_gives_the_definition_back(signed_in, db, imported):
    event_id = imported("score-all.json")
    response = signed_in.get(f"/facilitator/events/{event_id}/event.json")
    assert response.get_json() == store.load_definition(db, event_id)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith('.json"')


def test_cards_show_every_table_with_qr_link_and_code(signed_in, db, imported):
    event_id = imported("allocate-explicit.json")
    page = signed_in.get(f"/facilitator/events/{event_id}/cards").get_data(as_text=True)
    tables = store.list_tables(db, event_id)
    assert page.count('class="table-card"') == len(tables)
    assert page.count("<svg") == len(tables)
    # The link is cut into pieces that break only after a '/': the text, without the tags, is the whole link.
    text = page.replace("<wbr>", "").replace('<span class="url-part">', "").replace("</span>", "")
    for table in tables:
        assert f"http://192.0.2.10:5000/t/{table['join_token']}" in text
        assert f'aria-label="QR code to join table {table["number"]}"' in page


def test_one_table_qr_code_as_svg(signed_in, imported):
    event_id = imported("minimal.json")
    response = signed_in.get(f"/facilitator/events/{event_id}/tables/1/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert signed_in.get(f"/facilitator/events/{event_id}/tables/999/qr.svg").status_code == 404


def test_new_link_replaces_one_tables_link_only(signed_in, db, imported):
    event_id = imported("allocate-explicit.json")
    before = {t["number"]: t["join_token"] for t in store.list_tables(db, event_id)}
    number = min(before)
    token = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    response = signed_in.post(f"/facilitator/events/{event_id}/tables/{number}/new-link",
                              data={"csrf_token": token, "confirm": "yes"})
    assert response.status_code == 302
    after = {t["number"]: t["join_token"] for t in store.list_tables(db, event_id)}
    assert after[number] != before[number]
    assert {n: t for n, t in after.items() if n != number} == {n: t for n, t in before.items() if n != number}


def test_delete_needs_confirming(signed_in, db, imported):
    event_id = imported("minimal.json")
    token = Auth(signed_in).csrf_token(f"/facilitator/events/{event_id}")
    signed_in.post(f"/facilitator/events/{event_id}/delete", data={"csrf_token": token})
    assert len(store.list_events(db)) == 1
    signed_in.post(f"/facilitator/events/{event_id}/delete", data={"csrf_token": token, "confirm": "delete"})
    assert store.list_events(db) == []


def test_a_missing_event_is_a_plain_404(signed_in):
    response = signed_in.get("/facilitator/events/404")
    assert response.status_code == 404
    assert "There is no event 404. It may have been deleted." in response.get_data(as_text=True)


def test_the_facilitator_pages_are_blueprints_nested_under_one_sign_in_check(app):
    from facilitation.web.facilitator import require_sign_in

    nested = sorted(name for name in app.blueprints if name.startswith("facilitator."))
    assert nested == [f"facilitator.{name}" for name in (
        "analysis", "attendance", "check_in", "closing", "confidence", "downloads", "moderation", "paper", "report",
        "survey_controls", "theme_responses", "voting")]
    # The parent's check covers the nested ones (Flask runs a parent's before_request for them); none has its own.
    assert app.before_request_funcs["facilitator"] == [require_sign_in]
    assert not any(app.before_request_funcs.get(name) for name in nested)
    # Every facilitator address, nested or not, is still under /facilitator.
    assert all(rule.rule.startswith("/facilitator/") for rule in app.url_map.iter_rules()
               if rule.endpoint.startswith("facilitator."))


def test_no_web_module_reaches_into_the_facilitator_blueprint():
    """What the pages share is public (web/pages.py, web/lookups_http.py); only the blueprint list imports facilitator."""
    import pathlib

    web = pathlib.Path(__file__).parents[2] / "facilitation" / "web"
    importers = sorted(path.name for path in web.glob("*.py")
                       if "from .facilitator import" in path.read_text() or "from . import facilitator" in path.read_text())
    assert importers == []
