"""Fixtures of the dashboard tests: the app on the demo warehouse (tests/conftest.py builds it once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture
def app(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """An AppTest of the dashboard on the demo warehouse; optional URL parameters and page."""
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(demo_warehouse))

    def make(page: str | None = None, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make


@pytest.fixture(scope="session")
def indicators(demo_warehouse: Path):
    """The indicators of the demo warehouse, to compare with what the pages show."""
    from pipelines.indicators import Indicators

    ind = Indicators(demo_warehouse)
    yield ind
    ind.close()


@pytest.fixture(scope="module")
def server(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served on the demo warehouse by `streamlit run` (browser tests)."""
    from .browser_helpers import serve

    with serve(demo_warehouse, ASSLL_RAW_DIR=str(tmp_path_factory.mktemp("exports_navigateur"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (browser tests)."""
    from playwright.sync_api import sync_playwright

    from .browser_helpers import CHROMIUM, FLAGS

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()
