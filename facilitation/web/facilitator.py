"""Facilitator pages: events, the event editor, table cards and join links. Every page needs sign-in.

The facilitator blueprint checks sign-in once, before every request to it and to the blueprints nested in it
(voting, confidence, moderation, survey controls, attendance, report, downloads, analysis: each in its own module), so no
page can be missed. What they share is public, in web/pages.py and web/lookups_http.py.
"""
import json

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for

from .. import answers, definitions, displays, notes, simulation, store, table_status
from ..db import get_db
from ..domain.event import EventDefinitionError, parse_event
from ..domain.event_day import carry_over
from ..domain.event_file import read_event_file, slugify
from ..domain.addresses import card_address
from ..domain.joining import format_join_code
from ..qr import qr_svg
from . import analysis_page, attendance, check_in, closing, downloads, event_form, moderation, moderation_page, report, survey_controls, voting
from . import theme_responses
from ..domain.display import DisplayError, confirmation, form_change
from ..presence import counts as presence
from .auth import signed_in
from .links import cards_address_warning, public_url, replace_link, table_join_url
from .lookups_http import event_or_404, table_or_404
from .pages import back, screen, wants_json
from . import paper_page

bp = Blueprint("facilitator", __name__, url_prefix="/facilitator")
# Endpoints are named facilitator.<blueprint>.<page>, for example facilitator.voting.set_voting.
for nested in (voting, moderation, moderation_page, survey_controls, attendance, report, downloads, analysis_page,
               check_in, closing, theme_responses):
    bp.register_blueprint(nested.bp)
bp.register_blueprint(paper_page.bp)   # the board paper's editor


@bp.before_request
def require_sign_in():
    """Send anyone not signed in to the sign-in page (one check for every page here and nested, so none is missed)."""
    if not signed_in():
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    return None


@bp.route("/")
def events():
    """Every event on this server, with import and create."""
    return render_template("facilitator/events.html", events=store.list_events(get_db()), problems=[])


@bp.route("/events/import", methods=["POST"])
def import_event():
    """Import an uploaded event file whole, or list every problem and store nothing."""
    upload = request.files.get("event_file")
    if upload is None or not upload.filename:
        problems = ["Choose an event file (.json) to import."]
    else:
        try:
            definition = read_event_file(upload.read())
        except EventDefinitionError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            event_id = store.create_event(get_db(), definition)
            flash(f"Imported “{definition['title']}”.")
            return redirect(url_for(".event", event_id=event_id))
    return render_template(
        "facilitator/events.html", events=store.list_events(get_db()), problems=problems,
        filename=upload.filename if upload else "",
    ), 422


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    """Create an event in the browser."""
    return _edit_event(None, None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id):
    """Change an event's definition; tables keep their join links."""
    event_or_404(get_db(), event_id)
    return _edit_event(event_id, store.load_definition(get_db(), event_id))


def _edit_event(event_id, definition):
    """Show the event editor, or save it whole when every rule holds."""
    problems = []
    if request.method == "POST":
        raw, form = event_form.read_form(request.form)
        if not form.adding:
            try:
                # The form edits neither the programme, the groups, the responses nor the paper: they are kept.
                canonical = parse_event(carry_over(raw, definition))
                if event_id is None:
                    event_id = store.create_event(get_db(), canonical)
                    flash(f"Created “{canonical['title']}”.")
                else:
                    definitions.replace_definition(get_db(), event_id, canonical)
                    flash("Saved.")
            except EventDefinitionError as error:
                problems = error.problems
            else:
                return redirect(url_for(".event", event_id=event_id))
    elif definition is None:
        form = event_form.blank_form()
    else:
        form = event_form.form_from_definition(definition)
    status = 422 if problems else 200
    return render_template(
        "facilitator/event_form.html", form=form, problems=problems, event_id=event_id,
        place=event_form.place,
    ), status


@bp.route("/events/<int:event_id>")
def event(event_id):
    """One event: options, criteria, tables with join links and codes, and the share-out."""
    event = event_or_404(get_db(), event_id)
    definition, tables = _tables_for_display(event_id)
    scored_by = {c["code"]: [t["number"] for t in tables if c["code"] in t["criteria"]] for c in definition["criteria"]}
    return render_template(
        "facilitator/event.html", event_id=event_id, definition=definition, tables=tables,
        scored_by=scored_by, public_url=public_url(), voting=store.voting_states(get_db(), event_id),
        warning=cards_address_warning(), closed=event["closed"],
    )


def _tables_for_display(event_id):
    """The event's definition, and its tables with join link, printed code and criterion working titles."""
    db = get_db()
    definition = store.load_definition(db, event_id)
    working_titles = {c["code"]: c["working_title"] for c in definition["criteria"]}
    tables = store.list_tables(db, event_id)
    for table in tables:
        table["join_url"] = table_join_url(table)
        table["code_display"] = format_join_code(table["join_code"])
        table["criterion_titles"] = [working_titles[code] for code in table["criteria"]]
    return definition, tables


@bp.route("/events/<int:event_id>/event.json")
def download_definition(event_id):
    """The event definition as a file, ready to import again."""
    event = event_or_404(get_db(), event_id)
    definition = store.load_definition(get_db(), event_id)
    filename = f"{slugify(event['title'])}-{event['date'] or 'undated'}.json"
    return Response(
        json.dumps(definition, indent=2, ensure_ascii=False) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/events/<int:event_id>/cards")
def cards(event_id):
    """A printable A4 sheet with one card per table: number, name, QR code, link and code."""
    event_or_404(get_db(), event_id)
    definition, tables = _tables_for_display(event_id)
    for table in tables:
        table["qr"] = qr_svg(table["join_url"], f"QR code to join table {table['number']}")
    return render_template(
        "facilitator/cards.html", event_id=event_id, definition=definition, tables=tables,
        join_page=f"{public_url()}/join", short_address=card_address(public_url()), warning=cards_address_warning(),
    )


@bp.route("/events/<int:event_id>/tables/<int:number>/qr.svg")
def table_qr(event_id, number):
    """One table's QR code as an SVG file (for slides or a bigger print)."""
    event_or_404(get_db(), event_id)
    table = table_or_404(get_db(), event_id, number)
    svg = qr_svg(table_join_url(table), f"QR code to join table {number}")
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/events/<int:event_id>/tables/<int:number>/new-link", methods=["POST"])
def regenerate_join(event_id, number):
    """Give a table a new join link and code, once confirmed; phones still on the old link are told at once."""
    event_or_404(get_db(), event_id)
    table = table_or_404(get_db(), event_id, number)
    if request.form.get("confirm") != "yes":
        # Without JavaScript (or its dialog) the form arrives unconfirmed: ask on a page of its own, change nothing.
        return render_template("facilitator/confirm_new_link.html", event_id=event_id, table=table,
                               definition=store.load_definition(get_db(), event_id),
                               code=format_join_code(table["join_code"]))
    replace_link(event_id, table)
    flash(f"Table {number} has a new link and code. Print its card again; the old card no longer works, "
          "and phones still on it have been told to scan the new one.")
    return redirect(url_for(".event", event_id=event_id) + f"#table-{number}")


@bp.route("/events/<int:event_id>/projector")
def projector(event_id):
    """The room's screen: the chosen results view, live, readable from the back of the room."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/projector.html", **screen(event_id))


@bp.route("/events/<int:event_id>/control")
def control_room(event_id):
    """The facilitator's cockpit: where every table is with each criterion, voting, the projector, nudges, confidence."""
    event = event_or_404(get_db(), event_id)
    _definition, tables = _tables_for_display(event_id)
    # The survey's state and what its controls offer (web/survey_controls.py); its link uses the phones' address.
    survey = survey_controls.control_state(event_id)
    return render_template(
        "facilitator/control.html", **screen(event_id, control=True), tables=tables, presence=presence(event_id),
        cells=table_status.cells(get_db(), event_id), can_simulate=event["demo"], phase=answers.phase(get_db(), event_id), survey=survey,
        closed=event["closed"], notes=notes.event_notes(get_db(), event_id),
    )


@bp.route("/events/<int:event_id>/exports")
def exports(event_id):
    """Every export for the board: the zip, the workbook, each CSV table and the report."""
    event_or_404(get_db(), event_id)
    return render_template("facilitator/exports.html", event_id=event_id,
                           definition=store.load_definition(get_db(), event_id))


@bp.route("/events/<int:event_id>/display", methods=["POST"])
def set_display(event_id):
    """Change what the projector shows: JSON from the panel's and the projector's scripts, or the panel's plain form."""
    event_or_404(get_db(), event_id)
    as_json = request.is_json or wants_json()
    try:
        body = request.get_json(silent=True) if request.is_json else form_change(request.form)
        shown = displays.update(get_db(), event_id, body)
    except DisplayError as refused:
        if as_json:
            return jsonify(ok=False, error="Nothing changed.",
                           problems=[{"field": p.field, "message": p.message} for p in refused.problems]), 422
        flash("; ".join(str(p) for p in refused.problems) + "; nothing changed.")
        return back(event_id, "#display-title")
    if as_json:
        return jsonify(ok=True, display=shown, message=confirmation(shown))
    flash(confirmation(shown))
    return back(event_id, "#display-title")


@bp.route("/events/<int:event_id>/simulate", methods=["POST"])
def simulate(event_id):
    """Rehearse with a demo event: simulated tables submit plausible ballots over a minute or two."""
    event = event_or_404(get_db(), event_id)
    if not event["demo"]:
        flash("Rehearsals run on demo events only, so a real event's ballots are never mixed with simulated ones.")
        return back(event_id)
    app = current_app._get_current_object()
    simulation.start(app, event_id, app.config.get("REHEARSAL_SECONDS", simulation.DURATION))
    flash("Rehearsal started: simulated tables will submit over the next minute and a half.")
    return back(event_id)


@bp.route("/events/<int:event_id>/simulate-answers", methods=["POST"])
def simulate_answers(event_id):
    """Rehearse the confidence views with a demo event: simulated delegates answer over a minute or two."""
    event = event_or_404(get_db(), event_id)
    if not event["demo"]:
        flash("Rehearsals run on demo events only, so a real event's answers are never mixed with simulated ones.")
        return back(event_id, "#confidence")
    if event["confidence_phase"]["state"] != "open":
        flash("Open the confidence questions first; the simulated delegates then answer them.")
        return back(event_id, "#confidence")
    app = current_app._get_current_object()
    simulation.start_answers(app, event_id, app.config.get("REHEARSAL_SECONDS", simulation.DURATION))
    flash("Rehearsal started: simulated delegates will answer over the next minute and a half.")
    return back(event_id, "#confidence")


@bp.route("/events/<int:event_id>/delete", methods=["POST"])
def delete_event(event_id):
    """Delete an event and everything in it, after the facilitator has confirmed."""
    event = event_or_404(get_db(), event_id)
    if request.form.get("confirm") != "delete":
        flash("Tick the box to confirm before deleting an event.")
        return redirect(url_for(".event", event_id=event_id))
    definitions.delete_event(get_db(), event_id)
    flash(f"Deleted “{event['title']}”.")
    return redirect(url_for(".events"))
