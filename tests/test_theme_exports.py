"""The exports' per-theme parts read back: what would help with its theme, the responses, confidence by group."""
import datetime
import io
import json

import openpyxl
import pandas as pd
import pytest

from facilitation import answers, ballots, exports, store
from facilitation.domain.event_file import read_event_file

from .conftest import event_file

FORMULA = '=HYPERLINK("http://evil.example","click")'
BEFORE_CLOSING = datetime.datetime(2024, 6, 20, tzinfo=datetime.timezone.utc)


@pytest.fixture
def event_id(db):
    """The explicit event with stakeholder groups, two delegates, a survey answer and a response with a formula."""
    definition = {**event_file("allocate-explicit.json"), "stakeholder_groups": ["GPs", "+Patients"]}
    event_id = store.create_event(db, read_event_file(json.dumps(definition).encode()))
    answers.open_phase(db, event_id, "B")
    ids = {t["name"].split()[0]: t["id"] for t in store.list_themes(db, event_id)}
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    assert answers.submit_room(db, table, {
        "respondent": "delegate-token-000001", "submission_id": "sub-000001", "confidence": "much_more",
        "would_help": "More staff", "would_help_theme": ids["Staffing"], "organisation": "-Council",
        "name": "", "stakeholder_group": "GPs", "risks": [{"text": "Rotas", "theme": ids["Staffing"]}]}).ok
    assert answers.submit_room(db, table, {
        "respondent": "delegate-token-000002", "submission_id": "sub-000002", "confidence": "less",
        "would_help": "Talk to us", "organisation": "-council", "stakeholder_group": "+Patients",
        "risks": [{"text": "Parking", "theme": ids["Premises"]}]}).ok
    assert answers.submit_survey(db, event_id, {
        "respondent": "survey-token-0000001", "submission_id": "sub-000003", "confidence": "same",
        "organisation": "Trust"}, BEFORE_CLOSING).ok
    answers.set_theme_response(db, event_id, ids["Staffing"], FORMULA)
    return event_id


def rows(db, event_id, name):
    """One export table as pandas reads its CSV."""
    _file, _mime, data = exports.export(db, event_id, "csv", name)
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=object, keep_default_na=False)


def test_what_would_help_carries_its_theme(db, event_id):
    table = rows(db, event_id, "would-help")
    assert list(zip(table["theme"], table["what would help"])) == [
        ("Staffing out of hours", "More staff"), ("In general", "Talk to us")]


def test_the_responses_table_pairs_each_theme_with_its_shares_help_and_response(db, event_id):
    table = rows(db, event_id, "responses").set_index("theme")
    assert list(table.index) == ["Staffing out of hours", "Premises", "Joining up with the police and ambulance service"]
    staffing, premises = table.loc["Staffing out of hours"], table.loc["Premises"]
    assert (staffing["people raising it"], staffing["more confident"], staffing["said what would help"]) == ("1", "1", "1")
    assert (premises["less confident"], premises["said what would help"], premises["required response"]) == ("1", "0", "")
    assert staffing["required response"] == "'" + FORMULA   # neutralised: never a formula in a spreadsheet


def test_confidence_by_group_has_organisations_and_groups_neutralised(db, event_id):
    table = rows(db, event_id, "confidence-by-group")
    by = {(g, n): row for g, n, row in zip(table["grouped by"], table["name"], table.to_dict("records"))}
    council = by[("organisation", "'-Council")]
    assert (council["people"], council["more confident"], council["less confident"]) == ("2", "1", "1")
    assert council["risks raised by theme"] == "Staffing out of hours: 1; Premises: 1"
    assert by[("organisation", "Trust")]["neither"] == "1"
    assert [n for g, n in by if g == "stakeholder group"] == ["GPs", "'+Patients", "(not given)"]
    assert by[("stakeholder group", "GPs")]["much more confident"] == "1"


def test_the_workbook_has_the_new_sheets(db, event_id):
    _name, _mime, data = exports.export(db, event_id, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert {"Responses by theme", "Confidence by group"} <= set(book.sheetnames)
    assert book["Responses by theme"]["H2"].value == "'" + FORMULA
