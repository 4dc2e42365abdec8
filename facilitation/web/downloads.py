"""The facilitator's downloads: each export table as CSV, the Excel workbook, or everything in a zip.

A blueprint nested in the facilitator one, so its sign-in check covers these routes; the API has the same files.
"""
from flask import Blueprint, Response, abort

from .. import exports
from ..db import get_db
from .lookups_http import event_or_404
from .slow import EXPORTING, limited

bp = Blueprint("downloads", __name__)


def download(event_id, fmt, name=None):
    """One export as a file download, named with the event's slug and date."""
    if fmt == "csv" and name not in exports.NAMES:
        abort(404, description=f"There is no export called “{name}”.")
    # Reading the tables and writing the files both run off the event loop, on this request's pooled connection.
    filename, mimetype, data = limited(EXPORTING, exports.export, get_db(), event_id, fmt, name)
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/events/<int:event_id>/exports/<name>.csv")
def export_csv(event_id, name):
    """One export table as a CSV file (UTF-8 with a byte order mark, so Excel shows accents)."""
    event_or_404(get_db(), event_id)
    return download(event_id, "csv", name)


@bp.route("/events/<int:event_id>/exports.xlsx")
def export_workbook(event_id):
    """Every export table as a sheet of one Excel workbook."""
    event_or_404(get_db(), event_id)
    return download(event_id, "xlsx")


@bp.route("/events/<int:event_id>/exports.zip")
def export_zip(event_id):
    """Every CSV file and the workbook in one zip."""
    event_or_404(get_db(), event_id)
    return download(event_id, "zip")
