"""store.set_paper_section against a fresh SQLite file: one section at a time, "" removes it, others kept."""
from facilitation import store


def test_sections_are_set_and_removed_one_at_a_time(db, imported):
    event_id = imported("allocate-explicit.json")
    assert store.set_paper_section(db, event_id, "purpose", "Why we met.") == {"purpose": "Why we met."}
    assert store.set_paper_section(db, event_id, "risks", "Line one.\n\nLine “two”.") == {
        "purpose": "Why we met.", "risks": "Line one.\n\nLine “two”."}
    assert store.set_paper_section(db, event_id, "purpose", "") == {"risks": "Line one.\n\nLine “two”."}
    assert store.load_definition(db, event_id)["paper"] == {"risks": "Line one.\n\nLine “two”."}
    # Removing a section that is not there changes nothing.
    assert store.set_paper_section(db, event_id, "purpose", "") == {"risks": "Line one.\n\nLine “two”."}


def test_another_events_paper_is_untouched(db, imported):
    first, second = imported("allocate-explicit.json"), imported("allocate-explicit.json")
    store.set_paper_section(db, first, "process", "Ours.")
    assert store.load_definition(db, second)["paper"] == {}
    assert store.set_paper_section(db, 9999, "process", "Nobody's.") is None
