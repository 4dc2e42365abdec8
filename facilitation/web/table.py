"""What a table's phones see: the join page and the table page behind each card's QR code."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from .. import ballots, store
from ..db import get_db
from ..domain.joining import format_join_code, normalise_join_code

bp = Blueprint("table", __name__)


@bp.route("/")
def home():
    """Phones that type the bare address land on the join page."""
    return redirect(url_for(".join"))


@bp.route("/join")
def join():
    """Type a table's short code instead of scanning its QR code."""
    typed = request.args.get("code")
    if typed is None:
        return render_template("table/join.html", code="", error=None)
    code = normalise_join_code(typed)
    found = store.find_table_by_code(get_db(), code) if code else None
    if found is not None:
        _event_id, _number, join_token = found
        return redirect(url_for(".table", join_token=join_token))
    if not code:
        error = "Type the code printed on your table card, for example K7M-Q2P."
    else:
        error = (
            f"No table has the code {format_join_code(code) if len(code) == 6 else code}. "
            "Check the card on your table (the letters O and I are never used), or ask a facilitator."
        )
    return render_template("table/join.html", code=typed, error=error), 404


@bp.route("/t/<join_token>")
def table(join_token):
    """A table's page: its event, criteria with measures, option briefings, and its scoring state drawn server-side."""
    db = get_db()
    try:
        scoring_table = ballots.find_table(db, join_token)
    except ballots.TableLinkError as error:
        if error.stale:
            return render_template("table/stale.html", number=store.find_stale_token(db, join_token)[1]), 410
        abort(404, description=(
            "We don't recognise this table link. Scan the QR code on your table's card again, "
            "or type the code printed on it."
        ))
    definition = store.load_definition(db, scoring_table["event_id"])
    table = store.get_table(db, scoring_table["event_id"], scoring_table["number"])
    criteria = [c for c in definition["criteria"] if c["code"] in table["criteria"]]
    shortlist = [o for o in definition["options"] if o["status"] == "shortlisted"]
    excluded = [o for o in definition["options"] if o["status"] == "excluded"]
    return render_template(
        "table/table.html", definition=definition, table=table, criteria=criteria,
        shortlist=shortlist, excluded=excluded, join_token=join_token,
        state=ballots.table_state(db, scoring_table),
    )
