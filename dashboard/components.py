"""Page building blocks: a chart with its data table and downloads, key figures, empty states."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import access, data
from dashboard.exports import csv_bytes, number_formats, xlsx_bytes
from pipelines.indicators import load_catalogue
from pipelines.published import fmt

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "locale": "fr",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "graphique-assll"},
}
DEFINITIONS_PAGE = "app_pages/definitions.py"


def _slug(text: str) -> str:
    """A file name from a chart's title: accents kept, the year or period and the filters in it
    (`commandes-par-secteur-assll-2024-cognac`)."""
    plain = re.sub(r"<[^>]+>", " ", text)  # the title's line break and small print
    words = re.sub(r"[^\w]+", "-", plain.lower(), flags=re.UNICODE)
    return words.strip("-_")[:150].rstrip("-") or "données"


def definitions_links(indicator_ids: Sequence[str]) -> None:
    catalogue = load_catalogue()
    labels = [catalogue[i].libelle for i in indicator_ids if i in catalogue]
    if not labels:
        return
    st.page_link(
        DEFINITIONS_PAGE,
        label="Définition : " + " ; ".join(labels),
        icon=":material/info:",
        query_params={"indicateur": list(indicator_ids)},
    )


def data_table(table: pl.DataFrame, key: str, file_stem: str, expanded: bool = False) -> None:
    """The table behind a chart (also its accessible alternative), with CSV and Excel downloads;
    `expanded=True` for a page whose tables are the content itself (data quality, import). The table
    is built from published figures: masked cells already read « < 5 » or « masqué »."""
    with st.expander("Voir les données", expanded=expanded):
        st.dataframe(table, hide_index=True, key=f"tableau_{key}", placeholder="—", column_config=number_formats(table))
        left, right = st.columns(2)
        left.download_button(
            "Télécharger (CSV)",
            access.logged_download(lambda: csv_bytes(table), f"{file_stem}.csv", key),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            on_click="ignore",
            icon=":material/download:",
        )
        right.download_button(
            "Télécharger (Excel)",
            access.logged_download(lambda: xlsx_bytes(table), f"{file_stem}.xlsx", key),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{key}",
            on_click="ignore",
            icon=":material/download:",
        )


def chart_card(
    fig: go.Figure, table: pl.DataFrame, key: str, indicator_ids: Sequence[str] = (), note: str | None = None
) -> None:
    title = fig.layout.title.text or key
    # theme=None: the chart is drawn as built (our fonts, colours and contrasts), not restyled by Streamlit.
    st.plotly_chart(
        fig,
        key=f"graphique_{key}",
        theme=None,
        config=PLOTLY_CONFIG
        | {"toImageButtonOptions": PLOTLY_CONFIG["toImageButtonOptions"] | {"filename": _slug(title)}},
    )
    if note:
        st.caption(note)
    data_table(table, key, _slug(title))
    definitions_links(indicator_ids)


def no_data(
    message: str = "Aucune donnée ne correspond à ces filtres. Élargissez la période ou retirez un filtre.",
) -> None:
    st.info(message, icon=":material/filter_alt_off:")


def key_figure(column, label: str, ind_id: str, year: int, base: int, *, help: str | None = None) -> None:
    """An indicator of the year (as published) with its change against the comparison year (none when it
    is the same year, or when either figure is masked or missing)."""
    pub = data.published()
    now = pub.value(ind_id, year)
    change = pub.change(ind_id, year, base) if base != year else None
    shown = change is not None and change.shown
    # A change that rounds to 0,0 % gets no arrow: an arrow would say it went up or down.
    flat = shown and fmt.round_half_up(change.value, 1) == 0  # type: ignore[union-attr, arg-type]  # shown: a change
    column.metric(
        label,
        now.text,
        delta=change.text if shown else None,  # type: ignore[union-attr, arg-type]  # shown: a change
        delta_color="off",
        delta_arrow="off" if flat else "auto",
        delta_description=f"par rapport à {base}" if shown else None,
        border=True,
        help=help or pub.definition(ind_id).definition,
    )


def share_metric(column, label: str, ind_id: str, year: int, base: int, whole: str) -> None:
    """A share of the catalogue as a key figure, with its counts and the comparison year below it."""
    pub = data.published()
    now, before = pub.value(ind_id, year), pub.value(ind_id, base)
    column.metric(label, now.text, border=True, help=pub.definition(ind_id).definition)
    if now.shown and now.denominator:
        text = f"{fmt.number(now.numerator)} sur {fmt.number(now.denominator)} {whole}"
        if base != year and before.shown:
            text += f" (contre {before.text} en {base})"
        column.caption(text + ".")
    elif now.masked:
        column.caption("Part calculée sur un effectif inférieur à 5 : non publiée en mode diffusion.")


def breakdown_card(
    ind_id: str,
    domain: str,
    header: str,
    title: str,
    key: str,
    *,
    note: str | None = None,
    counted: str = "Commandes",
    shares: bool = True,
    hide_zero: bool = False,
) -> None:
    """A breakdown of the year as bars (with each key's share), and its table beside the comparison year."""
    from dashboard import tables
    from dashboard.view import current
    from visuals import charts

    view = current()
    pub = data.published()
    year, base = view.state.annee, view.state.comparaison
    now = pub.breakdown(ind_id, year)
    items = view.items(now, domain, shares=shares, hide_zero=hide_zero)
    fig = charts.bars(items, view.colours(domain), view.title(title, year))
    by_year = {year: now}
    if base != year:
        by_year[base] = pub.breakdown(ind_id, base)
    table = tables.breakdown(by_year, lambda k: view.label(domain, k), header, counted=counted, shares=shares)
    chart_card(fig, table, key, [ind_id], note=note)


def filter_notes(indicator_ids: Sequence[str]) -> None:
    """Says plainly which of the sidebar's filters a figure shown does not honour."""
    from dashboard.view import current
    from pipelines.indicators.catalogue import filters_note

    active = {name for name, value in current().state.filters().__dict__.items() if value}
    for note in filters_note(list(indicator_ids), active):
        st.caption(note)


def url_radio(label: str, options: dict[str, str], key: str, url_key: str) -> str:
    """A page-level choice kept in the link (`?<url_key>=<option>`), so a shared link opens the same view."""
    asked = str(st.query_params.get(url_key, ""))
    if key not in st.session_state or (asked in options and st.session_state.get(f"_{key}_lien") != asked):
        st.session_state[key] = asked if asked in options else next(iter(options))
        st.session_state[f"_{key}_lien"] = asked

    def keep() -> None:
        st.query_params[url_key] = st.session_state[f"_{key}_lien"] = st.session_state[key]

    return st.radio(label, list(options), format_func=options.get, horizontal=True, key=key, on_change=keep)


def checked_once(files: list, key: str, prepare, spinner: str):
    """The check of dropped files, made once and kept while the same files stay dropped (a rerun does not
    check them again); a check of files no longer dropped is discarded. None when nothing is dropped."""
    from dashboard.uploads import Upload

    signature = tuple((f.file_id, f.name, f.size) for f in files)
    held = st.session_state.get(key)
    if held is not None and held[0] != signature:
        held[1].discard()
        st.session_state.pop(key, None)
        held = None
    if not files:
        return None
    if held is None:
        with st.spinner(spinner):
            held = (signature, prepare([Upload(f.name, f.size, f.getvalue) for f in files]))
        st.session_state[key] = held
    return held[1]
