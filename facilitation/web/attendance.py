"""The attendance page: the ask-for-names setting, loading invitees from a CSV file, and who took part.

A blueprint nested in the facilitator one, so its sign-in check covers these routes.
"""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from .. import check_in, definitions, store
from ..attendance import event_attendance
from ..db import get_db
from ..domain.attendance import MAX_INVITEES, InviteeFileError, read_invitee_csv
from ..domain.closing import EventClosed
from ..domain.export_tables import RECORDED
from ..domain.event import EventDefinitionError, parse_event
from ..qr import qr_svg
from .links import survey_link
from .lookups_http import event_or_404

bp = Blueprint("attendance", __name__)


def _page(event_id, problems=(), filename="", status=200, match_problem=""):
    """The attendance page, with the problems of a refused upload when there are any."""
    db = get_db()
    event = store.get_event(db, event_id)
    register = event_attendance(db, event_id)
    # list_invitees and the register's invitees are both in list order, so they pair up one to one.
    links = [{**person, "survey_url": survey_link(row["survey_token"])}
             for row, person in zip(store.list_invitees(db, event_id), register["invitees"])]
    return render_template(
        "facilitator/attendance.html", event_id=event_id, event=event, register=register, invitee_links=links,
        event_survey_url=survey_link(event["survey_token"]), problems=list(problems), filename=filename,
        survey_qr=qr_svg(survey_link(event["survey_token"]), "QR code for the survey link"),
        max_invitees=MAX_INVITEES, match_problem=match_problem, recorded=RECORDED,
    ), status


@bp.route("/events/<int:event_id>/attendance")
def attendance(event_id):
    """Who took part, who was invited but did not attend, the survey's organisations, and each invitee's survey link."""
    event_or_404(get_db(), event_id)
    return _page(event_id)


@bp.route("/events/<int:event_id>/survey-qr.svg")
def survey_qr(event_id):
    """The survey link's QR code as an SVG file, for an invitation email or a slide."""
    event = event_or_404(get_db(), event_id)
    svg = qr_svg(survey_link(event["survey_token"]), "QR code for the survey link")
    return Response(str(svg), mimetype="image/svg+xml",
                    headers={"Content-Disposition": f'attachment; filename="survey-{event_id}-qr.svg"'})


@bp.route("/events/<int:event_id>/invitees", methods=["POST"])
def load_invitees(event_id):
    """Replace the invitee list with the people in an uploaded CSV file, or change nothing and list every problem."""
    event_or_404(get_db(), event_id)
    upload = request.files.get("invitee_file")
    if upload is None or not upload.filename:
        return _page(event_id, ["Choose a CSV file of invitees to load."], status=422)
    db = get_db()
    try:
        invitees = read_invitee_csv(upload.read())
        # The whole definition goes through the same rules and the same path as any other edit.
        definition = {**store.load_definition(db, event_id), "invitees": invitees}
        definitions.replace_definition(db, event_id, parse_event(definition))
    except (InviteeFileError, EventDefinitionError) as error:
        return _page(event_id, [str(problem) for problem in error.problems], filename=upload.filename, status=422)
    flash(f"{len(invitees)} invitee{'' if len(invitees) == 1 else 's'} loaded. The file replaced the whole list.")
    return redirect(url_for(".attendance", event_id=event_id))


@bp.route("/events/<int:event_id>/attendance/matches", methods=["POST"])
def decide_match(event_id):
    """The facilitator's answer to "is this typed name that invitee?": an invitee's check-in token, or "" for no."""
    event_or_404(get_db(), event_id)
    respondent, invitee = request.form.get("respondent_token", ""), request.form.get("invitee_token", "")
    try:
        if request.form.get("forget") == "1":
            check_in.forget_match(get_db(), event_id, respondent)
            flash("Forgotten: that name is matched afresh.")
            return redirect(url_for(".attendance", event_id=event_id) + "#took-part")
        check_in.decide_match(get_db(), event_id, respondent, invitee or None)
    except EventClosed as error:
        return _page(event_id, match_problem=str(error), status=409)
    except check_in.NotFound as error:
        return _page(event_id, match_problem=str(error), status=404)
    flash("Recorded: the lists below now count them as that invitee." if invitee
          else "Recorded: they are listed as someone not on the invitee list.")
    return redirect(url_for(".attendance", event_id=event_id) + "#took-part")
