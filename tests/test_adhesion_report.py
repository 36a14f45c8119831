"""The report's section V.B and the slides carry the FSL/GTS gaps with the page's sentences; the comparison fiche
does not (COMPARATIF.md has no adhesion figure)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.comparatif.figures import figures
from pipelines.indicators import Indicators
from pipelines.published import Published, adhesion_sentences
from pipelines.published.adhesion_text import points
from pipelines.published.narrative import Sentence
from pipelines.reports.content import build
from pipelines.reports.generate import write
from pipelines.reports.model import Chart, Paragraph

YEAR = 2024
TODAY = dt.date(2026, 11, 26)
IDS = ("ecart_adhesion_fsl_gts_brut_points", "ecart_adhesion_fsl_gts_ajuste_points")


@pytest.fixture(scope="module")
def indicators(demo_warehouse: Path):
    ind = Indicators(demo_warehouse)
    yield ind
    ind.close()


def section_vb(report) -> object:
    return next(s for s in report.walk() if s.title == "Un accompagnement efficace lorsque les ménages collaborent")


@pytest.mark.parametrize("masked", [False, True])
def test_section_vb_carries_both_gaps_and_their_sentences(indicators: Indicators, masked: bool) -> None:
    report = build(indicators, YEAR, masked=masked, today=TODAY)
    section = section_vb(report)
    said = [str(s) for b in section.blocks if isinstance(b, Paragraph) for s in b.sentences]
    pub = Published.of(indicators, diffusion_on=masked)
    assert str(adhesion_sentences.raw_gap(pub, YEAR)) in said
    assert str(adhesion_sentences.adjusted_gap(pub, YEAR)) in said
    chart = next(b for b in section.blocks if isinstance(b, Chart) and b.key == "ecarts_adhesion")
    expected = tuple(indicators.compute(i, YEAR).value["value"] for i in IDS)
    assert chart.series["Écart (points)"] == expected  # never masked: 539 closures on both sides
    assert chart.table is not None
    assert [row[1].text for row in chart.table.rows] == [points(v) for v in expected]


def test_slides_carry_the_gap_chart_and_its_sentences(indicators: Indicators, tmp_path: Path) -> None:
    from pptx import Presentation

    report = build(indicators, YEAR, masked=False, today=TODAY)
    path = write(report, "pptx", tmp_path)
    slides = Presentation(path).slides
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    charts = [
        slide
        for slide in slides
        if any(s.has_chart for s in slide.shapes)
        and any(s.has_text_frame and "commission FSL − GTS" in s.text_frame.text for s in slide.shapes)
    ]
    assert len(charts) == 1
    pub = Published.of(indicators)
    words = next(t for t in texts if t.startswith("Commission FSL ou GTS : ce que dit l'écart"))
    assert str(adhesion_sentences.adjusted_gap(pub, YEAR)) in words
    assert str(adhesion_sentences.raw_gap(pub, YEAR)) in words


def test_the_comparison_fiche_has_no_adhesion_figure() -> None:
    assert not [f for f in (*figures(), *map(str, figures().values())) if "adhesion" in f or "conjointe" in f]


def test_limits_are_said() -> None:
    assert "pas une preuve de cause" in str(Sentence([adhesion_sentences.LIMITS[0]]))


def test_demo_records_the_joint_evaluation_from_2025_only(indicators: Indicators) -> None:
    assert [indicators.compute("demandes_evaluation_conjointe_renseignee", y).value for y in (2023, 2024)] == [0, 0]
    share = indicators.compute("part_demandes_evaluation_conjointe_pct", 2025)
    assert share.denominator and 30 < share.value < 60  # a visible share, some cells left empty
    assert share.denominator < indicators.compute("commandes_assll", 2025).value
