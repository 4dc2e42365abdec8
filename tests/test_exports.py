"""Exports read back: every CSV with pandas and the workbook with openpyxl hold what the results API says."""
import datetime
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from facilitation import answers, exports, simulation, store
from facilitation.results import event_results

FORMULA = '=HYPERLINK("http://evil.example","click")'
ACCENTED = "Zoë Ó'Brien"


@pytest.fixture
def event_id(app, db, imported):
    """The explicit event with every table's ballots, answers from the room and the survey, and a hidden comment."""
    event_id = imported("allocate-explicit.json")
    simulation.simulate(app, event_id, duration=0, seed=3)
    answers.open_phase(db, event_id, "B")
    simulation.simulate_answers(app, event_id, duration=0, seed=3, per_table=2)
    table = {**store.get_table(db, event_id, 1), "event_id": event_id}
    answers.submit_room(db, table, {"respondent": "accented-person-0001", "submission_id": "accent-0001",
                                    "confidence": "much_more", "name": ACCENTED, "organisation": "Café Society",
                                    "would_help": "-1 is a bad sign", "risks": [{"text": FORMULA, "theme": "other"}]})
    before_close = datetime.datetime.fromisoformat("2024-06-26T10:00:00+00:00")
    answers.submit_survey(db, event_id, {
        "respondent": "survey-person-000001", "submission_id": "survey-0001", "confidence": "less",
        "organisation": "@Patients forum", "scoring": [{"criterion": "cost", "ranking": ["A", "B", "C", "D"],
                                                        "points": {"A": 4, "B": 3, "C": 2, "D": 1}}]}, before_close)
    accented = next(p for p in store.event_respondents(db, event_id) if p["name"] == ACCENTED)
    answers.set_hidden(db, event_id, "risk", accented["risks"][0]["id"], True)
    return event_id


def read_csv(data):
    """A CSV export as pandas reads it (the byte order mark is part of the file, so utf-8-sig)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def test_every_csv_reads_back_and_the_numbers_equal_the_results_api(db, event_id):
    results = event_results(db, event_id)
    tables = {t.name: t for t in exports.build_tables(db, event_id)}
    assert list(tables) == list(exports.NAMES)
    frames = {name: read_csv(exports.csv_bytes(table)) for name, table in tables.items()}

    totals = frames["totals"].set_index("option")
    for expected in results["totals"]:
        row = totals.loc[expected["code"]]
        assert (row["total"], row["weighted total"], row["times ruled out"]) == (
            expected["total"], expected["weighted"], expected["ruled_out"])
        for criterion in store.list_criteria(db, event_id):
            assert row[f"{criterion['working_title']} ({criterion['code']})"] == \
                results["per_criterion"][criterion["code"]][expected["code"]]
    assert list(totals.index) == [t["code"] for t in results["totals"]]
    assert totals.loc["A", "survey respondents' total"] == 4

    matrix = frames["matrix"]
    codes = [o["code"] for o in results["options"]]
    assert list(matrix.columns) == ["working title", "criterion", "table", *codes, "Total"]
    total_row = matrix[matrix["working title"] == "Total"].iloc[0]
    body = matrix[matrix["working title"] != "Total"]
    assert len(body) == len(results["matrix"])
    for code in codes:
        # A column with X in it reads back as text; its numbers are still the points.
        as_numbers = pd.to_numeric(body[code].replace("X", 0))
        shown = pd.to_numeric(total_row[code])
        assert shown == as_numbers.sum() == results["total_row"][code]
        # In allocate mode the Total row is the option's total.
        assert shown == next(t["total"] for t in results["totals"] if t["code"] == code)
    assert set(pd.to_numeric(body["Total"])) == {10}

    scores = frames["scores"]
    room = scores[scores["source"] == "room"]
    assert len(room) == len(store.event_ballots(db, event_id)) * len(codes)
    by_option = room.groupby("option")["points"].sum()
    for code in codes:
        assert by_option[code] == results["total_row"][code]
    assert (room["ruled out"] == "yes").sum() == sum(t["ruled_out"] for t in results["totals"])
    assert len(scores[scores["source"] == "survey"]) == len(codes)

    assert len(frames["ballot-history"]) == sum(len(store.ballot_history(db, t["id"], c))
                                                for t in store.list_tables(db, event_id) for c in t["criteria"])
    people = [p for p in store.event_respondents(db, event_id) if p["confidence"]]
    assert len(frames["confidence"]) == len(people)
    assert len(frames["risks"]) == sum(len(p["risks"]) for p in people)
    assert (frames["risks"]["hidden"] == "yes").sum() == 1
    by_theme = frames["confidence-by-theme"].set_index("theme")
    for theme in answers.summary(db, event_id)["themes"]:
        assert (by_theme.loc[theme["name"], "people raising it"], by_theme.loc[theme["name"], "more confident"]) == (
            theme["people"], theme["more"])


def test_cells_that_would_run_as_formulas_are_neutralised_and_accents_survive(db, event_id):
    tables = {t.name: t for t in exports.build_tables(db, event_id)}
    risks = read_csv(exports.csv_bytes(tables["risks"]))
    assert "'" + FORMULA in set(risks["risk"])
    assert not any(str(v).startswith(("=", "+", "-", "@")) for frame in
                   [read_csv(exports.csv_bytes(t)) for t in tables.values()]
                   for column in frame.columns if frame[column].dtype == object for v in frame[column])
    confidence = read_csv(exports.csv_bytes(tables["confidence"]))
    assert ACCENTED in set(confidence["name"]) and "Café Society" in set(confidence["organisation"])
    assert "'-1 is a bad sign" in set(confidence["what would help"])
    # Numbers are not text: a negative confidence score stays a number.
    assert confidence["confidence score (-2 to +2)"].min() < 0
    organisations = read_csv(exports.csv_bytes(tables["survey-organisations"]))
    assert list(organisations["organisation"]) == ["'@Patients forum"]


def test_the_workbook_has_a_sheet_per_export_with_frozen_headers_numbers_and_accents(db, event_id):
    tables = exports.build_tables(db, event_id)
    book = openpyxl.load_workbook(io.BytesIO(exports.workbook_bytes(tables)))
    assert book.sheetnames == [t.sheet for t in tables]
    results = event_results(db, event_id)
    for table in tables:
        sheet = book[table.sheet]
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == table.columns
        assert sheet.max_row == len(table.rows) + 1
        for index in range(1, len(table.columns) + 1):
            assert exports.MIN_WIDTH <= sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width <= exports.MAX_WIDTH
    totals = book["Totals"]
    header = [c.value for c in totals[1]]
    first = {header[i]: cell.value for i, cell in enumerate(totals[2])}
    assert first["option"] == results["totals"][0]["code"]
    assert first["total"] == results["totals"][0]["total"] and isinstance(first["total"], (int, float))
    assert isinstance(first["weighted total"], (int, float))
    matrix = book["Matrix"]
    assert matrix.cell(row=matrix.max_row, column=1).value == "Total"
    names = {row[3] for row in book["Confidence"].iter_rows(min_row=2, values_only=True)}
    assert ACCENTED in names
    risks = {row[7] for row in book["Risks"].iter_rows(min_row=2, values_only=True)}
    assert "'" + FORMULA in risks


def test_the_zip_holds_every_csv_and_the_workbook_named_by_slug_and_date(db, event_id):
    name, mimetype, data = exports.export(db, event_id, "zip")
    stem = "community-mental-health-crisis-support-in-eastwold-2024-06-12"
    assert name == f"{stem}-exports.zip" and mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted([f"{stem}-{n}.csv" for n in exports.NAMES] + [f"{stem}.xlsx"])
    name, mimetype, data = exports.export(db, event_id, "csv", "matrix")
    assert name == f"{stem}-matrix.csv" and mimetype.startswith("text/csv")


def test_an_event_with_nothing_yet_exports_empty_tables_with_their_headers(db, imported):
    event_id = imported("minimal.json")
    tables = exports.build_tables(db, event_id)
    matrix = read_csv(exports.csv_bytes(next(t for t in tables if t.name == "matrix")))
    # Every table's row is there, empty until it submits, and the Total row counts nothing yet.
    assert list(matrix["table"].fillna(0)) == [1, 2, 3, 0]
    assert matrix[["1", "2"]].iloc[:3].isna().all().all()
    assert list(matrix.iloc[3][["1", "2", "Total"]]) == [0, 0, 0]
    assert read_csv(exports.csv_bytes(next(t for t in tables if t.name == "scores"))).empty
