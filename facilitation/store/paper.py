"""SQL for the board paper: the facilitator's own text for its sections, kept in events.paper (JSON by section)."""
import json

from .schema import transaction


def set_paper_section(db, event_id, section, text):
    """Store one section's text ("" removes it, so the section shows its starting text again); the paper after."""
    with transaction(db):
        # One statement edits the JSON in place, so two sections saved at once cannot undo each other.
        if text:
            db.conn.execute("UPDATE events SET paper = json_set(paper, '$.' || ?, ?) WHERE id = ?",
                            [section, text, event_id])
        else:
            db.conn.execute("UPDATE events SET paper = json_remove(paper, '$.' || ?) WHERE id = ?", [section, event_id])
        row = db.execute("SELECT paper FROM events WHERE id = ?", [event_id]).fetchone()
    return json.loads(row[0]) if row else None
