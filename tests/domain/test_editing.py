"""Edits refused once ballots rely on what they would drop or change."""
import copy
import json
import pathlib

import pytest

from facilitation.domain.editing import edit_problems
from facilitation.domain.event import parse_event

BASE = parse_event(json.loads((pathlib.Path(__file__).parents[1] / "events" / "allocate-explicit.json").read_text()))
# Table 1 scores access and people; it has a ballot for access that gives points to A and B and rules out D.
IN_USE = {"criteria": {"access"}, "options": {"A", "B", "C", "D"}, "shares": {(1, "access")}}
NOTHING = {"criteria": set(), "options": set(), "shares": set()}


def edited(change):
    """A copy of the base definition with one change applied."""
    definition = copy.deepcopy(BASE)
    change(definition)
    return definition


def drop_criterion(d):
    d["criteria"] = [c for c in d["criteria"] if c["code"] != "access"]
    d["assignment"] = {n: [c for c in codes if c != "access"] for n, codes in d["assignment"].items()}
    d["assignment"] = {n: codes for n, codes in d["assignment"].items() if codes}


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["scoring"].update(budget=20), "scoring", "cannot change"),
    (lambda d: d["scoring"].update(mode="score"), "scoring", "cannot change"),
    (drop_criterion, "criteria", 'criterion "access" has ballots'),
    (lambda d: d["options"][3].update(status="excluded", excluded_reason="late"), "options", 'option "D"'),
    (lambda d: d.update(tables=[t for t in d["tables"] if t["number"] != 1],
                        assignment={k: v for k, v in d["assignment"].items() if k != "1"}),
     "assignment", "table 1 has a ballot"),
    (lambda d: d["assignment"].update({"1": ["people"]}), "assignment", 'table 1 has a ballot for "access"'),
])
def test_an_edit_that_would_lose_a_ballot_is_refused(change, path, words):
    problems = edit_problems(BASE, edited(change), IN_USE)
    assert any(p.path == path and words in p.message for p in problems), problems


@pytest.mark.parametrize("change", [
    lambda d: d.update(title="A better title"),
    lambda d: d["criteria"][0].update(description="Clearer words", weight=2),
    lambda d: d["options"].append({"code": "G", "title": "Late idea", "description": "", "status": "shortlisted",
                                   "excluded_reason": None, "briefing": {"advantages": [], "disadvantages": []}}),
    lambda d: d["assignment"].update({"2": ["safety", "access"]}),
])
def test_an_edit_that_keeps_every_ballot_is_allowed(change):
    assert edit_problems(BASE, edited(change), IN_USE) == []


def test_anything_goes_before_the_first_ballot():
    assert edit_problems(BASE, edited(lambda d: d["scoring"].update(budget=20)), NOTHING) == []
