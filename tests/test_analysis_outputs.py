"""Issue 12's acceptance: with the whole-system-2009 example and its published ballots, 4b leads by 81 points (2.6×)
and stays the strongest with any one table left out; weights stored through the API under which 3b wins then show
3b everywhere at once: the projector, the API's results and analysis, the exports, the report page and the
confidence question."""
import csv
import io
import pathlib

import openpyxl
import pytest

from facilitation import socketio
from facilitation.web.auth import new_api_token

from .conftest import event_file, published_ballots

DOC = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "analysis.md").read_text(encoding="utf-8")
# Every weight 0 but City:local's: the criterion 3b leads on (3b 12 against 4b 9) decides alone.
CITY_ONLY = {"sustainable": 0, "culture": 0, "finance": 0, "city": 1, "health": 0, "clinical": 0, "governance": 0,
             "performance": 0}


def load_2009(client, api):
    """Import whole-system-2009, open voting and post its 24 published ballots through the table API; its id.

    api(method, url, json=...) calls the API with a bearer token.
    """
    event_id = api("POST", "/api/events", json=event_file("whole-system-2009.json")).get_json()["id"]
    assert api("POST", f"/api/events/{event_id}/voting", json={"criterion": None, "voting": "open"}).status_code == 200
    tokens = {t["number"]: t["join_url"].rsplit("/", 1)[1]
              for t in api("GET", f"/api/events/{event_id}/tables").get_json()["tables"]}
    for n, ballot in enumerate(published_ballots()):
        response = client.post(f"/api/tables/{tokens[ballot['table']]}/ballots", json={
            "criterion": ballot["criterion"], "ranking": ballot["ranking"], "points": ballot["points"],
            "ruled_out": ballot["ruled_out"], "base_version": 0, "submission_id": f"published-{n:04d}"})
        assert response.status_code == 201, response.get_json()
    return event_id


def csv_rows(response):
    """A CSV download's rows as dicts (the BOM Excel needs taken off)."""
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def api(client, db):
    """Call the API with a freshly issued bearer token."""
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}
    return lambda method, url, **kwargs: client.open(url, method=method, headers=headers, **kwargs)


def test_unweighted_4b_leads_by_81_points_and_wins_with_every_table_left_out(client, api):
    event_id = load_2009(client, api)
    results = api("GET", f"/api/events/{event_id}/results").get_json()
    assert results["strongest"] == ["4b"] and results["basis"]["rule"] == "raw"
    assert (results["margin"]["lead"], round(results["margin"]["ratio"], 1)) == (81, 2.6)
    analysis = api("GET", f"/api/events/{event_id}/analysis").get_json()
    assert analysis["strongest"] == ["4b"] and analysis["margin"]["lead"] == 81
    assert (analysis["leave_one_out"]["wins"], analysis["leave_one_out"]["of"]) == (12, 12)
    assert all(row["strongest"] == ["4b"] for row in analysis["leave_one_out"]["tables"])


def test_weights_under_which_3b_wins_name_3b_in_every_output(app, client, api, signed_in):
    event_id = load_2009(client, api)
    projector = socketio.test_client(app, flask_test_client=signed_in)
    assert projector.emit("join_projector", {"event_id": event_id}, callback=True)["results"]["strongest"] == ["4b"]
    projector.get_received()

    stored = api("PUT", f"/api/events/{event_id}/weights", json={"weights": CITY_ONLY, "rule": "weighted"})
    assert stored.status_code == 200 and stored.get_json()["strongest"] == ["3b"]

    # The projector: the results it is sent at once, and what it gets when it joins afresh.
    pushed = [message["args"][0] for message in projector.get_received() if message["name"] == "results"]
    assert pushed and pushed[-1]["strongest"] == ["3b"], "the projector was not sent the new results"
    assert projector.emit("join_projector", {"event_id": event_id}, callback=True)["results"]["strongest"] == ["3b"]
    projector.disconnect()

    # The API: results and analysis.
    results = api("GET", f"/api/events/{event_id}/results").get_json()
    assert results["strongest"] == ["3b"] and results["basis"]["label"] == "Weighted points"
    assert [row["code"] for row in results["totals"]][:2] == ["3b", "4b"]
    analysis = api("GET", f"/api/events/{event_id}/analysis").get_json()
    assert analysis["strongest"] == ["3b"] and analysis["ranking"][0]["code"] == "3b"
    assert analysis["margin"]["text"] == "12 weighted points against 9 for 4b: 1.3 times the runner-up, a lead of 3."

    # The exports: totals and ranking CSV files and the workbook.
    totals = csv_rows(api("GET", f"/api/events/{event_id}/exports/totals.csv"))
    assert totals[0]["option"] == "3b" and float(totals[0]["score by the rule (weighted points)"]) == 12
    ranking = csv_rows(api("GET", f"/api/events/{event_id}/exports/ranking.csv"))
    assert (ranking[0]["option"], ranking[0]["place"], ranking[0]["strongest"]) == ("3b", "1", "yes")
    # The sensitivity export: every criterion's lines; with only City:local weighted, 3b (12) leads 4b (9) there.
    sensitivity = csv_rows(api("GET", f"/api/events/{event_id}/exports/sensitivity.csv"))
    assert {row["criterion"] for row in sensitivity} == set(CITY_ONLY)
    now = {row["option"]: float(row["score"]) for row in sensitivity
           if row["criterion"] == "city" and row["point on the chart"] == "current weight"}
    assert (now["3b"], now["4b"]) == (12, 9)
    workbook = openpyxl.load_workbook(io.BytesIO(api("GET", f"/api/events/{event_id}/exports.xlsx").data))
    assert workbook["Ranking"]["A2"].value == "3b" and workbook["Totals"]["A2"].value == "3b"

    # The report page.
    page = signed_in.get(f"/facilitator/events/{event_id}/report").get_data(as_text=True)
    assert "Option 3b (Three to two: full merger) is the strongest by weighted points: 12 weighted points" in page
    assert "4b (Three to one: one organisation) would be the strongest instead: 133 points" in page

    # The confidence question, asked about "the strongest option now", names 3b.
    opened = api("POST", f"/api/events/{event_id}/confidence", json={"phase": "open", "about": None})
    assert opened.status_code == 200 and opened.get_json()["about"]["code"] == "3b"


def test_docs_analysis_md_quotes_what_the_code_gives_for_the_2009_example(client, api):
    """Every figure docs/analysis.md quotes for the worked example, recomputed: the page and the code agree."""
    event_id = load_2009(client, api)
    plain = api("GET", f"/api/events/{event_id}/analysis?criterion=city").get_json()

    def what_if(body):
        return api("POST", f"/api/events/{event_id}/analysis/what-if", json=body).get_json()

    totals = {row["code"]: row["total"] for row in plain["ranking"]}
    assert all(f"| {code} | {title} | {totals[code]} |" in DOC
               for code, title in ((row["code"], row["title"]) for row in plain["ranking"]))
    quoted = [f"> {plain['margin']['text']}", f"> {plain['coverage']['text']}", f"> {plain['critical']['text']}",
              f"> {plain['leave_one_out']['text']}", f"> {plain['sensitivity']['text']}",
              f"> {plain['agreement']['text']}", f"> {plain['spread']['text']}"]
    narrowest = min(plain["leave_one_out"]["tables"], key=lambda row: row["margin"]["lead"])
    quoted.append(f"Its narrowest lead is without table {narrowest['table']}: {narrowest['margin']['text']}")
    share = {row["code"]: row for row in plain["coverage"]["options"]}
    quoted += [f"{code} {share[code]['per_table']:.1f} points per table ({round(share[code]['share'] * 100)}% of the "
               "points)" if code == "4b" else f"{code} {share[code]['per_table']:.1f} ({round(share[code]['share'] * 100)}%)"
               for code in ("4b", "3b")]
    quoted += [f"| {row['working_title']} | {row['w']:.2f} | {row['words']} |" for row in plain["agreement"]["criteria"]]
    quoted += [f"| {row['name']} | {', '.join(row['codes'])} | {row['score']} |"
               for row in plain["families"] if row["kind"] == "family"]
    lines = {line["code"]: line for line in plain["sensitivity"]["lines"]}
    quoted += [f"{code}: {lines[code]['at_zero']} + {lines[code]['slope']} × weight" for code in ("4b", "3b")]
    level = (lines["4b"]["at_zero"] - lines["3b"]["at_zero"]) / (lines["3b"]["slope"] - lines["4b"]["slope"])
    quoted.append(f"would only reach 4b's at a\nweight of {level:g}, when City:local counted {level:g} times")
    city30 = what_if({"weights": {"city": 30}, "rule": "weighted", "criterion": "city"})
    quoted += [f"> {city30['margin']['text']}", f"> {city30['critical']['text']}", f"> {city30['leave_one_out']['text']}",
               f"> {city30['sensitivity']['text']}", f"> {what_if({'weights': CITY_ONLY, 'rule': 'weighted'})['margin']['text']}"]
    assert city30["strongest"] == ["3b"]
    missing = [phrase for phrase in quoted if phrase not in DOC]
    assert not missing, "docs/analysis.md no longer quotes the code: " + "; ".join(missing)
