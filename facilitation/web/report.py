"""The board report: a printable page, and the same page as a PDF when WeasyPrint can run on this machine.

A blueprint nested in the facilitator one, so its sign-in check covers these routes.
"""
import logging
import pathlib

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.security import safe_join

from .. import exports
from ..db import get_db
from ..report import report_data
from .assets import unhashed
from .lookups_http import event_or_404
from .slow import EXPORTING, limited

bp = Blueprint("report", __name__)


def _page(event_id):
    """The report page's HTML."""
    return render_template("report/report.html", event_id=event_id, **report_data(get_db(), event_id))


@bp.route("/events/<int:event_id>/report")
def report(event_id):
    """The report for the board: options, criteria, scores, charts, confidence, risks and attendance, A4-printable."""
    event_or_404(get_db(), event_id)
    return _page(event_id)


@bp.route("/events/<int:event_id>/report.pdf")
def report_pdf(event_id):
    """The report as a PDF file; without WeasyPrint, a page saying to use the browser's Print instead."""
    event_or_404(get_db(), event_id)
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # not installed, or Pango (a system library) missing
        current_app.logger.warning("The PDF report needs WeasyPrint: %s", error)
        return render_template(
            "error.html", title="The PDF is not available on this computer",
            message="This computer cannot make PDF files (the WeasyPrint library or its fonts are missing). "
                    "Open the report page and use your browser's Print, then Save as PDF.",
        ), 503
    # WeasyPrint warns about every screen-only CSS property it does not know (overflow-x, clip…); none matter in print.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = weasyprint.HTML(string=_page(event_id), base_url=request.host_url, url_fetcher=_static_fetcher(weasyprint))
    pdf = limited(EXPORTING, html.write_pdf)
    filename = f"{exports.file_stem(get_db(), event_id)}-report.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _static_fetcher(weasyprint):
    """A fetcher that reads the app's own stylesheets from disk and refuses every other address."""
    static = pathlib.Path(current_app.static_folder)
    prefix = request.host_url.rstrip("/") + current_app.static_url_path + "/"

    class StaticFiles(weasyprint.urls.URLFetcher):
        """Only this app's static files: the report never needs the network."""

        def fetch(self, url, headers=None):
            """The file under static/ this address names, or an error WeasyPrint logs and skips."""
            name = unhashed(url[len(prefix):].split("?")[0])   # the page names files with their content digest
            path = safe_join(str(static), name) if url.startswith(prefix) else None
            if path is None or not pathlib.Path(path).is_file():
                raise ValueError(f"The report only loads its own files, not {url}")
            mime = "text/css" if path.endswith(".css") else "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, pathlib.Path(path).read_bytes(),
                                                      {"Content-Type": f"{mime}; charset=utf-8"})

    return StaticFiles()
