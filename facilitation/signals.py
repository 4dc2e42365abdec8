"""Domain signals: each service announces what it changed, after its commit; the live layer (live.py) alone listens.

Services send with the running app as the sender, so the live layer of one app never hears another app's changes
(two apps in one test run, say). Outside an app (a script on a bare connection) nobody is listening, and nothing
is sent. The keyword arguments each signal carries are listed beside it.
"""
from blinker import Namespace
from flask import current_app, has_app_context

_signals = Namespace()

ballot_stored = _signals.signal("ballot-stored")            # event_id, table, ballot
draft_changed = _signals.signal("draft-changed")            # table, criterion, message (what the phones get), origin
voting_changed = _signals.signal("voting-changed")          # event_id, criteria, state
answers_changed = _signals.signal("answers-changed")        # event_id (answers arrived, or moderation changed them)
themes_changed = _signals.signal("themes-changed")          # event_id (a theme added, renamed, merged or removed)
phase_changed = _signals.signal("confidence-phase-changed")  # event_id, phase (answers.phase)
display_changed = _signals.signal("display-changed")        # event_id, display (as presented), timer (None: unchanged)
definition_changed = _signals.signal("definition-changed")  # event_id, deleted
weights_changed = _signals.signal("weights-changed")        # event_id (criterion weights or the rule changed)
link_replaced = _signals.signal("link-replaced")            # table_id, old_token, join_page
nudged = _signals.signal("nudged")                          # table_id, message
event_closed = _signals.signal("event-closed")              # event_id, closed ({"at", "by"}, or None: reopened)
theme_response_changed = _signals.signal("theme-response-changed")  # event_id (the organisers' response to a theme)
sessions_ended = _signals.signal("sessions-ended")          # keys (the stored form of each ended facilitator session)


def send(signal, **data):
    """Announce a committed change with the running app as sender (nothing is sent outside an app)."""
    if has_app_context():
        signal.send(current_app._get_current_object(), **data)
