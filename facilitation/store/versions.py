"""The SQL of the cheap message path: event version stamps, and the reads cached from them.

facilitation/lookups.py keeps what these functions return in memory and trusts it while the event's version stamp
(migration 9, kept by triggers) is unchanged; db.py pools the connections.
"""
import json

from .. import store


def event_version(db, event_id):
    """The event's version stamp (one primary-key read), or None if there is no such event."""
    row = db.execute("SELECT version FROM events WHERE id = ?", [event_id]).fetchone()
    return row[0] if row else None


def event_parts(db, event_id):
    """Everything the message path reads about an event, from one consistent moment, with its version; or None."""
    with store.snapshot(db):
        event = store.get_event(db, event_id)
        if event is None:
            return None
        return {
            "version": event["version"],
            "event": event,
            "options": store.list_options(db, event_id),
            "criteria": store.list_criteria(db, event_id),
            "codes": store.option_codes(db, event_id),
            "voting": store.voting_states(db, event_id),
            "themes": store.list_themes(db, event_id),
            "merges": store.theme_merges(db, event_id),
            "tables": list(db.query("SELECT id, number, name, join_token FROM tables WHERE event_id = ?", [event_id])),
            "shares": [tuple(row) for row in db.execute(
                "SELECT a.table_id, c.code FROM assignments a JOIN criteria c ON c.id = a.criterion_id"
                " JOIN tables t ON t.id = a.table_id WHERE t.event_id = ? ORDER BY c.position", [event_id])],
        }


def token_event(db, join_token):
    """The event a current join link belongs to (one read on the unique index), or None."""
    row = db.execute("SELECT event_id FROM tables WHERE join_token = ?", [join_token]).fetchone()
    return row[0] if row else None


def own_answers(db, event_id, token):
    """One person's stored answers as their own form shows them, in one indexed read; None before they answer.

    The same values as store.get_respondent gives (risks in order with the theme they chose, and their current
    survey scores), without the facilitator's moderation.
    """
    row = db.execute(
        "SELECT r.confidence, r.would_help, r.version, r.name, r.organisation, r.stakeholder_group, r.would_help_theme_id,"
        " (SELECT json_group_array(json_array(text, chosen_theme_id)) FROM"
        "   (SELECT text, chosen_theme_id FROM risks WHERE respondent_id = r.id ORDER BY position)),"
        " (SELECT json_group_array(json_array(code, ranking, points, ruled_out, warnings)) FROM"
        "   (SELECT c.code, b.ranking, b.points, b.ruled_out, b.warnings FROM survey_ballots b"
        "    JOIN criteria c ON c.id = b.criterion_id WHERE b.respondent_id = r.id AND b.answer_version = r.version"
        "    ORDER BY c.position))"
        " FROM respondents r WHERE r.token = ? AND r.event_id = ?",
        [token, event_id],
    ).fetchone()
    if row is None:
        return None
    confidence, would_help, version, name, organisation, group, help_theme, risks, scores = row
    scoring = {
        code: {"criterion": code, "ranking": json.loads(ranking), "points": json.loads(points),
               "ruled_out": json.loads(ruled_out), "warnings": json.loads(warnings)}
        for code, ranking, points, ruled_out, warnings in json.loads(scores)
    }
    return {"confidence": confidence, "would_help": would_help, "would_help_theme": help_theme, "version": version,
            "name": name, "organisation": organisation, "stakeholder_group": group,
            "risks": [{"text": text, "theme": theme if theme is not None else "other"}
                      for text, theme in json.loads(risks)],
            **({"scoring": scoring} if scoring else {})}


def confidence_counts(db, event_id):
    """People who answered, counted by the database: [(source, confidence, people)], and per theme their risks are
    under {theme id or "other": [(source, confidence, people)]} (a risk under no theme of the event is "other")."""
    with store.snapshot(db):
        people = [tuple(row) for row in db.execute(
            "SELECT source, confidence, COUNT(*) FROM respondents WHERE event_id = ? AND confidence IS NOT NULL"
            " GROUP BY source, confidence", [event_id])]
        themes = {}
        for theme, source, confidence, count in db.execute(
            "SELECT t.id, p.source, p.confidence, COUNT(DISTINCT p.id) FROM risks r"
            " JOIN respondents p ON p.id = r.respondent_id"
            " LEFT JOIN risk_themes t ON t.id = r.theme_id AND t.event_id = p.event_id"
            " WHERE p.event_id = ? AND p.confidence IS NOT NULL GROUP BY t.id, p.source, p.confidence", [event_id]):
            themes.setdefault("other" if theme is None else theme, []).append((source, confidence, count))
    return people, themes
