"""One way to read a JSON body for every /api route: plain-words refusals, checked by the schema the document shows.

Not JSON, not a JSON object, nested too deep or holding a lone surrogate: 400. Breaking the route's schema (a wrong
type, a key the call does not take, a required one missing): the route's status, every problem listed. Either way
the answer is {"error": ..., "problems": [{"field", "message"}]} and nothing is changed.
"""
import json

from flask import abort, jsonify, request

from ..domain.event import plain_problems
from ..domain.payload import PayloadError, check_payload
from .api_schemas import BODIES

NOT_JSON = "The request body must be a JSON object (Content-Type: application/json); nothing was changed."


def refuse(code, message, problems=(), **extra):
    """End the request with a JSON refusal in the API's one shape."""
    response = jsonify(error=message, problems=[{"field": field, "message": words} for field, words in problems],
                       **extra)
    response.status_code = code
    abort(response)


def raw_json():
    """The body decoded, or the request ends with a 400 in plain words (never a traceback)."""
    if not request.is_json:
        refuse(400, NOT_JSON, [("", "must be JSON, sent as Content-Type: application/json")])
    try:
        data = json.loads(request.get_data(cache=True))
    except RecursionError:
        refuse(400, "The request body is nested too deeply to read; nothing was changed.",
               [("", "is nested too deeply")])
    except ValueError:
        refuse(400, "The request body is not valid JSON; nothing was changed.", [("", "is not valid JSON")])
    try:
        check_payload(data)
    except PayloadError as error:
        refuse(400, f"{error} Nothing was changed.", [("", str(error))])
    return data


def json_body(name, status=422, what="Nothing was changed:", extra=None):
    """The body checked against BODIES[name]; otherwise the request ends with status and every problem listed."""
    return check_body(name, raw_json(), status, what, extra)


def check_body(name, data, status=422, what="Nothing was changed:", extra=None):
    """data, if BODIES[name] finds nothing wrong with it; otherwise the request ends with every problem listed."""
    if BODIES[name].get("type") == "object" and not isinstance(data, dict):
        refuse(400, f"{what} the request body must be a JSON object, starting with {{.",
               [("", "must be a JSON object, starting with {")], **(extra or {}))
    problems = plain_problems(BODIES[name], data)
    if problems:
        refuse(status, what + " " + " ".join(f"{path}: {message}." if path else f"The body {message}."
                                for path, message in problems),
               problems, **(extra or {}))
    return data
