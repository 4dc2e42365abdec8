"""Exports for the board secretary: each table as CSV (UTF-8 with a BOM, for Excel), one Excel workbook, or a zip.

The rows come from domain.export_tables (formulas already neutralised); this module only gathers the inputs and
writes files with pandas. The control room, the API and the CLI all call it.
"""
import datetime
import functools
import io
import zipfile

import pandas as pd
from openpyxl.utils import get_column_letter

from . import answers, store, table_status
from .analysis import event_analysis
from .attendance import event_attendance
from .notes import event_notes
from .domain import analysis_tables, export_tables
from .domain.analysis import sensitivities
from .domain.event_file import slugify
from .results import event_results

# The files in the order the zip and the workbook list them.
NAMES = ("scores", "matrix", "totals", *analysis_tables.NAMES, "confidence", "confidence-by-theme", "risks",
         "would-help", "responses", "confidence-by-group", "took-part", "did-not-attend", "survey-organisations",
         "ballot-history", "unsent-drafts", "notes")
FORMATS = ("csv", "xlsx", "zip")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's column width is in characters; past this a column is wrapped rather than widened.
MAX_WIDTH = 60
MIN_WIDTH = 6


class _Inputs:
    """What the exports are made from, each read from the store only when a table needs it."""

    def __init__(self, db, event_id):
        self.db, self.event_id = db, event_id

    @functools.cached_property
    def definition(self):
        """The event's definition."""
        return store.load_definition(self.db, self.event_id)

    @functools.cached_property
    def shortlist(self):
        """The short-listed options."""
        return [o for o in self.definition["options"] if o["status"] == "shortlisted"]

    @functools.cached_property
    def results(self):
        """The room's results, with the survey's scores apart."""
        return event_results(self.db, self.event_id)

    @functools.cached_property
    def analysis(self):
        """The decision analysis with the stored weights and rule."""
        return event_analysis(self.db, self.event_id)

    def sensitivities(self):
        """The sensitivity lines for every criterion, from one ranking of the same results (not one analysis each)."""
        return sensitivities(self.results)

    @functools.cached_property
    def respondents(self):
        """Everyone's answers and risks, hidden ones marked."""
        return store.event_respondents(self.db, self.event_id)

    @functools.cached_property
    def summary(self):
        """Confidence by theme, hidden comments marked."""
        return answers.summary(self.db, self.event_id, include_hidden=True)

    @functools.cached_property
    def register(self):
        """Who took part, who did not attend, the survey's organisations."""
        return event_attendance(self.db, self.event_id)


_MAKERS = {
    "scores": lambda i: export_tables.scores(i.shortlist, i.definition["criteria"],
                                             store.event_ballots(i.db, i.event_id), store.survey_ballots(i.db, i.event_id)),
    "matrix": lambda i: export_tables.matrix(i.results),
    "totals": lambda i: export_tables.totals(i.results, i.definition["criteria"]),
    "weights": lambda i: analysis_tables.weights(i.analysis),
    "ranking": lambda i: analysis_tables.ranking(i.analysis),
    "margin": lambda i: analysis_tables.margin(i.analysis),
    "critical-criteria": lambda i: analysis_tables.critical_criteria(i.analysis),
    "leave-one-table-out": lambda i: analysis_tables.leave_one_table_out(i.analysis),
    "sensitivity": lambda i: analysis_tables.sensitivity(i.sensitivities()),
    "agreement": lambda i: analysis_tables.agreement(i.analysis),
    "spread": lambda i: analysis_tables.spread(i.analysis),
    "families": lambda i: analysis_tables.families(i.analysis),
    "confidence": lambda i: export_tables.confidence(i.respondents),
    "confidence-by-theme": lambda i: export_tables.confidence_by_theme(i.summary),
    "risks": lambda i: export_tables.risks(i.respondents, i.summary["theme_list"]),
    "would-help": lambda i: export_tables.would_help(i.respondents, i.summary),
    "responses": lambda i: export_tables.responses(i.summary),
    "confidence-by-group": lambda i: export_tables.confidence_by_group(i.summary),
    "took-part": lambda i: export_tables.took_part(i.register),
    "did-not-attend": lambda i: export_tables.did_not_attend(i.register),
    "survey-organisations": lambda i: export_tables.survey_organisations(i.register),
    "ballot-history": lambda i: export_tables.ballot_history(store.event_ballot_history(i.db, i.event_id), i.shortlist),
    "unsent-drafts": lambda i: export_tables.unsent_drafts(table_status.unsent_drafts(i.db, i.event_id), i.shortlist,
                                                           i.definition["criteria"]),
    "notes": lambda i: export_tables.table_notes(event_notes(i.db, i.event_id), i.definition["criteria"]),
}


def build_tables(db, event_id, names=NAMES, progress=None):
    """The export tables named, in NAMES order; progress(name) is called as each is made (the CLI shows it)."""
    inputs = _Inputs(db, event_id)
    tables = []
    for name in NAMES:
        if name in names:
            if progress:
                progress(name)
            tables.append(_MAKERS[name](inputs))
    return tables


def frame(table):
    """A table as a DataFrame."""
    # object columns keep each cell's own type: whole numbers stay whole, empty cells stay empty (not NaN, not 3.0).
    return pd.DataFrame(table.rows, columns=table.columns, dtype=object)


def file_stem(db, event_id):
    """The start of every file name: the event's slug and date (today's, if the event has none)."""
    event = store.get_event(db, event_id)
    date = event["date"] or datetime.date.today().isoformat()
    return f"{slugify(event['title'])}-{date}"


def file_name(stem, fmt, name=None):
    """A download's file name: slug-date-name.csv, slug-date.xlsx, or slug-date-exports.zip."""
    return {"csv": f"{stem}-{name}.csv", "xlsx": f"{stem}.xlsx", "zip": f"{stem}-exports.zip"}[fmt]


def csv_bytes(table):
    """One table as CSV in UTF-8 with a byte order mark, so Excel shows accents correctly when it opens the file."""
    return frame(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def workbook_bytes(tables):
    """Every table as a sheet of one workbook: header row frozen, columns sized to their contents, numbers as numbers."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            frame(table).to_excel(writer, sheet_name=table.sheet, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[table.sheet]
            for index, column in enumerate(table.columns, start=1):
                longest = max([len(str(column))] + [len(str(row[index - 1])) for row in table.rows[:2000]
                                                    if row[index - 1] is not None])
                sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
    return buffer.getvalue()


def zip_bytes(tables, stem):
    """Every CSV and the workbook in one zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(file_name(stem, "csv", table.name), csv_bytes(table))
        archive.writestr(file_name(stem, "xlsx"), workbook_bytes(tables))
    return buffer.getvalue()


def export(db, event_id, fmt, name=None, progress=None, write=lambda work, *args: work(*args)):
    """One download: (file name, MIME type, bytes) for a CSV by name, the workbook, or the zip of everything.

    write(work, *args) runs the file writing; the web passes one that moves it off the server's event loop.
    """
    stem = file_stem(db, event_id)
    if fmt == "csv":
        [table] = build_tables(db, event_id, [name], progress)
        return file_name(stem, fmt, name), "text/csv; charset=utf-8", write(csv_bytes, table)
    tables = build_tables(db, event_id, progress=progress)
    if fmt == "xlsx":
        return file_name(stem, fmt), XLSX, write(workbook_bytes, tables)
    return file_name(stem, fmt), "application/zip", write(zip_bytes, tables, stem)
