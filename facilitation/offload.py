"""CPU-heavy work off the event loop: under gevent it runs in the hub's threadpool, so phones keep being answered.

Under gevent one process serves every phone on one loop: work that holds the processor for a tenth of a second
(scrypt, pandas, WeasyPrint, a summary of thousands of answers) holds every phone for as long. In threading mode
(the tests' in-process apps) each request has its own thread already, and the work runs where it is.
"""


def _thread_ident():
    """The real thread's ident (patched threading gives the greenlet's, and every request is its own greenlet)."""
    try:
        from gevent import monkey
    except ImportError:
        return None
    return monkey.get_original("_thread", "get_ident")()


# The loop runs in the thread that imports this module (server.py patches, then imports the app, in its main thread).
LOOP_THREAD = _thread_ident()


def in_thread(work, *args):
    """Run work(*args) in a real thread under gevent, waiting for it without blocking the loop; else run it here.

    The work must not use the caller's context (flask.g, current_app); a pooled database connection may go with
    it, as the caller waits and nothing else uses that connection meanwhile.
    """
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return work(*args)
    if not monkey.is_module_patched("threading"):
        return work(*args)
    # Already in a pool thread (an export that needs the analysis): the loop is not waiting on this thread, and a
    # pool thread's own hub would have nothing else to run while it waited.
    if _thread_ident() != LOOP_THREAD:
        return work(*args)
    return get_hub().threadpool.apply(work, args)
