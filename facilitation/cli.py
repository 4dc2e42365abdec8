"""The command line: run the server, import and export event files, load the demo, make API tokens."""
import contextlib
import json
import os
import sys
from importlib import resources
from pathlib import Path

import click

from . import backup, configured_database, create_app, exports, logs, simulation, socketio, store
from .domain.addresses import address_warning
from .domain.event import EventDefinitionError
from .domain.event_file import read_event_file
from .hall import HallError
from .network import lan_addresses
from .web import assets
from .web.auth import ensure_password, generate_password, new_api_token, set_password


def _open_store():
    """The app's database, upgraded to the current schema."""
    app = _create_app()
    return store.connect(app.config["DATABASE"])


def _create_app(**options):
    """create_app, with a message queue that cannot serve as the hall refused in plain words (no traceback)."""
    try:
        return create_app(**options)
    except HallError as error:
        raise click.ClickException(str(error)) from None


def demo_definition():
    """The demo event shipped with the app."""
    raw = resources.files("facilitation").joinpath("sample_events/demo.json").read_bytes()
    return read_event_file(raw)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=5000, show_default=True, envvar="PORT", help="Port (or set PORT).")
@click.option("--public-url", envvar="PUBLIC_URL",
              help="Base URL printed on table cards (default: http://<LAN address>:<port>).")
@click.option("--no-demo", is_flag=True, help="Do not load the demo event into an empty database.")
@click.option("--access-log", is_flag=True, help="Log every HTTP request (tokens in addresses are hidden).")
@click.option("--snapshot-every", type=click.FloatRange(min=0.01), envvar="SNAPSHOT_MINUTES", metavar="MINUTES",
              help="Copy the database into instance/backups every MINUTES (or set SNAPSHOT_MINUTES).")
@click.pass_context
def cli(ctx, host, port, public_url, no_demo, access_log, snapshot_every):
    """Live option appraisal. With no command, start the server."""
    if ctx.invoked_subcommand is None:
        run_server(host, port, public_url, no_demo, access_log, snapshot_every=snapshot_every)


def run_server(host, port, public_url, no_demo, access_log, rehearse=None, snapshot_every=None):
    """Start the production server (gevent) and print the addresses phones and the facilitator use."""
    logs.install()   # before the app logs anything: tokens never reach the terminal or a log file
    lan = lan_addresses()
    reachable = "127.0.0.1" if host in ("127.0.0.1", "localhost") else (host if host != "0.0.0.0" else None)
    base = public_url or f"http://{reachable or (lan[0] if lan else '127.0.0.1')}:{port}"
    app = _create_app(async_mode="gevent", public_url=base)
    app.config["LISTEN_PORT"] = port
    db = store.connect(app.config["DATABASE"])
    password = None if app.config.get("FACILITATOR_PASSWORD") else ensure_password(db)
    demo_id = None
    if not no_demo and not store.list_events(db):
        # Checked again and loaded in one write transaction: of N processes starting together, one loads it.
        demo_id = store.create_first_event(db, demo_definition(), demo=True)
    db.conn.close()

    lines = [
        "Live option appraisal is running.",
        f"  Phones join at:       {base}/join",
        f"  Facilitator sign-in:  {base}/facilitator/",
    ]
    others = [a for a in lan if a not in base]
    if others and not public_url:
        lines.append("  Other addresses:      " + ", ".join(f"http://{a}:{port}" for a in others))
    if password:
        lines.append(f"  Facilitator password: {password}")
        lines.append("    (shown once, on first start; stored hashed. New one: python server.py set-password)")
    if demo_id:
        lines.append(f"  Loaded the demo event (id {demo_id}) into the empty database.")
    lines.append(f"  Database: {app.config['DATABASE']}")
    snapshot_every = snapshot_every or app.config.get("SNAPSHOT_MINUTES")
    if snapshot_every:
        folder = backup.start_snapshots(app, float(snapshot_every), int(app.config.get("SNAPSHOT_KEEP") or
                                                                        backup.SNAPSHOT_KEEP), report=click.echo)
        lines.append(f"  Snapshots: a copy of the database every {float(snapshot_every):g} minutes in {folder}")
    else:
        lines.append("  Backup: python server.py backup PATH copies the database while the server runs")
    if rehearse is not None:
        simulation.start(app, rehearse)
        lines.append(f"  Rehearsal: simulated tables are submitting to event {rehearse} for the next 90 seconds.")
        lines.append(f"  Watch it in the control room: {base}/facilitator/events/{rehearse}/control")
    lines.extend(_address_lines(address_warning(base, lan, port)))
    click.echo("\n".join(lines))
    sys.stdout.flush()
    if app.config["COMPRESS_RESPONSES"]:
        socketio.start_background_task(assets.warm, app)   # the first phones need not wait for the compressing
    from .tcp import NoDelayHandler, send_whole_frames   # gevent's, imported only when serving

    send_whole_frames()
    handler = type("Handler", (NoDelayHandler,), {"header_timeout": _seconds(app, "HEADER_TIMEOUT_SECONDS"),
                                                  "body_timeout": _seconds(app, "BODY_TIMEOUT_SECONDS")})
    socketio.run(app, host=host, port=port, log_output=access_log, handler_class=handler)


def _seconds(app, name):
    """A timeout of the server's connections: from the environment, else instance/config.py, else tcp.py's default."""
    from . import tcp

    return float(os.environ.get(name) or app.config.get(name) or getattr(tcp, name.removesuffix("_SECONDS")))


def _address_lines(warning):
    """The start-up warning when phones could not open the address on the cards (the cards page shows it too)."""
    if warning is None:
        return []
    lines = ["", "WARNING: phones cannot reach the address printed on table cards.", f"  {warning.problem}"]
    if warning.command:
        lines += ["  To fix it, stop the server (Ctrl+C) and start it again with:", f"    {warning.command}"]
    return lines + [f"  {warning.explain}", ""]


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file):
    """Import an event file; prints the new event's id. A bad file lists every problem and stores nothing."""
    with open(file, "rb") as f:
        raw = f.read()
    try:
        definition = read_event_file(raw)
    except EventDefinitionError as error:
        click.echo(f"{file}: not imported; fix these problems and try again:", err=True)
        for problem in error.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    db = _open_store()
    click.echo(store.create_event(db, definition))


@cli.command("export")
@click.argument("event_id", type=int)
def export_command(event_id):
    """Print an event's definition as JSON (import it again to get the same event)."""
    definition = store.load_definition(_open_store(), event_id)
    if definition is None:
        click.echo(f"There is no event {event_id}. 'python server.py events' lists them.", err=True)
        sys.exit(1)
    click.echo(json.dumps(definition, indent=2, ensure_ascii=False))


@contextlib.contextmanager
def _progress(steps):
    """Report each step on stderr (the printed paths stay clean for scripts): a bar in a terminal, else a line each."""
    if sys.stderr.isatty():
        with click.progressbar(length=steps, label="Exporting", file=sys.stderr, item_show_func=lambda n: n) as bar:
            yield lambda name: bar.update(1, name)
        return
    count = iter(range(1, steps + 1))
    yield lambda name: click.echo(f"Exporting: {name} ({next(count)} of {steps})", err=True)


@cli.command("export-results")
@click.argument("event_id", type=int)
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="zip", show_default=True,
              help="csv: every table as its own CSV file; xlsx: one workbook; zip: every CSV and the workbook.")
@click.option("--out", type=click.Path(dir_okay=True, writable=True),
              help="Where to write: a file for xlsx and zip, a folder for csv (default: the current folder).")
def export_results_command(event_id, fmt, out):
    """Export an event's results, answers and attendance for the board: CSV files, an Excel workbook, or a zip."""
    db = _open_store()
    if store.get_event(db, event_id) is None:
        click.echo(f"There is no event {event_id}. 'python server.py events' lists them.", err=True)
        sys.exit(1)
    stem = exports.file_stem(db, event_id)
    with _progress(len(exports.NAMES) + 1) as step:
        tables = exports.build_tables(db, event_id, progress=step)
        step("writing files")
        if fmt == "csv":
            folder = Path(out or ".")
            folder.mkdir(parents=True, exist_ok=True)
            written = []
            for table in tables:
                path = folder / exports.file_name(stem, "csv", table.name)
                path.write_bytes(exports.csv_bytes(table))
                written.append(path)
        else:
            data = exports.workbook_bytes(tables) if fmt == "xlsx" else exports.zip_bytes(tables, stem)
            path = Path(out) if out else Path(exports.file_name(stem, fmt))
            if path.is_dir():
                path = path / exports.file_name(stem, fmt)
            path.write_bytes(data)
            written = [path]
    for path in written:
        click.echo(str(path))


@cli.command("events")
def events_command():
    """List the events on this server: id, date, title."""
    for event in store.list_events(_open_store()):
        click.echo(f"{event['id']}\t{event['date'] or '-'}\t{event['title']}")


@cli.command("demo")
@click.option("--simulate", is_flag=True, help="Then start the server and have simulated tables submit ballots.")
@click.pass_context
def demo_command(ctx, simulate):
    """Load the demo event; prints its id. With --simulate, rehearse with it: start the server and simulate tables."""
    event_id = store.create_event(_open_store(), demo_definition(), demo=True)
    click.echo(event_id)
    if simulate:
        options = ctx.parent.params
        run_server(options["host"], options["port"], options["public_url"], True, options["access_log"],
                   rehearse=event_id, snapshot_every=options["snapshot_every"])


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=True, file_okay=True))
def backup_command(path):
    """Copy the database to PATH (a file, or a folder for a dated file), safely while the server runs and writes."""
    # Not create_app(): it would make an empty database where none is, and the copy of that would look like success.
    database = configured_database()
    try:
        copy = backup.backup(database, path)
    except backup.BackupRefused as refused:
        click.echo(f"No backup made: {refused}", err=True)
        sys.exit(1)
    click.echo(copy.summary())


@cli.command("create-token")
@click.option("--label", default="", help="A note to remember what the token is for.")
def create_token_command(label):
    """Print a new API token for 'Authorization: Bearer TOKEN' (only its hash is stored)."""
    click.echo(new_api_token(_open_store(), label))


@cli.command("set-password")
def set_password_command():
    """Set a new facilitator password: FACILITATOR_PASSWORD if set, else a generated one that is printed.

    Every facilitator session ends with the old password: each browser signs in again (docs/decisions.md)."""
    from . import sessions

    db = _open_store()
    password = os.environ.get("FACILITATOR_PASSWORD")
    if password:
        set_password(db, password)
        click.echo("The facilitator password is now the one in FACILITATOR_PASSWORD.")
    else:
        password = generate_password()
        set_password(db, password)
        click.echo(password)
    ended = sessions.end_all(db, "new password")
    if ended:
        # On stderr: scripts read the generated password alone from stdout.
        click.echo(f"Signed out {ended} facilitator session{'' if ended == 1 else 's'}: sign in again with the new "
                   "password.", err=True)
