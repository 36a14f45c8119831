"""Équilibre des secteurs: the balance at a date equals `assll indicators --as-of`, the rule is stated, the
suggested mutualisation is the one of pipelines/published/balance_rule.py, and the history of mutualisations matches."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.indicators import Filters, Indicators
from pipelines.published import balance_rule, fmt
from tests.ui.helpers import open_until

PAGE = "app_pages/equilibre.py"
END_2024 = dt.date(2024, 12, 31)


def chart_table(at):
    """The table behind the load chart (AppTest does not expose a dataframe's key: found by its headers)."""
    return next(
        d.value
        for d in at.dataframe
        if list(d.value.columns[:2]) == ["Secteur", "TAS"] and "Situation" in d.value.columns
    )


def history(at):
    return next(
        d.value
        for d in at.dataframe
        if list(d.value.columns) == ["Date", "Mesure", "Secteur d'origine", "Secteur d'accueil"]
    )


def expected_balance(indicators: Indicators, as_of: dt.date, flt: Filters | None = None):
    got = indicators.compute_all(
        as_of.year,
        flt,
        as_of=as_of,
        ids=[
            "commandes_en_attente_par_secteur",
            "mesures_en_cours_par_secteur",
            "charge_par_etp_par_secteur",
            "etp_par_secteur",
        ],
    )
    tas = dict(indicators.query("SELECT secteur, tas FROM ref_secteurs").iter_rows())
    sectors = [
        balance_rule.SectorLoad(
            s,
            tas[s],
            got["commandes_en_attente_par_secteur"].value[s],
            got["mesures_en_cours_par_secteur"].value[s],
            got["etp_par_secteur"].value[s],
        )
        for s in got["charge_par_etp_par_secteur"].value
    ]
    return got, balance_rule.assess(sectors)


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Équilibre des secteurs"
    assert at.date_input(key="equilibre_date").value is not None
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"debut": "2014", "fin": "2014", "secteur": "Sud-Charente"},
        {"fin": "2024", "tas": "Est Charente"},
        {"fin": "2024", "type": "DIAGNOSTIC", "epci": "200070514"},
        {"debut": "2015", "fin": "2015", "secteur": ["Cognac", "Ruffécois"]},
    ],
)
def test_narrow_filters_run(app, query) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    assert at.caption[0].value.startswith("Situation au ")


def test_default_date_is_31_december_of_the_year(at_2024) -> None:
    assert at_2024.date_input(key="equilibre_date").value == END_2024
    assert at_2024.caption[0].value.startswith("Situation au 31/12/2024 (ETP 2024)")


def test_balance_at_end_of_2024_equals_the_indicators(at_2024, indicators) -> None:
    got, expected = expected_balance(indicators, END_2024)
    frame = chart_table(at_2024).set_index("Secteur")
    for sector, load in got["charge_par_etp_par_secteur"].value.items():
        row = frame.loc[sector]
        assert row["Commandes en attente"] == got["commandes_en_attente_par_secteur"].value[sector]
        assert row["Mesures en cours"] == got["mesures_en_cours_par_secteur"].value[sector]
        assert row["ETP"] == pytest.approx(got["etp_par_secteur"].value[sector])
        assert row["Charge par ETP"] == pytest.approx(load, abs=0.05)  # shown to one decimal
        assert row["Situation"] == balance_rule.STATUS_LABELS[expected.statuses[sector]]
    total = frame.loc["Ensemble des secteurs"]
    assert total["Charge par ETP"] == pytest.approx(expected.reference, abs=0.05)  # shown to one decimal
    assert total["ETP"] == pytest.approx(6.0)
    # The suggestion on the page is the rule's, stated with the rule and its thresholds.
    assert expected.origine is not None
    assert at_2024.success[0].value.split("\n\n")[0] == balance_rule.suggestion_text(expected)
    rule = " ".join(m.value for m in at_2024.markdown)
    assert f"de plus de {balance_rule.SURCHARGE_PCT}\u00a0%" in rule
    assert f"charge départementale {fmt.number(expected.reference, 1)} par ETP" in rule


def test_visible_table_highlights_the_sectors(at_2024, indicators) -> None:
    _, expected = expected_balance(indicators, END_2024)
    frame = next(d.value for d in at_2024.dataframe if "Situation" in d.value.columns)
    assert len(frame) == len(expected.statuses) + 1
    origin = expected.origine.secteur
    assert frame.set_index("Secteur").loc[origin, "Situation"] == "Surchargé"


def test_date_from_the_url_and_from_the_widget(app, indicators) -> None:
    at = app(PAGE, fin="2024", date="2024-06-30")
    assert not at.exception
    assert at.date_input(key="equilibre_date").value == dt.date(2024, 6, 30)
    got, _ = expected_balance(indicators, dt.date(2024, 6, 30))
    frame = chart_table(at).set_index("Secteur")
    waiting = got["commandes_en_attente_par_secteur"].value
    assert frame["Commandes en attente"].drop("Ensemble des secteurs").to_dict() == {
        s: waiting[s] for s in got["charge_par_etp_par_secteur"].value
    }
    at.date_input(key="equilibre_date").set_value(dt.date(2023, 3, 1)).run()
    assert not at.exception
    assert at.query_params["date"] == "2023-03-01"
    assert at.caption[0].value.startswith("Situation au 01/03/2023 (ETP 2023)")
    got, _ = expected_balance(indicators, dt.date(2023, 3, 1))
    frame = chart_table(at).set_index("Secteur")
    in_progress = got["mesures_en_cours_par_secteur"].value
    assert frame["Mesures en cours"].drop("Ensemble des secteurs").to_dict() == {
        s: in_progress[s] for s in got["charge_par_etp_par_secteur"].value
    }
    # A new year in the sidebar brings back its own default date.
    at.sidebar.select_slider(key="f_periode").set_value((2014, 2022)).run()
    assert at.date_input(key="equilibre_date").value == dt.date(2022, 12, 31)
    assert "date" not in at.query_params


def test_a_wrong_date_in_the_url_is_ignored(app) -> None:
    at = app(PAGE, fin="2024", date="31/12/2024")
    assert not at.exception
    assert at.date_input(key="equilibre_date").value == END_2024


def test_mutualisations_of_2024(at_2024, indicators) -> None:
    assert indicators.compute("mutualisations", 2024).value == 9
    sentences = [m.value for m in at_2024.markdown]
    before = indicators.compute("mutualisations", 2023).value
    assert (
        f"En 2024, la coordination a eu recours à la mutualisation à 9 reprises (contre {before} en 2023)." in sentences
    )
    by_year = next(d.value for d in at_2024.dataframe if list(d.value.columns) == ["Année", "Mutualisations"])
    assert by_year.set_index("Année").loc[2024, "Mutualisations"] == 9
    rows = history(at_2024)
    assert sum(1 for day in rows["Date"] if day.year == 2024) == 9
    assert len(rows) == sum(indicators.compute("mutualisations", y).value for y in range(2014, 2025))
    by_sector = next(d.value for d in at_2024.dataframe if "Mesures confiées (origine)" in d.value.columns)
    assert by_sector["Mesures confiées (origine)"].sum() == len(rows)
    origin_2024 = indicators.compute("mutualisations_par_secteur_origine", 2024).value
    assert sum(origin_2024.values()) == 9


def test_sector_filter_keeps_only_its_sectors(app, indicators) -> None:
    at = app(PAGE, fin="2024", tas="Est Charente")
    assert not at.exception
    frame = chart_table(at)
    assert frame["Secteur"].tolist() == ["Charente Limousine", "Horte et Tardoire", "Ensemble des secteurs"]
    flt = Filters(tas=("Est Charente",))
    expected = indicators.compute("charge_par_etp_par_secteur", 2024, flt, as_of=END_2024).value
    assert frame.set_index("Secteur").loc["Horte et Tardoire", "Charge par ETP"] == pytest.approx(
        expected["Horte et Tardoire"], abs=0.05
    )  # shown to one decimal
    count = indicators.compute("mutualisations", 2024, flt).value
    assert f"à la mutualisation à {count} reprise" in " ".join(m.value for m in at.markdown)


# -- waiting before the start of the measure (time to event) -------------------------------------------
WAIT = "Durée d'attente médiane (jours, IC 95 %)"


def test_median_waits_per_sector_equal_the_indicators(at_2024, indicators) -> None:
    frame = chart_table(at_2024).set_index("Secteur")
    got = indicators.compute("attente_debut_mediane_jours_par_secteur", 2024, as_of=END_2024)
    for sector, median in got.value.items():
        if sector not in frame.index:
            continue
        low, high = fmt.number(median["borne_basse"]), fmt.number(median["borne_haute"])
        assert frame.loc[sector, WAIT] == f"{fmt.number(median['valeur'])}\u00a0jours (IC 95\u00a0% : {low} à {high})"
        events, subjects = got.details[sector]
        assert frame.loc[sector, "Ménages encore en attente"] == subjects - events
    assert frame.loc["Cognac", WAIT] == "39\u00a0jours (IC 95\u00a0% : 34 à 45)"
    reference = indicators.compute("attente_debut_mediane_jours", 2024, as_of=END_2024).value
    assert frame.loc["Ensemble des secteurs", WAIT] == "34\u00a0jours (IC 95\u00a0% : 32 à 37)"
    assert reference["valeur"] == 34
    # No sector waits more than twice the département's 34 days: none is flagged, and the box says so.
    assert set(frame["Attente signalée"].drop("Ensemble des secteurs")) == {""}
    said = at_2024.success[0].value
    assert said.endswith(
        "la moitié des ménages accordés en 2024 ont attendu plus de 34\u00a0jours dans le "
        "département ; aucun secteur n'attend plus de deux fois plus longtemps."
    )
    rule = " ".join(m.value for m in at_2024.markdown)
    assert "seuil 68 jours" in rule and "plus de deux fois celle du département" in rule


def test_median_waits_of_fewer_than_5_households_are_masked_in_diffusion(app, indicators) -> None:
    day = dt.date(2024, 3, 31)
    got = indicators.compute("attente_debut_mediane_jours_par_secteur", 2024, as_of=day)
    assert got.details["Angoulême Nord-Gond-Pontouvre"] == (3, 4)
    internal = chart_table(app(PAGE, fin="2024", date="2024-03-31")).set_index("Secteur")
    public = chart_table(app(PAGE, fin="2024", date="2024-03-31", diffusion="1")).set_index("Secteur")
    assert internal.loc["Angoulême Nord-Gond-Pontouvre", WAIT] == "41\u00a0jours (IC 95\u00a0% : 18 à 55)"
    for sector, (_, subjects) in got.details.items():
        if subjects < 5:
            assert public.loc[sector, WAIT] == "masqué", sector
            assert public.loc[sector, "Durée d'attente la plus longue en cours (jours)"] == "masqué", sector
        else:
            assert public.loc[sector, WAIT] == internal.loc[sector, WAIT], sector
    assert public.loc["Angoulême Centre-Soyaux", WAIT] == "34\u00a0jours (IC 95\u00a0% : 25 à 49)"
    # Still waiting: 1 in Nord-Gond-Pontouvre (4 − 3) is a count of 1 to 4.
    assert internal.loc["Angoulême Nord-Gond-Pontouvre", "Ménages encore en attente"] == 1
    assert public.loc["Angoulême Nord-Gond-Pontouvre", "Ménages encore en attente"] == "< 5"
