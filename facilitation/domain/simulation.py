"""Plausible ballots for a rehearsal: each simulated table leans towards some options, as real tables do."""


def plausible_ballot(rng, scoring, shortlist, leaning):
    """A valid submission's content for one table: ranking, points (or scores) and perhaps one option ruled out.

    leaning: {option code: weight > 0}, the table's taste; rng: a random.Random.
    """
    ruled_out = []
    if scoring["allow_rule_out"] and len(shortlist) > 2 and rng.random() < 0.25:
        ruled_out = [min(shortlist, key=lambda code: leaning[code] * rng.random())]
    left = [code for code in shortlist if code not in ruled_out]
    appeal = {code: leaning[code] * rng.uniform(0.5, 1.5) for code in left}
    ranking = sorted(left, key=lambda code: -appeal[code])
    if scoring["mode"] == "score":
        top = max(appeal.values())
        points = {code: max(0, min(10, round(10 * appeal[code] / top - rng.randint(0, 2)))) for code in left}
    else:
        points = _share(rng, scoring["budget"], ranking, appeal)
    return {"ranking": ranking if scoring["rank_first"] else [], "points": points, "ruled_out": ruled_out}


def _share(rng, budget, ranking, appeal):
    """Split the budget roughly in proportion to appeal, in whole points that add up exactly."""
    total = sum(appeal.values())
    points = {code: int(budget * appeal[code] / total) for code in ranking}
    for code in ranking[: budget - sum(points.values())]:
        points[code] += 1
    if rng.random() < 0.15:
        # Now and then a table puts everything on its favourite, as happened on the day.
        points = {code: (budget if i == 0 else 0) for i, code in enumerate(ranking)}
    return points


# Things people said on days like this, for rehearsing the confidence views; none is from a real event.
RISKS = (
    "Staff may leave during the change", "Local identity could be lost", "The timetable is too ambitious",
    "Clinicians have not been involved enough", "Services may be disrupted during the transition",
    "The savings have not been shown", "Too big to stay close to local people", "IT systems will not join up",
)
WOULD_HELP = (
    "A clear timetable with milestones", "Evidence from places that have done this", "Clinicians leading the design",
    "A guarantee that local services stay local", "Money set aside for the transition", "",
)
SCALE = ("much_less", "less", "same", "more", "much_more")


def plausible_answers(rng, theme_ids, mood):
    """One simulated delegate's confidence answers: a step of the scale near the table's mood, and a few risks.

    theme_ids: the event's theme ids; mood: 0 (much less confident) to 4 (much more), the table's general feeling.
    """
    step = max(0, min(4, mood + rng.choice((-1, 0, 0, 1))))
    return {
        "confidence": SCALE[step],
        "would_help": rng.choice(WOULD_HELP),
        "risks": [{"text": rng.choice(RISKS), "theme": rng.choice([*theme_ids, "other"])}
                  for _ in range(rng.choice((0, 1, 1, 2, 3)))],
    }
