"""docs/security.md's limits are the code's: each row's first figure against the constant it names."""
import importlib
import pathlib
import re
from datetime import timedelta

import pytest

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "security.md"
ROW = re.compile(r"^\| (?P<limit>[^|]+) \| (?P<value>[^|]+) \| `(?P<where>[a-z_.]+)\.(?P<name>[A-Z_]+)(\[(?P<key>\w+)\])?` \|$")


def rows():
    """Every limits row that names where its value is set."""
    return [m.groupdict() for m in map(ROW.match, DOC.read_text(encoding="utf-8").splitlines()) if m]


def test_the_doc_has_its_limits_table():
    assert len(rows()) >= 15


@pytest.mark.parametrize("row", rows(), ids=lambda row: row["name"])
def test_each_limit_is_the_codes(row):
    value = getattr(importlib.import_module(f"facilitation.{row['where']}"), row["name"])
    if row["key"]:
        value = value[row["key"]]
    if isinstance(value, timedelta):
        value = value.total_seconds() / (60 if "minute" in row["value"] else 1)
    if row["name"] == "HASHERS":   # "half the cores, at least 1": a rule, not a figure
        assert value >= 1
        return
    text = re.match(r"[\d.]+", row["value"].strip()).group()
    figure = float(text) if "." in text else int(text)
    assert figure == value, (row["limit"], row["value"], value)


def test_every_test_the_doc_names_exists():
    root = DOC.parent.parent
    named = set(re.findall(r"`(tests/[\w/]+\.py)`", DOC.read_text(encoding="utf-8")))
    assert named and [path for path in sorted(named) if not (root / path).exists()] == []
