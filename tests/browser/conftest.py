"""Browser tests: headless Debian Chromium driven by Playwright against a real server.py process."""
import os
import pathlib
import shutil
import tempfile

import pytest
from playwright.sync_api import sync_playwright

from facilitation import store

from ..conftest import EVENTS_DIR, PASSWORD
from ..servers import LiveServer, run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Tests write their pictures to a temporary folder; `make screenshots` sets REFRESH_SCREENSHOTS=1 to refresh docs/images.
SCREENSHOTS = (ROOT / "docs" / "images" if os.environ.get("REFRESH_SCREENSHOTS") == "1"
               else pathlib.Path(tempfile.mkdtemp(prefix="screenshots-")))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a closed network: without the background-networking ones Chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1920, "height": 1080}


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """A real server process with the project's test events imported, and their ids."""
    instance = tmp_path_factory.mktemp("browser-instance")
    ids = {}
    for name in ("allocate-explicit.json", "score-all.json"):
        ids[name] = int(run_cli(instance, "import", str(EVENTS_DIR / name), check=True).stdout.strip())
    server = LiveServer(instance, args=["--no-demo"], env={"FACILITATOR_PASSWORD": PASSWORD}).start()
    server.event_ids = ids
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_db(live):
    """A read connection to the live server's database (WAL lets it read while the server writes)."""
    db = store.connect(str(live.instance / "facilitation.db"))
    yield db
    db.conn.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian's package (Playwright's own browser download is never used)."""
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: 'make test' installs Debian's chromium package.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page in a fresh 360×740 phone-sized browser context."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def laptop(browser):
    """A page in a fresh 1920×1080 browser context."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def facilitator(laptop, live):
    """A laptop page with the facilitator signed in through the sign-in form."""
    laptop.goto(f"{live.url}/facilitator/")
    laptop.get_by_label("Facilitator password").fill(PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()
    laptop.wait_for_url(f"{live.url}/facilitator/")
    return laptop


def load_axe(page):
    """Put axe-core (from the npm registry) in the page, through DevTools: the Content-Security-Policy refuses an
    inline <script> tag."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")


def add_css(page, rule):
    """Add one CSS rule to the page's first stylesheet through the CSSOM (the policy refuses an inline <style>)."""
    page.evaluate("(rule) => { const sheet = document.styleSheets[0]; sheet.insertRule(rule, sheet.cssRules.length); }",
                  rule)


def axe_violations(page, impacts=("minor", "moderate", "serious", "critical")):
    """Run axe-core (from the npm registry) in the page; return its violations of the given impacts (every one by default)."""
    load_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 means no sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def screenshot(page, name, **kwargs):
    """Save a screenshot: under docs/images/ for `make screenshots`, otherwise in a temporary folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), **kwargs)
    return path
