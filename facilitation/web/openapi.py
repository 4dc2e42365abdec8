"""The OpenAPI 3.1 document for /api, generated from app.url_map, each route's declaration (web/api_doc.py), the
request bodies' JSON Schemas (web/api_schemas.py) and the event file's JSON Schema taken from the validator itself."""
import copy
import functools

from werkzeug.routing import IntegerConverter

from ..domain.event import EVENT_SCHEMA
from .api_doc import BAD_BODY, NO_EVENT, TOO_LARGE, UNAUTHORISED, operation_id, path_of
from .api_schemas import BODIES
from .ids import LARGEST_ID
from .openapi_components import SCHEMAS

INFO = {
    "title": "Live option appraisal API",
    "version": "1",
    "description": (
        "What the facilitator pages do, for scripts. Every operation except this document and the table and survey "
        "links' own calls needs 'Authorization: Bearer TOKEN'; make a token with 'python server.py create-token'. "
        "Bodies are refused whole, every problem listed, when they break their schema (unknown keys included). "
        "See docs/api.md for examples."
    ),
}
PARAMS = {
    "event_id": "The event's id (from GET /api/events).",
    "number": "The table's number.",
    "join_token": "The last part of the table's join link; it is the table's credential.",
    "survey_token": "The last part of the survey link (the event's, or an invitee's personal one).",
    "theme_id": "A risk theme's id (from GET /api/events/{event_id}/confidence).",
    "check_in_id": "A check-in's id.",
}




def _content(schema, description):
    """A response or request body: a component by name, an inline schema, a media type, or nothing."""
    if schema is None:
        return {"description": description}
    if isinstance(schema, str) and "/" in schema:
        return {"description": description, "content": {schema: {}}}
    shown = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"description": description, "content": {"application/json": {"schema": shown}}}


def _parameters(rule, declared):
    """The path's parameters, typed by their converters."""
    parameters = []
    for name, converter in rule._converters.items():
        schema = ({"type": "integer", "minimum": 0, "maximum": LARGEST_ID} if isinstance(converter, IntegerConverter)
                  else {"type": "string"})
        parameters.append({"name": name, "in": "path", "required": True, "schema": declared.get(name, schema),
                           **({"description": PARAMS[name]} if name in PARAMS else {})})
    return parameters


def statuses(rule, view, needs_token):
    """Every status the route answers: its own declared ones and those its kind of route adds."""
    declared = view.openapi
    responses = dict(declared["responses"])
    if needs_token:
        responses.setdefault(401, UNAUTHORISED)
    if "event_id" in rule.arguments:
        responses.setdefault(404, NO_EVENT)
    if declared["body"]:
        responses.setdefault(400, BAD_BODY)
        responses.setdefault(413, TOO_LARGE)
    return responses


def _operation(app, rule, view, needs_token):
    """One operation of the document."""
    declared = view.openapi
    summary = declared["summary"] or (view.__doc__ or "").strip().splitlines()[0].rstrip(".")
    operation = {"operationId": declared["operation_id"] or operation_id(rule.endpoint), "summary": summary}
    if declared["description"]:
        operation["description"] = declared["description"]
    if not needs_token:
        operation["security"] = []
    if declared["query"]:
        operation["parameters"] = declared["query"]
    if declared["body"]:
        operation["requestBody"] = {"required": True, **_content(declared["body"], "The request body.")}
    operation["responses"] = {str(status): _content(*answer)
                              for status, answer in sorted(statuses(rule, view, needs_token).items())}
    return operation


def api_rules(app):
    """(rule, method, view) for every /api route, in url_map order."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, app.view_functions[rule.endpoint]


@functools.cache
def openapi_document(app):
    """Build the document once per app; it only changes with the code."""
    from .api import needs_token

    paths = {}
    for rule, method, view in api_rules(app):
        item = paths.setdefault(path_of(rule.rule), {"parameters": _parameters(rule, view.openapi["params"])})
        item[method.lower()] = _operation(app, rule, view, needs_token(rule.endpoint))
    event_schema = copy.deepcopy(EVENT_SCHEMA)
    # Inside OpenAPI the dialect is declared once for the document, not per component.
    event_schema.pop("$schema", None)
    event_schema.pop("$id", None)
    for item in paths.values():
        if not item["parameters"]:
            del item["parameters"]
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"EventDefinition": event_schema, **SCHEMAS, **BODIES},
        },
    }
