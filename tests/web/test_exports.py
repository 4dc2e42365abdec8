"""Downloads from the control room and the API: signed in or with a token, named by slug and date."""
import io
import zipfile

import pytest

from facilitation import exports
from facilitation.web.auth import new_api_token

STEM = "community-mental-health-crisis-support-in-eastwold-2024-06-12"


@pytest.fixture
def event_id(imported):
    return imported("allocate-explicit.json")


def test_the_exports_page_links_every_export(signed_in, event_id):
    page = signed_in.get(f"/facilitator/events/{event_id}/exports").get_data(as_text=True)
    for name in exports.NAMES:
        assert f'href="/facilitator/events/{event_id}/exports/{name}.csv"' in page
    assert f"/facilitator/events/{event_id}/exports.xlsx" in page and f"/facilitator/events/{event_id}/exports.zip" in page


@pytest.mark.parametrize("path, filename, mimetype", [
    ("exports/matrix.csv", f"{STEM}-matrix.csv", "text/csv"),
    ("exports.xlsx", f"{STEM}.xlsx", exports.XLSX),
    ("exports.zip", f"{STEM}-exports.zip", "application/zip"),
])
def test_a_signed_in_facilitator_downloads_each_file(signed_in, event_id, path, filename, mimetype):
    response = signed_in.get(f"/facilitator/events/{event_id}/{path}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_downloads_need_sign_in_and_a_real_export(client, signed_in, event_id, app):
    assert signed_in.get(f"/facilitator/events/{event_id}/exports/passwords.csv").status_code == 404
    assert signed_in.get("/facilitator/events/999/exports.zip").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(f"/facilitator/events/{event_id}/exports.zip").status_code == 302


def test_the_api_serves_the_same_files_with_a_token(client, db, event_id):
    assert client.get(f"/api/events/{event_id}/exports.zip").status_code == 401
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    archive = client.get(f"/api/events/{event_id}/exports.zip", headers=headers)
    assert archive.status_code == 200 and len(zipfile.ZipFile(io.BytesIO(archive.data)).namelist()) == len(exports.NAMES) + 1
    csv = client.get(f"/api/events/{event_id}/exports/totals.csv", headers=headers)
    assert csv.data.startswith(b"\xef\xbb\xbfoption,option title,score by the rule (weighted points),total")
    missing = client.get(f"/api/events/{event_id}/exports/nope.csv", headers=headers)
    assert missing.status_code == 404 and "the exports are" in missing.get_json()["error"]
    assert client.get("/api/events/999/exports.xlsx", headers=headers).status_code == 404


def test_the_event_page_and_the_exports_page_link_the_board_report(signed_in, event_id):
    for page in (f"/facilitator/events/{event_id}", f"/facilitator/events/{event_id}/exports"):
        assert f'href="/facilitator/events/{event_id}/report"' in signed_in.get(page).get_data(as_text=True)
    assert f"/facilitator/events/{event_id}/report.pdf" in signed_in.get(
        f"/facilitator/events/{event_id}/exports").get_data(as_text=True)
    control = signed_in.get(f"/facilitator/events/{event_id}/control").get_data(as_text=True)
    assert f'href="/facilitator/events/{event_id}/exports"' in control
