"""publisher.Outbox: what waits to be sent, and the pacing of summaries and statuses that are slow to make."""
import pytest

from facilitation.publisher import PACE, Outbox


def test_a_ballot_queues_its_row_and_the_statuses_and_the_first_call_starts_the_loop():
    outbox = Outbox()
    assert outbox.ballot(3, "C1", 7) is True
    assert outbox.ballot(3, "C1", 8) is False   # the loop is already running
    rows, answered, statuses = outbox.take(now=0)
    assert rows == {3: {("C1", 7), ("C1", 8)}} and answered == set() and statuses == {3}
    assert outbox.take(now=0) is None and outbox.running is False


@pytest.mark.parametrize("kind, queue", [("answers", "answers_changed"), ("statuses", "statuses_changed")])
def test_a_slow_batch_holds_the_next_one_back_for_pace_times_its_cost_then_sends_it(kind, queue):
    outbox = Outbox()
    getattr(outbox, queue)(3)
    position = 1 if kind == "answers" else 2
    assert outbox.take(now=10)[position] == {3}
    outbox.took(kind, 3, 0.1, now=10)
    getattr(outbox, queue)(3)
    getattr(outbox, queue)(4)   # another event is not held back by this one
    early = outbox.take(now=10 + PACE * 0.1 - 0.01)
    assert early[position] == {4}
    assert outbox.take(now=10 + PACE * 0.1 - 0.005)[position] == set()   # still waiting, the loop keeps going
    assert outbox.take(now=10 + PACE * 0.1)[position] == {3}
    assert outbox.take(now=11) is None


def test_forgetting_an_event_drops_its_queues_and_its_pacing():
    outbox = Outbox()
    outbox.answers_changed(3)
    outbox.took("answers", 3, 5, now=0)
    outbox.forget(3)
    outbox.answers_changed(3)
    assert outbox.take(now=0)[1] == {3}
