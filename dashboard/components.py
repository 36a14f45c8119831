"""Page building blocks: a chart with its data table and downloads, key figures, empty states."""

from __future__ import annotations

import re
from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from pipelines import fmt
from pipelines.indicators import IndicatorValue, load_catalogue
from pipelines.stats import change_pct

from . import data
from .exports import csv_bytes, mark_masked, xlsx_bytes

PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "fr",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "graphique-assll"},
}
DEFINITIONS_PAGE = "app_pages/definitions.py"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "donnees"


def definitions_links(indicator_ids: Sequence[str]) -> None:
    catalogue = load_catalogue()
    labels = [catalogue[i].libelle for i in indicator_ids if i in catalogue]
    if not labels:
        return
    st.page_link(DEFINITIONS_PAGE, label="Définition : " + " ; ".join(labels), icon=":material/info:",
                 query_params={"indicateur": list(indicator_ids)})


def data_table(table: pl.DataFrame, key: str, file_stem: str, expanded: bool = False) -> None:
    """The table behind a chart (also its accessible alternative), with CSV and Excel downloads;
    `expanded=True` for a page whose tables are the content itself (data quality, import)."""
    if data.diffusion_on():
        table = mark_masked(table)
    with st.expander("Voir les données", expanded=expanded):
        st.dataframe(table, hide_index=True, key=f"tableau_{key}")
        left, right = st.columns(2)
        left.download_button("Télécharger (CSV)", lambda: csv_bytes(table), file_name=f"{file_stem}.csv",
                             mime="text/csv", key=f"csv_{key}", on_click="ignore", icon=":material/download:")
        right.download_button(
            "Télécharger (Excel)", lambda: xlsx_bytes(table), file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{key}",
            on_click="ignore", icon=":material/download:",
        )


def chart_card(fig: go.Figure, table: pl.DataFrame, key: str, indicator_ids: Sequence[str] = (),
               note: str | None = None) -> None:
    title = fig.layout.title.text or key
    st.plotly_chart(fig, key=f"graphique_{key}", config=PLOTLY_CONFIG | {
        "toImageButtonOptions": PLOTLY_CONFIG["toImageButtonOptions"] | {"filename": _slug(title)}})
    if note:
        st.caption(note)
    data_table(table, key, _slug(title))
    definitions_links(indicator_ids)


def no_data(message: str = "Aucune donnée ne correspond à ces filtres. Élargissez la période ou retirez un filtre.") \
        -> None:
    st.info(message, icon=":material/filter_alt_off:")


def key_figure(column, label: str, now: float | None, before: float | None, base_year: int | None,
               help: str | None = None, decimals: int = 0) -> None:
    """A count of the year with its change against the comparison year (no change when it is the same year)."""
    change = change_pct(now, before) if base_year is not None else None
    column.metric(label, fmt.number(now, decimals),
                  delta=fmt.percent(change, signed=True) if change is not None else None, delta_color="off",
                  delta_description=f"par rapport à {base_year}" if change is not None else None,
                  border=True, help=help)


def breakdown_card(value: IndicatorValue, domain: str, header: str, title: str, key: str, *,
                   note: str | None = None, counted: str = "Commandes", shares: bool = True,
                   hide_zero: bool = False) -> None:
    """A breakdown of the year as bars (with each key's share), and its table beside the comparison year."""
    from visuals import charts

    from . import tables
    from .view import current

    view = current()
    year, base = view.state.annee, view.state.comparaison
    items = view.items(value, domain)
    if hide_zero:  # the table keeps every key, zeros included
        items = [i for i in items if i.value]
    fig = charts.bars(tables.with_shares(items) if shares else items, view.colours(domain), view.title(title, year))
    by_year = {year: value}
    if base != year:
        by_year[base] = data.value(value.id, base, view.state.filters())
    table = tables.breakdown(by_year, lambda k: view.label(domain, k), header, counted=counted, shares=shares)
    chart_card(fig, table, key, [value.id], note=note)
