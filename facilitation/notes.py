"""Tables' discussion notes per criterion, as the control room, the exports and the board paper read them."""
from . import store


def event_notes(db, event_id):
    """Each criterion's notes from the tables' current ballots, in table order: {code: [{table, name, notes, submitted_at}]}."""
    names = {table["number"]: table["name"] for table in store.list_tables(db, event_id)}
    found = {criterion["code"]: [] for criterion in store.list_criteria(db, event_id)}
    for (number, code), ballot in sorted(store.event_ballots(db, event_id).items()):
        if ballot["notes"] and code in found:
            found[code].append({"table": number, "name": names.get(number) or "", "notes": ballot["notes"],
                                "submitted_at": ballot["submitted_at"]})
    return found
