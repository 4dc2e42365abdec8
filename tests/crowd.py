"""A crowd for moderation tests: 300 risks from 150 people, 40 of them duplicates of ten others as people type them.

Ten common risks are each written five times (the first as is, four variants: case, trailing punctuation, extra
spaces), so they make ten rows of ×5; the other 250 risks are all different, and so are their rows (260 in all).
"""
import uuid

from facilitation import answers, ballots, store

COMMON = [
    ("Too few rooms at the cafes", "Prem"), ("Lease costs keep rising", "Prem"), ("No parking near the sites", "Prem"),
    ("Night cover is thin", "Staff"), ("Rota gaps at weekends", "Staff"), ("Burnout among peer workers", "Staff"),
    ("Handover with the police is slow", "Join"), ("Ambulance crews do not know the cafes", "Join"),
    ("Funding ends next March", "other"), ("Nobody has explained the benefits", "other"),
]
VARIANTS = [lambda t: t, lambda t: t.lower(), lambda t: t + ".", lambda t: "  " + t.replace(" ", "  ") + " ",
            lambda t: t.upper() + "!"]
SUBJECTS = ["The cafe", "The rota", "The lease", "The handover", "The helpline", "The van", "The website", "Training",
            "The budget", "The board"]
THEMES = ["Prem", "Staff", "Join", "other"]
WOULD_HELP = ["A clear timetable", "a clear timetable.", "Money for all five towns", "Meet the landlords first"]


def theme_id(db, event_id, start):
    """A theme's id by the start of its name ("other" stays "other")."""
    return start if start == "other" else next(t["id"] for t in store.list_themes(db, event_id)
                                               if t["name"].startswith(start))


def crowd_risks():
    """The 300 risks, as (text, theme name start), in the order people raise them."""
    common = [(variant(text), theme) for text, theme in COMMON for variant in VARIANTS]
    unique = [(f"{SUBJECTS[n % 10]} at site {n} may fail", THEMES[n % 4]) for n in range(250)]
    # The duplicates are spread through the crowd, not all at the start.
    mixed, step = [], len(unique) // len(common)
    for i, risk in enumerate(common):
        mixed.append(risk)
        mixed.extend(unique[i * step:(i + 1) * step])
    mixed.extend(unique[len(common) * step:])
    return mixed


def seed_crowd(db, event_id, extra=0, crowd=True):
    """150 people raise the 300 risks, two each (and `extra` more people a unique risk each); returns the risks."""
    common = crowd_risks() if crowd else []
    risks = common + [(f"Extra risk number {n} about the site", THEMES[n % 4]) for n in range(extra)]
    per = [risks[i:i + 2] for i in range(0, len(common), 2)] + [[r] for r in risks[len(common):]]
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    for n, raised in enumerate(per):
        outcome = answers.submit_room(db, table, {
            "respondent": "crowd-" + uuid.uuid4().hex, "submission_id": uuid.uuid4().hex,
            "confidence": ("more", "less", "same")[n % 3], "would_help": WOULD_HELP[n % 4] if n % 5 == 0 else "",
            "risks": [{"text": text, "theme": theme_id(db, event_id, theme)} for text, theme in raised]})
        assert outcome.ok, outcome
    return risks
