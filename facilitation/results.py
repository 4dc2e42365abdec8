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
    """The event's current results (see domain.results.results for the shape), with the survey's scores apart."""
    return {**load_tally(db, event_id).snapshot(), "survey": survey_results(db, event_id)}


def survey_results(db, event_id):
    """Survey respondents' scores, tallied by the same function as the tables' (each respondent in a table's place).

    They are kept apart from the room's totals: a table's ballot is a group's agreed answer, a survey's is one
    person's. None when nobody has scored through the survey.
    """
    ballots = store.survey_ballots(db, event_id)
    if not ballots:
        return None
    event = store.get_event(db, event_id)
    shares = {}
    for respondent, criterion in ballots:
        shares.setdefault(respondent, []).append(criterion)
    tally = Tally(scoring=event["scoring"],
                  options=[o for o in store.list_options(db, event_id) if o["status"] == "shortlisted"],
                  criteria=store.list_criteria(db, event_id), shares=shares)
    for (respondent, criterion), ballot in ballots.items():
        tally.apply(respondent, criterion, ballot)
    summary = tally.summary()
    return {"respondents": len(shares), "scores": summary["progress"]["submitted"],
            **{key: summary[key] for key in ("totals", "per_criterion", "highest", "strongest", "top_three")}}
