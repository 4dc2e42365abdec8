"""Changing criterion weights and the event's rule after the day: the one path the control room and the API share."""
from . import results, signals, store
from .domain.weights import check_weights


def set_weights(db, event_id, body):
    """Store the weights and rule in body (checked: WeightsError lists every problem) and tell the live layer."""
    codes = [c["code"] for c in store.list_criteria(db, event_id)]
    weights, rule = check_weights(body, codes)
    store.set_weights(db, event_id, weights, rule)
    results.forget(event_id)
    signals.send(signals.weights_changed, event_id=event_id)
    return weights, rule
