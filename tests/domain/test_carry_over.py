"""What answers sent again keep of the facilitator's moderation: risks and "what would help"."""
import pytest

from facilitation.domain.carry_over import Risk, risks, would_help

EARLY, NOW = "2024-06-12T10:00:00.000+00:00", "2024-06-12T10:05:00.000+00:00"
# Stored risks: "Staff" chosen under theme 1 and moved by the facilitator to 2 and hidden; "Money" under Other.
STAFF = Risk(7, "Staff", 1, 2, True, EARLY)
MONEY = Risk(8, "Money", None, None, False, EARLY)


def new(text, chosen):
    """A risk not stored before, arriving now."""
    return Risk(None, text, chosen, chosen, False, NOW)


RISKS = [
    ("sent again as it was: keeps id, move, hiding and arrival", [STAFF, MONEY], [("Staff", 1), ("Money", None)],
     [STAFF, MONEY]),
    ("order changed: each still finds its own", [STAFF, MONEY], [("Money", None), ("Staff", 1)], [MONEY, STAFF]),
    ("one word changed: a new risk under the chosen theme", [STAFF], [("Staff!", 1)], [new("Staff!", 1)]),
    ("same words, another chosen theme: a new risk", [STAFF], [("Staff", 3)], [new("Staff", 3)]),
    ("same words, now under Other: a new risk", [STAFF], [("Staff", None)], [new("Staff", None)]),
    ("a removed risk is gone", [STAFF, MONEY], [("Money", None)], [MONEY]),
    ("an added risk is new", [MONEY], [("Money", None), ("Staff", 1)], [MONEY, new("Staff", 1)]),
    ("twice the same: the second is new", [STAFF], [("Staff", 1), ("Staff", 1)], [STAFF, new("Staff", 1)]),
    ("twice stored, twice sent: both kept, in order", [STAFF, STAFF._replace(id=9, hidden=False)],
     [("Staff", 1), ("Staff", 1)], [STAFF, STAFF._replace(id=9, hidden=False)]),
    ("first sending", [], [("Staff", 1)], [new("Staff", 1)]),
    ("nothing sent", [STAFF], [], []),
]


@pytest.mark.parametrize("earlier, sent, expected", [case[1:] for case in RISKS], ids=[case[0] for case in RISKS])
def test_a_risk_sent_again_word_for_word_keeps_its_moderation(earlier, sent, expected):
    assert risks(earlier, sent, NOW) == expected


HELPS = [
    # (what, previous text, hidden, arrived, text sent, expected (hidden, arrival))
    ("kept word for word: stays hidden, keeps arrival", "More staff", 1, EARLY, "More staff", (True, EARLY)),
    ("kept, shown: stays shown", "More staff", 0, EARLY, "More staff", (False, EARLY)),
    ("changed: shown again, arrives now", "More staff", 1, EARLY, "More money", (False, NOW)),
    ("first answer: arrives now", "", 0, None, "More staff", (False, NOW)),
    ("emptied: no arrival time", "More staff", 1, EARLY, "", (False, None)),
    ("still empty: no arrival time", "", 0, None, "", (False, None)),
]


@pytest.mark.parametrize("previous, hidden, arrived, text, expected", [case[1:] for case in HELPS],
                         ids=[case[0] for case in HELPS])
def test_what_would_help_sent_again_word_for_word_keeps_its_moderation(previous, hidden, arrived, text, expected):
    assert would_help(previous, hidden, arrived, text, NOW) == expected
