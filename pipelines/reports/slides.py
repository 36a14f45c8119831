"""The steering-committee slides (PPTX): native PowerPoint charts that carry their data.

The presenter can edit every chart (right click, « Modifier les données ») because each one is a
python-pptx chart object, never a picture. Colours come from the dashboard's palette, defined
once; French number formats are set on the axes and data labels.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from pipelines.published import MASK_COUNT, fmt
from pipelines.published.narrative import Sentence
from pipelines.reports.model import Chart, Paragraph, Report, Section
from visuals import palette

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9
BRAND = RGBColor.from_string(palette.BRAND.lstrip("#"))
TEXT = RGBColor.from_string("1F2933")
MUTED = RGBColor.from_string("5F6B7A")
FONT = "Arial"
# Charts shown to the committee, in this order (keys of the report's charts).
SLIDE_CHARTS = [
    "evolution_commandes",
    "prescripteurs_assll",
    "prescripteurs_diagnostic",
    "groupes_dispositifs",
    "commandes_secteurs",
    "carte_epci",
    "commandes_tas",
    "statuts",
    "objectifs",
    "gts_objets",
    "gts_bilans",
    "motifs_arret",
    "ecarts_adhesion",
    "durees_kaplan_meier",
    "durees",
    "durees_parts",
    "etp_secteurs",
    "mutualisations_accueil",
    "comparaison_commandes_etp",  # only when partners' fiches are loaded (reports/comparaison.py)
]
MASK_TEXT = MASK_COUNT
GAP_CHART = "ecarts_adhesion"  # reports/sections/adhesion.py: followed by a slide of its sentences
MASK_NOTE = "« < 5 » : effectif masqué pour la diffusion, ni barre ni point tracé"
CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "map": XL_CHART_TYPE.BAR_CLUSTERED,
}


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _text(frame, text: str, size: int, *, bold: bool = False, colour: RGBColor = TEXT) -> None:
    frame.clear()
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name, run.font.color.rgb = Pt(size), bold, FONT, colour


def _title(slide, text: str) -> None:
    box = slide.shapes.add_textbox(Emu(457200), Emu(228600), WIDTH - Emu(914400), Emu(700000))
    _text(box.text_frame, text, 28, bold=True, colour=BRAND)


def _number_format(chart: Chart) -> str:
    if chart.percent:
        return '0.0" %"'
    if chart.unit in ("mois", "ETP", "points"):
        return "0.0"
    return "#,##0"


def _all(report: Report) -> tuple[dict[str, Chart], dict[str, list[Sentence]]]:
    charts: dict[str, Chart] = {}
    notes: dict[str, list[Sentence]] = {}

    def walk(section: Section) -> None:
        sentences = [s for b in section.blocks if isinstance(b, Paragraph) for s in b.sentences if str(s)]
        for block in section.blocks:
            if isinstance(block, Chart):
                charts[block.key] = block
                notes[block.key] = sentences
        for sub in section.subsections:
            walk(sub)

    for section in report.sections:
        walk(section)
    return charts, notes


def mask_note(chart: Chart) -> str:
    """`« < 5 » : … : Orientation DALO, AVDL.` — the masked points named, as PowerPoint may not draw the
    label of an empty point."""
    several = len(chart.series) > 1
    hidden = [
        f"{name} {category}" if several else category
        for name in chart.series
        for category, _, masked in chart.points(name)
        if masked
    ]
    return f"{MASK_NOTE} : {', '.join(hidden)}." if hidden else f"{MASK_NOTE}."


def add_chart(slide, chart: Chart) -> None:
    # PowerPoint draws a bar chart's first category at the bottom: feed them bottom-up so the
    # slide reads top-down like the report, without reversing an axis.
    horizontal = chart.kind in ("bar", "map")
    order = list(reversed(range(len(chart.categories)))) if horizontal else list(range(len(chart.categories)))
    data = CategoryChartData(number_format=_number_format(chart))
    data.categories = [chart.categories[i] for i in order]
    for name, values in chart.series.items():
        # A masked value stays an empty point (never 0); its data label says « < 5 » (below).
        data.add_series(
            name,
            [
                None if values[i] is None or chart.is_masked(name, i) else float(values[i])  # type: ignore[arg-type]  # None tested first
                for i in order
            ],
        )
    x, y, cx, cy = Emu(457200), Emu(1000000), WIDTH - Emu(914400), HEIGHT - Emu(1500000)
    graphic = slide.shapes.add_chart(CHART_TYPES[chart.kind], x, y, cx, cy, data).chart
    graphic.font.size, graphic.font.name = Pt(12), FONT
    graphic.has_title = False
    multi = len(chart.series) > 1
    graphic.has_legend = multi
    if multi:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
    plot = graphic.plots[0]
    if chart.kind in ("bar", "column", "map"):
        plot.gap_width = 60
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format, labels.number_format_is_linked = _number_format(chart), False
        labels.font.size = Pt(11)
    for index, series in enumerate(plot.series):
        if chart.kind == "line":
            series.format.line.color.rgb = _rgb(chart.colours[index % len(chart.colours)])
            series.format.line.width = Pt(2.5)
            series.smooth = False
        elif multi:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(chart.colours[index % len(chart.colours)])
        else:
            for point_index, category_index in enumerate(order):
                colour = chart.colours[category_index]
                point = series.points[point_index]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)
    for series, name in zip(plot.series, chart.series, strict=True):
        for point_index, category_index in enumerate(order):
            if chart.is_masked(name, category_index):
                label = series.points[point_index].data_label
                label.has_text_frame = True
                label.text_frame.text = MASK_TEXT
                label.font.size, label.font.bold = Pt(11), True
    value_axis = graphic.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E7EB")
    value_axis.tick_labels.number_format, value_axis.tick_labels.number_format_is_linked = (
        _number_format(chart),
        False,
    )


def _gap_sentences(slide, sentences: list[Sentence]) -> None:
    """The FSL/GTS gap in the sentences of the report (raw, then for comparable households), on a slide."""
    _title(slide, "Commission FSL ou GTS : ce que dit l'écart")
    said = [s for s in sentences if "écart" in str(s)]
    box = slide.shapes.add_textbox(Emu(457200), Emu(1300000), WIDTH - Emu(914400), HEIGHT - Emu(1800000))
    box.text_frame.word_wrap = True
    _text(box.text_frame, "\n\n".join(str(s) for s in said) or "Écart non calculé.", 18)


def to_pptx(report: Report, path: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]

    cover = prs.slides.add_slide(blank)
    band = cover.shapes.add_shape(1, 0, 0, WIDTH, Emu(120000))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(palette.ACCENT)
    band.line.fill.background()
    box = cover.shapes.add_textbox(Emu(685800), Emu(2000000), WIDTH - Emu(1371600), Emu(1200000))
    _text(box.text_frame, report.title, 40, bold=True, colour=BRAND)
    sub = cover.shapes.add_textbox(Emu(685800), Emu(3300000), WIDTH - Emu(1371600), Emu(1400000))
    _text(
        sub.text_frame, f"{report.subtitle}\nComité de pilotage — {fmt.long_date(report.generated)}", 20, colour=MUTED
    )
    if report.diffusion:
        warn = cover.shapes.add_textbox(Emu(685800), Emu(5200000), WIDTH - Emu(1371600), Emu(600000))
        _text(
            warn.text_frame,
            "Version pour diffusion : effectifs de 1 à 4 masqués (« < 5 »).",
            14,
            colour=_rgb(palette.ALERT),
        )

    figures = prs.slides.add_slide(blank)
    _title(figures, f"Chiffres clés {report.year}")
    columns = 3
    width = (WIDTH - Emu(914400)) // columns
    for i, kf in enumerate(report.key_figures):
        x = Emu(457200) + width * (i % columns)
        y = Emu(1300000) + Emu(2300000) * (i // columns)
        card = figures.shapes.add_textbox(x, y, width - Emu(150000), Emu(2000000))
        frame = card.text_frame
        _text(frame, kf.label, 16, colour=MUTED)
        value = frame.add_paragraph()
        run = value.add_run()
        run.text = kf.value.text
        run.font.size, run.font.bold, run.font.name, run.font.color.rgb = Pt(40), True, FONT, BRAND
        if kf.comparison:
            comparison = frame.add_paragraph()
            run = comparison.add_run()
            run.text = str(kf.comparison)
            run.font.size, run.font.name, run.font.color.rgb = Pt(14), FONT, MUTED
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT

    charts, notes = _all(report)
    for key in SLIDE_CHARTS:
        chart = charts.get(key)
        if chart is None:
            continue
        slide = prs.slides.add_slide(blank)
        _title(slide, chart.title)
        add_chart(slide, chart)
        if chart.has_masked:
            note = slide.shapes.add_textbox(Emu(457200), HEIGHT - Emu(480000), WIDTH - Emu(914400), Emu(360000))
            _text(note.text_frame, mask_note(chart), 12, colour=MUTED)
        if notes.get(key):
            slide.notes_slide.notes_text_frame.text = "\n".join(str(s) for s in notes[key])
        if key == GAP_CHART:
            _gap_sentences(prs.slides.add_slide(blank), notes.get(key, []))
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(path)  # type: ignore[arg-type]  # python-pptx annotates str | IO[bytes]; it saves to any path (zipfile)
    return path
