"""How fast a table's page is usable on a phone on slow venue Wi-Fi: bytes transferred and time, first load and reload.

Run by hand: .venv/bin/python benchmarks/phone_load.py [--runs 5] [--event FILE]
Not part of the test suite. The figures go into docs/performance.md.

It starts a real server.py (gevent) on loopback with the demo event (or FILE) and voting open on table 1's first
criterion, then opens table 1's page in headless Chromium with the network throttled through the DevTools protocol
to a slow-3G profile (400 kbit/s down and up, 400 ms round trip), browser cache on. Each run is a fresh browser
context (an empty cache): the first load, then a reload. It does the same against a second server with compression
and static caching turned off (COMPRESS_RESPONSES and IMMUTABLE_STATIC False in its instance/config.py), so the
ratio between the two shows what they bring, whatever this noisy machine's speed.

"Usable" means: the ballot editor of the open criterion is shown with its controls working (static/js/table.js has
built it; a tap is kept on the phone and shared once connected) and the connection badge reads a connection state.
"Connected" means the badge says "Connected": the phone has joined its table live.
"""
import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from facilitation import store  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.servers import LiveServer, run_cli  # noqa: E402

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
STATES = ("Connecting…", "Connected", "Offline — reconnecting…")
# Polled on every animation frame; records when the page first became usable and first joined its table.
WATCH = """([criterion, states]) => {
  const t = window.__load || (window.__load = {});
  const editor = document.querySelector('#criterion-' + criterion + ' form.editor');
  const badge = document.getElementById('connection');
  const text = badge ? badge.textContent.trim() : '';
  if (!t.usable && editor && !editor.hidden && states.indexOf(text) >= 0) { t.usable = performance.now(); }
  if (!t.connected && text === 'Connected') { t.connected = performance.now(); }
  return t.usable && t.connected ? t : null;
}"""


def serve(instance, event_file, plain):
    """A running server.py with the event imported and voting open on table 1's first criterion."""
    instance.mkdir(parents=True)
    if plain:
        (instance / "config.py").write_text("COMPRESS_RESPONSES = False\nIMMUTABLE_STATIC = False\n")
    event_id = int(run_cli(instance, "import", str(event_file), check=True).stdout.strip())
    db = store.connect(str(instance / "facilitation.db"))
    table = store.list_tables(db, event_id)[0]
    store.set_voting(db, event_id, table["criteria"][0], "open")
    db.conn.close()
    server = LiveServer(instance, args=["--no-demo"]).start()
    return server, f"{server.url}/t/{table['join_token']}", table["criteria"][0]


class Traffic:
    """What the page fetched over the network, from the DevTools protocol's events."""

    def __init__(self, cdp):
        self.reset()
        cdp.on("Network.responseReceived", self.response)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.webSocketFrameReceived", lambda e: self.frame(e, "in"))
        cdp.on("Network.webSocketFrameSent", lambda e: self.frame(e, "out"))

    def reset(self):
        """Start counting afresh (before each navigation)."""
        self.bytes, self.requests, self.revalidated, self.cached, self.ws_bytes = 0, [], 0, set(), 0
        self.urls = {}

    def response(self, event):
        self.urls[event["requestId"]] = (event["response"]["url"], event["response"]["status"])
        if event["response"]["status"] == 304:
            self.revalidated += 1

    def finished(self, event):
        if event["requestId"] in self.cached:
            return
        self.bytes += event["encodedDataLength"]
        self.requests.append(self.urls.get(event["requestId"], ("?", 0)) + (event["encodedDataLength"],))

    def frame(self, event, way):
        self.ws_bytes += len(event["response"]["payloadData"])


def measure(page, traffic, go, criterion):
    """Navigate (first load or reload) and return the figures of this one load."""
    traffic.reset()
    go()
    timings = page.wait_for_function(WATCH, arg=[criterion, list(STATES)], polling="raf", timeout=60_000).json_value()
    # Dragging (SortableJS) loads after the page: its bytes count too, so wait for it and for the network to settle.
    page.wait_for_function("() => !(document.getElementById('ballot-script') || {dataset: {}}).dataset.sortable"
                           " || window.Sortable", timeout=60_000)
    page.wait_for_timeout(1000)
    paint = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    return {"usable": timings["usable"] / 1000, "connected": timings["connected"] / 1000, "paint": paint / 1000,
            "bytes": traffic.bytes, "requests": len(traffic.requests), "revalidated": traffic.revalidated,
            "ws_bytes": traffic.ws_bytes, "detail": list(traffic.requests)}


def run(browser, url, criterion):
    """One fresh phone: first load, then reload."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    traffic = Traffic(cdp)
    first = measure(page, traffic, lambda: page.goto(url, wait_until="commit"), criterion)
    again = measure(page, traffic, lambda: page.reload(wait_until="commit"), criterion)
    context.close()
    return first, again


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def report(name, rows):
    """Median figures of one configuration's runs, as a row per load."""
    out = {}
    for i, load in enumerate(("first load", "reload")):
        loads = [r[i] for r in rows]
        out[load] = {k: median(loads, k) for k in ("usable", "connected", "paint", "bytes", "requests", "revalidated",
                                                   "ws_bytes")}
        f = out[load]
        print(f"{name:<28} {load:<10} {f['bytes'] / 1000:>8.1f} KB {f['requests']:>4.0f} req {f['revalidated']:>3.0f} "
              f"304  paint {f['paint']:>5.2f} s  usable {f['usable']:>5.2f} s  connected {f['connected']:>5.2f} s  "
              f"(+{f['ws_bytes'] / 1000:.1f} KB WebSocket)")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--event", default=str(ROOT / "facilitation" / "sample_events" / "demo.json"))
    parser.add_argument("--detail", action="store_true", help="list every request of the last run")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="phone-load-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, plain in (("compressed, cached", False), ("compression/caching off", True)):
            server, url, criterion = serve(Path(tmp) / ("plain" if plain else "fast"), args.event, plain)
            try:
                run(browser, url, criterion)   # warm-up: the server compresses each static file once, on first use
                rows = [run(browser, url, criterion) for _ in range(args.runs)]
            finally:
                server.stop()
            results[name] = report(name, rows)
            if args.detail:
                for load, figures in zip(("first load", "reload"), rows[-1]):
                    for request_url, status, size in figures["detail"]:
                        print(f"    {load:<10} {status} {size:>7} B  {request_url.split('?')[0][-70:]}")
        browser.close()
    fast, plain = results["compressed, cached"], results["compression/caching off"]
    for load in ("first load", "reload"):
        print(f"ratio off/on, {load}: bytes {plain[load]['bytes'] / fast[load]['bytes']:.2f}, "
              f"usable {plain[load]['usable'] / fast[load]['usable']:.2f}, "
              f"connected {plain[load]['connected'] / fast[load]['connected']:.2f}")


if __name__ == "__main__":
    main()
