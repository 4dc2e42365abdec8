"""Identical and near-identical comments in one row with a count, so 40 people writing "Staff shortages" make one line.

The rule (docs/decisions.md, "Moderation"). Texts are first normalised: accents and case folded, punctuation and
spacing made one space. Two texts are then the same comment when
- their normal forms are equal ("Staff shortages." = "  staff SHORTAGES"), or
- they have the same words in another order ("Loss of staff" = "Staff, loss of"), or
- they are the same letters spaced differently ("Health care" = "Healthcare", "well-being" = "wellbeing"), or
- they have the same words but one, and that one is a slip of one letter (dropped, added, changed, or two
  neighbours swapped) in a word of at least four letters, five for the longer ("shortages" = "shortage",
  "engagment" = "engagement"); never in a number or a negation, so "close 2 sites" stays apart from "close 3
  sites" and "no staff" from "now staff".
Each test is a few dictionary look-ups per wording, never a comparison of every pair, so the cost grows with the
number of comments, not with its square (figures in docs/decisions.md).
"""
import re
import unicodedata
from functools import lru_cache

SOURCES = ("room", "survey")
# Words that turn a sentence round: a slip in one of them is never the same comment.
NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "cannot", "nothing", "none", "neither", "nobody"})
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def normalise(text):
    """Text as grouping compares it: accents and case folded, every run of punctuation and spacing one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = " ".join(_WORD.findall(bare))
    # Text of punctuation alone ("???") keeps itself, rather than joining every other such text.
    return words or text.strip()


@lru_cache(maxsize=65536)
def _signatures(key):
    """The dictionary keys under which a normal form meets its near-identical texts (cached: batches repeat)."""
    words = key.split()
    ordered = " ".join(sorted(words))
    # Each word that could be a slip left out in turn: two texts with the same words but one meet under the same
    # "all but one". Built once per wording, so a batch allocates little.
    others = tuple((word, " ".join(sorted(words[:i] + words[i + 1:]))) for i, word in enumerate(words) if _can_slip(word))
    return ("w", ordered), ("c", key.replace(" ", "")), others


def _can_slip(word):
    """Whether a word is one a slip of one letter may be forgiven in: letters only, four or more, not a negation."""
    return len(word) >= 4 and word.isalpha() and word not in NEGATIONS


def _slip(a, b):
    """Whether two different words are one letter apart (dropped, added, changed, swapped) and long enough to tell."""
    if not (_can_slip(a) and _can_slip(b)) or max(len(a), len(b)) < 5:
        return False
    if len(a) == len(b):
        apart = [i for i in range(len(a)) if a[i] != b[i]]
        return len(apart) == 1 or (len(apart) == 2 and apart[1] == apart[0] + 1
                                   and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1:]


def near_identical(a, b):
    """Whether two texts are the same comment by the rule above (symmetric; a text is always near-identical to itself)."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    (ordered_a, compact_a, others_a), (ordered_b, compact_b, others_b) = _signatures(a), _signatures(b)
    if ordered_a == ordered_b or compact_a == compact_b:
        return True
    return any(rest_a == rest_b and _slip(word_a, word_b) for word_a, rest_a in others_a for word_b, rest_b in others_b)


class _Leaders:
    """The leading normal form of each group so far, found by its signatures."""

    def __init__(self):
        self.keys = []
        self.exact = {}     # ("w", words in order) or ("c", letters) -> the first leader with it
        self.others = {}    # words but one -> [(leader index, the word left out)]

    def find(self, key):
        """The first leader (in the order they were added) near-identical to key, or None."""
        ordered, compact, others = _signatures(key)
        found = [self.exact[s] for s in (ordered, compact) if s in self.exact]
        for word, rest in others:
            for index, other in self.others.get(rest, ()):
                if _slip(word, other):
                    found.append(index)
        return self.keys[min(found)] if found else None

    def add(self, key):
        """A new group, led by key."""
        index = len(self.keys)
        self.keys.append(key)
        ordered, compact, others = _signatures(key)
        for signature in (ordered, compact):
            self.exact.setdefault(signature, index)
        for word, rest in others:
            self.others.setdefault(rest, []).append((index, word))


def group_comments(items):
    """Comments in groups, most common first: [{"text", "count", "ids", "sources", "hidden"}].

    items: [{"id", "text", "source", "hidden"}] in the order people answered. A group's text is its most common
    wording (the earliest of equals); it is hidden only if every comment in it is; ids keep the answering order.
    Each normal form (most common first) joins the first group whose leading form is near-identical to it, so
    groups do not chain (a ~ b ~ c with a and c apart stays apart).
    """
    by_key = {}
    for order, item in enumerate(items):
        by_key.setdefault(normalise(item["text"]), []).append(order)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0]))
    leaders, members = _Leaders(), {}
    for key in keys:
        leader = leaders.find(key)
        if leader is None:
            leaders.add(key)
            members[key] = []
        members[key if leader is None else leader].extend(by_key[key])
    ordered = [sorted(orders) for orders in members.values()]
    # Equal counts keep the order their first comment came in.
    ordered.sort(key=lambda orders: (-len(orders), orders[0]))
    return [_group([items[i] for i in orders]) for orders in ordered]


def _group(items):
    """One group from its comments, in answering order."""
    wordings = {}
    for item in items:
        wordings[item["text"]] = wordings.get(item["text"], 0) + 1
    text = max(wordings, key=wordings.__getitem__)  # max keeps the first of equals: the earliest wording
    return {
        "text": text, "count": len(items), "ids": [item.get("id") for item in items],
        "sources": {source: sum(1 for item in items if item["source"] == source) for source in SOURCES},
        "hidden": all(item["hidden"] for item in items),
    }


def shown_groups(groups, items):
    """The groups as the projector shows them: hidden comments left out, each group's count and wording recounted.

    groups: group_comments(items), over every comment, hidden or not; the rows stay the ones the control room sees.
    """
    by_id = {item.get("id"): item for item in items}
    if None in by_id:   # comments without ids cannot be matched to their groups: group the shown ones afresh
        return group_comments([item for item in items if not item["hidden"]])
    shown = []
    for group in groups:
        visible = [by_id[i] for i in group["ids"] if not by_id[i]["hidden"]]
        if len(visible) == len(group["ids"]):
            shown.append(dict(group))  # nothing hidden: the same comments make the same row
        elif visible:
            shown.append(_group(visible))
    # Most common first again, equal counts in the order their first comment came.
    order = {item.get("id"): n for n, item in enumerate(items)}
    shown.sort(key=lambda group: (-group["count"], order[group["ids"][0]]))
    return shown
