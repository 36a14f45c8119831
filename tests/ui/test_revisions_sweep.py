"""Every surface that shows a figure of a published year follows the one rule (issue 20): the published value,
with « révisé à » and the value now beside it when it has moved. The demo warehouse is copied and given an
edition of 2024 whose three figures were published two lower than they are now (as before late entries)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.indicators import Indicators
from pipelines.published import Published
from pipelines.published.revisions import VALUES_FILE, freeze, values_bytes
from pipelines.store import editions as store
from tests.ui.helpers import metrics

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
# The 2024 figures of the demo (the 2024 report), and what the edition says was published.
NOW = {"commandes_assll": 173, "gts_situations_examinees": 410, "mesures_cloturees": 188}
PUBLISHED = {k: v - 2 for k, v in NOW.items()}


@pytest.fixture(scope="module")
def published_warehouse(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("revisions") / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    ind = Indicators(warehouse)
    try:
        values = freeze(Published.of(ind), Published.of(ind, diffusion_on=True), 2024)
    finally:
        ind.close()
    for records in values["modes"].values():
        for r in records:
            if r["indicator"] in PUBLISHED and r["key"] is None:
                r["value"], r["text"] = PUBLISHED[r["indicator"]], str(PUBLISHED[r["indicator"]])
    pending = store.begin(warehouse)
    store.finish(pending, 2024, {VALUES_FILE: values_bytes(values)}, {"qui": "test", "quand": "2025-01-20"})
    return warehouse


@pytest.fixture
def app(published_warehouse: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(published_warehouse))

    def make(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception
        return at

    return make


def test_the_overview_of_2024_shows_the_published_figures_and_their_revision(app) -> None:
    shown = metrics(app(fin="2024"))
    assert shown["Commandes d'ASSLL"] == "171, révisé à 173"
    assert shown["Situations examinées en GTS"] == "408, révisé à 410"
    assert shown["Mesures clôturées"] == "186, révisé à 188"
    assert shown["Commandes de diagnostic"] == "64"  # not revised: as published


def test_the_2025_comparisons_use_the_published_2024_figures(app) -> None:
    at = app(fin="2025")
    sentences = [m.value for m in at.markdown]
    assert any("(contre 408, révisé à 410 en 2024)" in s for s in sentences), sentences


def test_a_filtered_view_shows_the_figures_of_the_day(app) -> None:
    shown = metrics(app(fin="2024", secteur="Cognac"))
    assert "révisé" not in shown["Commandes d'ASSLL"]


def test_the_presentation_follows_the_rule(app) -> None:
    at = app("app_pages/presentation.py", annee="2025")
    captions = [c.value for c in at.caption]
    assert "contre 171, révisé à 173 en 2024" in captions, captions
    at = app("app_pages/presentation.py", annee="2024")
    assert metrics(at)["Commandes d'ASSLL"] == "171, révisé à 173"


def test_the_gts_page_of_2024(app) -> None:
    at = app("app_pages/gts.py", fin="2024")
    texts = json.dumps([m.value for m in at.metric] + [m.value for m in at.markdown], ensure_ascii=False)
    assert "408, révisé à 410" in texts
