"""A personal check-in link, opened by scanning the QR code on an invitee's badge: "Welcome", and one button.

No sign-in: the link's unguessable token is the credential (as a survey link's is), so the form needs no CSRF
token. Opening the page changes nothing; only the button's POST checks the person in.
"""
from flask import Blueprint, abort, redirect, render_template, url_for

from .. import check_in, csrf, store
from ..db import get_db
from ..domain.closing import EventClosed

bp = Blueprint("badge", __name__)
csrf.exempt(bp)


def _invitee_or_404(checkin_token):
    """The invitee behind the link, or a plain 404 page."""
    try:
        return check_in.find_invitee(get_db(), checkin_token)
    except check_in.NotFound as error:
        abort(404, description=str(error))


def _page(invitee, problem="", status=200):
    """Welcome, with the button while they are not checked in, or that they are."""
    db = get_db()
    event = store.get_event(db, invitee["event_id"])
    done = store.active_check_in(db, invitee["event_id"], invitee["checkin_token"])
    return render_template("checkin/welcome.html", invitee=invitee, event=event, checked_in=done,
                           problem=problem), status


@bp.route("/checkin/<checkin_token>")
def welcome(checkin_token):
    """Welcome, <name>: one button to check in (opening this page changes nothing)."""
    return _page(_invitee_or_404(checkin_token))


@bp.route("/checkin/<checkin_token>", methods=["POST"])
def check_in_by_badge(checkin_token):
    """Check the badge's invitee in, then show the page again; already checked in says so and changes nothing."""
    invitee = _invitee_or_404(checkin_token)
    try:
        check_in.check_in_invitee(get_db(), invitee["event_id"], checkin_token, how="badge")
    except check_in.AlreadyCheckedIn as error:
        return _page(invitee, problem=str(error))
    except EventClosed as error:
        return _page(invitee, problem=str(error), status=409)
    return redirect(url_for(".welcome", checkin_token=checkin_token))
