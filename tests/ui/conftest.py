"""Fixtures of the dashboard tests: the demo warehouse, built once per session, and the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.demo import generate
from pipelines.ingest import ingest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tableau_de_bord")
    raw, warehouse = base / "brut", base / "entrepot"
    generate(raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSLL_KEY_FILE", str(base / "cle"))
        ingest(raw, warehouse, key="test")
    return warehouse


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
