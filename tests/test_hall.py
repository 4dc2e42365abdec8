"""hall.check: a message queue that cannot serve as the hall is refused at start, in plain words, changing nothing."""
import pytest

from .servers import free_port, run_cli


@pytest.mark.parametrize("queue, says", [
    ("amqp://guest@127.0.0.1//", "SOCKETIO_MESSAGE_QUEUE must be a Redis address"),
    (f"redis://127.0.0.1:{free_port()}/0", "Start redis-server, or unset SOCKETIO_MESSAGE_QUEUE"),
])
def test_a_queue_that_is_not_redis_or_does_not_answer_stops_the_server_with_a_plain_message(tmp_path, queue, says):
    started = run_cli(tmp_path / "instance", "--port", str(free_port()), env={"SOCKETIO_MESSAGE_QUEUE": queue})
    assert started.returncode == 1
    assert says in started.stderr and "Traceback" not in started.stderr + started.stdout
    assert "is running" not in started.stdout and not (tmp_path / "instance" / "facilitation.db").exists()
