"""What a table's phone sends besides its answers: the join token's shape, its own fields' types, the new-people limit."""
import pytest
from hypothesis import given, strategies as st

from facilitation.domain import link_limits
from facilitation.domain.ballot import MAX_VERSION, BallotError, check_ballot
from facilitation.domain.draft import OpRefused, read_op
from facilitation.domain.joining import looks_like_join_token, new_join_token, phone_field_problem

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=10)


@pytest.mark.parametrize("value, looks", [
    (new_join_token(), True), ("x" * 24, True), ("a" * 128, True), ("a" * 129, False), ("", False), (None, False),
    (7, False), (2 ** 70, False), (1.5, False), (True, False), ([], False), (["abc"], False), ({"a": 1}, False),
    ("\ud800" * 3, False), ("has space", False), ("../etc", False),
])
def test_a_join_token_must_be_text_of_a_token_s_letters(value, looks):
    assert looks_like_join_token(value) is looks


@given(JSON.filter(lambda value: not isinstance(value, str)))
def test_no_json_value_that_is_not_text_looks_like_a_join_token(value):
    assert looks_like_join_token(value) is False


@pytest.mark.parametrize("message, problem", [
    ({}, None), ({"device_id": "phone-1", "respondent": "abc"}, None), ({"device_id": None}, None),
    ({"device_id": 7}, "Not taken: device_id must be text; nothing was changed."),
    ({"respondent": []}, "Not taken: respondent must be text; nothing was changed."),
    ({"device_id": {}, "respondent": True}, "Not taken: device_id and respondent must be text; nothing was changed."),
])
def test_a_phone_s_own_fields_must_be_text(message, problem):
    assert phone_field_problem(message) == problem


@pytest.mark.parametrize("version, ok", [(0, True), (MAX_VERSION, True), (MAX_VERSION + 1, False), (2 ** 70, False),
                                         (-1, False)])
def test_a_base_version_beyond_any_table_s_is_refused(version, ok):
    submission = {"criterion": "c", "ranking": ["1", "2"], "points": {"1": 6, "2": 4}, "ruled_out": [],
                  "base_version": version, "submission_id": "submission-1"}
    scoring = {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}
    if ok:
        assert check_ballot(submission, scoring=scoring, shortlist=["1", "2"]).base_version == version
    else:
        with pytest.raises(BallotError):
            check_ballot(submission, scoring=scoring, shortlist=["1", "2"])


@pytest.mark.parametrize("raw", [
    {"op": "add_points", "option": "1", "delta": 2 ** 70}, {"op": "add_points", "option": "1", "delta": -(2 ** 70)},
    {"op": "move", "option": "1", "to_index": 2 ** 70}, {"op": "set_points", "option": "1", "value": 2 ** 70},
    {"op": "set_points", "option": "1", "value": -1}, {"op": "set_draft", "draft": []},
    {"op": "set_draft", "draft": "all of it"}, {"op": "set_draft"},
])
def test_a_change_with_a_number_no_phone_sends_or_a_draft_that_is_not_an_object_is_refused(raw):
    with pytest.raises(OpRefused):
        read_op({"id": "op-00000001", **raw})


@pytest.mark.parametrize("recent, limit, refused", [(0, 30, False), (29, 30, False), (30, 30, True), (31, 30, True),
                                                    (10 ** 6, None, False)])
def test_one_more_new_person_past_the_limit_is_too_many(recent, limit, refused):
    assert link_limits.too_many(recent, limit) is refused
