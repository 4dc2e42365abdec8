"""The sign-in backoff: free tries, a doubling wait, forgotten after quiet, per device, no way round it by racing."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.domain.backoff import FORGET_AFTER, FREE_TRIES, LONGEST_WAIT, MOST_DEVICES, Backoff, wait_after, wait_message


@pytest.mark.parametrize("failures, wait", [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (8, 8), (10, 32), (11, 60),
                                            (12, 60), (10_000, 60)])
def test_the_wait_doubles_after_the_free_tries_up_to_a_minute(failures, wait):
    assert wait_after(failures) == wait


@pytest.mark.parametrize("seconds, words", [
    (8, "Too many wrong passwords from this device: try again in 8 seconds."),
    (0.2, "Too many wrong passwords from this device: try again in 1 second."),
    (59.1, "Too many wrong passwords from this device: try again in 60 seconds."),
])
def test_the_wait_is_told_in_whole_seconds_rounded_up(seconds, words):
    assert wait_message(seconds) == words


def wrong(backoff, source, now):
    """One admitted, wrong password; the wait it leaves."""
    assert backoff.admit(source, now) == 0
    return backoff.settle(source, now, False)


def test_five_wrong_passwords_are_free_then_the_device_waits_and_others_do_not():
    backoff = Backoff()
    for _ in range(FREE_TRIES - 1):
        assert wrong(backoff, "10.0.0.9", 100) == 0
    assert wrong(backoff, "10.0.0.9", 100) == 1
    assert backoff.admit("10.0.0.9", 100.5) == pytest.approx(0.5)
    assert backoff.waiting("10.0.0.9", 100.5) == pytest.approx(0.5)
    # The facilitator's own device is never held up by the other one's wrong passwords.
    assert backoff.admit("10.0.0.2", 100.5) == 0
    assert backoff.settle("10.0.0.2", 100.5, True) == 0
    assert wrong(backoff, "10.0.0.9", 101) == 2


def test_the_right_password_and_a_quiet_quarter_hour_both_forget_the_device():
    backoff = Backoff()
    for _ in range(FREE_TRIES):
        wrong(backoff, "a", 0)
    assert backoff.admit("a", 0) > 0
    assert backoff.admit("a", 2) == 0 and backoff.settle("a", 2, True) == 0
    assert backoff.waiting("a", 2) == 0 and "a" not in backoff._devices
    for n in range(FREE_TRIES + 3):
        now = n * 100.0
        assert backoff.admit("b", now) == 0
        backoff.settle("b", now, False)
    last = (FREE_TRIES + 2) * 100.0
    assert backoff.waiting("b", last + 1) > 0
    assert backoff.waiting("b", last + FORGET_AFTER + 1) == 0
    assert backoff.admit("b", last + FORGET_AFTER + 1) == 0
    assert backoff.settle("b", last + FORGET_AFTER + 1, False) == 0   # counted afresh: one wrong password
    assert backoff.settle("c", 0, True) == 0  # a device never admitted changes nothing


def test_checks_at_once_from_one_device_count_against_its_free_tries():
    backoff = Backoff()
    admitted = sum(backoff.admit("racer", 0) == 0 for _ in range(50))
    assert admitted == FREE_TRIES
    # A check that failed before it could hash (None) is not a wrong password.
    backoff.settle("racer", 0, None)
    assert backoff.admit("racer", 0) == 0


def test_memory_is_bounded_however_many_devices_try():
    backoff = Backoff()
    for n in range(MOST_DEVICES + 10):
        backoff.admit(f"d{n}", n)
        backoff.settle(f"d{n}", n, False)
    assert len(backoff._devices) <= MOST_DEVICES


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y"]), st.floats(0, 30), st.sampled_from([True, False, None])),
                max_size=60))
def test_no_sequence_checks_a_device_sooner_than_its_wait_allows(steps):
    backoff, now, checked = Backoff(), 0.0, {"x": [], "y": []}
    for source, gap, right in steps:
        now += gap
        if backoff.admit(source, now) == 0:
            backoff.settle(source, now, right)
            checked[source].append((now, right))
    for times in checked.values():
        failures, last = 0, None
        for at, right in times:
            if last is not None and at - last <= FORGET_AFTER:
                assert at - last >= wait_after(failures) - 1e-9
            elif last is not None:
                failures = 0
            if right:
                failures, last = 0, None
            elif right is False:
                failures, last = failures + 1, at
    assert all(wait_after(n) <= LONGEST_WAIT for n in range(100))
