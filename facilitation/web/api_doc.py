"""What the OpenAPI document says of a route, declared beside the route: its responses by status, its body, its query.

web/openapi.py walks app.url_map and reads these; the summary is the view's docstring unless one is given.
"""
import re

# Answers every route adds by what it is: the bearer check, an event in the path, a JSON body.
UNAUTHORISED = ("Error", "No valid bearer token was sent.")
NO_EVENT = ("Error", "There is no such event.")
BAD_BODY = ("Error", "The body is not JSON, is nested more than 32 deep, or holds text that is not real text "
                     "(a lone surrogate); nothing changed.")
TOO_LARGE = ("Error", "The body is larger than 1 MB.")


def documented(responses, *, body=None, summary=None, description=None, query=(), params=None, operation_id=None):
    """Attach the route's document: responses {status: (schema, description)}; body: a name in api_schemas.BODIES.

    A schema is a component name, an inline JSON Schema, None (no body) or a media type such as "text/csv".
    """
    def attach(view):
        """Keep the declaration on the view function, where the generator finds it."""
        view.openapi = {"responses": dict(responses), "body": body, "summary": summary, "description": description,
                        "query": list(query), "params": params or {}, "operation_id": operation_id}
        return view
    return attach


def operation_id(endpoint):
    """A camelCase operation id from the view's name: api.list_events → listEvents."""
    first, *rest = endpoint.rsplit(".", 1)[-1].split("_")
    return first + "".join(word.capitalize() for word in rest)


def path_of(rule):
    """A Flask rule as an OpenAPI path: /api/events/<int:event_id> → /api/events/{event_id}."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)
