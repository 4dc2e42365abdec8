"""Copies of the live database: on demand (server.py backup PATH) and, if asked, a snapshot every few minutes."""
import glob
import logging
import os
from datetime import datetime
from typing import NamedTuple

from . import socketio, store
from .offload import in_thread
from .store.files import SIDE_FILES

SNAPSHOT_FOLDER = "backups"
SNAPSHOT_KEEP = 24   # a whole day at one every 20 minutes; a snapshot is the size of the database (a few MB)
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupRefused(Exception):
    """A backup that cannot be made where asked; str() says why in plain words."""


class Copy(NamedTuple):
    """A finished, checked copy of the database."""

    path: str
    source: str
    size: int
    events: int
    ballots: int
    respondents: int

    def summary(self):
        """What was copied, for the person who asked."""
        return (f"Copied the database to {self.path}: {_count(self.events, 'event')}, "
                f"{_count(self.ballots, 'ballot version')}, {_count(self.respondents, 'respondent')}; "
                f"{self.size / 1e6:.1f} MB, from {self.source}.")


def _count(number, thing):
    """'1 event', '2 events'."""
    return f"{number} {thing}{'s' * (number != 1)}"


def file_name(now):
    """A copy's file name, by the minute it was made."""
    return f"facilitation-{now:%Y%m%d-%H%M}.db"


def target_for(database, path, now=None):
    """Where a backup asked for at PATH goes (a folder gets a dated file name), or BackupRefused saying why not."""
    if not os.path.exists(database):
        # A copy of a database made just now would be empty: the server's data is somewhere else.
        raise BackupRefused(f"There is no database at {database}. Run this on the computer and in the folder where "
                            "the server runs, with the same FACILITATION_INSTANCE if it is set.")
    path = os.path.abspath(os.path.expanduser(path))
    if os.path.isdir(path):
        path = os.path.join(path, file_name(now or datetime.now()))
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        raise BackupRefused(f"There is no folder {folder}. Make it first (or plug the USB stick in), then try again.")
    live = os.path.abspath(database)
    if path in (live, *(live + suffix for suffix in SIDE_FILES)) or (
            os.path.exists(path) and os.path.samefile(path, live)):
        raise BackupRefused(f"{path} is the live database itself. Choose another file or a folder for the copy.")
    if os.path.exists(path):
        with open(path, "rb") as existing:
            if existing.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise BackupRefused(f"{path} already exists and is not a database copy; it was left alone. "
                                    "Choose another name or a folder.")
    return path


def backup(database, path, now=None):
    """Copy the live database to PATH (a file, or a folder to put a dated file in), checked; returns the Copy."""
    target = target_for(database, path, now)
    partial = target + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    try:
        facts = store.backup(database, partial)
        if facts["schema_version"] != store.SCHEMA_VERSION:
            raise ValueError(f"The copy is at schema version {facts['schema_version']}, not {store.SCHEMA_VERSION}.")
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
    # Only a whole, checked copy takes the name: an older copy there stays until the new one is complete.
    os.replace(partial, target)
    return Copy(target, os.path.abspath(database), os.path.getsize(target), facts["events"], facts["ballots"], facts["respondents"])


def snapshot(database, folder, keep=SNAPSHOT_KEEP, now=None):
    """A dated copy in the snapshot folder, keeping the newest `keep` of them; returns the Copy."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    copy = backup(database, os.path.join(folder, file_name(now or datetime.now())))
    for old in sorted(glob.glob(os.path.join(folder, "facilitation-*.db")))[:-keep]:
        os.remove(old)
    return copy


def start_snapshots(app, minutes, keep=SNAPSHOT_KEEP, report=print):
    """Every `minutes`, a snapshot into the instance folder, made in a thread so phones are never held; the folder."""
    folder = os.path.join(app.instance_path, SNAPSHOT_FOLDER)
    database = app.config["DATABASE"]

    def every():
        """Sleep, copy, tell the terminal; a failed copy is logged and the next one tried."""
        while True:
            socketio.sleep(minutes * 60)
            try:
                copy = in_thread(snapshot, database, folder, keep)
            except Exception:  # noqa: BLE001 - a full disk must not stop the server, only this copy
                logging.getLogger(__name__).exception("Could not make the snapshot in %s", folder)
                continue
            report(f"Snapshot: {copy.summary()}")

    socketio.start_background_task(every)
    return folder
