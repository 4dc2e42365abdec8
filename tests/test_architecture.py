"""The live core's shape, read from the source: handlers and services never reach into the live layer, and nothing
per app is kept in a module's globals."""
import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "facilitation"
LIVE_LAYER = {"facilitation.live", "facilitation.publisher", "facilitation.batches", "facilitation.sending",
              "facilitation.rooms"}


def module_name(path):
    """facilitation/web/api.py -> facilitation.web.api."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path):
    """Every module a file imports, absolute, including names imported from a package (from . import live)."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            if node.module:  # "from . import live" imports facilitation.live, not the package's own code
                found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def modules(*patterns):
    """The package's files matching these globs."""
    return sorted({path for pattern in patterns for path in PACKAGE.glob(pattern)})


@pytest.mark.parametrize("path", modules("web/*.py", "simulation.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_web_module_nor_the_rehearsal_imports_the_live_layer(path):
    assert not imported_modules(path) & LIVE_LAYER


SERVICES = ["answers", "ballots", "cards", "definitions", "displays", "drafts", "moderation", "nudges",
            "phone_links", "presence", "results", "surveys", "table_status", "simulation", "sessions",
            "facilitator_sockets", "backup", "check_in", "closing", "notes", "paper", "attendance"]


@pytest.mark.parametrize("name", SERVICES)
def test_services_announce_with_signals_and_never_import_the_live_layer(name):
    assert not imported_modules(PACKAGE / f"{name}.py") & LIVE_LAYER


def test_the_live_layer_imports_services_and_no_cycle_runs_through_it():
    graph = {module_name(path): {m for m in imported_modules(path) if m.startswith("facilitation")}
             for path in PACKAGE.rglob("*.py")}

    def reaches(start, goal, seen=()):
        """Whether start imports goal, directly or through other modules of ours."""
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt))) for nxt in graph.get(start, ()))

    assert "facilitation.ballots" in graph["facilitation.live"]
    for module in LIVE_LAYER:
        assert not any(reaches(other, module) for other in graph["facilitation.live"] if other not in LIVE_LAYER), module
    for module in ("facilitation.publisher", "facilitation.sending", "facilitation.rooms"):
        assert not reaches(module, "facilitation.live"), module


MUTABLE = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


@pytest.mark.parametrize("name", ["live", "publisher", "table_status", "results", "presence", "phone_links",
                                  "signals", "facilitator_sockets", "sessions", "batches", "hall", "hall_bus", "sending",
                                  "rooms"])
def test_no_per_app_state_sits_in_a_live_module_global(name):
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    mutable = [target.id for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, MUTABLE)
               for target in node.targets if isinstance(target, ast.Name)]
    # The one table at module level is live.py's fixed map of signals to receivers; it never changes at run time.
    assert [m for m in mutable if m != "RECEIVERS"] == []
