"""Phones per table in a hall of two real processes and a real redis-server: the control room counts every
process's phones, and stops counting a process's phones within seconds when it is killed (or at once when stopped)."""
import time

import pytest

from .two_processes import Phone, Screen, facilitator, hall_of_two, wait_for

pytestmark = pytest.mark.server

# A killed process beats no more: its phones go within presence.TTL (4 s) and one BEAT (1 s), with room to spare.
KILLED_WITHIN = 8.0


def test_the_control_room_counts_every_processs_phones_and_forgets_a_killed_process(tmp_path, redis_url):
    with hall_of_two(tmp_path, redis_url) as (a, b):
        first, second = (table["join_token"] for table in a.tables[:2])
        screen = Screen(a, facilitator(a))
        phones = [Phone(a, first), Phone(a, first), Phone(b, first), Phone(b, second)]
        try:
            assert screen.ack["presence"] == {}
            # Table 1: two phones through A and one through B; table 2: one through B.
            assert wait_for(lambda: screen.latest() == {"1": 3, "2": 1}, 5), screen.latest()
            # A screen opened now (on either process) gets the hall's sum in its ack.
            for server in (a, b):
                other = Screen(server, facilitator(server))
                assert other.ack["presence"] == {"1": 3, "2": 1}
                other.close()

            phones[3].close()   # a phone leaving through B
            assert wait_for(lambda: screen.latest() == {"1": 3}, 5), screen.latest()

            b.process.kill()    # SIGKILL: B removes nothing itself
            killed = time.monotonic()
            assert wait_for(lambda: screen.told({"1": 2}, after=killed), KILLED_WITHIN), screen.latest()
            took = screen.told({"1": 2}, after=killed) - killed
            print(f"a killed process's phones stopped being counted after {took:.1f} s")
            assert Screen(a, facilitator(a)).ack["presence"] == {"1": 2}
        finally:
            for client in (screen, *phones):
                client.close()


def test_a_process_that_stops_cleanly_takes_its_phones_off_the_count_at_once(tmp_path, redis_url):
    with hall_of_two(tmp_path, redis_url) as (a, b):
        first = a.tables[0]["join_token"]
        screen = Screen(a, facilitator(a))
        phones = [Phone(a, first), Phone(b, first), Phone(b, first)]
        try:
            assert wait_for(lambda: screen.latest() == {"1": 3}, 5), screen.latest()
            stopped = time.monotonic()
            b.stop()            # SIGTERM, as systemd stops a process
            # Well before a heartbeat could expire (presence.TTL, 4 s).
            assert wait_for(lambda: screen.told({"1": 1}, after=stopped), 2), screen.latest()
            print(f"a stopped process's phones stopped being counted after "
                  f"{screen.told({'1': 1}, after=stopped) - stopped:.2f} s")
        finally:
            for client in (screen, *phones):
                client.close()
