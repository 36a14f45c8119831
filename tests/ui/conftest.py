"""Fixtures of the dashboard tests: the app on the demo warehouse (tests/conftest.py builds it once)."""

from __future__ import annotations

from collections.abc import Callable
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
