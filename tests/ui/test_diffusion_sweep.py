"""Diffusion mode on every page, under views that produce small counts: nothing shows a count of 1 to 4 and
no hidden count shows as 0. Each view is compared with the same view in internal mode, cell by cell: a figure
is either the same in both modes or masked in diffusion (« < 5 », « masqué », a labelled mark in a chart).
"""

from __future__ import annotations

import json
import math
import re

import pytest

PAGES = ["vue_ensemble", "commandes", "origine", "gts", "arrets", "durees", "adhesion", "equilibre"]
VIEWS = {
    "departement": {"fin": "2024"},
    "un_secteur": {"fin": "2024", "secteur": "Horte et Tardoire"},
    "un_secteur_2019_2022": {"debut": "2019", "fin": "2022", "secteur": "Horte et Tardoire"},
}
MASKS = {"< 5", "masqué"}
SMALL = {1, 2, 3, 4}
# A count written alone in a sentence: `3 reprises`, `(4)`; not `2,5 %`, `1 234`, `1er`, `2024`, `12 mois`.
SMALL_IN_TEXT = re.compile(r"(?<![\d,.\u00a0\u202f/–-])[1-4](?![\d,.]|\u00a0\d|\u202f\d|er\b|/)")
# Columns that hold no count: shares, intervals, ETP, loads, durations, years, codes, labels.
NOT_COUNTS = re.compile(
    r"%|IC 95|ETP|Charge|Durée|Année|Code|Secteur$|TAS$|Commune|EPCI$|Motif|Objectif|"
    r"Statut|Prescripteur|Groupe|Instance|Objet|Décision|Situation|Indicateur|Taux"
)


def shown(app, page: str, query: dict) -> dict:
    """What a person sees on the page: key figures, table cells, chart values and marks, sentences."""
    at = app(f"app_pages/{page}.py", **query)
    assert not at.exception, at.exception
    charts = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        values = []
        for trace in spec["data"]:
            if trace.get("type") in ("bar", "scatter") and trace.get("mode") != "text" and "fill" not in trace:
                key = "x" if trace.get("orientation") == "h" else "y"
                values.append([v for v in trace.get(key, [])])
        marks = [a.get("text", "") for a in spec["layout"].get("annotations", [])]
        title = spec["layout"].get("title", {}).get("text", "")
        percent = "%" in json.dumps(spec["layout"].get("yaxis", {})) + json.dumps(spec["layout"].get("xaxis", {}))
        charts.append({"title": title, "values": values, "marks": marks, "percent": percent})
    return {
        "metrics": {m.label: m.value for m in at.metric},
        "tables": [d.value for d in at.dataframe],
        "charts": charts,
        "text": [m.value for m in at.markdown if "diapositive" not in m.value],
    }


def is_small_count(value) -> bool:
    if isinstance(value, str):
        value = value.replace("\u00a0", "").replace("\u202f", "")
        if not value.isdigit():
            return False
        value = int(value)
    return (
        isinstance(value, int | float)
        and not (isinstance(value, float) and math.isnan(value))
        and float(value).is_integer()
        and int(value) in SMALL
    )


def same(a, b) -> bool:
    """Equal as shown (a masked column holds French text: `1 234`, `21,4`)."""

    def norm(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, str):
            t = v.replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
            try:
                return float(t)
            except ValueError:
                return v
        return float(v) if isinstance(v, int | float) else v

    return norm(a) == norm(b)


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", PAGES)
def test_diffusion_hides_every_small_count_and_changes_nothing_else(app, page: str, view: str) -> None:
    query = VIEWS[view]
    internal = shown(app, page, query)
    public = shown(app, page, query | {"diffusion": "1"})
    masked_somewhere = 0

    # Key figures.
    assert internal["metrics"].keys() == public["metrics"].keys()
    for label, off in internal["metrics"].items():
        on = public["metrics"][label]
        assert not is_small_count(on), (page, view, label, on)
        if is_small_count(off):
            assert on == "< 5", (page, view, label, off, on)
        assert on == off or on in MASKS, (page, view, label, off, on)
        masked_somewhere += on in MASKS

    # Tables, cell by cell. A list of records (one row each, so a count of 1 per row: the mutualisations) is
    # not shown in diffusion mode at all.
    listed = [t for t in internal["tables"] if list(t.columns)[:1] == ["Date"]]
    assert not [t for t in public["tables"] if list(t.columns)[:1] == ["Date"]], (page, view)
    off_tables = [t for t in internal["tables"] if list(t.columns)[:1] != ["Date"]]
    assert len(off_tables) == len(public["tables"]), (page, view)
    masked_somewhere += len(listed)
    for off_table, on_table in zip(off_tables, public["tables"], strict=True):
        # A row total beside masked cells would give them back by subtraction: diffusion leaves it out.
        assert [c for c in off_table.columns if c != "Total"] == list(on_table.columns), (page, view)
        assert len(off_table) == len(on_table), (page, view, list(off_table.columns))
        for column in on_table.columns:
            counts = not NOT_COUNTS.search(str(column))
            for off, on in zip(off_table[column].tolist(), on_table[column].tolist(), strict=True):
                if on in MASKS:
                    masked_somewhere += 1
                    continue
                assert same(off, on), (page, view, column, off, on)
                if counts:
                    assert not is_small_count(on), (page, view, column, on)

    # Charts: the same values, a masked one drawn as a mark (never 0, never a small count).
    assert len(internal["charts"]) == len(public["charts"]), (page, view)
    for off_chart, on_chart in zip(internal["charts"], public["charts"], strict=True):
        assert len(off_chart["values"]) == len(on_chart["values"]), (page, view, off_chart["title"])
        for off_values, on_values in zip(off_chart["values"], on_chart["values"], strict=True):
            for off, on in zip(off_values, on_values, strict=True):
                if on is None and off is not None:
                    assert any("< 5" in m or "masqué" in m for m in on_chart["marks"]), (page, view, on_chart)
                    masked_somewhere += 1
                    continue
                assert same(off, on), (page, view, on_chart["title"], off, on)
                if not on_chart["percent"]:
                    assert not is_small_count(on), (page, view, on_chart["title"], on)

    # Sentences: a masked count is worded (« moins de 5 »), never written.
    for text in public["text"]:
        assert not SMALL_IN_TEXT.search(text), (page, view, text)

    if view != "departement":
        assert masked_somewhere, f"{page} {view}: a view chosen for its small counts masked nothing"
