"""check_payload: depth and text checked for any message, before its own rules."""
import json

import pytest
from hypothesis import given, strategies as st

from facilitation.domain.payload import MAX_DEPTH, PayloadError, check_payload, check_text


def nested(depth):
    """A list nested depth levels deep."""
    value = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize("value", [
    None, 0, 2 ** 70, -1.5, True, "", "plain", "émoji 😀", [], {}, {"a": [1, {"b": "c"}]}, nested(MAX_DEPTH),
    {"x" * 10: nested(MAX_DEPTH - 1)},
])
def test_what_passes(value):
    check_payload(value)


@pytest.mark.parametrize("value, words", [
    (nested(MAX_DEPTH + 1), "nests more than"),
    (nested(8000), "nests more than"),
    ({"join_token": "\ud800"}, "not valid text"),
    ({"\udfff": 1}, "not valid text"),
    ([1, ["ok", "bad \udc00 half"]], "not valid text"),
])
def test_what_is_refused_in_plain_words(value, words):
    with pytest.raises(PayloadError, match=words):
        check_payload(value)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=20))
def test_any_json_value_of_real_text_within_the_depth_passes(value):
    """Anything JSON can carry from real text (no surrogates), at a depth real messages have, passes."""
    json.loads(json.dumps(value))
    try:
        check_payload(value)
    except PayloadError as refused:
        assert "nests" in str(refused)


def test_text_check_alone():
    check_text("fine")
    with pytest.raises(PayloadError):
        check_text("\ud83d")
