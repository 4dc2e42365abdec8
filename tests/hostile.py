"""An event whose every text is one hostile kind (spreadsheet formulas, script payloads), filled with everything people
type on the day: ballots with notes, answers, risks, theme responses, check-ins and walk-ins, paper sections."""
import datetime

from facilitation import answers, ballots, check_in, store
from facilitation.domain.event import parse_event

BEFORE_CLOSING = datetime.datetime.fromisoformat("2024-06-26T10:00:00+00:00")


def definition(texts, codes):
    """An event definition whose texts cycle through texts and whose option and criterion codes through codes."""
    say = _cycle(texts)
    option_codes = [f"{c}{i}" if len(f"{c}{i}") <= 10 else c[:9] + str(i) for i, c in enumerate(_take(codes, 4))]
    criterion_codes = [f"{c}{i}" for i, c in enumerate(_take(codes, 3))]
    groups = [say() for _ in range(2)]
    return parse_event({
        "format": 1, "title": say(), "date": "2024-06-12",
        "scoring": {"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True},
        "options": [{"code": code, "title": say(), "description": say(),
                     "briefing": {"advantages": [{"text": say(), "importance": "high"}],
                                  "disadvantages": [{"text": say(), "importance": "low"}]}} for code in option_codes]
        + [{"code": "X9", "title": say(), "status": "excluded", "excluded_reason": say()}],
        "criteria": [{"code": code, "working_title": say(), "title": say(), "description": say(),
                      "measures": [say()]} for code in criterion_codes],
        "tables": [{"number": n, "name": say()} for n in (1, 2, 3)],
        "assignment": {"1": criterion_codes[:2], "2": criterion_codes[1:], "3": [criterion_codes[0]]},
        "confidence": {"about": option_codes[0]},
        "risk_themes": [say(), say()],
        "survey": {"closes": "2099-06-26T12:00:00+01:00", "include_scoring": True},
        "programme": [{"time": "09:30", "item": say(), "detail": say()}, {"time": "10:00", "item": say()}],
        "stakeholder_groups": groups,
        "invitees": [{"name": say(), "organisation": say(), "group": groups[0]},
                     {"name": say(), "organisation": say(), "group": groups[1]}],
    })


def fill(db, event_id, texts):
    """Everything people type on the day, each text from texts: ballots and notes, answers, check-ins, the paper."""
    say = _cycle(texts)
    store.set_voting(db, event_id, None, "open")
    shortlist = store.option_codes(db, event_id)["shortlisted"]
    for row in store.list_tables(db, event_id):
        table = ballots.find_table(db, row["join_token"])
        for n, criterion in enumerate(row["criteria"]):
            points = dict(zip(shortlist, (4, 3, 2, 1)))
            outcome = ballots.submit(db, table, {
                "criterion": criterion, "ranking": shortlist, "points": points, "ruled_out": [], "base_version": 0,
                "notes": say(), "submission_id": f"hostile-{event_id}-{row['number']}-{n}"})
            assert outcome.status == "stored", outcome
    answers.open_phase(db, event_id)
    answers.add_theme(db, event_id, say())  # a theme the facilitator adds on the day, as well as the file's
    themes = [t["id"] for t in store.list_themes(db, event_id)]
    table = ballots.find_table(db, store.list_tables(db, event_id)[0]["join_token"])
    for n in range(2):
        said = {"respondent": f"hostile-room-{event_id:04d}-{n:04d}", "submission_id": f"hostile-room-{event_id}-{n}",
                "confidence": "much_more", "name": say(), "organisation": say(), "would_help": say(),
                "risks": [{"text": say(), "theme": themes[n % len(themes)]}, {"text": say(), "theme": "other"}]}
        outcome = answers.submit_room(db, table, said)
        assert outcome.ok, outcome
    survey = {"respondent": f"hostile-survey-{event_id:06d}", "submission_id": f"hostile-survey-{event_id}",
              "confidence": "less",
              "name": say(), "organisation": say(), "would_help": say(),
              "risks": [{"text": say(), "theme": themes[0]}],
              "scoring": [{"criterion": store.list_criteria(db, event_id)[0]["code"], "ranking": shortlist,
                           "points": dict(zip(shortlist, (4, 3, 2, 1)))}]}
    assert answers.submit_survey(db, event_id, survey, BEFORE_CLOSING).ok
    for theme in themes:
        answers.set_theme_response(db, event_id, theme, say())
    invitee = store.list_invitees(db, event_id)[0]
    check_in.check_in_invitee(db, event_id, invitee["checkin_token"])
    check_in.add_walk_in(db, event_id, say(), say(), "", confirm_new=True)
    for section in ("introduction", "recommendations"):
        store.set_paper_section(db, event_id, section, say())


def _cycle(texts):
    """A function giving the next text each call, round and round, numbered so no two are equal."""
    count = [0]

    def say():
        count[0] += 1
        return f"{texts[count[0] % len(texts)]}{count[0]}"

    return say


def _take(items, n):
    """n items, cycling."""
    return [items[i % len(items)] for i in range(n)]
