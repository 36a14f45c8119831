"""Benchmark (not a test): how long each dashboard page takes to run (AppTest), at ×1 and ×100.

    .venv/bin/python benchmarks/dashboard.py [--scales 1 100] [--keep DIR] [--browser-runs 3]

For each page: the first run in a fresh app (cold caches), then the rerun after a filter change
with warm caches (the filter state was already computed once, as when a user goes back and
forth), median of 5. Prints one table; the demo data replicated ×100 is built as in
benchmarks/ingest.py. Then, in Chromium on the demo warehouse (benchmarks/dashboard_browser.py):
each chart page drawn on a fresh server and a sector filter change, beside their targets
(first page drawn < 3 s, filter change settled < 1 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project first: this script's own name (dashboard.py) must not hide the `dashboard` package.
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import dashboard_browser  # noqa: E402
from ingest import CSV_SUFFIXES, replicate  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard.local_server import running  # noqa: E402
from pipelines.demo import generate  # noqa: E402
from pipelines.ingest.pipeline import ingest  # noqa: E402

PAGES = [
    "vue_ensemble",
    "commandes",
    "origine",
    "gts",
    "arrets",
    "durees",
    "adhesion",
    "equilibre",
    "qualite",
    "importer",
    "definitions",
]


def measure(warehouse: Path, page: str, repeat: int = 5) -> tuple[float, float]:
    os.environ["ASSLL_WAREHOUSE"] = str(warehouse)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    at.query_params["fin"] = "2024"
    start = time.perf_counter()
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    first = time.perf_counter() - start
    slider = at.sidebar.select_slider(key="f_periode")
    # Visit both states once so that the timed reruns find warm caches.
    for end in (2023, 2024):
        slider.set_value((2014, end)).run()
    times = []
    for i in range(repeat):
        slider.set_value((2014, 2023 if i % 2 == 0 else 2024))
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"exception on {page}: {at.exception[0].value}")
    return first, statistics.median(times)


def first_page_in_browser(warehouse: Path) -> float | None:
    """Seconds from opening the overview in a fresh Chromium to its key figures drawn (warm server)."""
    if not dashboard_browser.CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with running(warehouse) as url, sync_playwright() as p:
        # A first visit warms the server's caches, as after any earlier user; then 5 fresh browsers are timed.
        times = []
        for _visit in range(6):
            browser = p.chromium.launch(executable_path=str(dashboard_browser.CHROMIUM), args=dashboard_browser.FLAGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("[data-testid='stMetricValue']", timeout=120_000)
            times.append(time.perf_counter() - start)
            browser.close()
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument(
        "--browser-runs",
        type=int,
        default=3,
        help="fresh servers per chart page in Chromium (0: no per-page browser timing)",
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="assll-bench-dash-"))
    os.environ.setdefault("ASSLL_HASH_KEY", "benchmark-key-not-a-secret")  # 16 characters at least
    demo = base / "demo"
    if not demo.exists():
        generate(demo)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for scale in args.scales:
        raw = base / f"x{scale}"
        if not raw.exists():
            replicate(demo, raw, scale, CSV_SUFFIXES | {".xlsx"})  # every export the demo writes
        warehouse = base / f"wh{scale}"
        if not (warehouse / "CURRENT").exists():
            ingest(raw, warehouse)
        results[scale] = {page: measure(warehouse, page) for page in PAGES}
    header = f"{'page':<14}" + "".join(f"{f'x{s} 1st s':>11}{f'x{s} rerun s':>13}" for s in args.scales)
    print(header)
    for page in PAGES:
        print(f"{page:<14}" + "".join(f"{results[s][page][0]:>11.2f}{results[s][page][1]:>13.3f}" for s in args.scales))
    for scale in args.scales:
        seconds = first_page_in_browser(base / f"wh{scale}")
        if seconds is not None:
            print(
                f"x{scale}: first page (overview with its key figures) in a fresh Chromium: {seconds:.2f} s "
                "(median of 5)"
            )
    if args.browser_runs > 0 and dashboard_browser.CHROMIUM.exists():
        warehouse = base / "wh1"
        if not (warehouse / "CURRENT").exists():
            ingest(demo, warehouse)
        pages = dashboard_browser.cold_pages(warehouse, args.browser_runs)
        changes = dashboard_browser.filter_change(warehouse)
        dashboard_browser.report(pages, changes, args.browser_runs)
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
