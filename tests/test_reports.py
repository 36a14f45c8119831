"""The activity report and the slides, generated from the demo warehouse: every figure traced to its
indicator and equal to it, the 2024 report's figures stated, the PDF paginated with the same
figures, the slides holding native charts whose data are the indicators."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipelines.indicators import Indicators
from pipelines.published import fmt
from pipelines.reports.content import build
from pipelines.reports.generate import generate
from pipelines.reports.pdf import chromium_path

YEAR = 2024
TODAY = dt.date(2026, 11, 26)


def _chromium() -> bool:
    try:
        chromium_path()
    except Exception:
        return False
    return True


needs_chromium = pytest.mark.skipif(
    not _chromium(),
    reason="Chromium absent : le PDF ne peut pas être imprimé "
    "(`python3 run.py test` l'installe quand il est lancé en root)",
)


class Figures(HTMLParser):
    """Collects every element carrying a data-indicator attribute, with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "data-indicator" in attributes:
            self._open = attributes | {"text": ""}

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == "span":
            self.found.append(self._open)
            self._open = None


@pytest.fixture(scope="module")
def outputs(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rapports")
    formats = ["html", "pptx"] + (["pdf"] if _chromium() else [])
    paths = generate(demo_warehouse, YEAR, formats, out, today=TODAY)
    return {p.suffix.lstrip("."): p for p in paths}


@pytest.fixture(scope="module")
def indicators(demo_warehouse: Path):
    ind = Indicators(demo_warehouse)
    yield ind
    ind.close()


def expected(indicators: Indicators, figure: dict) -> float:
    year = int(figure["data-annee"])
    computed = indicators.compute(figure["data-indicator"], year)
    value = computed.value
    key = figure.get("data-cle")
    kind = figure["data-type"]
    if key == "numerateur":  # the count behind a share (`78,0 % …, soit 135`)
        return computed.numerator
    if kind == "part":
        total = sum(v or 0 for v in value.values())
        keys = key.split("+")
        return 100 * sum(value[k] for k in keys) / total
    if kind == "evolution":
        before = indicators.compute(figure["data-indicator"], int(figure["data-annee-base"])).value
        return 100 * (value - before) / before
    if key:
        if "+" in key:
            return sum(value[k] for k in key.split("+"))
        return value[key]
    if isinstance(value, dict) and "valeur" in value:  # a median (time to event): its value, not its interval
        return value["valeur"]
    if isinstance(value, dict) and "value" in value:  # a gap (adhesion): its value, not its interval
        return value["value"]
    return value


def test_every_traced_figure_equals_its_indicator(outputs: dict[str, Path], indicators: Indicators) -> None:
    parser = Figures()
    parser.feed(outputs["html"].read_text(encoding="utf-8"))
    assert len(parser.found) > 80
    for figure in parser.found:
        assert float(figure["data-valeur"]) == pytest.approx(expected(indicators, figure)), figure


def test_the_2024_report_states_its_key_figures(outputs: dict[str, Path]) -> None:
    text = html.unescape(outputs["html"].read_text(encoding="utf-8"))
    for expected_text in (
        'data-indicator="commandes_assll" data-annee="2024" data-type="valeur" data-valeur="173.0">173<',
        ">+13,8\u00a0%<",
        'data-indicator="mesures_cloturees" data-annee="2024" data-type="valeur" data-valeur="188.0">188<',
        ">6,9\u00a0mois<",
    ):
        assert expected_text in text, expected_text
    assert "En 2024, le nombre de commandes d'ASSLL est en hausse par rapport à 2023" in text


def test_html_is_self_contained(outputs: dict[str, Path]) -> None:
    text = html.unescape(outputs["html"].read_text(encoding="utf-8"))
    assert "Plotly.newPlot" in text
    assert len(re.findall(r"<script\b", text)) > 10
    assert not re.search(r"<script[^>]*\bsrc=", text)  # plotly.js is inline, not loaded
    markup = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)
    for heading in (
        "I. Présentation générale",
        "II. Les moyens",
        "III. Les commandes",
        "IV. Les résultats des situations examinées en GTS",
        "V. Analyse des arrêts des mesures en 2024",
        "VI. Perspectives 2025",
    ):
        assert heading in text


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split()) for p in PdfReader(path).pages]


@needs_chromium
def test_pdf_has_sections_page_numbers_and_the_same_figures(outputs: dict[str, Path]) -> None:
    pages = _pdf_text(outputs["pdf"])
    assert len(pages) >= 10
    whole = " ".join(pages)
    for heading in (
        "Sommaire",
        "I. Présentation générale",
        "III. Les commandes",
        "A. Évolution des commandes",
        "V. Analyse des arrêts des mesures en 2024",
        "VI. Perspectives 2025",
    ):
        assert heading in whole, heading
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} sur {len(pages)}" in text
    for figure in ("173", "+13,8 %", "188", "6,9 mois", "410"):
        assert figure in whole
    # The table of contents gives the page where each section starts (the numbers come first in the
    # extracted text of the cover page: they are right-aligned beside the titles).
    numbers = [int(n) for n in re.match(r"^((?:\d+ )+)", pages[0]).group(1).split()]
    headings = ["I. Présentation générale", "II. Les moyens", "III. Les commandes"]
    for heading, number in zip(headings, numbers, strict=False):
        first = next(i for i, t in enumerate(pages[1:], start=2) if heading in t)
        assert number == first, heading


@needs_chromium
def test_pdf_embeds_its_fonts_and_draws_charts_as_vectors(outputs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(outputs["pdf"])
    fonts = set()
    images = 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
        images += len(page.images)
    assert any("DejaVuSans" in f for f in fonts)
    assert images == 0  # charts are vector paths, not pictures


def test_pptx_has_native_charts_carrying_the_indicators(outputs: dict[str, Path], indicators: Indicators) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(outputs["pptx"])
    charts = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.shape_type != MSO_SHAPE_TYPE.PICTURE
            if shape.has_chart:
                title = next(s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text)
                charts[title] = shape.chart
    assert len(charts) >= 12
    sectors = charts["Commandes par secteur ASSLL — 2024"]
    values = dict(zip(sectors.plots[0].categories, sectors.plots[0].series[0].values, strict=True))
    for key, value in indicators.compute("commandes_par_secteur", YEAR).value.items():
        if value:
            assert values[key] == value
    trend = charts["Commandes d'ASSLL et de diagnostic — 2014–2024"]
    series = {s.name: s.values for s in trend.plots[0].series}
    assert series["Commandes d'ASSLL"][-2:] == (152.0, 173.0)
    assert series["Commandes de diagnostic"][-2:] == (112.0, 64.0)
    closures = charts["Mesures clôturées par motif d'arrêt — 2024"]
    assert dict(zip(closures.plots[0].categories, closures.plots[0].series[0].values, strict=True)) == {
        "Travail possible": 73.0,
        "Travail non possible": 103.0,
        "Limites d'intervention atteintes": 12.0,
    }


def test_diffusion_masks_small_counts(demo_warehouse: Path) -> None:
    indicators = Indicators(demo_warehouse)
    try:
        report = build(indicators, YEAR, masked=True, today=TODAY)
    finally:
        indicators.close()
    counts = {f.text for f in report.figures() if f.indicator == "refus_par_motif" and f.kind == "valeur"}
    assert counts == {"< 5", "moins de 5", "0"}  # every refusal reason counts 0 or 1 to 4 in 2024
    shares = {f.text for f in report.figures() if f.indicator == "refus_par_motif" and f.kind == "part"}
    assert shares == {"masqué", "0,0\u00a0%"}
    assert all(
        f.value is None or not (0 < f.value < 5)
        for f in report.figures()
        if f.kind == "valeur"
        and f.indicator
        and "pct" not in f.indicator
        and "duree" not in f.indicator
        and "etp" not in f.indicator
    )


# -- V.C: durations as time to event ------------------------------------------------------------------
def _durations_section(report):
    return next(s for s in report.walk() if s.number == "C" and s.title.startswith("La durée des mesures"))


def test_durations_part_gains_the_median_the_shares_and_a_curve(indicators: Indicators) -> None:
    from pipelines.indicators.survival import MONTH_DAYS, Cohort, KaplanMeier
    from pipelines.reports.model import Chart, Paragraph, Table

    section = _durations_section(build(indicators, YEAR, masked=False, today=TODAY))
    said = [str(s) for b in section.blocks if isinstance(b, Paragraph) for s in b.sentences]
    median = indicators.compute("duree_mediane_km_mois", YEAR).value
    assert (round(median["valeur"], 1), round(median["borne_basse"], 1), round(median["borne_haute"], 1)) == (
        3.8,
        3.4,
        5.0,
    )
    # 2023's interval [5,5 ; not reached[ and 2024's [3,4 ; 5,0] do not overlap: « en baisse ».
    assert (
        "La moitié des mesures d'ASSLL commencées en 2024 durent plus de 3,8\u00a0mois "
        "(IC 95\u00a0% : 3,4 à 5,0), en baisse par rapport à 2023 (contre 7,6\u00a0mois)."
    ) in said
    assert any(
        s.startswith(
            "Compte tenu des mesures encore en cours, on estime que 73,6\u00a0% des mesures "
            "commencées en 2024 sont terminées au bout de 6 mois"
        )
        for s in said
    )
    table = next(b for b in section.blocks if isinstance(b, Table) and b.columns[2] == "Intervalle à 95 %")
    rows = {r[0]: [str(c) for c in r[1:]] for r in table.rows}
    assert rows["Durée médiane des mesures commencées dans l'année"] == ["3,8\u00a0mois", "3,4 à 5,0", "7,6\u00a0mois"]
    six = indicators.compute("part_cloturees_6_mois_km_pct", YEAR).value
    assert rows["Terminées en 6 mois au plus (Kaplan–Meier)"][0] == fmt.percent(six) == "73,6\u00a0%"
    chart = next(b for b in section.blocks if isinstance(b, Chart) and b.key == "durees_kaplan_meier")
    assert chart.kind == "line" and chart.percent and list(chart.series) == ["Commencées en 2023", "Commencées en 2024"]
    frame = indicators.query(
        indicators.definition("mesures_debutees").sql, {"annee": YEAR, "date": dt.date(YEAR, 12, 31)}
    )
    km = KaplanMeier(Cohort.from_frame(frame))
    for month, value in enumerate(chart.series["Commencées en 2024"]):
        assert value == pytest.approx(100 * km.at(round(month * MONTH_DAYS))), month


def test_slides_hold_the_curve_as_a_native_line_chart(outputs: dict[str, Path]) -> None:
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    found = []
    for slide in Presentation(outputs["pptx"]).slides:
        for shape in slide.shapes:
            if shape.has_chart and "Kaplan–Meier" in next(
                s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text
            ):
                found.append(shape.chart)
    assert len(found) == 1
    chart = found[0]
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    series = {s.name: s.values for s in chart.plots[0].series}
    assert list(chart.plots[0].categories) == [str(m) for m in range(13)]
    assert series["Commencées en 2024"][0] == 100.0
    assert round(series["Commencées en 2024"][6], 1) == 26.4
