"""What the projector may show."""
import pytest

from facilitation.domain.display import VIEWS, check_display, shown_view


@pytest.mark.parametrize("view, hidden, expected", [
    ("totals", "1", {"view": "totals", "hidden": True}),
    ("matrix", "", {"view": "matrix", "hidden": False}),
    ("pie", True, None),
    (None, False, None),
])
def test_check_display(view, hidden, expected):
    assert check_display(view, hidden) == expected


@pytest.mark.parametrize("hidden, voting, expected", [
    (True, {"a": "open", "b": "closed"}, "progress"),
    (True, {"a": "waiting"}, "progress"),
    (True, {"a": "closed", "b": "closed"}, "matrix"),
    (False, {"a": "open"}, "matrix"),
])
def test_results_stay_hidden_until_every_criterion_is_closed(hidden, voting, expected):
    assert shown_view({"view": "matrix", "hidden": hidden}, voting) == expected


def test_every_view_is_allowed():
    assert all(check_display(view, False)["view"] == view for view in VIEWS)
