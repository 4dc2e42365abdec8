"""batches.HallOutbox against a real redis-server: one holder per event, nothing sent twice or lost, leases move."""
import pytest
from flask import Flask

from facilitation import batches, hall


@pytest.fixture
def two(redis_url):
    """Two apps as two processes of one hall would be (each its own process id), and their outboxes."""
    # Plain Flask apps: create_app with a queue would bind the one Socket.IO server of the test run to Redis.
    apps = []
    for _ in range(2):
        app = Flask(__name__)
        app.config["SOCKETIO_MESSAGE_QUEUE"] = redis_url
        apps.append(app)
    assert hall.process_id(apps[0]) != hall.process_id(apps[1])
    return [batches.HallOutbox(app) for app in apps]


def test_a_change_queued_by_one_process_is_sent_by_the_holder_alone(two):
    first, second = two
    assert first.ballot(3, "access", 1) is True           # this process's loop must start
    assert first.take(now=0) == ({3: {("access", 1)}}, set(), {3})
    first.done()
    # The second process queues a change of the same event: the first holds the lease, so only it takes it.
    second.ballot(3, "access", 2)
    assert second.take(now=0) == ({}, set(), set())      # not stopped: something is queued, held by the first
    assert first.take(now=0) == ({3: {("access", 2)}}, set(), {3})
    first.done()
    assert second.take(now=0) is None and first.take(now=0) == ({}, set(), set())


def test_what_changed_again_while_a_batch_was_sent_goes_again(two):
    first, _ = two
    first.ballot(4, "access", 1)
    assert first.take(now=0)[0] == {4: {("access", 1)}}
    first.ballot(4, "access", 1)                         # the same row again, while the batch is being sent
    first.done()
    assert first.take(now=0)[0] == {4: {("access", 1)}}
    first.done()
    assert first.take(now=0)[0] == {}


def test_a_holder_that_takes_and_dies_before_sending_leaves_the_batch_for_the_next(two, redis_url):
    first, second = two
    first.ballot(5, "access", 1)
    assert first.take(now=0)[0] == {5: {("access", 1)}}
    hall.client(first.app).delete(hall.key("batches", 5))   # its lease ran out (it died before done())
    assert second.take(now=0) == ({5: {("access", 1)}}, set(), {5})


def test_paced_summaries_stay_queued_until_their_time(two):
    first, _ = two
    first.answers_changed(6)
    assert first.take(now=0)[1] == {6}
    first.done()
    first.took("answers", 6, 1.0, now=0)
    first.answers_changed(6)
    assert first.take(now=1)[1] == set()
    assert first.take(now=5)[1] == {6}


def test_an_idle_holder_gives_its_lease_up_and_forgets_what_it_sent(two):
    first, second = two
    first.statuses_changed(7)
    first.take(now=0)
    first.status_changes(7, [{"table": 1, "criterion": "access", "state": "draft"}])
    first.done()
    for _ in range(batches.IDLE_ROUNDS):
        first.take(now=0)
    assert hall.client(first.app).get(hall.key("batches", 7)) is None and first.sent == {}
    second.statuses_changed(7)
    second.take(now=0)
    assert hall.client(first.app).get(hall.key("batches", 7)) == hall.process_id(second.app)


def test_a_definition_change_makes_the_holder_forget_what_it_last_sent(two):
    first, second = two
    first.statuses_changed(8)
    first.take(now=0)
    assert first.status_changes(8, [{"table": 1, "criterion": "access", "state": "draft"}])
    first.done()
    second.forget(8)                                     # the event was edited through the other process
    first.take(now=0)
    first.done()
    assert first.status_changes(8, [{"table": 1, "criterion": "access", "state": "draft"}])   # sent whole again
