"""The optional « Comparaison » section of the activity report and its slide (only with partners' fiches)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from pipelines.comparatif.load import import_fiches
from pipelines.demo.fiches import write_demo_fiches
from pipelines.indicators import Indicators
from pipelines.reports.content import build
from pipelines.reports.model import Chart, Table
from pipelines.reports.slides import to_pptx


@pytest.fixture(scope="module")
def with_fiches(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("rapport_comparaison")
    shutil.copytree(demo_warehouse, base / "entrepot")
    write_demo_fiches(base / "fiches")
    import_fiches(base / "fiches", base / "entrepot")
    return base / "entrepot"


def _report(warehouse: Path, year: int = 2024, masked: bool = False):
    ind = Indicators(warehouse)
    try:
        return build(ind, year, masked=masked)
    finally:
        ind.close()


def test_no_section_without_fiches(demo_warehouse: Path) -> None:
    report = _report(demo_warehouse)
    assert [(s.number, s.title) for s in report.sections][-1] == ("VI", "Perspectives 2025")
    assert all("Comparaison" not in s.title for s in report.sections)


def test_section_before_the_perspectives_with_fiches(with_fiches: Path, tmp_path: Path) -> None:
    report = _report(with_fiches)
    assert [(s.number, s.title) for s in report.sections][-2:] == [
        ("VI", "Comparaison avec des départements similaires"),
        ("VII", "Perspectives 2025"),
    ]
    section = report.sections[-2]
    assert section.anchor == "section-6"
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.columns == [
        "Indicateur",
        "Charente (16)",
        "Vosges (88)",
        "Lot-et-Garonne (47)",
        "Loir-et-Cher (41)",
        "Aude (11)",
        "Mayenne (53)",
    ]
    assert table.rows[0][:2] == ("Commandes de la mesure", "173")
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.categories[0] == "Charente (16)"
    assert chart.series["Commandes par ETP"][0] == pytest.approx(173 / 6.0)
    path = to_pptx(report, tmp_path / "copil.pptx")
    titles = [sh.text_frame.text for s in Presentation(path).slides for sh in s.shapes if sh.has_text_frame]
    assert "Commandes par ETP — 2024" in titles


def test_no_section_for_a_year_without_fiches(with_fiches: Path) -> None:
    assert all("Comparaison" not in s.title for s in _report(with_fiches, 2022).sections)
