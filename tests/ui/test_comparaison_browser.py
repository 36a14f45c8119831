"""Comparaison départementale in Chromium, on the demo warehouse with the demo fiches: no exception, nothing
fetched from outside (the map is drawn from the shipped shapes), Charente and its five peers shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.comparatif.load import import_fiches
from pipelines.demo.fiches import write_demo_fiches
from tests.ui.browser_helpers import CHROMIUM, FLAGS, _settle, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium)")


def test_comparison_page_in_chromium(demo_warehouse: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    warehouse = tmp_path / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    write_demo_fiches(tmp_path / "fiches")
    import_fiches(tmp_path / "fiches", warehouse)
    with serve(warehouse, ASSLL_FICHES_DIR=str(tmp_path / "depot")) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_context(viewport={"width": 1400, "height": 4000}, locale="fr-FR").new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:", "about:")) else None,
        )
        page.goto(f"{url}/comparaison")
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == "Comparaison départementale"
        assert page.locator("[data-testid='stException']").count() == 0
        main = page.locator("[data-testid='stMain']")
        # The page sets its default choice of peers on its first run, then draws it: wait for the second run.
        expect(main).to_contain_text("Mayenne (53)", timeout=30_000)
        text = main.inner_text()
        assert "Données fictives" in text
        for name in ("Vosges (88)", "Lot-et-Garonne (47)", "Loir-et-Cher (41)", "Aude (11)", "Mayenne (53)"):
            assert name in text
        # the figure's bars and the map (drawn once Plotly's code is in: wait for it rather than race it)
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
        browser.close()
    assert outside == [], outside[:5]
