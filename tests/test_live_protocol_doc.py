"""docs/live-protocol.md against the code: every Socket.IO event is documented, and the shared draft's operations and
acknowledgement are the ones the server takes and gives."""
import ast
import pathlib
import re

from facilitation.domain.draft import KINDS, Result
from facilitation.drafts import DraftOutcome

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "live-protocol.md").read_text(encoding="utf-8")


def documented_events():
    """(event, direction) for each row of the doc's Events table."""
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", DOC, flags=re.MULTILINE)
    return {(name, direction.strip()) for name, direction in rows}


def handled_events():
    """The events the server listens for: each @socketio.on("…") in facilitation/ (connecting and leaving aside)."""
    names = set()
    for path in (ROOT / "facilitation").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "on" and node.args and \
                    isinstance(node.args[0], ast.Constant) and getattr(node.func.value, "id", "") == "socketio":
                names.add(node.args[0].value)
    return names - {"connect", "disconnect"}


def sent_events():
    """The events the server sends: each broadcast(kind, key, "…", data) and socketio.emit("…", …) in facilitation/."""
    names = set()
    for path in (ROOT / "facilitation").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "broadcast" and len(node.args) >= 3 \
                    and isinstance(node.args[2], ast.Constant):
                names.add(node.args[2].value)
            # A message to one socket (socketio.emit("…", data, to=sid)), such as a replaced link's.
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "emit" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                names.add(node.args[0].value)
    return names


def test_every_event_the_server_listens_for_is_documented_and_every_documented_one_exists():
    to_server = {name for name, direction in documented_events() if "→ server" in direction}
    assert handled_events() == to_server


def test_every_event_the_server_sends_is_documented():
    from_server = {name for name, direction in documented_events() if direction.startswith("server →")}
    mentioned_in_acks = set(re.findall(r"then `([a-z_]+)`", DOC))
    assert sent_events() <= from_server | mentioned_in_acks
    assert from_server <= sent_events()


def test_the_draft_operations_documented_are_the_ones_the_server_takes():
    section = DOC[DOC.index("## The shared draft"):DOC.index("## Confidence answers")]
    documented = {}
    for line in re.findall(r'^\{"id": [^}]*"op": "([a-z_]+)"(.*)$', section, flags=re.MULTILINE):
        kind, rest = line
        documented[kind] = tuple(re.findall(r'"([a-z_]+)":', rest))
    assert documented == {kind: fields for kind, fields in KINDS.items()}


def test_the_draft_ops_acknowledgement_has_the_documented_fields():
    row = next(line for line in DOC.splitlines() if line.startswith("| `draft_ops` |"))
    ack = DraftOutcome(True, draft=None, results=(Result("op-00000001", "applied"),)).ack()
    for key in ack:
        assert f'"{key}"' in row
    assert set(DraftOutcome(False, error="Not kept: no.").ack()) == {"ok", "error"}
    broadcast = DraftOutcome(True, draft={}, results=()).broadcast("falls")
    draft_row = next(line for line in DOC.splitlines() if line.startswith("| `draft` | server → phones |"))
    for key in broadcast:
        assert f'"{key}"' in draft_row
