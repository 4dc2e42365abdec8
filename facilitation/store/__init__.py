"""The only package that knows the database: every SQL statement of the app, split by aggregate.

Callers use `store.<function>`; each name is re-exported here from the module that holds it. The shared
draft's writes (`store.draft_ops`) and moderation's (`store.moderation`) are used as modules.
"""
from .schema import (  # noqa: F401
    MIGRATIONS, SCHEMA_VERSION, connect, migrate, now, schema_version, snapshot, transaction,
)
from .settings import add_api_token, api_token_exists, get_setting, set_setting, set_setting_once  # noqa: F401
from .write_lock import DatabaseBusy  # noqa: F401
from .events import (  # noqa: F401
    change_display, close_event, create_event, create_first_event, delete_event, find_stale_token, find_table,
    find_table_by_code, get_event, get_table, list_criteria, list_events, list_invitees, list_options, list_tables,
    load_definition, option_codes,
    regenerate_join, reopen_event, set_display, set_weights, update_event,
)
from .paper import set_paper_section  # noqa: F401
from .files import backup, tighten  # noqa: F401
from .ballots import (  # noqa: F401
    ballot_history, ballots_in_use, ballots_since, current_ballots, drafts, event_ballot_history, event_ballots, event_drafts,
    record_ballot, set_voting, voting_states,
)
from .answers import (  # noqa: F401
    add_theme, answer_history, change_survey, event_respondents, find_survey, get_respondent, list_themes,
    record_answers, register_respondent, remove_theme, rename_theme, set_ask_identity, set_confidence_phase,
    set_survey_closed, survey_ballots, theme_merges, themes_in_use,
)
from .check_ins import (  # noqa: F401
    active_check_in, active_check_ins, add_check_in, attendance_matches, check_in_counts, clear_attendance_match,
    find_invitee_by_checkin_token, get_check_in, room_respondent_tokens, set_attendance_match, undo_check_in,
)
from .answers import set_theme_response, theme_responses  # noqa: F401
from .sessions import (  # noqa: F401
    create_session, end_all_sessions, end_session, ended_sessions, get_session, touch_session,
)
