"""Slow work in a request (a PDF, a large workbook) without freezing every phone's live connection."""


def in_thread(work, *args):
    """Run CPU-heavy work in a real thread under gevent, so the server keeps answering phones meanwhile.

    The work must not touch the request's database connection (SQLite connections stay in their own thread).
    """
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return work(*args)
    if monkey.is_module_patched("threading"):
        return get_hub().threadpool.apply(work, args)
    return work(*args)
