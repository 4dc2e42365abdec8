"""Identical and near-identical comments grouped into one row with a count: the rule, and properties over many texts.

Hypothesis is not in the project's test dependencies, so the properties run over seeded random texts (the same
ones every run) built from realistic risk wordings with the variations people type.
"""
import random

import pytest

from facilitation.domain.grouping import group_comments, near_identical, normalise


@pytest.mark.parametrize("text, expected", [
    ("Staff shortages", "staff shortages"),
    ("  STAFF   shortages!!! ", "staff shortages"),
    ("Staff\nshortages.", "staff shortages"),
    ("Café closures", "cafe closures"),
    ("Straße", "strasse"),
    ("don't know", "don t know"),
    ("snake_case", "snake case"),
    ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
    ("???", "???"),
    ("2 sites, not 3", "2 sites not 3"),
])
def test_normalising_folds_case_accents_punctuation_and_spacing(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("a, b, same", [
    ("Staff shortages", "staff shortages", True),                       # case
    ("Staff shortages", "Staff shortages.", True),                      # trailing punctuation
    ("Staff shortages", "  Staff   shortages  ", True),                 # extra spaces
    ("Staff shortages", "Staff shortages!!!", True),
    ("Café closures", "Cafe closures", True),                           # accents
    ("Loss of staff", "Staff, loss of", True),                          # the same words in another order
    ("Health care costs", "Healthcare costs", True),                    # the same letters spaced differently
    ("Staff well-being", "Staff wellbeing", True),
    ("Services move further from patients", "Services move further from patient", True),   # a plural
    ("Services move further from patients", "Servces move further from patients", True),   # a letter dropped
    ("Staff shortages", "Staff shortagges", True),                      # a letter added
    ("Clinical engagement is lost", "Clinical engagemant is lost", True),   # a letter changed
    ("Clinical engagement is lost", "Clinical enagagement is lost", True),  # a letter added
    ("Transport to the new site", "Trasnport to the new site", True),   # two letters swapped
    ("Too few rooms", "Too few room", True),                            # four and five letters
    ("Pace", "Race", False),                                            # short words: one letter is a lot
    ("Too few beds", "Too few bed", False),
    ("Too few beds", "Too few bids", False),
    ("Staff shortages", "Staff sickness", False),
    ("Staff shortages", "Staff shortages at night", False),             # a word more is another comment
    ("Staff shortages in winter", "Staff shortgaes in wintre", False),  # two slips
    ("Close 2 hospitals", "Close 3 hospitals", False),                  # numbers differ
    ("Budget of 10000", "Budget of 10001", False),
    ("Staff will leave the service soon", "Staff will not leave the service soon", False),   # a negation
    ("Services without beds", "Services withou beds", False),           # a slip in a negation
    ("There will be enough staff on nights", "There won't be enough staff on nights", False),
    ("Loss of local identity", "Local identity is lost", False),        # another sentence, the same meaning
    ("Disruption during the transition", "Disruption after the transition", False),
    ("???", "!!!", False),
])
def test_near_identical_texts(a, b, same):
    assert near_identical(a, b) is same
    assert near_identical(b, a) is same


def comment(i, text, source="room", hidden=False):
    """One comment as the summary gives it."""
    return {"id": i, "text": text, "source": source, "hidden": hidden}


def test_groups_count_their_comments_by_source_most_common_first():
    items = [comment(1, "Pace of change"), comment(2, "Staff shortages", "survey"), comment(3, "staff shortages."),
             comment(4, "Staff  shortages"), comment(5, "Staff shortages", "survey")]
    assert group_comments(items) == [
        {"text": "Staff shortages", "count": 4, "ids": [2, 3, 4, 5], "sources": {"room": 2, "survey": 2},
         "hidden": False},
        {"text": "Pace of change", "count": 1, "ids": [1], "sources": {"room": 1, "survey": 0}, "hidden": False},
    ]


def test_a_group_is_hidden_only_when_every_comment_in_it_is():
    items = [comment(1, "Cost", hidden=True), comment(2, "cost", hidden=False), comment(3, "Pace", hidden=True)]
    assert [(g["text"], g["hidden"]) for g in group_comments(items)] == [("Cost", False), ("Pace", True)]


def test_a_group_shows_its_most_common_wording_and_the_earliest_of_equals():
    items = [comment(1, "staff shortages"), comment(2, "Staff shortages"), comment(3, "Staff shortages")]
    assert group_comments(items)[0]["text"] == "Staff shortages"
    assert group_comments(items[:2])[0]["text"] == "staff shortages"


def test_equal_counts_keep_the_order_the_first_comment_came_in():
    items = [comment(1, "B"), comment(2, "A"), comment(3, "C"), comment(4, "a"), comment(5, "b")]
    assert [g["text"] for g in group_comments(items)] == ["B", "A", "C"]


def test_near_identical_wordings_do_not_chain():
    # Each next wording is one step from the last, but the first and the last are far apart.
    chain = ["abcdefghijklmnopqrst", "abcdefghijklmnopqrsX", "abcdefghijklmnopqrXX", "abcdefghijklmnopqXXX",
             "abcdefghijklmnopXXXX"]
    assert near_identical(chain[0], chain[1]) and not near_identical(chain[0], chain[-1])
    groups = group_comments([comment(i, text) for i, text in enumerate(chain)])
    assert all(near_identical(g["text"], chain[i]) for g in groups for i in g["ids"])


def test_no_comments_no_groups():
    assert group_comments([]) == []


# ---------------------------------------------------------------- properties over many texts

BASES = ["Staff shortages on nights", "Loss of local identity", "Too much change too fast", "GPs not engaged",
         "Transport links to the new site", "Disruption to patients during the move", "Close 2 hospitals",
         "Nobody explained the benefits", "Cost of the merger", "Café in the foyer closes"]


def variant(rng, text):
    """The same comment as another person might type it: case, spacing, trailing punctuation, accents."""
    choice = rng.randrange(6)
    if choice == 0:
        text = text.upper()
    elif choice == 1:
        text = text.lower()
    elif choice == 2:
        text = "  " + text.replace(" ", "   ") + " "
    elif choice == 3:
        text = text + rng.choice([".", "!", "!!", "?", "…", " :("])
    elif choice == 4:
        text = text.replace("e", "é")
    return text


def noise(rng):
    """A comment nobody else wrote: random words."""
    words = ["ward", "budget", "board", "parking", "rota", "records", "training", "morale", "estates", "IT"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(3, 8))) + f" {rng.randrange(10**6)}"


@pytest.mark.parametrize("seed", range(25))
def test_every_variant_joins_its_own_group_and_nothing_is_lost(seed):
    rng = random.Random(seed)
    items, truth = [], {}
    for i in range(rng.randint(1, 120)):
        if rng.random() < 0.6:
            base = rng.choice(BASES)
            items.append(comment(i, variant(rng, base), rng.choice(["room", "survey"]), rng.random() < 0.2))
            truth[i] = base
        else:
            items.append(comment(i, noise(rng), hidden=rng.random() < 0.2))
            truth[i] = None
    groups = group_comments(items)
    # Nothing lost, nothing twice.
    assert sorted(i for g in groups for i in g["ids"]) == [item["id"] for item in items]
    # Variants of one comment make one group of their own; different comments never share one.
    for g in groups:
        bases = {truth[i] for i in g["ids"]}
        assert len(bases) == 1
        if None not in bases:
            assert sorted(g["ids"]) == sorted(i for i, b in truth.items() if b in bases)
        assert g["count"] == len(g["ids"]) == sum(g["sources"].values())
        assert g["hidden"] == all(items[i]["hidden"] for i in g["ids"])
        assert g["text"] in {items[i]["text"] for i in g["ids"]}
    assert [g["count"] for g in groups] == sorted((g["count"] for g in groups), reverse=True)


@pytest.mark.parametrize("seed", range(10))
def test_grouping_does_not_depend_on_how_comments_are_split_between_wordings(seed):
    rng = random.Random(seed)
    texts = [variant(rng, rng.choice(BASES)) for _ in range(60)]
    assert all(near_identical(a, a) for a in texts)
    # Symmetric, and equal normal forms are always near-identical.
    for a, b in zip(texts, reversed(texts)):
        assert near_identical(a, b) == near_identical(b, a)
        if normalise(a) == normalise(b):
            assert near_identical(a, b)
    once = group_comments([comment(i, t) for i, t in enumerate(texts)])
    again = group_comments([comment(i, t) for i, t in enumerate(texts)])
    assert once == again


def typo(rng, text):
    """The text with a few letters dropped, doubled or swapped for another, as thumbs on a phone do."""
    letters = list(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(letters))
        action = rng.randrange(3)
        if action == 0 and len(letters) > 1:
            del letters[i]
        elif action == 1:
            letters.insert(i, letters[i])
        else:
            letters[i] = rng.choice("abcdefghijklmnopqrstuvwxyz ")
    return "".join(letters)


def every_pair(items):
    """The grouping rule applied the slow way, comparing each wording with every group before it."""
    by_key = {}
    for order, item in enumerate(items):
        by_key.setdefault(normalise(item["text"]), []).append(order)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0]))
    leaders = {}
    for key in keys:
        lead = next((lead for lead in leaders if near_identical(lead, key)), key)
        leaders.setdefault(lead, []).extend(by_key[key])
    return sorted(sorted(items[o]["id"] for o in orders) for orders in leaders.values())


@pytest.mark.parametrize("seed", range(30))
def test_the_quick_search_for_near_identical_groups_finds_what_comparing_every_pair_finds(seed):
    rng = random.Random(seed)
    texts = []
    for _ in range(rng.randint(1, 150)):
        roll = rng.random()
        if roll < 0.4:
            texts.append(typo(rng, rng.choice(BASES)))
        elif roll < 0.6:
            texts.append(variant(rng, rng.choice(BASES)))
        elif roll < 0.7:
            texts.append(rng.choice(["Pace", "Race", "Cost!", "cots", "IT", "Beds", "Bids", "??", "sites"]))
        else:
            texts.append(noise(rng))
    items = [comment(i, t) for i, t in enumerate(texts)]
    assert sorted(sorted(g["ids"]) for g in group_comments(items)) == every_pair(items)
