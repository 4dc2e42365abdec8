"""The projector, the API and the exports show the same results for the whole-system-2009 example: one results
function behind all of them. Ballots go in through the table API (some tables change their mind), as in
tests/browser/room_scale.py, on the app's own test client and Socket.IO test client."""
import csv
import io
import random

from facilitation import socketio
from facilitation.web.auth import new_api_token

from .browser.room_scale import _ballot
from .conftest import event_file


def csv_rows(response):
    """A CSV download's rows as dicts (the BOM Excel needs taken off)."""
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def number(text):
    """A CSV cell as the number it holds (whole numbers as int), or the text."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def test_the_projector_the_api_and_the_exports_agree_on_the_whole_system_example(app, client, db, signed_in):
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    definition = event_file("whole-system-2009.json")
    event_id = client.post("/api/events", json=definition, headers=headers).get_json()["id"]
    api = f"/api/events/{event_id}"
    assert client.post(f"{api}/voting", json={"criterion": None, "voting": "open"}, headers=headers).status_code == 200
    tables = client.get(f"{api}/tables", headers=headers).get_json()["tables"]
    options = [o["code"] for o in definition["options"] if o.get("status", "shortlisted") == "shortlisted"]
    rng = random.Random(2009)
    for table in tables:
        join_token = table["join_url"].rsplit("/", 1)[1]
        for criterion in table["criteria"]:
            ballot = _ballot(rng, options, criterion)
            assert client.post(f"/api/tables/{join_token}/ballots", json=ballot).status_code == 201
            if rng.random() < 0.3:  # this table changes its mind: only its second ballot counts
                again = {**_ballot(rng, options, criterion), "base_version": 1}
                assert client.post(f"/api/tables/{join_token}/ballots", json=again).status_code == 201

    projector = socketio.test_client(app, flask_test_client=signed_in)
    shown = projector.emit("join_projector", {"event_id": event_id}, callback=True)["results"]
    results = client.get(f"{api}/results", headers=headers).get_json()
    assert shown == {key: value for key, value in results.items() if key != "survey"}
    assert results["progress"]["submitted"] == results["progress"]["expected"] == sum(len(t["criteria"]) for t in tables)

    totals = csv_rows(client.get(f"{api}/exports/totals.csv", headers=headers))
    assert [row["option"] for row in totals] == [t["code"] for t in results["totals"]]
    for row, total in zip(totals, results["totals"]):
        assert (number(row["total"]), number(row["weighted total"]), number(row["times ruled out"])) == (
            total["total"], total["weighted"], total["ruled_out"])
    matrix = csv_rows(client.get(f"{api}/exports/matrix.csv", headers=headers))
    assert matrix[-1]["working title"] == "Total"
    assert {code: number(matrix[-1][code]) for code in options} == results["total_row"]
    for row, shown_row in zip(matrix, results["matrix"]):
        assert {code: number(row[code]) for code in options} == shown_row["cells"]
    projector.disconnect()
