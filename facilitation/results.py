"""An event's results, loaded from the store and computed by the one domain function every screen and export uses."""
from . import store
from .domain.results import Tally


def load_tally(db, event_id):
    """A tally of the event's current ballots, built from the store (the publisher keeps it and applies new ballots)."""
    event = store.get_event(db, event_id)
    tally = Tally(
        scoring=event["scoring"],
        options=[o for o in store.list_options(db, event_id) if o["status"] == "shortlisted"],
        criteria=store.list_criteria(db, event_id),
        shares={t["number"]: t["criteria"] for t in store.list_tables(db, event_id)},
    )
    for (table, criterion), ballot in store.event_ballots(db, event_id).items():
        tally.apply(table, criterion, ballot)
    return tally


def event_results(db, event_id):
    """The event's current results (see domain.results.results for the shape)."""
    return load_tally(db, event_id).snapshot()
