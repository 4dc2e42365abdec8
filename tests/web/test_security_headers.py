"""Every response carries the security headers: each GET route of the app with real ids and tokens, the API, static
files and error pages; and the policy refuses inline script and style."""
import pathlib
import re

import pytest
from flask import url_for

from facilitation import store
from facilitation.domain.event import parse_event
from facilitation.web.security import content_security_policy

from ..conftest import event_file

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DIRECTIVES = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
              "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]


def assert_headers(response, where):
    """Every security header, with its value, on one response."""
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (where, name, response.status_code)
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in DIRECTIVES:
        assert directive in policy.split("; "), (where, directive)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where


@pytest.fixture
def filled(db):
    """An event with invitees (check-in tokens), its tables (join tokens) and survey link, and the values for URLs."""
    event_id = store.create_event(db, parse_event({**event_file("allocate-explicit.json"),
                                                   "stakeholder_groups": ["Patients"]}))
    table = store.list_tables(db, event_id)[0]
    return {
        "event_id": event_id, "number": table["number"], "join_token": table["join_token"],
        "survey_token": store.get_event(db, event_id)["survey_token"],
        "checkin_token": store.list_invitees(db, event_id)[0]["checkin_token"],
        "name": "matrix", "filename": "css/app.css",
    }


def test_every_get_route_answers_with_every_security_header(app, signed_in, api, filled):
    routes = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    assert len(routes) > 40
    statuses = {}
    for rule in routes:
        url = rule.build({name: filled[name] for name in rule.arguments})[1]
        response = signed_in.get(url)
        assert_headers(response, url)
        if rule.rule.startswith("/api/events"):
            response = api("GET", url)
            assert_headers(response, f"API {url}")
        statuses[url] = response.status_code
    # Real pages, not a wall of redirects and 404s: every route answered as it does for the facilitator.
    others = {url: code for url, code in statuses.items() if code != 200}
    assert len(others) <= 3, others


@pytest.mark.parametrize("where, call", [
    ("404", lambda client: client.get("/no/such/page")),
    ("API 404", lambda client: client.get("/api/events/999999")),
    ("405", lambda client: client.delete("/healthz")),
    ("CSRF refusal", lambda client: client.post("/facilitator/sign-in", data={"password": "x"})),
    ("hashed static file", lambda client: client.get(hashed_static_url(client.application))),
    ("bare static file", lambda client: client.get("/static/js/table.js")),
    ("missing static file", lambda client: client.get("/static/js/none.js")),
    ("sign-in page", lambda client: client.get("/facilitator/sign-in")),
    ("redirect to sign in", lambda client: client.get("/facilitator/")),
    ("unknown join link", lambda client: client.get("/t/not-a-token")),
])
def test_error_pages_static_files_and_redirects_carry_them_too(client, where, call):
    assert_headers(call(client), where)


def hashed_static_url(app):
    """The content-hashed address the pages use for app.css."""
    with app.test_request_context():
        return url_for("static", filename="css/app.css")


def test_a_server_error_carries_them(app, client):
    @app.route("/boom-for-the-test")
    def boom():
        raise RuntimeError("a bug")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-the-test")
    assert response.status_code == 500
    assert_headers(response, "500")


@pytest.mark.parametrize("host, sockets", [
    ("192.0.2.10:5000", " ws://192.0.2.10:5000 wss://192.0.2.10:5000"),
    ("events.example.org", " ws://events.example.org wss://events.example.org"),
    ("[::1]:5000", " ws://[::1]:5000 wss://[::1]:5000"),
    # A crafted Host header cannot add a source or a directive.
    ("evil.example; script-src *", ""),
    ("evil.example *", ""),
    ("", ""),
])
def test_the_socket_addresses_in_connect_src_come_only_from_a_plain_host(host, sockets):
    policy = content_security_policy(host)
    assert policy.endswith(f"connect-src 'self'{sockets}")
    assert policy.count("script-src") == 1


ROOT = pathlib.Path(__file__).resolve().parents[2]
# What the policy refuses, found in the sources: the browser test sees only the branches its pages reach.
REFUSED = {
    "a style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "an inline event handler": re.compile(r"""\son[a-z]+\s*=\s*["'{a-z]""", re.I),
    "an inline script": re.compile(r"<script(?![^>]*(\bsrc=|type=\"application/json\"))[^>]*>", re.I),
    "a javascript: address": re.compile(r"""=\s*["']?\s*javascript:""", re.I),
}
SCRIPT_REFUSED = {
    "a style attribute set by script": re.compile(r"""setAttribute\(\s*["']style|\.cssText\s*=|style=\\?["']"""),
    "a string run as code": re.compile(r"""\beval\(|new Function\(|set(Timeout|Interval)\(\s*["']"""),
}


@pytest.mark.parametrize("path", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name)
def test_no_template_has_what_the_policy_refuses(path):
    source = path.read_text(encoding="utf-8")
    assert [what for what, pattern in REFUSED.items() if pattern.search(source)] == []


@pytest.mark.parametrize("path", sorted((ROOT / "static" / "js").glob("*.js")), ids=lambda p: p.name)
def test_no_script_sets_a_style_attribute_or_runs_a_string(path):
    source = path.read_text(encoding="utf-8")
    assert [what for what, pattern in SCRIPT_REFUSED.items() if pattern.search(source)] == []
