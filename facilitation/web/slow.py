"""Slow work in a request (a password hash, a PDF, an export) without freezing every phone's live connection.

Under gevent one process serves every phone on one loop: work that holds the processor for a tenth of a second
(scrypt, pandas, WeasyPrint) holds every phone for as long. It runs in gevent's threadpool instead, and only a few
at a time, so four browsers trying passwords (or a facilitator clicking Download twice) cannot fill the processor.
"""
import functools
import os
import threading

from ..offload import in_thread

# Process-wide on purpose: the limit is on this process's processor, whichever app or request asks. Made after
# server.py's monkey-patching, so under gevent a request waiting for its turn lets the loop serve others.
EXPORTING = threading.BoundedSemaphore(2)
# Password hashes run in threads of their own, at most half the cores (one on a two-core laptop), and at low processor
# priority: a flood of sign-ins gets only the processor that phones leave, and the loop always keeps a core.
HASHERS = max(1, (os.cpu_count() or 2) // 2)
HASHING_NICE = 10


def limited(semaphore, work, *args):
    """in_thread, waiting first until fewer than the semaphore's count of such jobs run."""
    with semaphore:
        return in_thread(work, *args)


def hashed(work, *args):
    """work(*args) (a password hash) in the low-priority hashing threads under gevent, HASHERS at once; else here."""
    try:
        from gevent import monkey
        from gevent.threadpool import ThreadPool
    except ImportError:
        return work(*args)
    if not monkey.is_module_patched("threading"):
        return work(*args)
    return _hashing_pool(ThreadPool).apply(_at_low_priority, (work, args))


@functools.cache
def _hashing_pool(pool_class):
    """This process's hashing threads, made on first use (under gevent, after its monkey-patching)."""
    return pool_class(HASHERS)


def _at_low_priority(work, args):
    """Lower this (hashing) thread's processor priority, once and for good, then do the work."""
    try:
        from gevent import monkey

        os.setpriority(os.PRIO_PROCESS, monkey.get_original("_thread", "get_native_id")(), HASHING_NICE)
    except (OSError, AttributeError):
        pass   # not Linux, or not allowed: the work runs at normal priority, still HASHERS at a time
    return work(*args)
