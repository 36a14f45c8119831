"""The report in diffusion mode, compared with the internal report cell by cell, on the demo warehouse:
every count of 1 to 4 of the internal report reads « < 5 » / « moins de 5 » or is a masked mark in the
diffusion report (model, HTML, PDF text, PowerPoint chart data), no masked count is shown as 0, and
every other cell is the same. The model is immutable and pickles (the dashboard caches it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import pickle
import re
import unicodedata
from pathlib import Path

import pytest
from test_reports import Figures, _chromium, expected, needs_chromium

from pipelines.indicators import Indicators
from pipelines.published import MASK_COUNT, MASK_OTHER, Figure, Published
from pipelines.published.narrative import IN_WORDS
from pipelines.reports.content import build
from pipelines.reports.figures import to_plotly
from pipelines.reports.generate import write
from pipelines.reports.model import Paragraph, Report

YEAR = 2024
TODAY = dt.date(2026, 11, 26)
SMALL = re.compile(r"^[1-4]$")


def small(value: float | None) -> bool:
    return value is not None and 0 < value < 5


@pytest.fixture(scope="module")
def indicators(demo_warehouse: Path):
    ind = Indicators(demo_warehouse)
    yield ind
    ind.close()


@pytest.fixture(scope="module")
def reports(indicators: Indicators) -> dict[bool, Report]:
    return {on: build(indicators, YEAR, masked=on, today=TODAY) for on in (False, True)}


@pytest.fixture(scope="module")
def files(reports: dict[bool, Report], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[bool, str], Path]:
    out = tmp_path_factory.mktemp("rapports_diffusion")
    formats = ["html", "pptx"] + (["pdf"] if _chromium() else [])
    return {(on, f): write(reports[on], f, out) for on in (False, True) for f in formats}


def is_count(fig: object) -> bool:
    return isinstance(fig, Figure) and fig.kind == "valeur" and fig.unit == "nombre"


# -- the model ---------------------------------------------------------------------------------------
def test_the_demo_year_has_masked_cells_so_the_comparison_bites(reports: dict[bool, Report]) -> None:
    on = reports[True]
    assert on.diffusion and not reports[False].diffusion
    masked_cells = [c for t in on.tables() for row in t.rows for c in row if isinstance(c, Figure) and c.masked]
    assert len(masked_cells) >= 10
    assert sum(c.has_masked for c in on.charts().values()) >= 3
    assert {c.text for c in masked_cells} == {MASK_COUNT, MASK_OTHER}


def test_tables_cell_by_cell(reports: dict[bool, Report]) -> None:
    off_tables, on_tables = reports[False].tables(), reports[True].tables()
    assert [t.title for t in off_tables] == [t.title for t in on_tables]
    compared = hidden = 0
    for off, on in zip(off_tables, on_tables, strict=True):
        assert off.columns == on.columns
        assert len(off.rows) == len(on.rows), off.title
        for off_row, on_row in zip(off.rows, on.rows, strict=True):
            for a, b in zip(off_row, on_row, strict=True):
                compared += 1
                if is_count(a) and small(a.value):
                    assert b.masked and b.text == MASK_COUNT and b.value is None, (off.title, a, b)
                    hidden += 1
                elif isinstance(b, Figure) and b.masked:  # secondary suppression, or a share on a masked count
                    assert b.value is None and b.text == (MASK_COUNT if is_count(b) else MASK_OTHER), (off.title, b)
                    assert isinstance(a, Figure) and a.value is not None
                elif isinstance(a, Figure):
                    assert b.text == a.text and b.value == a.value, (off.title, a, b)
                elif a != b and isinstance(a, str) and "/" in a:  # the counts of a rate: hidden with the rate
                    assert b == MASK_OTHER
                else:
                    assert a == b, (off.title, a, b)
                assert not (is_count(b) and small(b.value)), (on.title, b)
    assert compared > 300 and hidden >= 10


def test_chart_series_cell_by_cell(reports: dict[bool, Report]) -> None:
    off_charts, on_charts = reports[False].charts(), reports[True].charts()
    assert off_charts.keys() == on_charts.keys()
    masked_points = 0
    for key, off in off_charts.items():
        on = on_charts[key]
        assert on.categories == off.categories and on.series.keys() == off.series.keys(), key
        counts = not on.percent and on.unit == ""
        for name in off.series:
            for (_, a, _), (category, b, hidden) in zip(off.points(name), on.points(name), strict=True):
                if hidden:
                    masked_points += 1
                    assert b is None, (key, category)  # never 0
                    assert a is not None and (a >= 5 or small(a)), (key, category)
                elif counts and small(a):
                    pytest.fail(f"{key} {name} {category}: {a} montré en diffusion")
                else:
                    assert b == a, (key, name, category)
                if counts:
                    assert not small(b), (key, category, b)
        if on.kind == "map":
            assert {k for k, v in off.map_values.items() if small(v)} <= set(on.map_masked)
            assert not any(small(v) for v in on.map_values.values())
            assert not set(on.map_masked) & set(on.map_values)
    assert masked_points >= 10


def test_sentences_cell_by_cell(reports: dict[bool, Report]) -> None:
    """A sentence with no figure masked reads the same; a sentence with one shows no small count."""
    off_paragraphs = [b for b in reports[False].blocks() if isinstance(b, Paragraph)]
    on_paragraphs = [b for b in reports[True].blocks() if isinstance(b, Paragraph)]
    changed = 0
    on_figures = {(f.indicator, f.key, f.year, f.kind): f for f in reports[True].figures()}
    for off, on in zip(off_paragraphs, on_paragraphs, strict=True):
        for a, b in zip(off.sentences, on.sentences, strict=True):
            figures_a = [s for s in a if isinstance(s, Figure)]
            touched = (
                any(small(f.value) and is_count(f) for f in figures_a)
                or any(isinstance(s, Figure) and s.masked for s in b)
                or any(on_figures.get((f.indicator, f.key, f.year, f.kind), f).masked for f in figures_a)
            )
            if not touched and str(b) != str(a) and "Mutualisation suggérée" in str(a):
                # The loads per ETP of the suggestion rest on counts: masked with them (load x ETP = count).
                assert str(b) == re.sub(r" \(charge [^)]*\)", "", str(a)), str(b)
                changed += 1
                continue
            if not touched:
                assert str(b) == str(a)
                continue
            changed += 1
            for fig in (s for s in b if isinstance(s, Figure)):
                assert not (is_count(fig) and small(fig.value)), (str(b), fig)
                if fig.masked:
                    assert fig.text in (MASK_COUNT, MASK_OTHER, IN_WORDS) and fig.value is None
    assert changed >= 2
    refusals = next(str(s) for p in on_paragraphs for s in p.sentences if "motifs des refus" in str(s))
    assert "moins de 5" in refusals and not re.search(r"\([1-4]\)", refusals)


def test_every_count_figure_in_diffusion_is_published(reports: dict[bool, Report]) -> None:
    figures = reports[True].figures()
    assert any(f.masked for f in figures)
    for fig in figures:
        if fig.masked:
            assert fig.value is None and fig.text != "0"
        elif is_count(fig):
            assert not small(fig.value), fig
    for kf in reports[True].key_figures:
        assert not (is_count(kf.value) and small(kf.value.value))


def test_to_plotly_draws_masked_values_as_marks(reports: dict[bool, Report]) -> None:
    marks = 0
    for chart in reports[True].charts().values():
        fig = to_plotly(chart)
        counts = not chart.percent and chart.unit == "" and chart.kind != "map"
        for trace in fig.data:
            values = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
            if counts and values is not None:
                assert not any(small(v) for v in values if isinstance(v, int | float)), chart.key
        hidden = sum(chart.is_masked(n, i) for n in chart.series for i in range(len(chart.categories)))
        texts = [a.text for a in fig.layout.annotations]
        if chart.kind in ("bar", "column") and hidden:
            assert sum("< 5" in t for t in texts) == hidden, chart.key
            marks += hidden
        if chart.kind in ("stacked", "line") and hidden:
            years = {i for n in chart.series for i in range(len(chart.categories)) if chart.is_masked(n, i)}
            placed = [a.x for a in fig.layout.annotations if "< 5" in a.text]
            # by index on the year axis: a mark named "2017" would be drawn at index 2017, off the chart
            assert set(placed) == years, chart.key
            marks += len(placed)
        if chart.kind == "map" and chart.map_masked:
            assert any(t.name == "Moins de 5 (masqué)" for t in fig.data)
    assert marks >= 5


def test_report_is_immutable_and_pickles(reports: dict[bool, Report], indicators: Indicators) -> None:
    for report in reports.values():
        copy = pickle.loads(pickle.dumps(report))
        assert copy == report and copy is not report
    with pytest.raises(dataclasses.FrozenInstanceError):
        reports[True].diffusion = False  # type: ignore[misc]
    chart = next(iter(reports[True].charts().values()))
    assert isinstance(chart.categories, tuple) and isinstance(chart.table.rows, tuple)
    # The dashboard's own Published (pinned to one version) gives the same report.
    pub = Published.of(indicators, diffusion_on=True)
    assert build(pub, YEAR, today=TODAY) == reports[True]
    assert reports[True].version == indicators.version.name
    with pytest.raises(ValueError):
        build(pub, YEAR, masked=False, today=TODAY)


# -- the files ---------------------------------------------------------------------------------------
def _cells(text: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", text, re.S)]


def test_html_cells_and_traced_figures(files: dict, indicators: Indicators) -> None:
    off_text = files[(False, "html")].read_text(encoding="utf-8")
    on_text = files[(True, "html")].read_text(encoding="utf-8")
    off_cells, on_cells = _cells(off_text), _cells(on_text)
    assert len(off_cells) == len(on_cells) > 300
    hidden = 0
    for a, b in zip(off_cells, on_cells, strict=True):
        assert not SMALL.match(b), b
        if SMALL.match(a):
            assert b == MASK_COUNT
            hidden += 1
        elif b != a:
            assert b in (MASK_COUNT, MASK_OTHER), (a, b)
    assert hidden >= 10
    parser = Figures()
    parser.feed(on_text)
    masked = 0
    for figure in parser.found:
        unit = indicators.definition(figure["data-indicator"]).unite
        if figure.get("data-masque") == "oui":
            masked += 1
            assert "data-valeur" not in figure and figure["text"] in (MASK_COUNT, MASK_OTHER, IN_WORDS)
            continue
        assert float(figure["data-valeur"]) == pytest.approx(expected(indicators, figure)), figure
        if figure["data-type"] == "valeur" and unit == "nombre":
            assert not SMALL.match(figure["text"]) and not small(float(figure["data-valeur"])), figure
    assert masked >= 10
    assert "Version pour diffusion" in on_text and "Version pour diffusion" not in off_text


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split()) for p in PdfReader(path).pages
    )


@needs_chromium
def test_pdf_shows_masks_not_small_counts(files: dict, reports: dict[bool, Report]) -> None:
    off, on = _pdf_text(files[(False, "pdf")]), _pdf_text(files[(True, "pdf")])
    assert "< 5" in on and "moins de 5" in on and "< 5" not in off
    assert re.search(r"Orientation DALO \(4\)", off)
    assert not re.search(r"\((?:[1-4])\)", on)
    assert "Orientation DALO (moins de 5)" in on
    for figure in ("173", "+13,8 %", "188", "6,9 mois", "410"):
        assert figure in on


def _pptx_charts(path: Path) -> dict[str, object]:
    from pptx import Presentation

    charts = {}
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                title = next(s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text)
                charts[title] = shape.chart
    return charts


def _label(series, index: int) -> str | None:
    label = series.points[index].data_label
    return label.text_frame.text if label.has_text_frame else None


def test_pptx_series_point_by_point(files: dict) -> None:
    off, on = _pptx_charts(files[(False, "pptx")]), _pptx_charts(files[(True, "pptx")])
    assert off.keys() == on.keys() and len(on) >= 12
    hidden = 0
    for title, chart in on.items():
        counts = "%" not in title and "Durée" not in title and "ETP" not in title
        before = off[title]
        assert tuple(chart.plots[0].categories) == tuple(before.plots[0].categories)
        for a_series, b_series in zip(before.plots[0].series, chart.plots[0].series, strict=True):
            for i, (a, b) in enumerate(zip(a_series.values, b_series.values, strict=True)):
                if counts:
                    assert not small(b), (title, i, b)
                if counts and small(a):
                    assert b is None and _label(b_series, i) == MASK_COUNT, (title, i)
                    hidden += 1
                elif b is None and a is not None:  # secondary suppression
                    assert _label(b_series, i) == MASK_COUNT, (title, i)
                else:
                    assert b == a and _label(b_series, i) is None, (title, i)
    assert hidden >= 10


def test_pptx_key_figures_and_notes_hold_no_small_count(files: dict) -> None:
    from pptx import Presentation

    notes_of_masks = []
    for slide in Presentation(files[(True, "pptx")]).slides:
        texts = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
        notes_of_masks += [t for t in texts if t.startswith("« < 5 »")]
        assert not any(SMALL.match(t.strip()) for t in texts), texts
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert not re.search(r"\([1-4]\)", notes)
    assert len(notes_of_masks) >= 5
    assert any(t.endswith(": Sans logement, Non reconnu, Non renseigné.") for t in notes_of_masks)


def test_pipelines_and_visuals_never_import_dashboard() -> None:
    import ast

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for package in ("pipelines", "visuals"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom) and not node.level
                    else []
                )
                offenders += [f"{path.relative_to(root)}: {n}" for n in names if n.split(".")[0] == "dashboard"]
    assert offenders == []
    too_long = [
        p.name
        for p in (root / "pipelines" / "reports").rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 400
    ]
    assert too_long == []


def test_first_year_compares_with_nothing(indicators: Indicators) -> None:
    """2014 is the first year of the exports: no « contre 0 en 2013 » (no data is not 0)."""
    report = build(indicators, 2014, masked=True, today=TODAY)
    texts = [str(s) for b in report.blocks() if isinstance(b, Paragraph) for s in b.sentences]
    assert not [t for t in texts if "2013" in t]
    assert "En 2014, le nombre de commandes d'ASSLL est de 158 (comparaison sans objet)." in texts
    assert all(kf.comparison is None for kf in report.key_figures)


# -- the time-to-event figures of V.C on a cohort of 2 measures ----------------------------------------
def test_time_to_event_figures_of_a_small_cohort_are_masked(indicators: Indicators) -> None:
    from pipelines.indicators import Filters
    from pipelines.reports.model import Table

    flt = Filters(secteurs=("Sud-Charente",), prescripteurs=("COMMISSION_FSL",))
    median = indicators.compute("duree_mediane_km_mois", YEAR, flt)
    assert median.denominator == 2  # two measures started in 2024: a median of two times is one of them
    built = {on: build(Published.of(indicators, flt, diffusion_on=on), YEAR, today=TODAY) for on in (False, True)}

    def rows(report: Report) -> dict[str, list[str]]:
        table = next(
            t
            for t in report.tables()
            if t.columns[2:3] == ("Intervalle à 95 %",) and t.title.startswith("Durée des mesures commencées")
        )
        return {r[0]: [str(c) for c in r[1:]] for r in table.rows}

    off, on = rows(built[False]), rows(built[True])
    label = "Durée médiane des mesures commencées dans l'année"
    assert off[label][0] == "1,9\u00a0mois"
    assert on[label][0] == MASK_OTHER
    for name in ("Terminées en 6 mois au plus (Kaplan–Meier)", "Terminées en 12 mois au plus (Kaplan–Meier)"):
        assert on[name][0] == MASK_OTHER, name
    off_chart, on_chart = built[False].charts()["durees_kaplan_meier"], built[True].charts()["durees_kaplan_meier"]
    assert any(v is not None for v in off_chart.series["Commencées en 2024"])
    assert all(v is None for v in on_chart.series["Commencées en 2024"])
    assert all(on_chart.masked["Commencées en 2024"]) and on_chart.has_masked
    said = " ".join(str(s) for b in built[True].blocks() if isinstance(b, Paragraph) for s in b.sentences)
    assert (
        "La durée médiane des mesures commencées en 2024 porte sur moins de 5 mesures : elle n'est pas publiée." in said
    )
    assert "1,9\u00a0mois" not in said
    assert not any(isinstance(t, Table) and "1,9" in str(t.rows) for t in built[True].tables())
