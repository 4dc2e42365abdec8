"""What the projector shows: changes, paging, next/previous, the countdown, and the panel's plain form."""
from datetime import datetime, timedelta, timezone

import pytest

from facilitation.domain.display import (
    ANSWER_VIEWS, CYCLE, DisplayError, VIEWS, change, compact, confirmation, current_page, describe, display_source,
    form_change, present, shown_view,
)

NOW = datetime(2024, 6, 20, 10, 0, tzinfo=timezone.utc)
OPEN = {"a": "open", "b": "closed"}
CLOSED = {"a": "closed", "b": "closed"}


def later(seconds):
    """A moment some seconds after NOW."""
    return NOW + timedelta(seconds=seconds)


def problems(display, body, voting=OPEN):
    """The fields a refused change names."""
    with pytest.raises(DisplayError) as refused:
        change(display, body, voting, NOW)
    return [p.field for p in refused.value.problems]


def test_a_new_event_hides_results_and_old_displays_read_the_same():
    assert compact({"view": "totals", "hidden": True, "source": "all", "page": 1}) == {"view": "totals", "hidden": True}
    shown = present({"view": "totals", "hidden": True}, OPEN, NOW)
    assert shown == {"view": "totals", "shown": "progress", "hidden": True, "source": "all", "page": 1, "pages": 1,
                     "turn_in": None, "theme": "light", "join_corner": True, "blank": False, "advance": 0,
                     "timer": {"duration": 0, "remaining": 0, "ends_at": None, "running": False}}
    assert display_source({"view": "risks", "hidden": True, "source": "nonsense"}) == "all"


@pytest.mark.parametrize("body, expected", [
    ({"view": "matrix", "hidden": False}, {"view": "matrix", "hidden": False}),
    ({"view": "confidence", "source": "survey"}, {"view": "confidence", "hidden": True, "source": "survey"}),
    ({"theme": "dark", "join_corner": False, "blank": True},
     {"view": "totals", "hidden": True, "theme": "dark", "join_corner": False, "blank": True}),
    ({}, {"view": "totals", "hidden": True}),
])
def test_only_the_keys_sent_change(body, expected):
    assert change({"view": "totals", "hidden": True}, body, OPEN, NOW) == expected


@pytest.mark.parametrize("body, fields", [
    ({"view": "pie"}, ["view"]),
    ({"hidden": "yes", "blank": 1, "join_corner": None}, ["hidden", "join_corner", "blank"]),
    ({"source": "everyone", "theme": "neon"}, ["source", "theme"]),
    ({"page": 0, "pages": 1000}, ["page", "pages"]),
    ({"page": True}, ["page"]),
    ({"advance": 2}, ["advance"]),
    ({"advance": 3601}, ["advance"]),
    ({"step": "sideways"}, ["step"]),
    ({"step": "next", "view": "matrix"}, ["step"]),
    ({"colour": "red"}, ["colour"]),
    ({"timer": {"seconds": 0}}, ["timer.seconds"]),
    ({"timer": {"seconds": 6000, "running": "yes", "reset": False, "lap": 1}},
     ["timer.lap", "timer.seconds", "timer.running", "timer.reset"]),
    ({"timer": {}}, ["timer"]),
    ({"timer": 300}, ["timer"]),
])
def test_a_bad_change_names_every_problem_and_changes_nothing(body, fields):
    assert problems({"view": "totals", "hidden": True}, body) == fields


def test_not_an_object_is_refused_in_plain_words():
    with pytest.raises(DisplayError) as refused:
        change({}, ["matrix"], OPEN, NOW)
    assert "JSON object" in str(refused.value)


def test_another_view_starts_at_its_first_page():
    paged = change({"view": "risks", "hidden": True}, {"pages": 3, "page": 3}, OPEN, NOW)
    assert paged == {"view": "risks", "hidden": True, "page": 3, "pages": 3}
    assert change(paged, {"view": "would_help"}, OPEN, NOW) == {"view": "would_help", "hidden": True}
    assert change(paged, {"view": "risks"}, OPEN, NOW) == paged          # the same view keeps its page


def test_a_page_count_that_shrinks_keeps_the_page_on_screen():
    assert change({"view": "risks", "hidden": True, "page": 3, "pages": 3}, {"pages": 2}, OPEN, NOW)["page"] == 2


def test_next_turns_the_page_then_goes_to_the_next_view():
    display = {"view": "matrix", "hidden": False, "pages": 2}
    display = change(display, {"step": "next"}, OPEN, NOW)
    assert (display["view"], display["page"]) == ("matrix", 2)
    display = change(display, {"step": "next"}, OPEN, NOW)
    assert display == {"view": "confidence", "hidden": False}
    # Previous goes back to the last page of the view before; the projector then says how many pages it has.
    display = change(display, {"step": "previous"}, OPEN, NOW)
    assert display["view"] == "matrix" and present(display, OPEN, NOW)["page"] == 1
    display = change(display, {"pages": 2}, OPEN, NOW)
    assert present(display, OPEN, NOW)["page"] == 2


def test_next_skips_the_views_that_would_only_show_progress_again():
    display = {"view": "progress", "hidden": True}
    assert change(display, {"step": "next"}, OPEN, NOW)["view"] == "confidence"
    assert change(display, {"step": "next"}, CLOSED, NOW)["view"] == "totals"
    assert change({"view": "join", "hidden": True}, {"step": "previous"}, OPEN, NOW)["view"] == "theme_help"
    assert change({"view": "would_help", "hidden": True}, {"step": "next"}, OPEN, NOW)["view"] == "theme_help"
    assert change({"view": "theme_help", "hidden": True}, {"step": "next"}, OPEN, NOW)["view"] == "join"


def test_pages_turn_by_themselves_every_few_seconds():
    display = change({"view": "risks", "hidden": True}, {"pages": 3, "advance": 10}, OPEN, NOW)
    assert [current_page(display, later(s)) for s in (0, 9.5, 10, 25, 30)] == [
        (1, 10.0), (1, 0.5), (2, 10.0), (3, 5.0), (1, 10.0)]
    # A change while pages turn counts from the page on screen, so the screen does not jump.
    moved = change(display, {"theme": "dark"}, OPEN, later(25))
    assert current_page(moved, later(25)) == (3, 10.0)
    assert current_page(change(display, {"advance": 0}, OPEN, later(12)), later(99)) == (2, None)


def test_the_countdown_starts_pauses_resumes_and_ends():
    display = change({}, {"timer": {"seconds": 300}}, OPEN, NOW)
    assert present(display, OPEN, later(60))["timer"] == {"duration": 300, "remaining": 300, "ends_at": None, "running": False}
    display = change(display, {"timer": {"running": True}}, OPEN, NOW)
    assert present(display, OPEN, later(30))["timer"] == {
        "duration": 300, "remaining": 270.0, "ends_at": "2024-06-20T10:05:00.000Z", "running": True}
    display = change(display, {"timer": {"running": False}}, OPEN, later(30))
    assert present(display, OPEN, later(500))["timer"]["remaining"] == 270
    display = change(display, {"timer": {"running": True}}, OPEN, later(100))
    assert present(display, OPEN, later(400))["timer"] == {
        "duration": 300, "remaining": 0, "ends_at": "2024-06-20T10:06:10.000Z", "running": False}
    # Starting a countdown that has run out starts it again from its full length.
    again = change(display, {"timer": {"running": True}}, OPEN, later(400))
    assert present(again, OPEN, later(400))["timer"]["remaining"] == 300
    assert present(change(display, {"timer": {"reset": True}}, OPEN, later(400)), OPEN, later(401))["timer"]["remaining"] == 300
    assert "timer" not in change(display, {"timer": None}, OPEN, NOW)
    started = change({}, {"timer": {"seconds": 90, "running": True}}, OPEN, NOW)
    assert present(started, OPEN, later(1))["timer"]["running"] is True


def test_starting_no_countdown_does_nothing():
    assert "timer" not in change({}, {"timer": {"running": True}}, OPEN, NOW)


@pytest.mark.parametrize("hidden, voting, expected", [
    (True, {"a": "open", "b": "closed"}, "progress"),
    (True, {"a": "waiting"}, "progress"),
    (True, {"a": "closed", "b": "closed"}, "matrix"),
    (False, {"a": "open"}, "matrix"),
])
def test_results_stay_hidden_until_every_criterion_is_closed(hidden, voting, expected):
    assert shown_view({"view": "matrix", "hidden": hidden}, voting) == expected


@pytest.mark.parametrize("view", ANSWER_VIEWS + ("join",))
def test_answers_and_how_to_join_are_not_held_back_while_voting_is_open(view):
    assert shown_view({"view": view, "hidden": True}, {"a": "open"}) == view


def test_every_view_is_in_the_presenters_order():
    assert sorted(CYCLE) == sorted(VIEWS + ("join",))


@pytest.mark.parametrize("fields, expected", [
    ({"view": "matrix", "hidden": "0"}, {"view": "matrix", "hidden": False}),
    ({"view": "risks", "hidden": "1", "source": "room"}, {"view": "risks", "hidden": True, "source": "room"}),
    ({"action": "view", "view": "top3", "source": "all"}, {"view": "top3"}),
    ({"action": "source", "view": "top3", "source": "survey"}, {"source": "survey"}),
    ({"action": "step:next", "view": "top3"}, {"step": "next"}),
    ({"action": "hidden:0"}, {"hidden": False}),
    ({"action": "join_corner:1"}, {"join_corner": True}),
    ({"action": "theme:dark"}, {"theme": "dark"}),
    ({"action": "advance", "advance": "15"}, {"advance": 15}),
    ({"action": "timer:set", "minutes": "4,5"}, {"timer": {"seconds": 270}}),
    ({"action": "timer:start"}, {"timer": {"running": True}}),
    ({"action": "timer:pause"}, {"timer": {"running": False}}),
    ({"action": "timer:reset"}, {"timer": {"reset": True}}),
    ({"action": "timer:off"}, {"timer": None}),
])
def test_the_panels_plain_form(fields, expected):
    assert form_change(fields) == expected


@pytest.mark.parametrize("fields, field", [
    ({"action": "timer:set", "minutes": "five"}, "minutes"),
    ({"action": "advance", "advance": ""}, "advance"),
    ({"action": "explode"}, "action"),
])
def test_the_panels_plain_form_refuses_what_it_cannot_read(fields, field):
    with pytest.raises(DisplayError) as refused:
        form_change(fields)
    assert refused.value.problems[0].field == field


def test_the_display_in_plain_words():
    assert describe({"view": "totals", "hidden": True}) == "Total points (results hidden until voting closes)"
    assert describe({"view": "risks", "hidden": True, "source": "survey"}) == "Risks by theme (the survey only)"
    assert describe({"view": "join", "hidden": True, "blank": True}) == "How to join; the screen is blank"


def test_the_confirmation_does_not_say_results_are_hidden_once_voting_has_closed():
    hidden = {"view": "totals", "hidden": True}
    assert confirmation(present(hidden, OPEN, NOW)) == (
        "The projector now shows Total points (results hidden until voting closes).")
    assert confirmation(present(hidden, CLOSED, NOW)) == (
        "The projector now shows Total points. Voting has closed, so the results show.")
    assert confirmation(present({"view": "risks", "hidden": True}, CLOSED, NOW)) == (
        "The projector now shows Risks by theme (room and survey together).")


@pytest.mark.parametrize("skip, after_top3", [((), "families"), (("families",), "highest")])
def test_next_and_previous_pass_over_the_families_view_when_the_event_has_no_families(skip, after_top3):
    display = {"view": "top3", "hidden": False}
    assert change(display, {"step": "next"}, CLOSED, NOW, skip)["view"] == after_top3
    assert change({"view": "highest", "hidden": False}, {"step": "previous"}, CLOSED, NOW, skip)["view"] == (
        "families" if not skip else "top3")
    # Chosen by name it is still shown: the projector then says no option has a family.
    assert change(display, {"view": "families"}, CLOSED, NOW, skip)["view"] == "families"
