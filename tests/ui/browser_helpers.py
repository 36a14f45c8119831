"""What the browser tests share: Debian's Chromium, its flags for a closed network, a dashboard served on a free
local port, and the wait for a page's script run to be over (the signal the app gives at the end of each run)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.local_server import ServerDidNotStart, running
from dashboard.page_scripts import PAGE_ATTRIBUTE, RUN_ATTRIBUTE
from pipelines.reports.pdf import FLAGS  # noqa: F401  (the product's own Chromium flags: a closed network)

CHROMIUM = Path("/usr/bin/chromium")


@contextlib.contextmanager
def serve(warehouse: Path, *, port: int | None = None, options: tuple[str, ...] = (), **env: str) -> Iterator[str]:
    """The dashboard served as `assll dashboard` serves it (dashboard/serve.py: `streamlit run` behind a warm
    start) on a free local port (or `port`), on this warehouse; yields its URL."""
    try:
        with running(warehouse, port=port, options=options, **env) as url:
            yield url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


def runs(page) -> int:
    """How many script runs of this page's session are finished (dashboard/page_scripts.run_finished)."""
    return int(page.evaluate(f"() => document.documentElement.getAttribute('{RUN_ATTRIBUTE}') || 0"))


def _settle(page, after: int = 0, timeout: float = 120_000) -> int:
    """Waits until a script run after the `after`-th is over, drew the page of the address shown, and Streamlit is
    idle: the app marks the end of every run it finishes (<html data-assll-execution="N" data-assll-page="P">,
    written last), so the page is drawn whole, in French. After an action on a page already drawn, pass the count
    read before it (`runs(page)`). Returns the new count."""
    page.wait_for_function(
        """([runs, drawn, after]) => {
               const root = document.documentElement;
               const done = Number(root.getAttribute(runs) || 0);
               const shown = decodeURIComponent(location.pathname).replace(/^[/]+|[/]+$/g, '');
               const app = document.querySelector('[data-testid="stApp"]');
               return done > after && root.getAttribute(drawn) === shown && app !== null
                      && app.getAttribute('data-test-script-state') === 'notRunning' && root.lang === 'fr';
           }""",
        arg=[RUN_ATTRIBUTE, PAGE_ATTRIBUTE, after],
        timeout=timeout,
    )
    return runs(page)


def drawn_text(page, timeout: float = 120_000) -> str:
    """The main area's text once each of its Plotly charts has drawn its data (a page whose charts all hold some):
    the charts, and the « < 5 » marks of their bars, are drawn just after the run's end signal, so reading right
    after _settle may miss them."""
    page.wait_for_function(
        """() => {
               const charts = document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]');
               return charts.length > 0 && Array.from(charts).every((c) => c.querySelector('.main-svg .trace'));
           }""",
        timeout=timeout,
    )
    return page.locator("[data-testid='stMain']").inner_text()
