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
