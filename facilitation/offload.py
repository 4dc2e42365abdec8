"""CPU-heavy work off the event loop: under gevent it runs in the hub's threadpool, so phones keep being answered.

Under gevent one process serves every phone on one loop: work that holds the processor for a tenth of a second
(scrypt, pandas, WeasyPrint, a summary of thousands of answers) holds every phone for as long. In threading mode
(the tests' in-process apps) each request has its own thread already, and the work runs where it is.
"""


def in_thread(work, *args):
    """Run work(*args) in a real thread under gevent, waiting for it without blocking the loop; else run it here.

    The work must not use the caller's context (flask.g, current_app); a pooled database connection may go with
    it, as the caller waits and nothing else uses that connection meanwhile.
    """
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return work(*args)
    if monkey.is_module_patched("threading"):
        return get_hub().threadpool.apply(work, args)
    return work(*args)
