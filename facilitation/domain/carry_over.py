"""What a person's answers, sent again, keep of the facilitator's moderation.

A risk sent again word for word under the same chosen theme is the same risk: it keeps its id, the theme the
facilitator put it under, whether it is hidden, and when it first arrived, so moderation's selection, undo and
"new since you last looked" follow it through the person's later sendings. A changed risk is a new one. A "what
would help" answer kept word for word likewise stays hidden if it was, and keeps its arrival time.
"""
from typing import NamedTuple


class Risk(NamedTuple):
    """A risk as stored, with its moderation; id is None for one not stored yet."""

    id: object
    text: str
    chosen_theme: object  # the theme the person chose (None: Other)
    theme: object  # the theme the facilitator has it under
    hidden: bool
    added_at: str


def risks(earlier, sent, stamp):
    """The risks to store for one sending, in its order: one matching an earlier risk is that risk, others new at stamp.

    earlier: the person's stored risks; sent: [(text, chosen theme)]. Two equal risks sent take two equal earlier
    ones, in order, so a duplicate does not inherit its twin's id.
    """
    unused = {}
    for risk in earlier:
        unused.setdefault((risk.text, risk.chosen_theme), []).append(risk)
    return [(unused.get((text, chosen)) or [Risk(None, text, chosen, chosen, False, stamp)]).pop(0)
            for text, chosen in sent]


def would_help(previous, hidden, arrived, text, stamp):
    """(hidden, arrival time) of a "what would help" answer sent as text: kept word for word it keeps both.

    A changed answer is shown and arrives at stamp; an empty one has no arrival time.
    """
    same = previous == text
    return bool(hidden and same), ((arrived if same else stamp) if text else None)
