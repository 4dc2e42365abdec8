"""The OpenAPI document is generated from the routes: every route, method and status the code can answer is in it,
every body is refused by the schema it shows, and hostile bodies and path numbers get a plain 4xx."""
import ast
import inspect
import json
import textwrap

import pytest
from openapi_spec_validator import validate

from facilitation import store
from facilitation.web.api import needs_token
from facilitation.web.api_doc import path_of
from facilitation.web.api_schemas import BODIES
from facilitation.web.openapi import api_rules, statuses

from ..conftest import EVENTS_DIR

# What the helpers a route calls can answer (each ends the request itself).
HELPERS = {
    "event_or_404": {404}, "table_or_404": {404}, "survey_or_404": {404}, "_table": {404, 410},
    "raw_json": {400}, "json_body": {400}, "check_body": {400}, "answers_body": {400, 413, 422},
    "_definition_from_body": {400, 422}, "_refused": {400}, "download": {200},
}


def _answers(view):
    """Every status a view's source can answer: literals given to refusals, status maps it reads, helpers it calls."""
    source = inspect.getsource(view)
    module = inspect.getmodule(view)
    found = set()
    for node in ast.walk(ast.parse(textwrap.dedent(source))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            found |= HELPERS.get(name, set()) if not (node.args and _status(node.args[0])) else {_status(node.args[0])}
            for keyword in node.keywords:
                if keyword.arg == "status" and _status(keyword.value):
                    found.add(_status(keyword.value))
            if name in ("json_body", "check_body") and not any(k.arg == "status" for k in node.keywords):
                found.add(422)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
            found.add(_status(node.value.elts[1]) or 0)
        elif isinstance(node, ast.Name) and node.id.endswith("STATUS"):
            found |= set(getattr(module, node.id).values())
        elif isinstance(node, ast.Assign) and getattr(node.targets[0], "attr", "") == "status_code":
            found.add(_status(node.value) or 0)
    found.discard(0)
    return found or {200}


def _status(node):
    """The HTTP status a literal node holds, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, int) and 100 <= node.value < 600 \
        else None


def test_the_document_is_valid_openapi(client):
    validate(client.get("/api/openapi.json").get_json())


def test_every_api_route_and_method_is_in_the_document_and_nothing_else(app, client):
    document = client.get("/api/openapi.json").get_json()
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item
                  if method != "parameters"}
    routes = {(path_of(rule.rule), method) for rule, method, _ in api_rules(app)}
    assert routes == documented


def test_every_status_a_route_can_answer_is_documented(app, client):
    """A static check beside schemathesis' dynamic one: what each view's code can answer is in its responses."""
    document = client.get("/api/openapi.json").get_json()
    for rule, method, view in api_rules(app):
        answers = _answers(view)
        if rule.endpoint in ("api.replace_event", "api.set_voting", "api.set_confidence"):
            answers.add(409)   # EventClosed, raised by the service and answered by web/__init__.py
        documented = {int(code) for code in document["paths"][path_of(rule.rule)][method.lower()]["responses"]}
        assert answers <= documented, (rule.rule, method, answers - documented)
        assert documented == set(statuses(rule, view, needs_token(rule.endpoint))), rule.rule


def _objects(schema):
    """Every object schema inside a schema."""
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield schema
        for value in schema.values():
            yield from _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _objects(value)


def test_every_body_schema_refuses_keys_it_does_not_name():
    for name, schema in BODIES.items():
        for part in _objects(schema):
            if "properties" in part:
                assert part.get("additionalProperties") is False, name


def test_the_event_schema_carries_its_size_limits(client):
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["EventDefinition"]
    properties = schema["properties"]
    assert properties["options"]["maxItems"] == 50 and properties["options"]["minItems"] == 2
    assert properties["criteria"]["maxItems"] == 30 and properties["risk_themes"]["maxItems"] == 30
    assert properties["invitees"]["maxItems"] == 2000
    assert properties["title"]["minLength"] == 1 and properties["title"]["maxLength"] == 200
    assert properties["options"]["items"]["properties"]["code"]["maxLength"] == 10


def test_an_event_of_ten_thousand_options_is_refused_plainly(api, db):
    data = json.loads((EVENTS_DIR / "minimal.json").read_text())
    data["options"] = [{"code": f"o{i}", "title": f"Option {i}"} for i in range(10_000)]
    response = api("POST", "/api/events", json=data)
    assert response.status_code == 422
    assert {"path": "options", "message": "may have at most 50 entries"} in response.get_json()["problems"]
    assert store.list_events(db) == []


@pytest.fixture
def event_id(imported):
    return imported("allocate-explicit.json")


@pytest.mark.parametrize("body, field", [
    ({"criteria": "health", "voting": "open"}, "criteria"),
    ({"criterion": ["health"], "voting": "open"}, "criterion"),
    ({"criterion": {"code": "health"}, "voting": "open"}, "criterion"),
    ({"voting": "open", "force": "yes"}, "force"),
])
def test_a_misspelt_or_mistyped_voting_change_is_refused_naming_it(api, db, event_id, body, field):
    before = store.voting_states(db, event_id)
    response = api("POST", f"/api/events/{event_id}/voting", json=body)
    assert response.status_code == 400
    assert field in [p["field"] for p in response.get_json()["problems"]]
    assert store.voting_states(db, event_id) == before


@pytest.mark.parametrize("theme", [[], {}, [1], {"id": 1}])
def test_a_risk_theme_that_is_a_list_or_object_is_refused_on_both_answer_apis(client, db, event_id, theme):
    table = store.get_table(db, event_id, 1)
    survey = store.get_event(db, event_id)["survey_token"]
    answers = {"respondent": "r" * 20, "submission_id": "sub-00001", "confidence": "same",
               "risks": [{"text": "Cost", "theme": theme}]}
    for url in (f"/api/tables/{table['join_token']}/answers", f"/api/survey/{survey}/answers"):
        response = client.post(url, json=answers)
        assert response.status_code == 422, url
        body = response.get_json()
        assert body["ok"] is False and body["status"] == "problems"
        assert "risks[0].theme" in [p["field"] for p in body["problems"]]


@pytest.mark.parametrize("raw", [
    '{"respondent": "rrrrrrrrrrrrrrrrrrrr", "submission_id": "\\ud800abcdefgh", "confidence": "same"}',
    "[" * 8000 + "]" * 8000,
    '{"a":' * 40 + "1" + "}" * 40,
    "{not json",
])
def test_hostile_bodies_are_a_plain_400(client, db, event_id, raw):
    table = store.get_table(db, event_id, 1)
    response = client.post(f"/api/tables/{table['join_token']}/answers", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] and "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("number", [2 ** 63, 2 ** 64 + 7, 10 ** 30])
def test_huge_numbers_in_paths_are_a_404(api, event_id, number):
    for url in (f"/api/events/{number}", f"/api/events/{event_id}/tables/{number}/new-link",
                f"/api/events/{event_id}/check-ins/{number}", f"/api/events/{event_id}/themes/{number}/response"):
        method = "GET" if url.endswith(str(number)) and "/api/events/" + str(number) == url else "POST"
        method = {"new-link": "POST", "check-ins": "DELETE", "response": "PUT"}.get(
            next((k for k in ("new-link", "check-ins", "response") if k in url), ""), method)
        assert api(method, url, json={"response": "x"}).status_code == 404, url
    assert api("GET", "/api/events/-1").status_code == 404


def test_the_import_page_and_the_event_form_say_a_limit_plainly(signed_in, db):
    from .test_facilitator import upload
    from facilitation.web.event_form import place

    data = json.loads((EVENTS_DIR / "minimal.json").read_text())
    data["options"] = [{"code": f"o{i}", "title": f"Option {i}"} for i in range(51)]
    data["risk_themes"] = [f"Theme {i}" for i in range(31)]
    page = upload(signed_in, json.dumps(data).encode()).get_data(as_text=True)
    assert "may have at most 50 entries" in page and "may have at most 30 entries" in page
    assert store.list_events(db) == []
    assert (place("options"), place("risk_themes")) == ("Options", "Risk themes")
