"""The sidebar filters shared by every page, kept in the URL so that a copied link reopens the view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.state import (
    MULTI,
    ViewState,
    default_comparison,
    default_state,
    from_query,
    no_data_text,
    to_query,
    years_without_data,
)
from pipelines.published import fmt

KEYS = {"periode": "f_periode", "comparaison": "f_comparaison", "diffusion": "f_diffusion"} | {
    name: f"f_{name}" for name in MULTI
}
MANAGED = ("debut", "fin", "comparaison", *MULTI, "diffusion")
LABELS = {
    "type": "Type de mesure",
    "secteur": "Secteurs ASSLL",
    "tas": "Territoires d'action sociale",
    "epci": "EPCI",
    "prescripteur": "Prescripteurs",
    "instance": "Instances de décision",
}
DOMAINS = {
    "type": "type_mesure",
    "secteur": "secteur",
    "tas": "tas",
    "epci": "epci",
    "prescripteur": "prescripteur",
    "instance": "instance",
}


PERIOD_START = "_periode_initiale"


def _apply(state: ViewState) -> None:
    # A range slider takes its shape from `value`, not from Session State: the period is given as
    # the widget's initial value, and the widget key is dropped so that the new value applies.
    st.session_state[PERIOD_START] = (state.debut, state.fin)
    st.session_state.pop(KEYS["periode"], None)
    st.session_state[KEYS["comparaison"]] = state.comparaison
    for name in MULTI:
        st.session_state[KEYS[name]] = list(getattr(state, name))
    st.session_state[KEYS["diffusion"]] = state.diffusion


def _follow_period_end(fin: int, years: Sequence[int]) -> None:
    """When the end of the period moves, a comparison year left at its default moves with it."""
    previous = st.session_state.get("_fin_precedente", fin)
    st.session_state["_fin_precedente"] = fin
    if fin != previous and st.session_state.get(KEYS["comparaison"]) == default_comparison(previous, years):
        st.session_state[KEYS["comparaison"]] = default_comparison(fin, years)


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _reset(years: Sequence[int]) -> None:
    _apply(default_state(years))


def sidebar(
    years: Sequence[int],
    options: Mapping[str, Sequence[str]],
    names: Mapping[str, Mapping[str, str]],
    *,
    forced: bool = False,
) -> ViewState:
    """Draws the filters and returns the view they select; the URL follows every change. `forced`: the
    server's diffusion mode (a partner's role), which no address, toggle or reset can turn off."""
    years = list(years)
    # The choices are (re)read from the URL on a session's first run and whenever a new warehouse version
    # changes the years or values there are to choose from: a year or a sector that no longer exists falls
    # back to its default instead of breaking the page.
    choices = (tuple(years), tuple((k, tuple(v)) for k, v in sorted(options.items())))
    missing: list[int] = []
    if st.session_state.get("_filtres_initialises") != choices:
        _apply(from_query(_url_params(), years, options))
        st.session_state["_filtres_initialises"] = choices
        missing = years_without_data(_url_params(), years)
    with st.sidebar:
        st.markdown("### Filtres")
        if missing:
            st.warning(no_data_text(missing, years), icon=":material/event_busy:")
        if len(years) > 1:
            debut, fin = st.select_slider(
                "Période",
                options=years,
                value=st.session_state[PERIOD_START],
                key=KEYS["periode"],
                help="Les chiffres clés portent sur la dernière année de la période.",
            )
        else:
            debut = fin = years[0]
        _follow_period_end(int(fin), years)
        st.selectbox("Année de comparaison", options=years, key=KEYS["comparaison"])

        def label(name: str):
            domain = DOMAINS[name]
            return lambda v: names.get(domain, {}).get(v) or fmt.label(domain, v)

        for name in MULTI:
            st.multiselect(
                LABELS[name],
                options=list(options.get(name, [])),
                key=KEYS[name],
                format_func=label(name),
                placeholder="Tous",
                select_all=False,
            )  # « Select all » is English, and ↓ Entrée would pick every value
        if forced:
            st.session_state[KEYS["diffusion"]] = True
        st.toggle(
            "Mode diffusion",
            key=KEYS["diffusion"],
            disabled=forced,
            help="Pour tout chiffre destiné à être publié : les effectifs de 1 à 4 sont masqués (« < 5 »), "
            "ainsi que ceux qui permettraient de les retrouver, et les parts calculées sur eux.",
        )
        if st.session_state[KEYS["diffusion"]]:
            st.warning("Mode diffusion : petits effectifs masqués (« < 5 »).", icon=":material/visibility_off:")
        st.button(
            "Réinitialiser les filtres",
            on_click=_reset,
            args=(years,),
            icon=":material/restart_alt:",
            key="f_reinitialiser",
            width="stretch",
        )
    state = ViewState(
        debut=int(debut),
        fin=int(fin),
        comparaison=int(st.session_state[KEYS["comparaison"]]),
        diffusion=forced or bool(st.session_state[KEYS["diffusion"]]),
        **{name: tuple(st.session_state[KEYS[name]]) for name in MULTI},  # type: ignore[arg-type]  # MULTI: tuple fields only
    )
    _sync_url(state, years)
    return state


def _sync_url(state: ViewState, years: Sequence[int]) -> None:
    wanted = to_query(state, years)
    for key in MANAGED:
        value = wanted.get(key)
        current = st.query_params.get_all(key)
        if value is None:
            if current:
                del st.query_params[key]
        elif (value if isinstance(value, list) else [value]) != current:
            st.query_params[key] = value
