"""Benchmark helpers (not a test): the dashboard as a user's Chromium sees it (issue 10, item 7).

Used by benchmarks/dashboard.py. Two figures, each against its target:
- a chart page opened on a FRESH server (cold caches; started as `assll dashboard` does) in a fresh
  browser context: seconds from `goto` to every chart drawn (each `stPlotlyChart` holds its `.main-svg`, the script is
  `notRunning`); with the bytes that came through the websocket (the figures' JSON) and the
  JavaScript downloaded (the Plotly chunk);
- a sidebar filter change on a warm page (Commandes, fin=2024): « Cognac » chosen in the sector
  multiselect as a user would (click, type, Enter), seconds from Enter to the script back at
  `notRunning` and the last change in the page's DOM (every chart redrawn).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.local_server import running
from pipelines.reports.pdf import FLAGS  # the product's own Chromium flags: a closed network

CHROMIUM = Path("/usr/bin/chromium")
CHART_PAGES = ["vue-ensemble", "commandes", "origine", "gts", "arrets", "durees", "equilibre"]
TIMEOUT_MS = 120_000  # a guard against a hang, not a target

# Every chart drawn: the script run over, no placeholder left (a chart whose code is still loading shows
# a skeleton), a chart for each container of dashboard/components.chart_card (key « graphique_… »), each
# with Plotly's SVG.
CHARTS_DRAWN = """
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  const expected = document.querySelectorAll('[data-testid="stElementContainer"][class*="st-key-graphique"]');
  if (charts.length === 0 || charts.length < expected.length) return false;
  for (const c of charts) { if (!c.querySelector('.main-svg')) return false; }
"""
ALL_DRAWN = (
    """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;"""
    + CHARTS_DRAWN
    + """
  return charts.length;
}"""
)

# Watches the page from now on: the time Enter is pressed, the script state changes, the last DOM change.
WATCH = """() => {
  window.__bench = {t0: null, states: [], lastMutation: performance.now()};
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    window.__bench.states.push([performance.now(), app.getAttribute('data-test-script-state')]);
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  new MutationObserver(() => { window.__bench.lastMutation = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && window.__bench.t0 === null) window.__bench.t0 = performance.now();
  }, true);
}"""

# Settled: the script ran and stopped after Enter, every chart has its SVG, no DOM change for 500 ms.
SETTLED = (
    """() => {
  const b = window.__bench;
  if (b.t0 === null) return false;
  const ran = b.states.findIndex(([t, s]) => t >= b.t0 && s === 'running');
  if (ran < 0) return false;
  const done = b.states.slice(ran).find(([t, s]) => s === 'notRunning');
  if (!done) return false;"""
    + CHARTS_DRAWN
    + """
  if (performance.now() - b.lastMutation < 500) return false;
  return {script: done[0] - b.t0, settled: Math.max(done[0], b.lastMutation) - b.t0, charts: charts.length};
}"""
)


@dataclass
class PageLoad:
    seconds: float
    charts: int
    ws_bytes: int  # websocket frames received: Streamlit's ForwardMsgs, the figures' JSON among them
    js_bytes: int  # JavaScript downloaded
    largest_js: tuple[str, int]


def _load(browser, url: str) -> PageLoad:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    frames: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))))
    scripts: list = []
    page.on("requestfinished", lambda r: scripts.append(r) if r.resource_type == "script" else None)
    start = time.perf_counter()
    page.goto(url)
    charts = page.wait_for_function(ALL_DRAWN, timeout=TIMEOUT_MS).json_value()
    seconds = time.perf_counter() - start
    sizes = [(r.url.rsplit("/", 1)[-1], r.sizes()["responseBodySize"]) for r in scripts]
    context.close()
    return PageLoad(
        seconds, int(charts), sum(frames), sum(s for _, s in sizes), max(sizes, key=lambda s: s[1], default=("", 0))
    )


def cold_pages(warehouse: Path, runs: int) -> dict[str, list[PageLoad]]:
    """Each chart page on `runs` fresh servers, each time in a fresh Chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[PageLoad]] = {slug: [] for slug in CHART_PAGES}
    with sync_playwright() as p:
        for slug in CHART_PAGES:
            for _ in range(runs):
                with running(warehouse) as url:
                    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                    try:
                        results[slug].append(_load(browser, f"{url}/{slug}?fin=2024"))
                    finally:
                        browser.close()
    return results


def _choose_sector(page, multiselect, remove: bool) -> dict:
    page.evaluate(WATCH)
    box = multiselect.locator("input")
    box.click()
    if remove:  # puts the page back as it was, untimed: Backspace drops the last chosen sector
        page.keyboard.press("Backspace")
        page.evaluate("() => { window.__bench.t0 = performance.now(); }")
    else:
        page.keyboard.type("Cognac")
        page.keyboard.press("Enter")
    result = page.wait_for_function(SETTLED, timeout=TIMEOUT_MS).json_value()
    page.keyboard.press("Escape")
    page.locator("h1").first.click()  # focus leaves the widget, as a user's next click would
    page.wait_for_timeout(300)
    return result


def filter_change(warehouse: Path, repeat: int = 5) -> list[dict]:
    """« Cognac » chosen in the sector filter on a warm Commandes page (fin=2024): `repeat` timings."""
    from playwright.sync_api import sync_playwright

    timings: list[dict] = []
    with running(warehouse) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
        page = context.new_page()
        page.goto(f"{url}/commandes?fin=2024")
        page.wait_for_function(ALL_DRAWN, timeout=TIMEOUT_MS)
        multiselect = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Secteur")
        # One untimed round trip first: both views computed once, as on a page a user has been using.
        for _ in range(repeat + 1):
            timed = _choose_sector(page, multiselect, remove=False)
            chosen = multiselect.inner_text()
            if "Cognac" not in chosen:
                raise SystemExit(f"« Cognac » n'a pas été choisi dans le filtre : {chosen!r}")
            timings.append(timed)
            _choose_sector(page, multiselect, remove=True)
        browser.close()
    return timings[1:]


def report(pages: dict[str, list[PageLoad]], changes: list[dict], runs: int) -> None:
    """One table, the figures beside their targets."""
    print(f"\nIn Chromium (demo warehouse, ×1); page = median of {runs} fresh server(s), cold caches:")
    print(f"{'page':<14}{'drawn s':>9}{'runs s':>22}{'charts':>8}{'ws MB':>8}{'JS MB':>8}  largest JS")
    for slug, loads in pages.items():
        runs_text = " ".join(f"{load.seconds:.1f}" for load in loads)
        last = loads[-1]
        print(
            f"{slug:<14}{statistics.median(x.seconds for x in loads):>9.2f}{runs_text:>22}{last.charts:>8}"
            f"{last.ws_bytes / 1e6:>8.2f}{last.js_bytes / 1e6:>8.2f}  {last.largest_js[0]} "
            f"({last.largest_js[1] / 1e6:.2f} MB)"
        )
    first = statistics.median(x.seconds for x in pages["vue-ensemble"])
    slowest = max(pages, key=lambda s: statistics.median(x.seconds for x in pages[s]))
    slowest_s = statistics.median(x.seconds for x in pages[slowest])
    script = statistics.median(c["script"] for c in changes) / 1000
    settled = statistics.median(c["settled"] for c in changes) / 1000
    print(
        "\nTimings of the filter change (script over / settled, s): "
        + ", ".join(f"{c['script'] / 1000:.2f}/{c['settled'] / 1000:.2f}" for c in changes)
    )
    print(f"\n{'measure':<58}{'figure':>9}{'target':>9}  verdict")
    rows = [
        ("first page drawn (vue-ensemble, fresh server)", first, 3.0),
        (f"slowest chart page drawn ({slowest}, fresh server)", slowest_s, 3.0),
        (f"filter change: script over (median of {len(changes)})", script, 1.0),
        (f"filter change settled, charts redrawn (median of {len(changes)})", settled, 1.0),
    ]
    for label, value, target in rows:
        print(f"{label:<58}{value:>8.2f}s{f'< {target:.0f} s':>9}  {'ok' if value < target else 'OVER'}")
