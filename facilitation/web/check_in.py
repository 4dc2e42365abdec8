"""The registration desk: search the invitee list, check people in, add walk-ins, undo; the live count; badges.

Nested in the facilitator blueprint, so its sign-in check covers these routes. The list is rendered once, in
templates/facilitator/_check_in_list.html: the page embeds it and the script fetches the same markup again when
the count says another desk changed something (docs/decisions.md, "Issue 13: check-in").
"""
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import check_in, lookups, store
from ..db import get_db
from ..domain.check_in import CheckInError, search_text
from ..domain.closing import EventClosed
from ..qr import qr_svg
from .links import public_url
from .lookups_http import event_or_404

bp = Blueprint("check_in", __name__)
# How often (seconds) the desk asks for the count: two desks at one door see each other's check-ins this quickly.
POLL_SECONDS = 4


def badge_link(checkin_token):
    """The address a badge's QR code opens: the invitee's own check-in page."""
    return f"{public_url()}/checkin/{checkin_token}"


def _desk(event_id):
    """The desk's list for the search typed (the q field), each person with what the search box looks in."""
    data = check_in.desk(get_db(), event_id, request.values.get("q", "")[:200])
    for person in data["invitees"] + data["walk_ins"]:
        person["search"] = search_text(person)
        done = person if "checked_in_at" in person else person["check_in"]
        if done:
            # The desk's clock: the time people read on the wall, not the UTC the database keeps.
            done["time"] = datetime.fromisoformat(done["checked_in_at"]).astimezone().strftime("%H:%M")
    return data


def _page(event_id, problem="", near=None, walk_in=None, status=200):
    """The desk page, with a refusal or the near matches to offer when there are any."""
    db = get_db()
    event = event_or_404(db, event_id)
    return render_template(
        "facilitator/check_in.html", event_id=event_id, event=event, desk=_desk(event_id), problem=problem,
        near=near, walk_in=walk_in or {}, groups=lookups.get_event(db, event_id)["stakeholder_groups"],
        poll_seconds=POLL_SECONDS,
    ), status


@bp.route("/events/<int:event_id>/check-in")
def page(event_id):
    """The registration desk: search as you type, one tap to check in, undo, walk-ins, the live count."""
    return _page(event_id)


@bp.route("/events/<int:event_id>/check-in/list")
def desk_list(event_id):
    """The desk's list alone (escaped HTML), for the page's script when another desk changed something."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/_check_in_list.html", event_id=event_id, desk=_desk(event_id))


@bp.route("/events/<int:event_id>/check-in/count")
def count(event_id):
    """The count alone ("37 of 108 checked in"), as HTML the page's script polls and puts in place."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/_check_in_count.html", counts=check_in.counts(get_db(), event_id))


def _refused(event_id, error, **kwargs):
    """The desk page again with the refusal in plain words; nothing was changed."""
    status = 409 if isinstance(error, (EventClosed, check_in.AlreadyCheckedIn)) else 422
    if isinstance(error, check_in.NotFound):
        status = 404
    return _page(event_id, problem=str(error), status=status, **kwargs)


@bp.route("/events/<int:event_id>/check-in/invitee", methods=["POST"])
def check_in_invitee(event_id):
    """Check in one invitee (their check-in token in the form), then back to an empty search for the next person."""
    event_or_404(get_db(), event_id)
    try:
        row = check_in.check_in_invitee(get_db(), event_id, request.form.get("checkin_token", ""))
    except (CheckInError, EventClosed, check_in.NotFound) as error:
        return _refused(event_id, error)
    flash(f"{row['name']} is checked in.")
    return redirect(url_for(".page", event_id=event_id))


@bp.route("/events/<int:event_id>/check-in/walk-in", methods=["POST"])
def add_walk_in(event_id):
    """Check in someone not on the list; if their name matches or nearly matches an invitee's, offer those first."""
    event_or_404(get_db(), event_id)
    form = {key: request.form.get(key, "") for key in ("name", "organisation", "group")}
    try:
        row = check_in.add_walk_in(get_db(), event_id, form["name"], form["organisation"], form["group"],
                                   confirm_new=request.form.get("confirm_new") == "1")
    except check_in.NearMatches as error:
        return _page(event_id, near=error, walk_in=form, status=409)
    except (CheckInError, EventClosed) as error:
        return _refused(event_id, error, walk_in=form)
    flash(f"{row['name']} is checked in as a walk-in.")
    return redirect(url_for(".page", event_id=event_id))


@bp.route("/events/<int:event_id>/check-in/<int:check_in_id>/undo", methods=["POST"])
def undo(event_id, check_in_id):
    """Undo one check-in (a wrong tap): the person is back on the list as not checked in."""
    event_or_404(get_db(), event_id)
    try:
        row = check_in.undo(get_db(), event_id, check_in_id)
    except check_in.NotFound as error:
        abort(404, description=str(error))
    except (CheckInError, EventClosed) as error:
        return _refused(event_id, error)
    flash(f"{row['name']}'s check-in is undone.")
    return redirect(url_for(".page", event_id=event_id))


@bp.route("/events/<int:event_id>/badges")
def badges(event_id):
    """A printable sheet of badges: one per invitee, with a QR code that checks them in when scanned at the door."""
    db = get_db()
    event = event_or_404(db, event_id)
    people = [{**person, "link": badge_link(person["checkin_token"]),
               "qr": qr_svg(badge_link(person["checkin_token"]), f"QR code to check in {person['name']}")}
              for person in store.list_invitees(db, event_id)]
    return render_template("facilitator/badges.html", event_id=event_id, event=event, people=people)
