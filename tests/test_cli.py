"""The command line, run as a user runs it: python server.py import | export | demo | create-token."""
import json

import pytest
import requests

from .conftest import DEMO_FILE, EVENTS_DIR
from .servers import LiveServer, run_cli

pytestmark = pytest.mark.server

# One file per scoring mode here (each CLI call starts Python afresh); test_store round-trips every file.
ROUND_TRIP_FILES = [EVENTS_DIR / "allocate-explicit.json", EVENTS_DIR / "score-all.json"]


@pytest.mark.parametrize("path", ROUND_TRIP_FILES, ids=lambda p: p.name)
def test_import_then_export_then_import_gives_the_same_definition(tmp_path, path):
    first = run_cli(tmp_path, "import", str(path), check=True)
    event_id = int(first.stdout.strip())
    exported = run_cli(tmp_path, "export", str(event_id), check=True).stdout
    definition = json.loads(exported)
    assert definition["title"] == json.loads(path.read_text())["title"]

    again = tmp_path / "again.json"
    again.write_text(exported)
    second_id = int(run_cli(tmp_path, "import", str(again), check=True).stdout.strip())
    assert second_id != event_id
    assert json.loads(run_cli(tmp_path, "export", str(second_id), check=True).stdout) == definition


def test_a_bad_file_exits_non_zero_lists_every_problem_one_per_line_and_stores_nothing(tmp_path):
    data = json.loads((EVENTS_DIR / "allocate-explicit.json").read_text())
    data["colour"] = "blue"
    data["options"][1]["code"] = data["options"][0]["code"]
    data["assignment"]["99"] = [data["criteria"][0]["code"]]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run_cli(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert "not imported" in lines[0]
    problems = lines[1:]
    assert len(problems) >= 3
    assert any(line.startswith("colour") for line in problems)
    assert any(line.startswith("options[1].code") for line in problems)
    assert any(line.startswith('assignment."99"') for line in problems)
    assert run_cli(tmp_path, "events", check=True).stdout == ""


def test_a_file_that_is_not_json_says_where(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1,\n  "title": }')
    result = run_cli(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert "not valid JSON: line 2" in result.stderr


def test_exporting_a_missing_event_fails_plainly(tmp_path):
    result = run_cli(tmp_path, "export", "42")
    assert result.returncode == 1
    assert "There is no event 42" in result.stderr


def test_demo_loads_the_demo_event(tmp_path):
    event_id = run_cli(tmp_path, "demo", check=True).stdout.strip()
    listed = run_cli(tmp_path, "events", check=True).stdout
    assert listed.startswith(f"{event_id}\t")
    assert json.loads(DEMO_FILE.read_text())["title"] in listed


def test_a_created_token_opens_the_api_of_a_running_server(tmp_path):
    token = run_cli(tmp_path, "create-token", check=True).stdout.strip()
    with LiveServer(tmp_path, args=["--no-demo"]) as server:
        assert requests.get(f"{server.url}/api/events", timeout=5).status_code == 401
        response = requests.get(f"{server.url}/api/events", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert response.status_code == 200 and response.json() == {"events": []}


@pytest.mark.parametrize("fmt", ["zip", "xlsx", "csv"])
def test_export_results_writes_the_files_and_shows_progress(tmp_path, fmt):
    import zipfile

    import openpyxl

    from facilitation import exports

    event_id = run_cli(tmp_path, "import", str(EVENTS_DIR / "allocate-explicit.json"), check=True).stdout.strip()
    out = tmp_path / ("out" if fmt == "csv" else f"results.{fmt}")
    done = run_cli(tmp_path, "export-results", event_id, "--format", fmt, "--out", str(out), check=True)
    assert "Exporting" in done.stderr and "ballot-history" in done.stderr
    written = done.stdout.split()
    if fmt == "csv":
        assert len(written) == len(exports.NAMES) and all(path.endswith(".csv") for path in written)
        assert (out / "community-mental-health-crisis-support-in-eastwold-2024-06-12-matrix.csv").exists()
    elif fmt == "zip":
        assert written == [str(out)] and len(zipfile.ZipFile(out).namelist()) == len(exports.NAMES) + 1
    else:
        assert openpyxl.load_workbook(out).sheetnames[0] == "Scores"


def test_export_results_of_a_missing_event_says_so(tmp_path):
    result = run_cli(tmp_path, "export-results", "99")
    assert result.returncode == 1 and "There is no event 99" in result.stderr
