"""Every page type under the Content-Security-Policy, in a real browser: no policy violation and no console error on
a plain event; and an event whose every text is a script payload runs none of them, with the policy enforced (no
violation either: a violation would mean markup got through) and with the policy bypassed (escaping alone holds)."""
from urllib.parse import quote

import pytest

from facilitation import store
from facilitation.domain.display import ALL_VIEWS

from .. import hostile
from ..conftest import PASSWORD
from .conftest import LAPTOP, PHONE, screenshot

pytestmark = pytest.mark.browser

# Each payload sets one global flag or opens a dialog if it runs: in markup, in attributes, in a JSON data island
# (</script>), in a URL, in a template, in a style.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
    "</script><script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    "{{ 7*7 }}<style>*{display:none}</style>",
    "</textarea><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\" id=\"x\">x</a><details open ontoggle=alert(1)>",
    "\u2028\u2029</title><script>alert(1)</script>",
]
PLAIN = ["Crisis cafes in each town", "Staffing out of hours", "Ruth Kendrick", "Eastwold Mind",
         "Somewhere to go that is not an emergency department"]
# Option and criterion codes: short and without spaces.
CODES = ["<script>", "\"><b>", "'-x-'", "<i/x>"]
# The pages that answer 404 on purpose (their document's status is the only failed load allowed on them).
NOT_FOUND = {"not found", "join with a wrong code", "facilitator 404"}
# Recorded from the first script that runs in every page, before the page's own.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
"""


@pytest.fixture(scope="module")
def events(live, live_db):
    """A plain event and a hostile one, both filled with a day's ballots, answers, check-ins and paper."""
    made = {}
    for name, texts, codes in (("plain", PLAIN, ["A", "B", "C", "D"]), ("hostile", PAYLOADS, CODES)):
        made[name] = store.create_event(live_db, hostile.definition(texts, codes))
        hostile.fill(live_db, made[name], texts)
    return made


def pages(live_db, event_id, typed):
    """(name, path, viewport, what to do before loading) for every page type, phone and facilitator; typed is what
    a person types into the join code and the desk's search, which the pages show back."""
    typed = quote(typed)
    table = store.list_tables(live_db, event_id)[0]
    invitee = store.list_invitees(live_db, event_id)
    event = store.get_event(live_db, event_id)
    base = f"/facilitator/events/{event_id}"
    phone = [("join", "/join", None), ("join with a wrong code", f"/join?code={typed}", None),
             ("table", f"/t/{table['join_token']}", None),
             ("confidence", f"/t/{table['join_token']}#confidence", None),
             ("survey", f"/s/{event['survey_token']}", None), ("not found", "/t/not-a-token", None)]
    if invitee:
        phone.append(("check-in welcome", f"/checkin/{invitee[0]['checkin_token']}", None))
    facilitator = [("events", "/facilitator/", None), ("new event", "/facilitator/events/new", None),
                   ("event", base, None), ("edit", f"{base}/edit", None), ("control room", f"{base}/control", None),
                   ("moderation", f"{base}/moderation", None), ("analysis", f"{base}/analysis", None),
                   ("check-in desk", f"{base}/check-in", None),
                   ("check-in search", f"{base}/check-in?q={typed}", None),
                   ("badges", f"{base}/badges", None), ("cards", f"{base}/cards", None),
                   ("paper editor", f"{base}/paper", None), ("report", f"{base}/report", None),
                   ("attendance", f"{base}/attendance", None), ("exports", f"{base}/exports", None),
                   ("notes panel", f"{base}/notes", None), ("theme responses", f"{base}/theme-responses", None),
                   ("facilitator 404", f"{base}/nothing-here", None)]
    projector = [(f"projector {view}", f"{base}/projector",
                  lambda view=view: store.set_display(live_db, event_id, {"view": view, "hidden": False}))
                 for view in ALL_VIEWS]
    return [(name, path, PHONE, before) for name, path, before in phone] + \
           [(name, path, LAPTOP, before) for name, path, before in facilitator + projector]


def context(browser, live, viewport, bypass_csp):
    """A signed-in browser context that records policy violations, console errors, dialogs and page errors."""
    ctx = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
    ctx.add_init_script(WATCH)
    page = ctx.new_page()
    page.goto(f"{live.url}/facilitator/sign-in")
    page.get_by_label("Facilitator password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live.url}/facilitator/")
    page.seen = []
    # A failed load is reported by the response (with its address) rather than by its console line.
    page.on("console", lambda message: message.type == "error" and "Failed to load resource" not in message.text
            and page.seen.append(("console", message.text)))
    page.on("response", lambda response: response.status >= 400 and page.seen.append(("response", response.url)))
    page.on("pageerror", lambda error: page.seen.append(("pageerror", str(error))))
    page.on("dialog", lambda dialog: (page.seen.append(("dialog", dialog.message)), dialog.dismiss()))
    return ctx, page


def visit(page, live, name, path, before):
    """Load one page, let its scripts and socket settle; what went wrong on it."""
    if before:
        before()
    page.seen.clear()
    if page.url.split("#")[0] == f"{live.url}{path}".split("#")[0]:
        page.goto("about:blank")  # so that a path differing only by #fragment is a real load
    response = page.goto(f"{live.url}{path}")
    page.wait_for_load_state("load")
    expected = 404 if name in NOT_FOUND else 200
    if response.status != expected or page.url != f"{live.url}{path}":
        page.seen.append(("status", f"{response.status} at {page.url}"))
    page.wait_for_timeout(250)
    found = [item for item in page.seen
             # The deliberate 404 pages, and the favicon a bare fragment (the notes panel) makes Chromium ask for.
             if not (item[0] == "response" and (name in NOT_FOUND and item[1] == page.url
                                                or item[1].endswith("/favicon.ico")))]
    found += [("violation", v) for v in page.evaluate("window.__violations")]
    if page.evaluate("window.__pwned === 1 || window.parent.__pwned === 1"):
        found.append(("pwned", "a payload ran"))
    return found


def run_every_page(browser, live, live_db, event_id, bypass_csp, typed="Ruth"):
    """Every page type of one event; {page name: what went wrong} for the pages where anything did."""
    problems = {}
    contexts = {}
    try:
        for name, path, viewport, before in pages(live_db, event_id, typed):
            key = (viewport["width"], viewport["height"])
            if key not in contexts:
                contexts[key] = context(browser, live, viewport, bypass_csp)
            found = visit(contexts[key][1], live, name, path, before)
            if found:
                problems[name] = found
    finally:
        for ctx, _ in contexts.values():
            ctx.close()
    return problems


def test_no_page_of_a_plain_event_breaks_the_policy_or_logs_an_error(browser, live, live_db, events):
    assert run_every_page(browser, live, live_db, events["plain"], bypass_csp=False) == {}


def test_no_payload_runs_and_none_gets_past_escaping_with_the_policy_on(browser, live, live_db, events):
    assert run_every_page(browser, live, live_db, events["hostile"], bypass_csp=False, typed=PAYLOADS[1]) == {}


def test_no_payload_runs_with_the_policy_bypassed_so_escaping_alone_holds(browser, live, live_db, events):
    assert run_every_page(browser, live, live_db, events["hostile"], bypass_csp=True, typed=PAYLOADS[2]) == {}


@pytest.mark.parametrize("name, path", [("control", "control"), ("cards", "cards"), ("report", "report")])
def test_main_pages_keep_their_styling_under_the_policy(browser, live, live_db, events, name, path):
    ctx, page = context(browser, live, {"width": 1280, "height": 720}, bypass_csp=False)
    try:
        page.goto(f"{live.url}/facilitator/events/{events['plain']}/{path}")
        page.wait_for_timeout(300)
        # The stylesheets applied: the body's font is the app's, not the browser's default serif.
        assert "serif" != page.evaluate("getComputedStyle(document.body).fontFamily")
        if name == "cards":
            sizes = page.evaluate("[...document.querySelectorAll('[data-chars]')].map((e) => "
                                  "e.style.getPropertyValue('--chars'))")
            assert sizes and all(sizes)
        if name == "control":
            assert page.evaluate("getComputedStyle(document.querySelector('.status-cells'))"
                                 ".gridTemplateColumns.split(' ').length") >= 1
        screenshot(page, f"csp-{name}-1280.png", full_page=False)
        assert page.evaluate("window.__violations") == []
    finally:
        ctx.close()
