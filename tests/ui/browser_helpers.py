"""What the browser tests share: Debian's Chromium, its flags for a closed network, a dashboard served on a free
local port, and the wait for a page's script run to be over."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.local_server import ServerDidNotStart, running
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


def _settle(page) -> None:
    """Waits until Streamlit says the script run is over (and the page has its title)."""
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                          && document.querySelector('h1') !== null; }""",
        timeout=60_000)
    page.wait_for_timeout(500)
