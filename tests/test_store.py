"""The store against a fresh temporary SQLite file: schema, migrations, events, join links."""
import json
import sqlite3

import pytest

from facilitation import store
from facilitation.domain.event_file import read_event_file

from .conftest import DEMO_FILE, EVENTS_DIR

EVENT_FILES = sorted(EVENTS_DIR.glob("*.json")) + [DEMO_FILE]


@pytest.fixture
def fresh(tmp_path):
    """A migrated database in a new file."""
    db = store.connect(str(tmp_path / "test.db"))
    store.migrate(db)
    yield db
    db.conn.close()


def definition(path):
    """The canonical definition of an event file."""
    return read_event_file(path.read_bytes())


def test_new_database_is_at_current_version_in_wal_mode(fresh):
    assert store.schema_version(fresh) == store.SCHEMA_VERSION
    assert fresh.journal_mode == "wal"


def test_migration_upgrades_an_older_database_in_place(tmp_path):
    path = str(tmp_path / "old.db")
    old = store.connect(path)
    store.migrate(old, target=1)
    # Written with version 1's own SQL, as a database from that version of the app would hold it.
    with old.conn:
        old.conn.execute(
            "INSERT INTO events (id, title, date, scoring, assignment, confidence, survey, created_at, updated_at)"
            " VALUES (1, 'Old event', '2024-01-01', ?, '{\"all\": true}', '{\"about\": \"strongest\"}',"
            " '{\"closes\": null, \"include_scoring\": false}', 'then', 'then')",
            [json.dumps({"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True})],
        )
        for position, code in enumerate(["A", "B"]):
            old.conn.execute(
                "INSERT INTO options (event_id, position, code, title, description, status, excluded_reason, briefing)"
                " VALUES (1, ?, ?, ?, '', 'shortlisted', NULL, '{\"advantages\": [], \"disadvantages\": []}')",
                [position, code, f"Option {code}"],
            )
        old.conn.execute(
            "INSERT INTO criteria (id, event_id, position, code, working_title, title, description, measures, weight)"
            " VALUES (1, 1, 0, 'c', 'C', 'Criterion', '', '[]', 1)"
        )
        old.conn.execute("INSERT INTO tables (id, event_id, number, name, join_token, join_code)"
                         " VALUES (1, 1, 1, '', 'old-token-0000000000000', 'ABCDEF')")
        old.conn.execute("INSERT INTO assignments (table_id, criterion_id) VALUES (1, 1)")
    old.conn.close()

    db = store.connect(path)
    assert store.schema_version(db) == 1
    assert store.migrate(db) == store.SCHEMA_VERSION
    assert {"stale_join_tokens", "ballots", "voting", "drafts"} <= set(db.table_names())
    definition = store.load_definition(db, 1)
    assert definition["title"] == "Old event" and [o["code"] for o in definition["options"]] == ["A", "B"]
    assert store.find_table(db, "old-token-0000000000000")["criteria"] == ["c"]
    event = store.get_event(db, 1)
    assert event["display"] == {"view": "totals", "hidden": True} and event["demo"] is False
    assert store.voting_states(db, 1) == {"c": "waiting"}


def test_a_database_newer_than_the_app_is_refused(tmp_path):
    db = store.connect(str(tmp_path / "future.db"))
    db.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer than this app"):
        store.migrate(db)


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.name)
def test_stored_event_gives_back_its_definition(fresh, path):
    stored = definition(path)
    event_id = store.create_event(fresh, stored)
    assert store.load_definition(fresh, event_id) == stored
    # And what comes back is plain JSON, as an export file needs.
    assert json.loads(json.dumps(store.load_definition(fresh, event_id))) == stored


def test_every_table_gets_its_own_long_token_and_short_code(fresh):
    store.create_event(fresh, definition(EVENTS_DIR / "allocate-balanced.json"))
    store.create_event(fresh, definition(DEMO_FILE))
    tables = [t for e in store.list_events(fresh) for t in store.list_tables(fresh, e["id"])]
    tokens = {t["join_token"] for t in tables}
    codes = {t["join_code"] for t in tables}
    assert len(tokens) == len(codes) == len(tables)
    assert all(len(token) >= 22 for token in tokens)  # 22 base64 characters carry 128 bits
    assert all(len(code) == 6 for code in codes)


def test_share_out_is_stored_per_table(fresh):
    stored = definition(EVENTS_DIR / "allocate-explicit.json")
    event_id = store.create_event(fresh, stored)
    tables = {t["number"]: t["criteria"] for t in store.list_tables(fresh, event_id)}
    for number, codes in stored["assignment"].items():
        assert tables[int(number)] == codes


def test_editing_keeps_join_links_and_ids_of_what_remains(fresh):
    stored = definition(DEMO_FILE)
    event_id = store.create_event(fresh, stored)
    before = {t["number"]: t for t in store.list_tables(fresh, event_id)}
    option_ids = dict(fresh.execute("SELECT code, id FROM options WHERE event_id = ?", [event_id]).fetchall())

    changed = json.loads(json.dumps(stored))
    changed["title"] = "Renamed"
    changed["tables"] = changed["tables"][:-1] + [{"number": 99, "name": "Late arrivals"}]
    changed["options"][0]["title"] = "Retitled"
    changed["assignment"] = {"all": True}
    store.update_event(fresh, event_id, changed)

    after = {t["number"]: t for t in store.list_tables(fresh, event_id)}
    assert store.load_definition(fresh, event_id) == changed
    for number in set(before) & set(after):
        assert after[number]["join_token"] == before[number]["join_token"]
        assert after[number]["join_code"] == before[number]["join_code"]
    assert 99 in after and stored["tables"][-1]["number"] not in after
    assert dict(fresh.execute("SELECT code, id FROM options WHERE event_id = ?", [event_id]).fetchall()) == option_ids


def test_new_link_makes_the_old_one_stale(fresh):
    event_id = store.create_event(fresh, definition(EVENTS_DIR / "minimal.json"))
    old = store.get_table(fresh, event_id, 1)
    assert store.regenerate_join(fresh, event_id, 1)
    new = store.get_table(fresh, event_id, 1)
    assert new["join_token"] != old["join_token"] and new["join_code"] != old["join_code"]
    assert store.find_table(fresh, old["join_token"]) is None
    assert store.find_stale_token(fresh, old["join_token"]) == (event_id, 1)
    assert (store.find_table(fresh, new["join_token"])["event_id"], store.find_table(fresh, new["join_token"])["number"]) == (event_id, 1)
    assert store.find_table_by_code(fresh, new["join_code"]) == (event_id, 1, new["join_token"])
    assert store.find_table_by_code(fresh, old["join_code"]) is None
    assert not store.regenerate_join(fresh, event_id, 999)


def test_a_failed_write_leaves_nothing_behind(fresh):
    broken = definition(EVENTS_DIR / "allocate-explicit.json")
    # Skip the domain's checks on purpose: the database's own UNIQUE rule fails part-way through the write.
    broken["options"].append(dict(broken["options"][0]))
    with pytest.raises(sqlite3.IntegrityError):
        store.create_event(fresh, broken)
    assert store.list_events(fresh) == []
    for table in ("events", "options", "criteria", "tables", "assignments"):
        assert fresh.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_deleting_an_event_removes_everything_in_it(fresh):
    event_id = store.create_event(fresh, definition(DEMO_FILE))
    store.delete_event(fresh, event_id)
    for table in ("events", "options", "criteria", "tables", "assignments", "risk_themes", "invitees"):
        assert fresh.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_settings_and_api_tokens(fresh):
    assert store.get_setting(fresh, "x") is None
    store.set_setting(fresh, "x", "1")
    store.set_setting(fresh, "x", "2")
    assert store.get_setting(fresh, "x") == "2"
    store.add_api_token(fresh, "abc")
    assert store.api_token_exists(fresh, "abc") and not store.api_token_exists(fresh, "abd")


def test_editing_keeps_the_ids_of_themes_that_remain(fresh):
    stored = definition(DEMO_FILE)
    event_id = store.create_event(fresh, stored)
    ids = dict(fresh.execute("SELECT name, id FROM risk_themes WHERE event_id = ?", [event_id]).fetchall())
    changed = json.loads(json.dumps(stored))
    kept, dropped = changed["risk_themes"][0], changed["risk_themes"][1]
    changed["risk_themes"] = [t for t in changed["risk_themes"] if t != dropped] + ["A new theme"]
    store.update_event(fresh, event_id, changed)
    after = dict(fresh.execute("SELECT name, id FROM risk_themes WHERE event_id = ?", [event_id]).fetchall())
    assert after[kept] == ids[kept] and dropped not in after and "A new theme" in after
    assert store.load_definition(fresh, event_id)["risk_themes"] == changed["risk_themes"]


def test_the_days_parts_are_stored_and_given_back(fresh):
    from .domain.test_event_day import FULL
    from facilitation.domain.event import parse_event
    stored = parse_event(FULL)
    event_id = store.create_event(fresh, stored)
    assert store.load_definition(fresh, event_id) == stored
    edited = parse_event({**FULL, "paper": {"purpose": "To choose."}, "theme_responses": {}})
    store.update_event(fresh, event_id, edited)
    assert store.load_definition(fresh, event_id) == edited
    # Each invitee keeps a check-in token of their own, unchanged by an edit that keeps them.
    tokens = [p["checkin_token"] for p in store.list_invitees(fresh, event_id)]
    assert len(set(tokens)) == 2 and all(len(token) >= 20 for token in tokens)
    store.update_event(fresh, event_id, edited)
    assert [p["checkin_token"] for p in store.list_invitees(fresh, event_id)] == tokens
