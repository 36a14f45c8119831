"""The shared filters round-trip through the URL: a copied link reopens the same view."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.state import MULTI, ViewState, default_state, from_query, to_query

YEARS = list(range(2014, 2026))
OPTIONS = {
    "type": ["ASSLL", "DIAGNOSTIC"],
    "secteur": ["Angoulême Centre-Soyaux", "Cognac", "Ruffécois"],
    "tas": ["Angoumois Est", "Nord Charente"],
    "epci": ["200070514", "200071827"],
    "prescripteur": ["TRAVAILLEUR_SOCIAL", "COMMISSION_FSL"],
    "instance": ["COMMISSION_FSL", "GTS"],
}


def _as_params(query: dict) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


def test_default_view_has_an_empty_query() -> None:
    state = default_state(YEARS)
    assert (state.debut, state.fin, state.comparaison) == (2014, 2025, 2024)
    assert to_query(state, YEARS) == {}
    assert from_query({}, YEARS, OPTIONS) == state


def test_round_trip_of_a_narrow_view() -> None:
    state = ViewState(
        debut=2020, fin=2024, comparaison=2022, type=("ASSLL",), secteur=("Cognac", "Ruffécois"), epci=("200070514",)
    )
    query = to_query(state, YEARS)
    assert query == {
        "debut": "2020",
        "fin": "2024",
        "comparaison": "2022",
        "type": ["ASSLL"],
        "secteur": ["Cognac", "Ruffécois"],
        "epci": ["200070514"],
    }
    assert from_query(_as_params(query), YEARS, OPTIONS) == state


def test_junk_in_the_url_falls_back_to_defaults() -> None:
    params = {
        "debut": ["abc"],
        "fin": ["1999"],
        "comparaison": ["2030"],
        "secteur": ["Paris", "Cognac", "Cognac"],
        "type": ["<script>"],
        "inconnu": ["x"],
    }
    state = from_query(params, YEARS, OPTIONS)
    assert (state.debut, state.fin, state.comparaison) == (2014, 2025, 2024)
    assert state.secteur == ("Cognac",)
    assert state.type == ()


def test_reversed_period_is_put_back_in_order() -> None:
    state = from_query({"debut": ["2024"], "fin": ["2018"]}, YEARS, OPTIONS)
    assert (state.debut, state.fin, state.comparaison) == (2018, 2024, 2023)


@given(
    debut=st.sampled_from(YEARS),
    fin=st.sampled_from(YEARS),
    comparaison=st.sampled_from(YEARS),
    choices=st.fixed_dictionaries({name: st.lists(st.sampled_from(OPTIONS[name]), unique=True) for name in MULTI}),
)
def test_round_trip_property(debut: int, fin: int, comparaison: int, choices: dict[str, list[str]]) -> None:
    debut, fin = min(debut, fin), max(debut, fin)
    state = ViewState(debut=debut, fin=fin, comparaison=comparaison, **{k: tuple(v) for k, v in choices.items()})
    assert from_query(_as_params(to_query(state, YEARS)), YEARS, OPTIONS) == state


def test_a_year_without_data_in_the_link_is_said_as_the_command_line_says_it(app) -> None:
    """`?fin=2030`: the default period is shown, and the sidebar says why with the years available, as
    `assll indicators --year 2030` and `assll report --year 2030` do."""
    at = app(fin="2030")
    assert not at.exception
    [warning] = [w.value for w in at.sidebar.warning]
    assert warning == (
        "Aucune demande importée pour 2030 (années disponibles : 2014, 2015, 2016, 2017, 2018, 2019, "
        "2020, 2021, 2022, 2023, 2024, 2025) : la période par défaut est affichée."
    )
    at.run()
    assert [w.value for w in at.sidebar.warning] == []  # said once, when the link is opened
