"""Slow work in a request (a password hash, a PDF, an export) without freezing every phone's live connection.

Under gevent one process serves every phone on one loop: work that holds the processor for a tenth of a second
(scrypt, pandas, WeasyPrint) holds every phone for as long. It runs in gevent's threadpool instead, and only a few
at a time, so four browsers trying passwords (or a facilitator clicking Download twice) cannot fill the processor.
"""
import threading

from ..offload import in_thread

# Process-wide on purpose: the limit is on this process's processor, whichever app or request asks. Made after
# server.py's monkey-patching, so under gevent a request waiting for its turn lets the loop serve others.
HASHING = threading.BoundedSemaphore(2)
EXPORTING = threading.BoundedSemaphore(2)


def limited(semaphore, work, *args):
    """in_thread, waiting first until fewer than the semaphore's count of such jobs run."""
    with semaphore:
        return in_thread(work, *args)
