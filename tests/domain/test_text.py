"""Cleaning typed text: trimmed, control characters removed, line breaks only where wanted, length checked."""
import pytest

from facilitation.domain.text import TEXT_LIMIT, TextTooLong, clean_text, listed


@pytest.mark.parametrize("typed, multiline, cleaned", [
    pytest.param("  Health improvement \n", False, "Health improvement", id="trims spaces and line breaks"),
    pytest.param("\u00a0Access\u00a0", False, "Access", id="trims non-breaking spaces"),
    pytest.param("Bell\x07 and null\x00", False, "Bell and null", id="removes C0 control characters"),
    pytest.param("Delete\x7f and C1\x85\x9b", False, "Delete and C1", id="removes DEL and C1 control characters"),
    pytest.param("first\tsecond", False, "first second", id="a tab becomes a space"),
    pytest.param("first line\nsecond line", False, "first line second line", id="one-line text joins lines"),
    pytest.param("first  \r\n\r\n  second", False, "first second", id="one-line text joins blank lines once"),
    pytest.param("first\nsecond", True, "first\nsecond", id="multiline keeps line breaks"),
    pytest.param("first\r\nsecond\rthird", True, "first\nsecond\nthird", id="multiline normalises Windows and old Mac breaks"),
    pytest.param("para\u2028graph", True, "para\ngraph", id="multiline treats a Unicode line separator as a break"),
    pytest.param("\n\nbody\n\n", True, "body", id="multiline trims surrounding blank lines"),
    pytest.param("bad half \ud800 pair", False, "bad half  pair", id="removes a lone surrogate"),
    pytest.param("Café – 3a ✓ 😀", False, "Café – 3a ✓ 😀", id="keeps ordinary Unicode text"),
    pytest.param("", False, "", id="empty stays empty"),
    pytest.param(" \x00 \t ", False, "", id="only spaces and controls becomes empty"),
])
def test_clean_text(typed, multiline, cleaned):
    assert clean_text(typed, TEXT_LIMIT, multiline=multiline) == cleaned


@pytest.mark.parametrize("typed, limit", [
    pytest.param("x" * 11, 10, id="one over the limit"),
    pytest.param("  " + "x" * 201, 200, id="over the limit even after trimming"),
])
def test_text_longer_than_the_limit_is_refused_not_cut(typed, limit):
    with pytest.raises(TextTooLong) as raised:
        clean_text(typed, limit)
    assert raised.value.text == typed.strip()
    assert raised.value.limit == limit
    assert str(raised.value) == f"is too long: at most {limit} characters (this has {len(typed.strip())})"
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("typed, limit", [
    pytest.param("x" * 10, 10, id="exactly the limit"),
    pytest.param("   " + "x" * 10 + "\x00\x00   ", 10, id="the limit counts the cleaned text"),
])
def test_text_at_the_limit_is_kept(typed, limit):
    assert clean_text(typed, limit) == "x" * 10


def test_the_usual_limit_is_a_thousand_characters():
    assert TEXT_LIMIT == 1000


@pytest.mark.parametrize("items, said", [
    ([], ""), (["Governance"], "Governance"), (["Governance", "Performance"], "Governance and Performance"),
    (["A", "B", "C"], "A, B and C"), ([4, 5], "4 and 5"),
])
def test_listed_as_people_say_it(items, said):
    assert listed(items) == said
