"""An event's decision analysis (domain.analysis) from its current results: the one path every screen, the API,
the exports and the report take, so they agree."""
import threading

from . import store
from .domain.analysis import analyse
from .offload import in_thread
from .domain.weights import check_weights
from .results import event_results


# Process-wide on purpose, like web/slow.py's limits: at most two analyses hold the processor at once.
ANALYSING = threading.BoundedSemaphore(2)


def event_analysis(db, event_id, weights=None, rule=None, criterion=None):
    """Every measure for the event as stored, or with what-if weights and rule; None if there is no such event.

    The results are read here (cached, cheap); the measures run in the threadpool: leaving each table out in turn
    costs about a second for 100 tables × 8 criteria, which must not hold every phone on the event loop.
    """
    results = event_results(db, event_id)
    if results is None:
        return None
    with ANALYSING:
        return in_thread(analyse, results, weights, rule, criterion)


def what_if(db, event_id, body):
    """The analysis with the weights and rule in body ({"weights", "rule", "criterion"}), nothing stored.

    Raises WeightsError (every problem listed) for weights that could not be saved either.
    """
    codes = [c["code"] for c in store.list_criteria(db, event_id)]
    weights, rule = check_weights(body, codes, extra=("criterion",))
    criterion = body.get("criterion") if isinstance(body, dict) else None
    return event_analysis(db, event_id, weights, rule, criterion if isinstance(criterion, str) else None)
