"""parse_event refuses in plain words, never raises anything else: any part of a real event file replaced by any JSON value."""
import copy
import json

from hypothesis import given, settings, strategies as st

from facilitation.domain.event import EventDefinitionError, parse_event

from ..conftest import EVENTS_DIR

EXAMPLES = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(EVENTS_DIR.glob("*.json"))]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=6)


def places(value, path=()):
    """Every place in a decoded file (the first two entries of each list), as a path of keys and indexes."""
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value[:2]) if isinstance(value, list) else ()
    for key, child in children:
        yield from places(child, path + (key,))


PLACES = [(i, path) for i, example in enumerate(EXAMPLES) for path in places(example) if path]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PLACES), JSON)
def test_any_value_anywhere_is_read_or_refused_in_plain_words(place, value):
    index, path = place
    data = copy.deepcopy(EXAMPLES[index])
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    try:
        parse_event(data)
    except EventDefinitionError as refused:
        assert refused.problems and all(problem.message for problem in refused.problems)
