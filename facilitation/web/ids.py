"""Whole numbers in paths are database ids: one SQLite cannot hold (2^63 or more) is no page, a 404, not a 500."""
from werkzeug.routing import IntegerConverter

LARGEST_ID = 2 ** 63 - 1


class IdConverter(IntegerConverter):
    """<int:…> for ids: non-negative (as Werkzeug's) and at most the largest SQLite integer."""

    def __init__(self, map, *args, **kwargs):
        """Werkzeug's integer converter with its maximum set to the database's."""
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)
