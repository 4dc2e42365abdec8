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
Each test is a lookup in a dictionary, so grouping costs the same per comment at 50 comments or 50,000.
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
    # Each word left out in turn: two texts with the same words but one meet under the same "all but one" (and a
    # length of the one that a slip allows). Built once per wording, so a batch allocates little.
    others = []
    for i, word in enumerate(words):
        rest = " ".join(sorted(words[:i] + words[i + 1:]))
        others.append((word, (rest, len(word)), tuple((rest, len(word) + d) for d in (-1, 0, 1))))
    return ("w", ordered), ("c", key.replace(" ", "")), tuple(others)


def _slip(a, b):
    """Whether two different words are one letter apart (dropped, added, changed, swapped) and long enough to tell."""
    if not (a.isalpha() and b.isalpha()) or a in NEGATIONS or b in NEGATIONS:
        return False
    if min(len(a), len(b)) < 4 or max(len(a), len(b)) < 5:
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
    return any(rest_a[0] == rest_b[0] and _slip(word_a, word_b)
               for word_a, rest_a, _probes in others_a for word_b, rest_b, _probes in others_b)


class _Leaders:
    """The leading normal form of each group so far, found by its signatures."""

    def __init__(self):
        self.keys = []
        self.exact = {}     # ("w", words in order) or ("c", letters) -> the first leader with it
        self.others = {}    # (words but one, length of the one) -> [(leader index, the word left out)]

    def find(self, key):
        """The first leader (in the order they were added) near-identical to key, or None."""
        ordered, compact, others = _signatures(key)
        found = [self.exact[s] for s in (ordered, compact) if s in self.exact]
        for word, _bucket, probes in others:
            for probe in probes:
                for index, other in self.others.get(probe, ()):
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
        for word, bucket, _probes in others:
            self.others.setdefault(bucket, []).append((index, word))


def group_comments(items):
    """Comments in groups, most common first: [{"text", "count", "ids", "sources", "hidden"}].

    items: [{"id", "text", "source", "hidden"}] in the order people answered. A group's text is its most common
    wording (the earliest of equals); it is hidden only if every comment in it is; ids keep the answering order.
    Each normal form (most common first) joins the first group whose leading form is near-identical to it, so
    groups do not chain (a ~ b ~ c with a and c apart stays apart).
    """
    by_key = {}
    for order, item in enumerate(items):
        by_key.setdefault(normalise(item["text"]), []).append((order, item))
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0][0]))
    leaders, members = _Leaders(), {}
    for key in keys:
        leader = leaders.find(key)
        if leader is None:
            leaders.add(key)
            members[key] = []
        members[key if leader is None else leader].extend(by_key[key])
    ordered = [sorted(pairs, key=lambda pair: pair[0]) for pairs in members.values()]
    # Equal counts keep the order their first comment came in.
    ordered.sort(key=lambda pairs: (-len(pairs), pairs[0][0]))
    return [_group(pairs) for pairs in ordered]


def _group(pairs):
    """One group from its (order, item) pairs, in answering order."""
    wordings = {}
    for _order, item in pairs:
        wordings[item["text"]] = wordings.get(item["text"], 0) + 1
    text = max(wordings, key=lambda t: wordings[t])  # max keeps the first of equals: the earliest wording
    items = [item for _order, item in pairs]
    return {
        "text": text, "count": len(items), "ids": [item.get("id") for item in items],
        "sources": {source: sum(1 for item in items if item["source"] == source) for source in SOURCES},
        "hidden": all(item["hidden"] for item in items),
    }
