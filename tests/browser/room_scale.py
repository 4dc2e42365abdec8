"""The whole-system-2009 example at room scale, sent through the real APIs: 24 ballots and 100 people's answers.

Every table scores both its criteria (ballots through the table API); 84 delegates answer from the tables' phones
(the table API) and 16 invitees by the survey (the survey API), with risks and what would help, duplicates among
them as a real room's would be.
"""
import json
import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from ..conftest import EVENTS_DIR
from ..servers import run_cli

RISKS = [
    "Loss of local identity", "Loss of local identity", "Loss of local focus in the merged organisation",
    "Staff morale drops during the change", "Key people leave before the new organisation starts",
    "Clinical engagement is lost while managers reorganise", "GPs stop engaging with commissioning",
    "The merger takes management time away from services for at least a year",
    "Costs of the change are higher than the savings", "Savings are not delivered",
    "Disruption to services during transition", "Confusion for patients about who to contact",
    "The pace of change is too fast", "Too slow: we lose momentum", "Culture clash between the three PCTs",
    "Leadership is not agreed early enough", "Boards cannot agree who leads the new organisation",
    "The benefits are not understood by staff or the public",
    "Local authorities feel left out of the decisions that matter to them, and partnership working suffers "
    "across the city as a result, especially in the areas where joint commissioning is strongest today",
    "Performance dips while attention is elsewhere", "Size makes the new body remote from neighbourhoods",
]
HELP = [
    "A clear timetable", "A clear timetable", "A clear timetable.", "Evidence from other mergers",
    "Named leaders for each locality", "Keep locality teams", "Early engagement with GPs",
    "A communications plan for staff", "Shared values agreed by all three boards",
    "Protect frontline budgets during the change", "Patient representatives on the new board",
    "An independent review of the benefits after a year",
]
SCALE = ["much_less", "less", "same", "more", "much_more"]
ROOM_PEOPLE, SURVEY_PEOPLE = 84, 16


def _ballot(rng, options, criterion):
    """A plausible table ballot: 10 points over the short list, perhaps one option ruled out."""
    ruled_out = [rng.choice(options)] if rng.random() < 0.4 else []
    scoring = [code for code in options if code not in ruled_out]
    points = {code: 0 for code in scoring}
    for _ in range(10):
        points[rng.choice(scoring[-3:] if rng.random() < 0.6 else scoring)] += 1
    ranking = sorted(scoring, key=lambda code: -points[code])
    return {"criterion": criterion, "ranking": ranking, "points": points, "ruled_out": ruled_out, "base_version": 0,
            "submission_id": "room-scale-" + uuid.uuid4().hex[:16]}


def _answers(rng, themes):
    """One person's confidence, what would help and risks, each risk under a theme."""
    risks = [{"text": rng.choice(RISKS), "theme": rng.choice(themes)} for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))]
    return {"respondent": "room-scale-" + uuid.uuid4().hex, "submission_id": "room-scale-" + uuid.uuid4().hex[:16],
            "confidence": rng.choice(SCALE), "would_help": rng.choice(HELP + [""] * 4), "risks": risks}


def seed(live):
    """Import the example through the API, fill it in, and return (event id, API headers, its tables)."""
    rng = random.Random(2009)
    token = run_cli(live.instance, "create-token", check=True).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    definition = json.loads((EVENTS_DIR / "whole-system-2009.json").read_text(encoding="utf-8"))
    # The example's survey closed in 2009; invitees here answer it today.
    definition["survey"]["closes"] = "2099-12-16T17:00:00Z"
    created = requests.post(f"{live.url}/api/events", json=definition, headers=headers, timeout=10)
    created.raise_for_status()
    event_id = created.json()["id"]
    api = f"{live.url}/api/events/{event_id}"
    requests.post(f"{api}/voting", json={"criterion": None, "voting": "open"}, headers=headers, timeout=10).raise_for_status()
    tables = requests.get(f"{api}/tables", headers=headers, timeout=10).json()["tables"]
    options = [o["code"] for o in definition["options"] if o.get("status", "shortlisted") == "shortlisted"]
    for table in tables:
        table["join_token"] = table["join_url"].rsplit("/", 1)[1]
    ballots = [(f"{live.url}/api/tables/{table['join_token']}/ballots", _ballot(rng, options, criterion))
               for table in tables for criterion in table["criteria"]]
    _send_all(ballots)
    requests.post(f"{api}/confidence", json={"phase": "open"}, headers=headers, timeout=10).raise_for_status()
    summary = requests.get(f"{api}/confidence", headers=headers, timeout=10).json()
    themes = [t["id"] for t in summary["theme_list"]]
    survey_token = summary["survey"]["url"].rsplit("/", 1)[1]
    people = [(f"{live.url}/api/tables/{tables[n % len(tables)]['join_token']}/answers", _answers(rng, themes))
              for n in range(ROOM_PEOPLE)]
    people += [(f"{live.url}/api/survey/{survey_token}/answers", _answers(rng, themes)) for _ in range(SURVEY_PEOPLE)]
    _send_all(people)
    return event_id, headers, tables


def _send_all(posts):
    """POST each (url, body) as phones would, a few at a time, and check every one was stored."""
    def post(item):
        sent = requests.post(item[0], json=item[1], timeout=20)
        assert sent.status_code == 201, sent.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(post, posts))
