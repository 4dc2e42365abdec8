"""An event's decision analysis (domain.analysis) from its current results: the one path every screen, the API,
the exports and the report take, so they agree."""
from . import store
from .domain.analysis import analyse
from .domain.weights import check_weights
from .results import event_results


def event_analysis(db, event_id, weights=None, rule=None, criterion=None):
    """Every measure for the event as stored, or with what-if weights and rule; None if there is no such event."""
    results = event_results(db, event_id)
    return None if results is None else analyse(results, weights, rule, criterion)


def what_if(db, event_id, body):
    """The analysis with the weights and rule in body ({"weights", "rule", "criterion"}), nothing stored.

    Raises WeightsError (every problem listed) for weights that could not be saved either.
    """
    codes = [c["code"] for c in store.list_criteria(db, event_id)]
    weights, rule = check_weights(body, codes, extra=("criterion",))
    criterion = body.get("criterion") if isinstance(body, dict) else None
    return event_analysis(db, event_id, weights, rule, criterion if isinstance(criterion, str) else None)
