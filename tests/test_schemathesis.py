"""Requests generated from the app's own /api/openapi.json (schemathesis), in process against the WSGI app, with a
real API token and a real imported event: no answer is a 5xx, and every status, content type and body is the one
the document declares."""
import time
from collections import Counter

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from facilitation import store
from facilitation.web.auth import new_api_token

from .conftest import EVENTS_DIR
from facilitation.domain.event_file import read_event_file

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Per operation: valid requests on the real event; valid requests with generated path parameters (ids up to 2^63 - 1,
# any token); and bodies that break their schema on purpose (wrong types, unknown keys), each a documented 4xx.
PASSES = [(GenerationMode.POSITIVE, True, 12), (GenerationMode.POSITIVE, False, 5), (GenerationMode.NEGATIVE, True, 12)]
# Operations that end what the others need (the event, its links, its openness) run last, in this order.
LAST = [("POST", "/api/events/{event_id}/tables/{number}/new-link"), ("POST", "/api/events/{event_id}/close"),
        ("POST", "/api/events/{event_id}/reopen"), ("DELETE", "/api/events/{event_id}/check-ins/{check_in_id}"),
        ("PUT", "/api/events/{event_id}"), ("DELETE", "/api/events/{event_id}")]


def _order(operation):
    """GETs first, then writes, then the operations in LAST."""
    key = (operation.method.upper(), operation.path)
    return (2, LAST.index(key)) if key in LAST else (0 if key[0] == "GET" else 1, 0)


def _real_parameters(db, event_id, names):
    """The real event's id and its current links, for the path parameters an operation has."""
    table = store.get_table(db, event_id, 1)
    event = store.get_event(db, event_id)
    real = {"event_id": event_id, "number": 1}
    if table:
        real["join_token"] = table["join_token"]
    if event:
        real["survey_token"] = event["survey_token"]
    return {name: value for name, value in real.items() if name in names}


@pytest.mark.timeout(180)
def test_generated_requests_get_documented_answers_and_never_a_server_error(app, db):
    event_id = store.create_event(db, read_event_file((EVENTS_DIR / "allocate-explicit.json").read_bytes()))
    # identity: the test client does not undo Flask-Compress, and the checks read the body.
    headers = {"Authorization": f"Bearer {new_api_token(db)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)
    ran, failures, started = [], [], time.monotonic()
    passes = [(operation, mode, real, examples) for operation in operations for mode, real, examples in PASSES
              if real or operation.path_parameters if mode is GenerationMode.POSITIVE or operation.body]
    for operation, mode, real, examples in sorted(passes, key=lambda p: _order(p[0])):
        names = {p.name for p in operation.path_parameters}
        fixed = _real_parameters(db, event_id, names) if real else {}
        strategy = operation.as_strategy(mode, path_parameters=fixed or None)

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            try:
                response = case.call_and_validate(headers=headers, checks=CHECKS)
            except Exception as failure:  # noqa: BLE001 - every failure is listed below, not only the first
                failures.append(f"{operation.label} {case.path_parameters} {case.body!r:.200}: {failure}")
            else:
                ran.append((operation.label, mode.value, response.status_code))

        run()
    took = time.monotonic() - started
    statuses = Counter(status for _, _, status in ran)
    print(f"schemathesis: {len(ran) + len(failures)} cases over {len(operations)} operations in {took:.1f} s "
          f"({Counter(m for _, m, _ in ran)}), answers {sorted(statuses.items())}, {len(failures)} failures")
    assert len(ran) + len(failures) >= 500
    assert not failures, "\n\n".join(failures[:10])
