"""Pages and static files for phones on poor Wi-Fi: compressed when accepted, static files cached for a year under
content-hashed names, pages always revalidated, downloads sent as they are (facilitation/web/assets.py)."""
import gzip
import io
import re
import zipfile

import brotli
import pytest
from flask import url_for

from facilitation import create_app, store
from facilitation.web.assets import IMMUTABLE, StaticFiles, unhashed
from facilitation.web.auth import new_api_token

from ..conftest import PASSWORD

BR, GZIP, BROWSER = {"Accept-Encoding": "br"}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "gzip, deflate, br, zstd"}
STATIC = re.compile(r'(?:href|src|data-sortable)="(/static/[^"]+)"')


def decoded(response):
    """The body as the browser sees it after undoing the Content-Encoding."""
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](response.data)


@pytest.fixture
def table_url(client, imported, db):
    event_id = imported("allocate-explicit.json")
    return f"/t/{store.list_tables(db, event_id)[0]['join_token']}"


def test_pages_are_compressed_when_the_browser_accepts_it_and_always_revalidated(client, table_url):
    plain = client.get(table_url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    page = plain.get_data(as_text=True)
    for headers, encoding in ((BROWSER, "br"), (BR, "br"), (GZIP, "gzip"), ({"Accept-Encoding": "br;q=0.5, gzip"}, "gzip")):
        response = client.get(table_url, headers=headers)
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert len(response.data) < len(plain.data) / 4
        # The same page (apart from the fresh id each drawing of the confidence form carries).
        assert re.sub(r'name="submission_id" value="[^"]+"', "", decoded(response).decode()) == \
            re.sub(r'name="submission_id" value="[^"]+"', "", page)
    assert client.get(table_url).headers.get("Content-Encoding") is None       # no Accept-Encoding at all
    assert plain.headers["Cache-Control"] == "no-cache, private"
    assert "immutable" not in plain.headers["Cache-Control"]


def test_json_is_compressed_too(client, db):
    response = client.get("/api/openapi.json", headers={**BR, "Authorization": f"Bearer {new_api_token(db)}"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    assert decoded(response).startswith(b"{")


def test_every_static_file_a_page_names_is_hashed_immutable_and_compressed(client, table_url, app):
    page = client.get(table_url).get_data(as_text=True)
    urls = STATIC.findall(page)
    assert {unhashed(u) for u in urls} >= {"/static/css/app.css", "/static/css/table.css", "/static/js/table.js",
                                           "/static/js/ballot.js", "/static/vendor/socket.io.min.js"}
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), url
        with open(app.static_folder + unhashed(url)[len("/static"):], "rb") as f:
            content = f.read()
        for headers in (BR, GZIP, {}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
            assert response.headers.get("Content-Encoding") == headers.get("Accept-Encoding")
            assert decoded(response) == content
        assert response.mimetype in ("text/css", "text/javascript")


def test_a_static_file_is_revalidated_by_its_etag_and_its_bare_name_is_not_immutable(client, app):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    first = client.get(url, headers=BR)
    again = client.get(url, headers={**BR, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # The gzip copy has its own validator: a cache never mixes one encoding up with another.
    assert client.get(url, headers={**GZIP, "If-None-Match": first.headers["ETag"]}).status_code == 200
    for bare in ("/static/css/app.css", "/static/css/app.000000000000.css"):
        response = client.get(bare, headers=BR)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
        assert decoded(response) == decoded(first)
    assert client.get("/static/css/none-such.css").status_code == 404
    assert client.get("/static/../server.py").status_code == 404
    head = client.head(url, headers=GZIP)
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) > 0


def test_a_changed_file_gets_a_new_url_and_the_old_url_is_no_longer_immutable(app, client, tmp_path):
    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    script = folder / "js" / "socket.io.min.js"
    script.write_text("var a = 1;")
    app.static_folder = str(folder)
    app.extensions["static_files"] = StaticFiles(str(folder))
    with app.test_request_context():
        old = url_for("static", filename="js/socket.io.min.js")
        assert re.fullmatch(r"/static/js/socket\.io\.min\.[0-9a-f]{12}\.js", old)
        assert url_for("static", filename="js/socket.io.min.js") == old       # the same content, the same name
        script.write_text("var a = 2; // a new release")
        new = url_for("static", filename="js/socket.io.min.js")
    assert new != old
    assert client.get(new).headers["Cache-Control"] == IMMUTABLE and client.get(new).data.startswith(b"var a = 2")
    # A page drawn before the change still gets the file, but nothing caches it under the old name for a year.
    stale = client.get(old)
    assert stale.data.startswith(b"var a = 2") and stale.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path, mimetype, magic", [
    ("exports/matrix.csv", "text/csv", b"\xef\xbb\xbf"),
    ("exports.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("exports.zip", "application/zip", b"PK"),
    ("report.pdf", "application/pdf", b"%PDF"),
])
def test_downloads_are_sent_as_they_are_even_to_a_browser_that_accepts_compression(signed_in, imported, path, mimetype, magic):
    if path == "report.pdf":
        pytest.importorskip("weasyprint")
    event_id = imported("allocate-explicit.json")
    response = signed_in.get(f"/facilitator/events/{event_id}/{path}", headers=BROWSER)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "Content-Encoding" not in response.headers and response.data.startswith(magic)
    if magic == b"PK":
        assert zipfile.ZipFile(io.BytesIO(response.data)).testzip() is None


def test_the_report_pdf_still_reads_its_stylesheet_under_its_hashed_name(signed_in, imported, app):
    weasyprint = pytest.importorskip("weasyprint")
    from facilitation.web.report import _static_fetcher
    event_id = imported("allocate-explicit.json")
    page = signed_in.get(f"/facilitator/events/{event_id}/report").get_data(as_text=True)
    [css] = [u for u in STATIC.findall(page) if "report" in u]
    with app.test_request_context():
        fetched = _static_fetcher(weasyprint).fetch("http://localhost" + css)
    with open(app.static_folder + "/css/report.css", "rb") as f:
        assert fetched.read() == f.read()


def test_compression_and_hashed_names_can_be_turned_off(tmp_path, imported):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "FACILITATOR_PASSWORD": PASSWORD,
                      "SOCKETIO_ASYNC_MODE": "threading", "COMPRESS_RESPONSES": False, "IMMUTABLE_STATIC": False},
                     instance_path=str(tmp_path / "plain"))
    client = app.test_client()
    page = client.get("/join", headers=BR)
    assert "Content-Encoding" not in page.headers
    [css] = STATIC.findall(page.get_data(as_text=True))
    assert css == "/static/css/app.css"
    response = client.get(css, headers=BR)
    assert "Content-Encoding" not in response.headers and response.headers["Cache-Control"] == "no-cache"
