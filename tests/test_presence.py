"""The phones-per-table count: counted up and down as phones join, move and leave, one app's apart from another's."""
from facilitation.presence import Presence


def test_phones_are_counted_up_and_down_as_they_join_move_and_leave():
    count = Presence()
    assert count.joined("a", 1, 3) == [1]
    assert count.joined("b", 1, 3) == [1]
    assert count.joined("c", 2, 1) == [2]
    assert count.of(1) == {3: 2} and count.of(2) == {1: 1}
    # The same socket joining again (a page reloaded its state) is still one phone.
    assert count.joined("a", 1, 3) == [1] and count.of(1) == {3: 2}
    # A phone that joins another event's table leaves the first: both events' counts change.
    assert count.joined("b", 2, 1) == [1, 2]
    assert count.of(1) == {3: 1} and count.of(2) == {1: 2}
    assert count.left("a") == 1 and count.of(1) == {}
    assert count.left("a") is None
    assert count.left("never-joined") is None


def test_two_apps_count_their_own_phones(app, tmp_path):
    from facilitation import create_app

    other = create_app({"TESTING": True, "SECRET_KEY": "test", "SOCKETIO_ASYNC_MODE": "threading"},
                       instance_path=str(tmp_path / "other"))
    app.extensions["presence"].joined("a", 1, 1)
    assert other.extensions["presence"].of(1) == {}
