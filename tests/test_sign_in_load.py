"""Password hashing runs off the event loop: browsers trying passwords do not slow every phone (the real gevent server)."""
import re
import threading
import time

import pytest
import requests

from .servers import LiveServer

pytestmark = pytest.mark.server

TRIERS = 4


def p95(server, count=60):
    """The 95th percentile of /healthz round trips, in seconds, one request at a time."""
    times = []
    with requests.Session() as session:
        for _ in range(count):
            start = time.perf_counter()
            session.get(f"{server.url}/healthz", timeout=10).raise_for_status()
            times.append(time.perf_counter() - start)
            time.sleep(0.005)
    times.sort()
    return times[int(len(times) * 0.95)]


def try_passwords(server, stop, tried):
    """One browser posting wrong passwords as fast as the server answers."""
    with requests.Session() as session:
        page = session.get(f"{server.url}/facilitator/sign-in", timeout=10).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        while not stop.is_set():
            answer = session.post(f"{server.url}/facilitator/sign-in", data={"password": "wrong", "csrf_token": csrf},
                                  timeout=30)
            # 401 while its free tries last, then 429: refused (after a pause of up to a second) without hashing.
            assert answer.status_code in (401, 429)
            tried.append(answer.status_code)


def test_four_browsers_trying_passwords_do_not_hold_up_other_requests(tmp_path):
    with LiveServer(tmp_path, args=["--no-demo"]) as server:
        p95(server, 20)  # warm up
        unloaded = p95(server)
        stop, tried = threading.Event(), []
        triers = [threading.Thread(target=try_passwords, args=(server, stop, tried)) for _ in range(TRIERS)]
        for thread in triers:
            thread.start()
        try:
            time.sleep(0.5)
            loaded = p95(server, 100)
        finally:
            stop.set()
            for thread in triers:
                thread.join(timeout=30)
        assert len(tried) > TRIERS
        # With scrypt on the loop, each attempt stops every request for ~124 ms: p95 1.3 s here (p50 4.5 → 241 ms in
        # the issue). Off the loop it stays near the unloaded figure (18–20 ms against 9–12 ms); the bound is generous
        # because two hashing threads still take this shared two-core machine's processor (129 ms seen at load 7).
        print(f"/healthz p95 {unloaded * 1000:.1f} ms unloaded, {loaded * 1000:.1f} ms with {len(tried)} attempts")
        assert loaded < max(5 * unloaded, unloaded + 0.2), (unloaded, loaded, len(tried))
