"""No exported cell runs as a formula: an event whose every text (codes, titles, names, notes, risks, responses…) is a
formula, exported as every CSV and the workbook, read back cell by cell, header rows and every sheet included."""
import csv
import io
import zipfile

import openpyxl
import pytest

from facilitation import exports, store

from .hostile import definition, fill

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "\uff1dSUM(A1)"]
CODES = ["=1+1", "+1", "-1", "@SUM"]
STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.fixture
def event_id(db):
    """The formula event with ballots and notes, answers, theme responses, check-ins and the paper filled in."""
    event_id = store.create_event(db, definition(FORMULAS, CODES))
    fill(db, event_id, FORMULAS)
    return event_id


def runs(text):
    """Whether a cell's text would run as a formula: it starts (past spaces) with a formula sign and is not a number."""
    try:
        float(text)
        return False
    except ValueError:
        return text.lstrip()[:1] in STARTS or text[:1] in STARTS


def test_no_csv_cell_or_workbook_cell_of_any_sheet_runs_as_a_formula(db, event_id):
    _, _, data = exports.export(db, event_id, "zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert len([n for n in names if n.endswith(".csv")]) == len(exports.NAMES)
    neutralised_headers, live = 0, []
    for name in names:
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))
            neutralised_headers += sum(cell.startswith("'") for cell in rows[0])
            live += [(name, r, cell) for r, row in enumerate(rows) for cell in row if runs(cell)]
    # The workbook alone and the one in the zip (their bytes differ only by the time they were written).
    in_zip = archive.read(next(n for n in names if n.endswith(".xlsx")))
    for workbook in (exports.export(db, event_id, "xlsx")[2], in_zip):
        book = openpyxl.load_workbook(io.BytesIO(workbook))
        assert len(book.worksheets) == len(exports.NAMES)
        for sheet in book.worksheets:
            assert not runs(sheet.title)
            for row in sheet.iter_rows():
                live += [(sheet.title, cell.coordinate, cell.value) for cell in row
                         if cell.data_type == "f" or (isinstance(cell.value, str) and runs(cell.value))]
    assert live == []
    # The matrix header's option codes and the totals header's working titles were formulas, and are text now.
    assert neutralised_headers >= 7


def test_every_csv_by_name_is_the_same_neutralised_file_as_in_the_zip(db, event_id):
    _, _, data = exports.export(db, event_id, "zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in exports.NAMES:
        file_name, _, csv_data = exports.export(db, event_id, "csv", name)
        assert archive.read(file_name) == csv_data
    matrix = next(n for n in archive.namelist() if n.endswith("-matrix.csv"))
    header = archive.read(matrix).decode("utf-8-sig").splitlines()[0].split(",")
    assert header[3:7] == ["'=1+10", "'+11", "'-12", "'@SUM3"]
