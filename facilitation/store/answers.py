"""SQL for the confidence questions: the phase and survey settings, risk themes, respondents and their answers."""
import json

from ..domain import carry_over
from .ballots import _ballot
from .schema import now, snapshot, transaction


def set_confidence_phase(db, event_id, state, about):
    """Open or close the confidence questions, naming the option they ask about."""
    with transaction(db):
        db.conn.execute(
            "UPDATE events SET confidence_phase = ? WHERE id = ?",
            [json.dumps({"state": state, "about": about, "changed_at": now()}), event_id],
        )


def set_survey_closed(db, event_id, closed):
    """Close the survey by hand (or reopen it until its closing time)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET survey_closed = ? WHERE id = ?", [int(closed), event_id])


def change_survey(db, event_id, decide):
    """Change the survey's closing time (in the event definition) and closed-by-hand flag in one transaction.

    decide(closes, closed_by_hand) sees what is stored at the moment of writing and returns the new pair (it may
    raise to refuse, and then nothing is written); returns what decide returned.
    """
    with transaction(db):
        survey, closed = db.conn.execute("SELECT survey, survey_closed FROM events WHERE id = ?", [event_id]).fetchone()
        survey = json.loads(survey)
        outcome = decide(survey["closes"], bool(closed))
        survey["closes"] = outcome[0]
        db.conn.execute("UPDATE events SET survey = ?, survey_closed = ?, updated_at = ? WHERE id = ?",
                        [json.dumps(survey), int(outcome[1]), now(), event_id])
    return outcome


def set_ask_identity(db, event_id, ask):
    """Whether delegates are offered name and organisation fields (always optional for them)."""
    with transaction(db):
        db.conn.execute("UPDATE events SET ask_identity = ? WHERE id = ?", [int(ask), event_id])


def find_survey(db, survey_token):
    """The event a survey link belongs to, with the invitee for a personal link: (event id, invitee or None), or None."""
    row = db.execute("SELECT id FROM events WHERE survey_token = ?", [survey_token]).fetchone()
    if row:
        return row[0], None
    rows = list(db.query("SELECT event_id, name, organisation, stakeholder_group FROM invitees WHERE survey_token = ?",
                         [survey_token]))
    if rows:
        return rows[0]["event_id"], {"name": rows[0]["name"], "organisation": rows[0]["organisation"],
                                     "stakeholder_group": rows[0]["stakeholder_group"]}
    return None


def list_themes(db, event_id):
    """The event's risk themes in display order, with their ids."""
    return list(db.query("SELECT id, name FROM risk_themes WHERE event_id = ? ORDER BY position", [event_id]))


def theme_responses(db, event_id):
    """The organisers' required response to each theme that has one: {theme id: text}."""
    return dict(db.execute("SELECT id, response FROM risk_themes WHERE event_id = ? AND response != ''",
                           [event_id]).fetchall())


def set_theme_response(db, event_id, theme_id, text):
    """Store the organisers' response to one theme ("" clears it); returns False if the event has no such theme."""
    with transaction(db):
        return db.conn.execute("UPDATE risk_themes SET response = ? WHERE id = ? AND event_id = ?",
                               [text, theme_id, event_id]).rowcount == 1


def theme_merges(db, event_id):
    """Every merge so far, as {merged theme id: the theme it went into}."""
    return dict(db.execute("SELECT from_id, into_id FROM theme_merges WHERE event_id = ?", [event_id]).fetchall())


def add_theme(db, event_id, name):
    """Add a theme at the end of the list; returns its id."""
    with transaction(db):
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM risk_themes WHERE event_id = ?", [event_id]
        ).fetchone()[0]
        # Never the id of a merged theme: phones still offering it are redirected, and undoing the merge restores it.
        fresh = db.execute("SELECT MAX(COALESCE((SELECT MAX(id) FROM risk_themes), 0),"
                           " COALESCE((SELECT MAX(from_id) FROM theme_merges), 0)) + 1").fetchone()[0]
        return db.conn.execute(
            "INSERT INTO risk_themes (id, event_id, position, name) VALUES (?, ?, ?, ?)", [fresh, event_id, position, name]
        ).lastrowid


def rename_theme(db, event_id, theme_id, name):
    """Rename a theme in place: its risks stay with it. Returns False if there is no such theme."""
    with transaction(db):
        return db.conn.execute(
            "UPDATE risk_themes SET name = ? WHERE id = ? AND event_id = ?", [name, theme_id, event_id]
        ).rowcount == 1


def remove_theme(db, event_id, theme_id):
    """Remove a theme no risk is under; returns False (and changes nothing) if risks use it."""
    with transaction(db):
        used = db.execute("SELECT 1 FROM risks WHERE theme_id = ? LIMIT 1", [theme_id]).fetchone()
        if used:
            return False
        db.conn.execute("DELETE FROM risk_themes WHERE id = ? AND event_id = ?", [theme_id, event_id])
    return True


def themes_in_use(db, event_id):
    """The names of the event's themes that have risks under them."""
    return {row[0] for row in db.execute(
        "SELECT DISTINCT t.name FROM risks r JOIN risk_themes t ON t.id = r.theme_id WHERE t.event_id = ?", [event_id]
    ).fetchall()}


_RESPONDENT_COLUMNS = ("id, event_id, source, table_number, name, organisation, stakeholder_group, confidence, about,"
                       " would_help, would_help_theme_id AS would_help_theme, would_help_hidden, version, created_at,"
                       " updated_at")


def _respondent(db, row):
    """A respondents row with its risks and (survey) current scores, as the domain reads it."""
    row["would_help_hidden"] = bool(row["would_help_hidden"])
    row["scoring"] = {
        r["criterion"]: _ballot(r) for r in db.query(
            "SELECT c.code AS criterion, b.ranking, b.points, b.ruled_out, b.warnings FROM survey_ballots b"
            " JOIN criteria c ON c.id = b.criterion_id WHERE b.respondent_id = ? AND b.answer_version = ?"
            " ORDER BY c.position", [row["id"], row["version"]])
    }
    row["risks"] = [
        {"id": r["id"], "text": r["text"], "theme": r["theme_id"] if r["theme_id"] is not None else "other",
         "chosen_theme": r["chosen_theme_id"] if r["chosen_theme_id"] is not None else "other", "hidden": bool(r["hidden"])}
        for r in db.query("SELECT id, text, theme_id, chosen_theme_id, hidden FROM risks WHERE respondent_id = ?"
                          " ORDER BY position", [row["id"]])
    ]
    return row


def get_respondent(db, event_id, token):
    """One person's stored answers and risks by their secret token, or None."""
    with snapshot(db):
        rows = list(db.query(f"SELECT {_RESPONDENT_COLUMNS} FROM respondents WHERE token = ? AND event_id = ?",
                             [token, event_id]))
        return _respondent(db, rows[0]) if rows else None


def new_respondents_since(db, event_id, source, table_number, since):
    """How many people a link added since a moment: a table's (table_number) or the shared survey link's (None)."""
    # Read through the index respondents_recent; a personal invitee link's person (their token is the key) is not
    # the shared link's.
    return db.execute(
        "SELECT COUNT(*) FROM respondents WHERE event_id = ? AND source = ? AND table_number IS ? AND created_at >= ?"
        " AND NOT EXISTS (SELECT 1 FROM invitees i WHERE i.survey_token = respondents.token)",
        [event_id, source, table_number, since],
    ).fetchone()[0]


def register_respondent(db, event_id, token, source, *, table_number=None, name=None, organisation=None,
                        stakeholder_group=None, admit=None):
    """Create a respondent (or update their name, organisation, group): 'stored', 'not_yours' or admit()'s refusal."""
    with transaction(db):
        row = db.execute("SELECT event_id, source FROM respondents WHERE token = ?", [token]).fetchone()
        if row and tuple(row) != (event_id, source):
            return "not_yours"
        if row is None and admit is not None and (reason := admit()):
            return reason
        stamp = now()
        if row is None:
            db.conn.execute(
                "INSERT INTO respondents (event_id, token, source, table_number, name, organisation, stakeholder_group,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, token, source, table_number, name or "", organisation or "", stakeholder_group or "",
                 stamp, stamp],
            )
        elif name is not None:
            db.conn.execute(
                "UPDATE respondents SET name = ?, organisation = ?, stakeholder_group = ?, updated_at = ? WHERE token = ?",
                [name, organisation or "", stakeholder_group or "", stamp, token],
            )
    return "stored"


def record_answers(db, event_id, token, source, answers, submission_id, refusal, *, table_number=None, identity=None,
                   admit=None):
    """Store one person's checked answers as their next version, atomically with the checks that depend on what is stored.

    refusal(phase) is the domain's decision given the phase read inside this transaction; it returns None or a reason;
    admit(), if given, is asked the same before a new person is added (a link's limit per minute).
    What a risk or "what would help" sent again keeps of the facilitator's moderation is domain.carry_over's rule.
    Returns (outcome, respondent) with outcome 'stored', 'duplicate', 'not_yours' or the refusal.
    """
    with transaction(db):
        row = db.execute("SELECT id, event_id, source, version FROM respondents WHERE token = ?", [token]).fetchone()
        if row and (row[1], row[2]) != (event_id, source):
            return "not_yours", None
        if row and db.execute("SELECT 1 FROM answer_history WHERE respondent_id = ? AND submission_id = ?",
                              [row[0], submission_id]).fetchone():
            return "duplicate", get_respondent(db, event_id, token)
        event = db.execute("SELECT confidence_phase FROM events WHERE id = ?", [event_id]).fetchone()
        reason = refusal(json.loads(event[0]))
        if reason is None and row is None and admit is not None:
            reason = admit()
        if reason is not None:
            return reason, None
        stamp = now()
        identity = identity or {}
        if row is None:
            respondent_id = db.conn.execute(
                "INSERT INTO respondents (event_id, token, source, table_number, name, organisation, stakeholder_group,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, token, source, table_number, identity.get("name", ""), identity.get("organisation", ""),
                 identity.get("stakeholder_group", ""), stamp, stamp],
            ).lastrowid
            version = 1
        else:
            respondent_id, version = row[0], row[3] + 1
        previous_help = db.execute("SELECT would_help, would_help_hidden, would_help_at FROM respondents WHERE id = ?",
                                   [respondent_id]).fetchone()
        help_hidden, help_at = carry_over.would_help(*previous_help, answers["would_help"], stamp)
        db.conn.execute(
            "UPDATE respondents SET confidence = ?, about = ?, would_help = ?, would_help_theme_id = ?,"
            " would_help_hidden = ?, version = ?, updated_at = ?, would_help_at = ? WHERE id = ?",
            [answers["confidence"], answers["about"], answers["would_help"], answers.get("would_help_theme"),
             int(help_hidden), version, stamp, help_at, respondent_id],
        )
        if identity and row is not None:
            db.conn.execute("UPDATE respondents SET name = ?, organisation = ?, stakeholder_group = ? WHERE id = ?",
                            [identity["name"], identity["organisation"], identity.get("stakeholder_group", ""),
                             respondent_id])
        earlier = [carry_over.Risk(*stored) for stored in db.execute(
            "SELECT id, text, chosen_theme_id, theme_id, hidden, added_at FROM risks WHERE respondent_id = ?",
            [respondent_id]
        ).fetchall()]
        db.conn.execute("DELETE FROM risks WHERE respondent_id = ?", [respondent_id])
        # Other is stored as no theme.
        sent = [(risk["text"], None if risk["theme"] == "other" else risk["theme"]) for risk in answers["risks"]]
        rows = [[risk.id, respondent_id, position, risk.text, risk.chosen_theme, risk.theme, risk.hidden, risk.added_at]
                for position, risk in enumerate(carry_over.risks(earlier, sent, stamp))]
        # Kept ids first, so that a new risk cannot be given one of them.
        db.conn.executemany(
            "INSERT INTO risks (id, respondent_id, position, text, chosen_theme_id, theme_id, hidden, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sorted(rows, key=lambda row: row[0] is None))
        db.conn.execute(
            "INSERT INTO answer_history (respondent_id, version, submission_id, content, submitted_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [respondent_id, version, submission_id, json.dumps(answers), stamp],
        )
        # A survey respondent's scores are a set: this version's set replaces the last (earlier sets stay as history).
        criterion_ids = dict(db.execute("SELECT code, id FROM criteria WHERE event_id = ?", [event_id]).fetchall())
        db.conn.executemany(
            "INSERT INTO survey_ballots (respondent_id, criterion_id, answer_version, ranking, points, ruled_out,"
            " warnings, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[respondent_id, criterion_ids[b["criterion"]], version, json.dumps(b["ranking"]), json.dumps(b["points"]),
              json.dumps(b["ruled_out"]), json.dumps(b["warnings"]), stamp] for b in answers.get("scoring", [])],
        )
        return "stored", get_respondent(db, event_id, token)


def event_respondents(db, event_id):
    """Everyone who has answered (or registered) in an event, with their risks: what the summaries count."""
    with snapshot(db):
        return _event_respondents(db, event_id)


def _event_respondents(db, event_id):
    """event_respondents, inside one read snapshot (people and their risks from the same moment)."""
    people = {row["id"]: {**row, "would_help_hidden": bool(row["would_help_hidden"]), "risks": []}
              for row in db.query(f"SELECT {_RESPONDENT_COLUMNS} FROM respondents WHERE event_id = ? ORDER BY id",
                                  [event_id])}
    for r in db.query(
        "SELECT r.id, r.respondent_id, r.text, r.theme_id, r.chosen_theme_id, r.hidden FROM risks r"
        " JOIN respondents p ON p.id = r.respondent_id WHERE p.event_id = ? ORDER BY r.respondent_id, r.position",
        [event_id],
    ):
        people[r["respondent_id"]]["risks"].append(
            {"id": r["id"], "text": r["text"], "theme": r["theme_id"] if r["theme_id"] is not None else "other",
             "chosen_theme": r["chosen_theme_id"] if r["chosen_theme_id"] is not None else "other",
             "hidden": bool(r["hidden"])})
    return list(people.values())


def answer_history(db, event_id):
    """Every stored version of everyone's answers, oldest first (the audit trail)."""
    rows = list(db.query(
        "SELECT p.id AS respondent, p.source, h.version, h.submission_id, h.content, h.submitted_at"
        " FROM answer_history h JOIN respondents p ON p.id = h.respondent_id WHERE p.event_id = ?"
        " ORDER BY h.submitted_at, h.id", [event_id]))
    for row in rows:
        row["content"] = json.loads(row["content"])
    return rows


def survey_ballots(db, event_id):
    """Survey respondents' current scores, keyed by (respondent id, criterion code), from their latest answers."""
    return {
        (row["respondent"], row["criterion"]): _ballot(row)
        for row in db.query(
            "SELECT p.id AS respondent, c.code AS criterion, p.version, b.ranking, b.points, b.ruled_out, b.warnings,"
            " b.submitted_at FROM survey_ballots b JOIN respondents p ON p.id = b.respondent_id"
            " JOIN criteria c ON c.id = b.criterion_id WHERE p.event_id = ? AND b.answer_version = p.version",
            [event_id],
        )
    }
