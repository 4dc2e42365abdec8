"""An event's results, loaded from the store and computed by the one domain function every screen and export uses."""
from . import store
from .domain.results import results


def event_results(db, event_id):
    """The event's current results (see domain.results.results for the shape)."""
    event = store.get_event(db, event_id)
    options = [o for o in store.list_options(db, event_id) if o["status"] == "shortlisted"]
    shares = {t["number"]: t["criteria"] for t in store.list_tables(db, event_id)}
    return results(
        scoring=event["scoring"], options=options, criteria=store.list_criteria(db, event_id), shares=shares,
        ballots=store.event_ballots(db, event_id),
    )
