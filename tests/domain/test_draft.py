"""The shared draft's operations: each rule in a table, then properties over any interleaving of two phones' changes,
and the phone's copy of the rules (static/js/draft.js, run in node) agreeing with the server's on every case."""
import json
import pathlib
import random
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from facilitation.domain.draft import MAX_OPS, OpRefused, Rules, apply_op, apply_ops, base, normalise, read_ops

from .test_ballot import assert_plain

SHORTLIST = ["1", "2", "3a", "3b"]
ALLOCATE = Rules.of({"mode": "allocate", "budget": 10, "rank_first": True, "allow_rule_out": True}, SHORTLIST)
SCORE = Rules.of({"mode": "score", "rank_first": False, "allow_rule_out": False}, SHORTLIST)
DRAFT_JS = pathlib.Path(__file__).resolve().parents[2] / "static" / "js" / "draft.js"
# Hypothesis keeps its caches in ./.hypothesis unless told otherwise; tests never write into the repository.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))


def draft(rules=ALLOCATE, points=None):
    """A normalised draft in short-list order with some options' numbers given."""
    return normalise({"points": points or {}}, rules)


def op(kind, **fields):
    return {"id": "op-00000001", "op": kind, **fields}


START = draft()
OUT_2 = {"ranking": ["1", "3a", "3b"], "points": {"1": 0, "3a": 0, "3b": 0}, "ruled_out": ["2"]}


# ---------------------------------------------------------------- one operation at a time

@pytest.mark.parametrize("rules, start, change, after", [
    (ALLOCATE, START, op("add_points", option="1", delta=1), {"1": 1, "2": 0, "3a": 0, "3b": 0}),
    (ALLOCATE, draft(points={"1": 4, "2": 4}), op("add_points", option="3a", delta=5), {"1": 4, "2": 4, "3a": 2, "3b": 0}),
    (ALLOCATE, draft(points={"1": 3}), op("add_points", option="1", delta=-1), {"1": 2, "2": 0, "3a": 0, "3b": 0}),
    (ALLOCATE, draft(points={"1": 3}), op("add_points", option="1", delta=-5), {"1": 0, "2": 0, "3a": 0, "3b": 0}),
    (ALLOCATE, draft(points={"1": 5}), op("set_points", option="2", value=7), {"1": 5, "2": 7, "3a": 0, "3b": 0}),
    (ALLOCATE, draft(points={"1": 5}), op("set_points", option="1", value=None), {"1": 0, "2": 0, "3a": 0, "3b": 0}),
    (ALLOCATE, START, op("set_points", option="3b", value=10), {"1": 0, "2": 0, "3a": 0, "3b": 10}),
    (SCORE, draft(SCORE), op("add_points", option="2", delta=1), {"1": None, "2": 1, "3a": None, "3b": None}),
    (SCORE, draft(SCORE, points={"2": 9}), op("add_points", option="2", delta=3), {"1": None, "2": 10, "3a": None, "3b": None}),
    (SCORE, draft(SCORE, points={"1": 10, "2": 10, "3a": 10}), op("add_points", option="3b", delta=10),
     {"1": 10, "2": 10, "3a": 10, "3b": 10}),
    (SCORE, draft(SCORE, points={"2": 6}), op("set_points", option="2", value=None), {"1": None, "2": None, "3a": None, "3b": None}),
], ids=["a tap on +", "+5 with 2 points left gives 2", "a tap on −", "−5 from 3 stops at 0", "typing sets (over the budget)",
        "clearing a typed number", "all ten to one option", "score: + on no score yet", "score: stops at 10",
        "score: no shared budget", "score: clearing"])
def test_points_and_scores(rules, start, change, after):
    assert apply_op(start, change, rules)["points"] == after


@pytest.mark.parametrize("start, change, ranking, ruled_out", [
    (START, op("move", option="3b", to_index=0), ["3b", "1", "2", "3a"], []),
    (START, op("move", option="1", to_index=2), ["2", "3a", "1", "3b"], []),
    (START, op("move", option="1", to_index=99), ["2", "3a", "3b", "1"], []),
    (START, op("move", option="2", to_index=1), ["1", "2", "3a", "3b"], []),
    (START, op("rule_out", option="2"), ["1", "3a", "3b"], ["2"]),
    (OUT_2, op("rule_out", option="1"), ["3a", "3b"], ["1", "2"]),
    (OUT_2, op("rule_out", option="2"), ["1", "3a", "3b"], ["2"]),
    (OUT_2, op("bring_back", option="2"), ["1", "3a", "3b", "2"], []),
    (START, op("bring_back", option="2"), ["1", "2", "3a", "3b"], []),
], ids=["to the top", "down two", "past the end: last", "to where it is", "rule out", "ruled out in short-list order",
        "ruled out twice (two phones): once", "bring back: at the bottom", "bring back what is in: nothing"])
def test_ranking_and_ruling_out(start, change, ranking, ruled_out):
    after = apply_op(start, change, ALLOCATE)
    assert (after["ranking"], after["ruled_out"]) == (ranking, ruled_out)
    assert set(after["points"]) == set(ranking)  # a ruled-out option has no points, not 0


def test_a_ruled_out_option_comes_back_with_no_points():
    before = apply_op(draft(points={"2": 6}), op("rule_out", option="2"), ALLOCATE)
    assert apply_op(before, op("bring_back", option="2"), ALLOCATE)["points"]["2"] == 0


@pytest.mark.parametrize("rules, start, change, words", [
    (ALLOCATE, draft(points={"1": 6, "2": 4}), op("add_points", option="3a", delta=1), "no points left to give"),
    (ALLOCATE, draft(points={"1": 8, "2": 7}), op("add_points", option="3a", delta=1), "no points left to give"),
    (ALLOCATE, START, op("add_points", option="1", delta=-1), '"1" has no points to take away'),
    (ALLOCATE, START, op("set_points", option="1", value=11), 'the points for "1" must be a whole number from 0 to 10'),
    (ALLOCATE, START, op("set_points", option="1", value=-1), "from 0 to 10"),
    (ALLOCATE, OUT_2, op("set_points", option="2", value=3), '"2" is ruled out; bring it back first'),
    (ALLOCATE, OUT_2, op("add_points", option="2", delta=1), '"2" is ruled out; bring it back first'),
    (ALLOCATE, OUT_2, op("move", option="2", to_index=0), '"2" is ruled out; bring it back first'),
    (ALLOCATE, START, op("move", option="5a", to_index=0), '"5a" is not an option on the short list'),
    (ALLOCATE, START, op("add_points", option="", delta=1), '"" is not an option on the short list'),
    (ALLOCATE, {"ranking": ["3b"], "points": {"3b": 0}, "ruled_out": ["1", "2", "3a"]},
     op("rule_out", option="3b"), "at least one option must stay in"),
    (SCORE, draft(SCORE, points={"1": 10}), op("add_points", option="1", delta=1), '"1" already has the top score, 10'),
    (SCORE, draft(SCORE), op("add_points", option="1", delta=-1), '"1" has no score to lower'),
    (SCORE, draft(SCORE), op("set_points", option="1", value=11), 'the score for "1" must be a whole number from 0 to 10'),
    (SCORE, draft(SCORE), op("move", option="1", to_index=1), "this event does not rank options"),
    (SCORE, draft(SCORE), op("rule_out", option="1"), "this event does not let tables rule options out"),
    (ALLOCATE, START, op("set_draft", draft={"ranking": "1,2"}), "the draft’s ranking must be a list of short-listed"),
    (ALLOCATE, START, op("set_draft", draft=None), "the draft must be an object"),
    (ALLOCATE, START, op("set_draft", draft={"points": {"1": 20}}), 'the points for "1" must be a whole number'),
    (ALLOCATE, START, op("set_draft", draft={"ruled_out": SHORTLIST}), "at least one option must stay in"),
    (SCORE, draft(SCORE), op("set_draft", draft={"ruled_out": ["1"]}), "does not let tables rule options out"),
], ids=["the budget is given out", "over the budget already", "nothing to take away", "more than the budget",
        "below 0", "points for a ruled-out option", "a tap for a ruled-out option", "moving a ruled-out option",
        "not on the short list", "no code", "the last option in", "score: the top", "score: nothing to lower",
        "score: above 10", "score: no ranking", "score: no ruling out", "whole draft: junk", "whole draft: not an object",
        "whole draft: too many points", "whole draft: everything out", "whole draft: ruling out not allowed"])
def test_a_refused_operation_says_why_and_changes_nothing(rules, start, change, words):
    before = json.dumps(start)
    with pytest.raises(OpRefused) as refused:
        apply_op(start, change, rules)
    assert words in str(refused.value)
    assert_plain(str(refused.value))
    assert json.dumps(start) == before


def test_a_whole_draft_sets_every_field_in_the_form_every_phone_shows():
    whole = {"ranking": ["3b", "1"], "points": {"3b": 7, "1": 3, "2": None}, "ruled_out": ["2"]}
    assert apply_op(START, op("set_draft", draft=whole), ALLOCATE) == {
        "ranking": ["3b", "1", "3a"], "points": {"3b": 7, "1": 3, "3a": 0}, "ruled_out": ["2"]}


@pytest.mark.parametrize("stored, ballot, expected", [
    (None, None, START),
    (None, {"ranking": ["2", "1", "3a", "3b"], "points": {"2": 10}, "ruled_out": []},
     {"ranking": ["2", "1", "3a", "3b"], "points": {"2": 10, "1": 0, "3a": 0, "3b": 0}, "ruled_out": []}),
    ({"ranking": ["3b"], "points": {"3b": 1}, "ruled_out": []}, {"ranking": ["2"], "points": {"2": 10}, "ruled_out": []},
     {"ranking": ["3b", "1", "2", "3a"], "points": {"3b": 1, "1": 0, "2": 0, "3a": 0}, "ruled_out": []}),
    ({"ranking": ["1", "1", "9"], "points": {"1": 11, "2": None}, "ruled_out": ["3a", "3a"]}, None,
     {"ranking": ["1", "2", "3b"], "points": {"1": 0, "2": 0, "3b": 0}, "ruled_out": ["3a"]}),
], ids=["nothing yet", "the ballot before any draft", "the draft, once there is one", "an old draft, tidied"])
def test_what_operations_apply_to(stored, ballot, expected):
    assert base(stored, ballot, ALLOCATE) == expected


# ---------------------------------------------------------------- reading a message

@pytest.mark.parametrize("raw, words", [
    ({"id": "op-00000001", "op": "explode"}, "there is no such change as 'explode'"),
    ({"id": "op-00000001"}, "say which change this is"),
    ({"id": "op-00000001", "op": "add_points", "option": "1", "delta": 1, "value": 3}, "has no field 'value'"),
    ({"id": "op-00000001", "op": "add_points", "option": "1", "delta": 0}, "say how many points to add"),
    ({"id": "op-00000001", "op": "add_points", "option": "1", "delta": 1.5}, "say how many points to add"),
    ({"id": "op-00000001", "op": "add_points", "option": "1", "delta": True}, "say how many points to add"),
    ({"id": "op-00000001", "op": "add_points", "option": 1, "delta": 1}, "say which option"),
    ({"id": "op-00000001", "op": "set_points", "option": "1"}, "the points must be a whole number"),
    ({"id": "op-00000001", "op": "set_points", "option": "1", "value": "4"}, "the points must be a whole number"),
    ({"id": "op-00000001", "op": "move", "option": "1", "to_index": -1}, "say which place"),
    ({"id": "op-00000001", "op": "move", "option": "1"}, "say which place"),
], ids=repr)
def test_an_operation_of_the_wrong_shape_is_refused_on_its_own(raw, words):
    good = {"id": "op-00000002", "op": "add_points", "option": "1", "delta": 1}
    read = read_ops([raw, good])
    assert [(op_id, problem is None) for op_id, _, problem in read] == [("op-00000001", False), ("op-00000002", True)]
    assert words in read[0][2]
    assert_plain(read[0][2])
    after, results = apply_ops(START, read, ALLOCATE)
    assert [r.status for r in results] == ["refused", "applied"] and after["points"]["1"] == 1


@pytest.mark.parametrize("raw, words", [
    (None, "send the changes as a list"),
    ({"op": "add_points"}, "send the changes as a list"),
    ([], "send the changes as a list"),
    ([{"op": "add_points", "option": "1", "delta": 1}], "change 1 needs an id"),
    (["add"], "change 1 needs an id"),
    ([{"id": "op-00000001", "op": "rule_out", "option": "1"}, {"id": "short", "op": "rule_out", "option": "2"}],
     "change 2 needs an id"),
    ([{"id": "op-00000001<script>", "op": "rule_out", "option": "1"}], "change 1 needs an id"),
    ([{"id": f"op-{i:08d}", "op": "add_points", "option": "1", "delta": 1} for i in range(MAX_OPS + 1)],
     f"send at most {MAX_OPS} changes at a time"),
], ids=["none", "one object", "empty", "no id", "not an object", "a short id", "a bad id", "too many"])
def test_a_message_that_cannot_be_taken_is_refused_whole(raw, words):
    with pytest.raises(OpRefused) as refused:
        read_ops(raw)
    assert words in str(refused.value)


def test_each_id_is_applied_once_in_a_batch_and_across_batches():
    tap = {"id": "tap-00000001", "op": "add_points", "option": "2", "delta": 1}
    after, results = apply_ops(START, read_ops([tap, tap]), ALLOCATE)
    assert [r.status for r in results] == ["applied", "duplicate"] and after["points"]["2"] == 1
    again, results = apply_ops(after, read_ops([tap]), ALLOCATE, seen={"tap-00000001"})
    assert [r.status for r in results] == ["duplicate"] and again == after


# ---------------------------------------------------------------- properties over interleavings

@st.composite
def two_phones_tapping(draw, max_taps=12):
    """Two phones' taps on + (each phone's own order kept), and one interleaving of them as the server receives them."""
    phone_a = draw(st.lists(st.sampled_from(SHORTLIST), max_size=max_taps))
    phone_b = draw(st.lists(st.sampled_from(SHORTLIST), max_size=max_taps))
    taps_a = [{"id": f"a-{i:08d}", "op": "add_points", "option": c, "delta": 1} for i, c in enumerate(phone_a)]
    taps_b = [{"id": f"b-{i:08d}", "op": "add_points", "option": c, "delta": 1} for i, c in enumerate(phone_b)]
    choices = draw(st.lists(st.booleans(), min_size=len(taps_a) + len(taps_b), max_size=len(taps_a) + len(taps_b)))
    merged, a, b = [], list(taps_a), list(taps_b)
    for take_a in choices:
        if (take_a and a) or not b:
            merged.append(a.pop(0))
        else:
            merged.append(b.pop(0))
    return taps_a, taps_b, merged


ROOMY = Rules.of({"mode": "allocate", "budget": 30, "rank_first": True, "allow_rule_out": True}, SHORTLIST)


@settings(max_examples=300, deadline=None, database=None)
@given(two_phones_tapping())
def test_any_interleaving_of_two_phones_taps_ends_with_every_tap_counted(phones):
    taps_a, taps_b, merged = phones
    if not merged:
        return
    after, results = apply_ops(base(None, None, ROOMY), read_ops(merged), ROOMY)
    expected = {code: sum(1 for t in taps_a + taps_b if t["option"] == code) for code in SHORTLIST}
    assert after["points"] == expected
    assert all(r.status == "applied" for r in results)


@settings(max_examples=300, deadline=None, database=None)
@given(two_phones_tapping(max_taps=10))
def test_with_a_budget_to_share_any_interleaving_gives_out_exactly_what_fits(phones):
    taps_a, taps_b, merged = phones
    if not merged:
        return
    after, results = apply_ops(base(None, None, ALLOCATE), read_ops(merged), ALLOCATE)
    given_out = sum(after["points"].values())
    assert given_out == min(ALLOCATE.budget, len(merged))
    assert sum(r.status == "applied" for r in results) == given_out   # the rest refused: no points left
    for code in SHORTLIST:                                            # no option gets more than was tapped for it
        assert after["points"][code] <= sum(1 for t in merged if t["option"] == code)


def random_op(rng, i, prefix="op"):
    """Any operation a phone (or an older page) could send, valid or not for the draft at that moment."""
    code = rng.choice(SHORTLIST + ["5a"]) if rng.random() < 0.05 else rng.choice(SHORTLIST)
    kind = rng.choice(["add_points", "add_points", "add_points", "set_points", "move", "rule_out", "bring_back",
                       "set_draft"])
    op_id = f"{prefix}-{i:08d}"
    if kind == "add_points":
        return {"id": op_id, "op": kind, "option": code, "delta": rng.choice([1, 1, 1, -1, -1, 3, -4])}
    if kind == "set_points":
        return {"id": op_id, "op": kind, "option": code, "value": rng.choice([None, 0, 2, 5, 10, 11])}
    if kind == "move":
        return {"id": op_id, "op": kind, "option": code, "to_index": rng.randrange(0, 6)}
    if kind == "set_draft":
        ranking = rng.sample(SHORTLIST, rng.randrange(0, 5))
        return {"id": op_id, "op": kind, "draft": {
            "ranking": ranking, "points": {c: rng.choice([None, 0, 1, 4, 12]) for c in ranking},
            "ruled_out": rng.sample(SHORTLIST, rng.choice([0, 0, 1, 2, 4]))}}
    return {"id": op_id, "op": kind, "option": code}


def is_normal(after, rules):
    """A draft every phone can show: the options split between the ranking and ruled out, one stays in, numbers in range."""
    assert normalise(after, rules) == after
    assert sorted(after["ranking"] + after["ruled_out"]) == sorted(SHORTLIST) and after["ranking"]
    assert all(v is None or 0 <= v <= rules.high for v in after["points"].values())
    return True


@settings(max_examples=200, deadline=None, database=None)
@given(st.randoms(use_true_random=False), st.integers(1, 60), st.sampled_from([ALLOCATE, SCORE, ROOMY]))
def test_any_sequence_of_changes_leaves_a_draft_every_phone_can_show(rng, count, rules):
    after = base(None, None, rules)
    for i in range(count):
        change = random_op(rng, i)
        before = json.dumps(after)
        try:
            after = apply_op(after, change, rules)
        except OpRefused as refused:
            assert json.dumps(after) == before and str(refused)   # refused: nothing changed, and it says why
        assert is_normal(after, rules)


@settings(max_examples=200, deadline=None, database=None)
@given(st.randoms(use_true_random=False), st.integers(1, 40), st.integers(1, 8))
def test_resending_after_reconnecting_applies_each_id_once(rng, count, batch):
    """A phone sends in batches and, after a dropped connection, sends some of what it sent before again."""
    changes = [random_op(rng, i) for i in range(count)]
    once, _ = apply_ops(base(None, None, ALLOCATE), read_ops(changes), ALLOCATE)
    after, seen, sent = base(None, None, ALLOCATE), set(), 0
    while sent < count:
        resend = changes[max(0, sent - rng.randrange(0, 6)):sent]   # what an unanswered batch held
        message = resend + changes[sent:sent + batch]
        sent += batch
        after, results = apply_ops(after, read_ops(message), ALLOCATE, seen)
        seen |= {r.id for r in results}
    assert after == once


# ---------------------------------------------------------------- the phone's copy of the rules

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_phone_applies_the_same_rules_as_the_server():
    """static/js/draft.js, run in node, against this module on 400 random sequences of changes (all kinds, refusals too)."""
    rng = random.Random(20240612)
    cases = []
    for n in range(400):
        rules = [ALLOCATE, SCORE, ROOMY][n % 3]
        settings_ = {"mode": "allocate" if rules.allocate else "score", "budget": rules.budget,
                     "rank_first": rules.rank_first, "allow_rule_out": rules.allow_rule_out}
        start = {"ranking": rng.sample(SHORTLIST, 2), "points": {"1": rng.choice([None, 3, 12])}, "ruled_out": []}
        cases.append({"settings": settings_, "rules": rules, "start": start,
                      "ops": [random_op(rng, i) for i in range(rng.randrange(1, 30))]})
    script = """
const DraftOps = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(c => {
  const rules = DraftOps.rules(c.settings, c.shortlist);
  let draft = DraftOps.base(c.start, null, rules);
  const steps = [];
  for (const op of c.ops) {
    const r = DraftOps.apply(draft, op, rules);
    draft = r.draft;
    steps.push({draft: draft, refusal: r.refusal});
  }
  return steps;
});
process.stdout.write(JSON.stringify(out));
"""
    payload = [{k: v for k, v in c.items() if k != "rules"} | {"shortlist": SHORTLIST} for c in cases]
    ran = subprocess.run([NODE, "-e", script, str(DRAFT_JS)], input=json.dumps(payload), capture_output=True,
                         text=True, timeout=60, check=True)
    phone = json.loads(ran.stdout)
    for case, steps in zip(cases, phone):
        after = base(case["start"], None, case["rules"])
        for change, step in zip(case["ops"], steps):
            try:
                after, refusal = apply_op(after, change, case["rules"]), None
            except OpRefused as refused:
                refusal = str(refused)
            assert step == {"draft": after, "refusal": refusal}, (case["settings"], change)
