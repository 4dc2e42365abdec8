"""No token in the server's log: the access log, gevent's own error lines, Flask's and Socket.IO's tracebacks."""
import socket
import time

import pytest
import requests
import socketio

from facilitation import store
from facilitation.logs import redact

from .conftest import EVENTS_DIR
from .servers import LiveServer, import_event


@pytest.mark.parametrize("line, expected", [
    ('"GET /t/Ab_c-9/confidence?x=1 HTTP/1.1" 200', '"GET /t/…/confidence?x=1 HTTP/1.1" 200'),
    ("Exception on /api/tables/Qw3-_z/ballots [POST]", "Exception on /api/tables/…/ballots [POST]"),
    ("http://192.168.1.20:5000/s/SurveyTok", "http://192.168.1.20:5000/s/…"),
    ("POST /api/survey/Svy123/answers", "POST /api/survey/…/answers"),
    ("GET /checkin/Chk99 HTTP/1.1", "GET /checkin/… HTTP/1.1"),
    ("GET /join?code=K7MQ2P HTTP/1.1", "GET /join?code=… HTTP/1.1"),
    ("GET /socket.io/?EIO=4&transport=polling&sid=AbC123 HTTP/1.1", "GET /socket.io/?EIO=4&transport=polling&sid=… HTTP/1.1"),
    ("Authorization: Bearer s3cr3t.t0ken", "Authorization: Bearer …"),
    ("failed with {'join_token': 'T0k', \"respondent\": \"R1\"}", "failed with {'join_token': '…', \"respondent\": \"…\"}"),
    ("Invalid http version: 'GET /t/T0k HTTP/9.9'", "Invalid http version: 'GET /t/… HTTP/9.9'"),
    # Lines without tokens are left as they are.
    ('"GET /static/js/table.js HTTP/1.1" 200', '"GET /static/js/table.js HTTP/1.1" 200'),
    ('File "/work/facilitation/web/table.py", line 60', 'File "/work/facilitation/web/table.py", line 60'),
    ('"GET /facilitator/events/3/tables/2/qr.svg HTTP/1.1"', '"GET /facilitator/events/3/tables/2/qr.svg HTTP/1.1"'),
])
def test_the_one_rule_hides_the_token_and_keeps_what_names_it(line, expected):
    assert redact(line) == expected


def half_line(port, line):
    """A raw request with a broken request line (gevent logs the line it refused)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(line.encode() + b"\r\nHost: x\r\n\r\n")
        raw.recv(1024)


@pytest.mark.server
def test_the_log_never_holds_a_token_whatever_the_request(tmp_path):
    instance = tmp_path / "instance"
    event_id, api_token, tables = import_event(instance, EVENTS_DIR / "minimal.json")
    join_token, join_code = tables[0]["join_token"], tables[0]["join_code"]
    db = store.connect(str(instance / "facilitation.db"))
    survey_token = db.execute("SELECT survey_token FROM events WHERE id = ?", [event_id]).fetchone()[0]
    db.conn.close()
    made_up = "MadeUpToken-0123456789abcdef"
    secrets = [join_token, join_code, survey_token, api_token, made_up, "Respondent-key-0123456789"]
    with LiveServer(instance, args=["--no-demo", "--access-log"], command=["-m", "tests.raising_server"]) as server:
        bearer = {"Authorization": f"Bearer {api_token}"}
        with requests.Session() as http:
            for path in (f"/t/{join_token}", f"/t/{join_token}/confidence", f"/t/{made_up}", f"/api/tables/{join_token}",
                         f"/s/{survey_token}", f"/s/{made_up}", f"/checkin/{made_up}", f"/join?code={join_code}",
                         f"/t/{join_token}/confidence?respondent=Respondent-key-0123456789"):
                assert http.get(server.url + path, timeout=10).status_code < 500
            for path in (f"/api/tables/{join_token}/ballots", f"/api/tables/{join_token}/answers",
                         f"/api/survey/{survey_token}/answers", f"/api/tables/{made_up}/ballots"):
                http.post(server.url + path, data=b"{not json", headers={"Content-Type": "application/json"},
                          timeout=10)
            assert http.get(f"{server.url}/api/events", headers=bearer, timeout=10).ok
            failed = http.get(f"{server.url}/t/{join_token}/fail", timeout=10)
            assert failed.status_code == 500
        half_line(server.port, f"GET /t/{join_token} HTTP/9.9")
        phone = socketio.SimpleClient()
        phone.connect(server.url, transports=["polling"], wait_timeout=10)   # its session id is in every poll's URL
        session_id = phone.client.eio.sid
        assert phone.call("join_table", {"join_token": join_token}, timeout=10)["ok"]
        phone.emit("fail", {"join_token": join_token, "respondent": "Respondent-key-0123456789"})
        time.sleep(1)
        phone.disconnect()
        time.sleep(0.5)
        log = server.output()
    # The lines are there, without their secrets: the page's traceback, Socket.IO's, gevent's and the access log.
    assert "Exception on /t/…/fail [GET]" in log and "RuntimeError: failed on /t/…/fail with {'join_token': '…'}" in log
    assert "RuntimeError: failed with {'join_token': '…', 'respondent': '…'}" in log
    assert "Invalid http version: 'GET /t/… HTTP/9.9" in log
    assert '"GET /t/…/confidence HTTP/1.1" 200' in log and '"POST /api/survey/…/answers HTTP/1.1"' in log
    access = [line for line in log.splitlines() if "/socket.io/" in line]
    assert access and all(session_id not in line for line in access) and "&sid=…" in log
    leaked = [secret for secret in secrets if secret in log]
    assert not leaked, log
