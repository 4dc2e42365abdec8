"""What the facilitator's pages share: where a form returns to, whether a script asked, and the screen's contents.

The facilitator blueprint (web/facilitator.py) and the blueprints nested in it (voting, confidence, moderation,
survey controls, attendance, report, downloads) all use these, so none reaches into another's private helpers.
"""
from flask import redirect, request, url_for

from .. import answers, displays, store
from ..db import get_db
from ..domain.addresses import card_address
from ..domain.display import display_source, shown_view
from ..qr import qr_svg
from ..results import event_results
from .links import public_url

# The pages a form may name in its "next" field to be sent back to after the change.
BACK_TO = {
    "control": "facilitator.control_room",
    "attendance": "facilitator.attendance.attendance",
    "moderation": "facilitator.moderation.page",
}
# Only the control room and the event page have the sections an anchor points to.
KEEPS_ANCHOR = {"control"}


def back(event_id, anchor=""):
    """Return to the page the form came from (its "next" field), else to the event page."""
    came_from = request.form.get("next")
    if came_from in BACK_TO:
        return redirect(url_for(BACK_TO[came_from], event_id=event_id) + (anchor if came_from in KEEPS_ANCHOR else ""))
    return redirect(url_for("facilitator.event", event_id=event_id) + anchor)


def wants_json():
    """Whether a page's script sent this (it reads the reply instead of following a redirect)."""
    return request.accept_mimetypes.best == "application/json"


def screen(event_id, control=False):
    """What the projector and the control room both draw from (the control room also sees hidden comments)."""
    db = get_db()
    event = store.get_event(db, event_id)
    voting = store.voting_states(db, event_id)
    join_page = f"{public_url()}/join"
    return {
        "event_id": event_id, "definition": store.load_definition(db, event_id),
        "display": displays.current(db, event_id), "voting": voting, "results": event_results(db, event_id),
        "shown": shown_view(event["display"], voting), "source": display_source(event["display"]),
        "confidence": answers.summary(db, event_id, include_hidden=control),
        # The corner of every projector view, and the "How to join" view: the join page, where a table types its code.
        "join": {"url": join_page, "address": card_address(public_url()),
                 "qr": qr_svg(join_page, f"QR code to the join page, {join_page}")},
    }
