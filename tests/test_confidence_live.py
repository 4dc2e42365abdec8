"""Confidence answers end to end against the real gevent server: 50 phones over Socket.IO and 10 survey respondents over
HTTP; the projector's per-theme counts and shares equal a count made straight from the SQLite file."""
import concurrent.futures
import datetime
import json
import random
import sqlite3
import time
import types

import pytest
import requests
import socketio

from facilitation import store

from .conftest import EVENTS_DIR, PASSWORD
from .servers import serve_event
from .test_projector_live import facilitator_cookie

pytestmark = pytest.mark.server

SCALE = ("much_less", "less", "same", "more", "much_more")
PHONES, SURVEYS = 50, 10


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server.py with the explicit event, its survey open for another day and the questions asking about B."""
    instance = tmp_path_factory.mktemp("confidence-instance")
    with serve_event(instance, EVENTS_DIR / "allocate-explicit.json", env={"FACILITATOR_PASSWORD": PASSWORD}) as server:
        open_questions(server, server.event_id)
        server.database = instance / "facilitation.db"
        yield server


def open_questions(server, event_id):
    """Keep an event's survey open for another day and open the confidence questions, asking about B."""
    url, headers = f"{server.url}/api/events/{event_id}", server.api_headers
    definition = requests.get(url, headers=headers, timeout=5).json()
    closes = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    definition["survey"]["closes"] = closes.isoformat(timespec="seconds").replace("+00:00", "Z")
    requests.put(url, headers=headers, json=definition, timeout=5).raise_for_status()
    requests.post(f"{url}/confidence", headers=headers, json={"phase": "open", "about": "B"},
                  timeout=5).raise_for_status()


def another_event(live):
    """A second copy of the event on the same server, questions open, for a test that must not share answers."""
    response = requests.post(f"{live.url}/api/events", headers=live.api_headers, timeout=5,
                             json=json.loads((EVENTS_DIR / "allocate-explicit.json").read_text(encoding="utf-8")))
    response.raise_for_status()
    event_id = response.json()["id"]
    open_questions(live, event_id)
    db = store.connect(str(live.database))
    try:
        tables = store.list_tables(db, event_id)
    finally:
        db.conn.close()
    return types.SimpleNamespace(url=live.url, api_headers=live.api_headers, database=live.database,
                                 event_id=event_id, tables=tables)


def theme_ids(live):
    """The event's theme ids, read from the database file."""
    with sqlite3.connect(live.database) as conn:
        return [row[0] for row in conn.execute(
            "SELECT id FROM risk_themes WHERE event_id = ? ORDER BY position", [live.event_id])]


def plausible(rng, themes, n, person):
    """One person's answers: a step of the scale, something that would help, up to three risks."""
    return {"respondent": f"person-{person:04d}-{rng.getrandbits(64):016x}", "submission_id": f"send-{person:04d}-{n}",
            "confidence": rng.choice(SCALE), "would_help": rng.choice(["", "A clear timetable", "Money up front"]),
            "risks": [{"text": f"Risk {i} from {person}", "theme": rng.choice([*themes, "other"])}
                      for i in range(rng.randint(0, 3))]}


def phone(live, table, answers, change):
    """A delegate's phone: connect, join its table, send its answers (and, for some, change them); return the acks."""
    client = socketio.Client()
    client.connect(live.url, wait_timeout=10)
    try:
        joined = client.call("join_table", {"join_token": table["join_token"], "respondent": answers["respondent"]},
                             timeout=10)
        assert joined["ok"] and joined["confidence"]["phase"] == "open"
        acks = [client.call("submit_answers", {"join_token": table["join_token"], **answers}, timeout=10)]
        if change:
            acks.append(client.call("submit_answers", {"join_token": table["join_token"], **change}, timeout=10))
        return acks
    finally:
        client.disconnect()


def direct_count(live):
    """Per theme, counted with SQL from the database file alone: people raising it, and how many more/less confident."""
    with sqlite3.connect(live.database) as conn:
        rows = conn.execute(
            """
            SELECT COALESCE(t.name, 'Other'),
                   COUNT(DISTINCT p.id),
                   COUNT(DISTINCT CASE WHEN p.confidence IN ('more', 'much_more') THEN p.id END),
                   COUNT(DISTINCT CASE WHEN p.confidence IN ('less', 'much_less') THEN p.id END),
                   COUNT(DISTINCT CASE WHEN p.source = 'survey' THEN p.id END)
            FROM risks r JOIN respondents p ON p.id = r.respondent_id LEFT JOIN risk_themes t ON t.id = r.theme_id
            WHERE p.event_id = ? AND p.confidence IS NOT NULL GROUP BY 1
            """, [live.event_id]).fetchall()
        answered = conn.execute("SELECT source, COUNT(*) FROM respondents WHERE event_id = ?"
                                " AND confidence IS NOT NULL GROUP BY source", [live.event_id]).fetchall()
    return {name: (people, more, less, survey) for name, people, more, less, survey in rows}, dict(answered)


def test_fifty_phones_and_ten_survey_respondents_reach_the_projector_as_the_database_counts_them(live):
    projector = socketio.Client()
    summaries, arrivals = [], []
    projector.on("confidence", lambda data: (summaries.append(data), arrivals.append(time.monotonic())))
    projector.connect(live.url, headers={"Cookie": facilitator_cookie(live)}, wait_timeout=10)
    try:
        assert projector.call("join_projector", {"event_id": live.event_id}, timeout=10)["ok"]
        rng = random.Random(5)
        themes = theme_ids(live)
        people = [plausible(rng, themes, 1, person) for person in range(PHONES + SURVEYS)]
        # Every fifth phone changes its mind: only its latest answers may count.
        changes = {i: {**plausible(rng, themes, 2, i), "respondent": people[i]["respondent"]}
                   for i in range(0, PHONES, 5)}
        with concurrent.futures.ThreadPoolExecutor(max_workers=25) as pool:
            futures = [pool.submit(phone, live, live.tables[i % len(live.tables)], people[i], changes.get(i))
                       for i in range(PHONES)]
            survey_url = f"{live.url}/api/survey/{survey_token(live)}/answers"
            posts = [requests.post(survey_url, json=people[PHONES + i], timeout=10) for i in range(SURVEYS)]
            acks = [ack for future in futures for ack in future.result()]
        assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
        assert len(acks) == PHONES + len(changes)
        assert [p.status_code for p in posts] == [201] * SURVEYS

        # Every answer is acknowledged, so the database holds them all; a batch computed just before the last of
        # them may still be on its way, so wait for the summaries to catch up with the database (under load too).
        counted, answered = direct_count(live)

        def caught_up():
            shown = {t["name"]: (t["people"], t["more"], t["less"]) for t in summaries[-1]["themes"]} if summaries else {}
            return (summaries and summaries[-1]["respondents"]["all"] == PHONES + SURVEYS
                    and all(shown.get(name) == figures[:3] for name, figures in counted.items()))

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not caught_up():
            time.sleep(0.05)
        latest = summaries[-1]
        # Batched: fewer messages than answers, and typically a quarter second or more apart.
        assert len(summaries) < PHONES + len(changes) + SURVEYS
        gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:])]
        # Arrival times jitter on a loaded machine (a late batch lands just before the next one), so the typical gap
        # is what shows the batching.
        assert not gaps or sorted(gaps)[len(gaps) // 2] > 0.2

        assert latest["respondents"] == {"all": PHONES + SURVEYS, "room": answered["room"], "survey": answered["survey"]}
        assert answered == {"room": PHONES, "survey": SURVEYS}
        shown = {t["name"]: t for t in latest["themes"]}
        assert set(shown) == set(counted)
        for name, (people_n, more, less, survey) in counted.items():
            theme = shown[name]
            assert (theme["people"], theme["more"], theme["less"]) == (people_n, more, less), name
            assert theme["by_source"]["survey"]["people"] == survey
            assert theme["share_more"] == round(more / people_n, 3) and theme["share_less"] == round(less / people_n, 3)
    finally:
        projector.disconnect()


def survey_token(live):
    """The event's survey link token, from the database file."""
    with sqlite3.connect(live.database) as conn:
        return conn.execute("SELECT survey_token FROM events WHERE id = ?", [live.event_id]).fetchone()[0]


def test_exports_download_from_the_real_server_while_it_keeps_answering(live):
    live = another_event(live)
    import io
    import threading
    import zipfile

    import pandas as pd

    # Its own event and answers, so it passes alone or in any order: five at tables over HTTP, five by the survey.
    rng = random.Random(11)
    themes = theme_ids(live)
    for i in range(5):
        person = plausible(rng, themes, 1, 9000 + i)
        table = live.tables[i % len(live.tables)]
        requests.post(f"{live.url}/api/tables/{table['join_token']}/answers", json=person,
                      timeout=10).raise_for_status()
        requests.post(f"{live.url}/api/survey/{survey_token(live)}/answers",
                      json=plausible(rng, themes, 1, 9100 + i), timeout=10).raise_for_status()
    _counted, by_source = direct_count(live)

    answered = []

    def health_checks():
        """The server keeps answering while it writes the files (they are written off its event loop)."""
        for _ in range(20):
            answered.append(requests.get(f"{live.url}/healthz", timeout=5).ok)

    checker = threading.Thread(target=health_checks)
    checker.start()
    response = requests.get(f"{live.url}/api/events/{live.event_id}/exports.zip", headers=live.api_headers, timeout=60)
    checker.join()
    assert response.status_code == 200 and all(answered)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        name = next(n for n in archive.namelist() if n.endswith("-confidence.csv"))
        confidence = pd.read_csv(archive.open(name), encoding="utf-8-sig")
    assert by_source == {"room": 5, "survey": 5} and len(confidence) == 10
