"""offload.in_thread under gevent, in a fresh process (monkey-patching cannot be undone): work runs in a pool thread,
not the loop's, and work a pool thread hands on (an export that needs the analysis) runs there, without a deadlock."""
import subprocess
import sys

SCRIPT = """
from gevent import monkey; monkey.patch_all()
from facilitation.offload import in_thread
ident = monkey.get_original("threading", "get_ident")
loop = ident()
def inner(): return ident()
def outer(): return ident(), in_thread(inner)
import gevent
pool, nested = gevent.spawn(in_thread, outer).get()   # from a greenlet, as a request asks
assert pool != loop, "in_thread ran on the loop's thread"
assert nested == pool, "nested work should run in the pool thread that asked"
print("ok")
"""


def test_work_runs_off_the_loop_and_nested_work_stays_in_its_pool_thread():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
