"""The JSON API of check-in at the door: the list and count, checking in (an invitee by token, or a walk-in), undo.

Nested in the API blueprint (web/api.py), so its bearer-token check and JSON errors cover these routes.
"""
from flask import Blueprint, jsonify

from .. import check_in, csrf, store
from ..db import get_db
from ..domain.check_in import CheckInError
from ..domain.closing import EventClosed
from .api_doc import documented
from .json_body import json_body
from .lookups_http import event_or_404

bp = Blueprint("check_ins", __name__)
# Flask-WTF exempts a blueprint by name, not its parent's children: scripts send a bearer token, not a cookie.
csrf.exempt(bp)


def _refused(status, message, **extra):
    """A refusal in the API's one error shape ({"error": message, ...}); nothing was changed."""
    response = jsonify(error=message, **extra)
    response.status_code = status
    return response


def check_in_json(row):
    """A check-in as the API shows it (checkin_token is None for a walk-in)."""
    return {"id": row["id"], "checkin_token": row["invitee_token"], "name": row["name"],
            "organisation": row["organisation"], "group": row["group"], "how": row["how"],
            "checked_in_at": row["checked_in_at"], "undone_at": row["undone_at"]}


def _stored(row, status):
    """A check-in just written or undone, with the count after it."""
    response = jsonify(check_in=check_in_json(row), counts=check_in.counts(get_db(), row["event_id"]))
    response.status_code = status
    return response


REFUSED = "CheckInRefused"


@bp.route("/events/<int:event_id>/check-ins", methods=["GET"])
@documented({200: ("CheckInList", "The check-ins and the count.")},
            summary="Everyone checked in now (undone check-ins left out), oldest first, and the count")
def list_check_ins(event_id):
    """Everyone checked in now (undone check-ins left out), oldest first; every invitee with their token; the count."""
    db = get_db()
    event_or_404(db, event_id)
    desk = check_in.desk(db, event_id)
    return jsonify(check_ins=[check_in_json(row) for row in store.active_check_ins(db, event_id)],
                   invitees=[{"name": p["name"], "organisation": p["organisation"], "group": p["group"],
                              "checkin_token": p["checkin_token"], "checked_in": p["check_in"] is not None}
                             for p in desk["invitees"]],
                   counts=desk["counts"])


@bp.route("/events/<int:event_id>/check-ins", methods=["POST"])
@documented({201: ("CheckInStored", "Checked in, with the count after it."),
             404: (REFUSED, "There is no such event, or no invitee has this check-in token."),
             409: (REFUSED, "Already checked in (check_in), near matches to offer first (near_matches), or the event "
                            "is closed; nothing was changed."),
             422: (REFUSED, "Not one of the two bodies (every problem listed), an empty or too-long name, or an "
                            "unknown stakeholder group.")},
            body="CheckInRequest",
            summary="Check in an invitee by their check-in token, or a walk-in by name (a name that matches or nearly "
                    "matches an invitee's is answered with the near matches until confirm_new is true)")
def add_check_in(event_id):
    """Check in an invitee ({"checkin_token"}) or a walk-in ({"name", "organisation", "group", "confirm_new"})."""
    db = get_db()
    event_or_404(db, event_id)
    body = json_body("CheckInRequest", what='Send {"checkin_token": …} for an invitee, or {"name": …, '
                                            '"organisation": …} for a walk-in. Nothing was changed:')
    try:
        if "checkin_token" in body:
            row = check_in.check_in_invitee(db, event_id, body["checkin_token"])
        else:
            fields = [body.get(key, "") for key in ("name", "organisation", "group")]
            row = check_in.add_walk_in(db, event_id, *fields, confirm_new=body.get("confirm_new", False))
    except check_in.AlreadyCheckedIn as error:
        return _refused(409, str(error), check_in=check_in_json(error.check_in))
    except check_in.NearMatches as error:
        return _refused(409, str(error) + " Send confirm_new: true to add them as a walk-in anyway.", near_matches=[
            {key: candidate[key] for key in ("name", "organisation", "group", "checkin_token", "checked_in", "exact")}
            for candidate in error.candidates])
    except EventClosed as error:
        return _refused(409, str(error))
    except check_in.NotFound as error:
        return _refused(404, str(error))
    except CheckInError as error:
        return _refused(422, str(error))
    return _stored(row, 201)


@bp.route("/events/<int:event_id>/check-ins/<int:check_in_id>", methods=["DELETE"])
@documented({200: ("CheckInStored", "Undone, with the count after it."),
             404: (REFUSED, "There is no such event or check-in."),
             409: (REFUSED, "Already undone, or the event is closed; nothing was changed.")},
            summary="Undo a check-in: kept, marked undone; the person counts as not checked in")
def undo_check_in(event_id, check_in_id):
    """Undo a check-in: it is kept, marked undone, and the person counts as not checked in."""
    db = get_db()
    event_or_404(db, event_id)
    try:
        row = check_in.undo(db, event_id, check_in_id)
    except check_in.NotFound as error:
        return _refused(404, str(error))
    except (CheckInError, EventClosed) as error:
        return _refused(409, str(error))
    return _stored(row, 200)
