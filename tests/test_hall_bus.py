"""Control messages in a hall of two real processes and a real redis-server: a New link pressed through one process
lets go of the old link's phones on the other, and a sign-out through one lets go of the other's screens at once."""
import time

import pytest
import redis
import requests

from facilitation import hall, store

from .test_sessions_live import csrf
from .two_processes import Phone, Screen, facilitator, hall_of_two, wait_for

pytestmark = pytest.mark.server


def ballot(join_token, submission_id):
    """A valid first ballot for the minimal event's one criterion."""
    return {"join_token": join_token, "criterion": "access", "ranking": ["1", "2"], "points": {"1": 6, "2": 4},
            "ruled_out": [], "base_version": 0, "submission_id": submission_id}


def draft_change(join_token, op_id, value):
    """One typed number in a table's shared draft."""
    return {"join_token": join_token, "criterion": "access", "device_id": "hall-bus-test",
            "ops": [{"id": op_id, "op": "set_points", "option": "1", "value": value}]}


def test_a_new_link_through_one_process_lets_go_of_the_old_links_phones_on_the_other(tmp_path, redis_url):
    with hall_of_two(tmp_path, redis_url) as (a, b):
        requests.post(f"{a.url}/api/events/{a.event_id}/voting", headers=a.api_headers,
                      json={"criterion": None, "voting": "open"}, timeout=5).raise_for_status()
        old, second = (table["join_token"] for table in a.tables[:2])
        stale = Phone(b, old)              # on the old link only: let go entirely
        both = Phone(b, old, second)       # a shared tablet on tables 1 and 2: lets go of table 1 only
        try:
            started = time.monotonic()
            response = requests.post(f"{a.url}/api/events/{a.event_id}/tables/1/new-link", headers=a.api_headers,
                                     timeout=5)
            assert response.status_code == 200
            assert wait_for(lambda: stale.messages("link_replaced") and both.messages("link_replaced"), 1)
            assert stale.messages("link_replaced")[0]["message"].startswith("This table's card was replaced")
            # The server ends the old link's connection; the tablet keeps its other table.
            assert stale.gone.wait(2), "B did not disconnect the phone on the old link"
            print(f"B's phone on the old link was told and let go in {time.monotonic() - started:.2f} s")
            assert both.client.connected

            db = store.connect(str(a.instance / "facilitation.db"))
            try:
                new = store.get_table(db, a.event_id, 1)["join_token"]
            finally:
                db.conn.close()
            fresh, neighbour = Phone(a, new), Phone(a, second)
            try:
                # Table 1's new phone submits through A: the tablet on B hears nothing of table 1 any more...
                assert fresh.client.call("submit_ballot", ballot(new, "hall-bus-after-new-1"), timeout=10)["ok"]
                assert wait_for(lambda: fresh.messages("ballot_saved"), 3)
                # ...while table 2 still reaches it.
                assert neighbour.client.call("draft_ops", draft_change(second, "hall-bus-op-0001", 2), timeout=10)["ok"]
                assert wait_for(lambda: both.messages("draft"), 3)
                assert both.messages("ballot_saved") == []
            finally:
                fresh.close()
                neighbour.close()
        finally:
            stale.close()
            both.close()


def test_a_sign_out_through_one_process_lets_go_of_the_sessions_screens_on_the_other_at_once(tmp_path, redis_url):
    with hall_of_two(tmp_path, redis_url) as (a, b):
        browser, other = facilitator(a), facilitator(a)
        token = csrf(browser, f"{a.url}/facilitator/")   # before the screens: the sign-out goes straight after them
        on_b, kept = Screen(b, browser), Screen(b, other)
        try:
            # Malformed messages on the hall's channel are ignored: B goes on acting on the good ones.
            queue = redis.Redis.from_url(redis_url)
            for junk in ("not json", '{"kind": "sessions_ended", "data": {"keys": 5}, "from": "x"}',
                         '{"kind": ["a"], "data": {}, "from": "x"}', '{"kind": "nothing-we-know", "data": 1, "from": "x"}'):
                queue.publish(hall.key("bus"), junk)
            started = time.monotonic()
            answer = browser.post(f"{a.url}/facilitator/sign-out", data={"csrf_token": token}, allow_redirects=False,
                                  timeout=10)
            assert answer.status_code == 302
            # At once, not at B's look at the database (every 2 s, its first about 2 s after the screen joined).
            assert on_b.gone.wait(1), "B did not let go of the signed-out session's screen within 1 s"
            print(f"B let go of the signed-out session's screen in {(time.monotonic() - started) * 1000:.0f} ms")
            assert not kept.gone.wait(0.3) and kept.client.connected
            assert "Ignored a malformed" in b.output()
        finally:
            on_b.close()
            kept.close()
