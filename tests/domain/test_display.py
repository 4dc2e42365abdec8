"""What the projector may show."""
import pytest

from facilitation.domain.display import ANSWER_VIEWS, VIEWS, check_display, describe, display_source, shown_view


@pytest.mark.parametrize("view, hidden, source, expected", [
    ("totals", "1", "all", {"view": "totals", "hidden": True}),
    ("matrix", "", "all", {"view": "matrix", "hidden": False}),
    ("confidence", False, "survey", {"view": "confidence", "hidden": False, "source": "survey"}),
    ("risks", True, "room", {"view": "risks", "hidden": True, "source": "room"}),
    ("risks", False, "everyone", None),
    ("pie", True, "all", None),
    (None, False, "all", None),
])
def test_check_display(view, hidden, source, expected):
    assert check_display(view, hidden, source) == expected


def test_the_source_defaults_to_everyone_and_old_displays_read_the_same():
    assert check_display("totals", True) == {"view": "totals", "hidden": True}
    assert display_source({"view": "totals", "hidden": True}) == "all"
    assert display_source({"view": "risks", "hidden": True, "source": "room"}) == "room"
    assert display_source({"view": "risks", "hidden": True, "source": "nonsense"}) == "all"


@pytest.mark.parametrize("hidden, voting, expected", [
    (True, {"a": "open", "b": "closed"}, "progress"),
    (True, {"a": "waiting"}, "progress"),
    (True, {"a": "closed", "b": "closed"}, "matrix"),
    (False, {"a": "open"}, "matrix"),
])
def test_results_stay_hidden_until_every_criterion_is_closed(hidden, voting, expected):
    assert shown_view({"view": "matrix", "hidden": hidden}, voting) == expected


@pytest.mark.parametrize("view", ANSWER_VIEWS)
def test_confidence_views_are_not_held_back_while_voting_is_open(view):
    assert shown_view({"view": view, "hidden": True}, {"a": "open"}) == view


def test_every_view_is_allowed():
    assert all(check_display(view, False)["view"] == view for view in VIEWS)


def test_the_display_in_plain_words():
    assert describe({"view": "totals", "hidden": True}) == "Total points (results hidden until voting closes)"
    assert describe({"view": "risks", "hidden": True, "source": "survey"}) == "Risks by theme (the survey only)"
