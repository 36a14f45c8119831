"""GTS: runs on any filter, its key figures, sentences and tables are the indicators (and the 2024 report)."""

from __future__ import annotations

import pytest

from pipelines.indicators import Filters
from pipelines.indicators.stats import change_pct
from pipelines.published import fmt
from tests.ui.helpers import open_until, table

PAGE = "app_pages/gts.py"
YEAR = 2024
KEY_FIGURES = {
    "Situations examinées": ("gts_situations_examinees", 410),
    "Nouvelles demandes": ("gts_nouvelles_demandes", 98),
    "Bilans": ("gts_bilans", 288),
    "Renouvellements validés": ("gts_renouvellements", 126),
    "Arrêts validés": ("gts_arrets_valides", 162),
    "Diagnostics demandés": ("gts_diagnostics_demandes", 7),
    "Compléments demandés": ("gts_complements_demandes", 7),
}


def metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def sentences(at) -> list[str]:
    return [m.value[2:] for m in at.markdown if m.value.startswith("- ")]


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "GTS"
    assert len(at.metric) == len(KEY_FIGURES) + 1  # and the median delay of decision


def test_2024_key_figures_are_the_indicators_and_the_report(at_2024, indicators) -> None:
    shown = metrics(at_2024)
    for label, (ind_id, report) in KEY_FIGURES.items():
        now = indicators.compute(ind_id, YEAR).value
        before = indicators.compute(ind_id, 2023).value
        assert now == report, ind_id
        assert shown[label][0] == fmt.number(now)
        change = change_pct(now, before)
        assert shown[label][1] == (fmt.percent(change, signed=True) if change is not None else ""), label


def test_2024_sentences(at_2024) -> None:
    said = sentences(at_2024)
    assert any(
        s.startswith("En 2024, 410 situations ont été examinées en GTS (contre ")
        and "dont 98 nouvelles demandes d'ASSLL (contre 95 en 2023) et 288 bilans (162 arrêts et 126 "
        "renouvellements validés)."
        in s
        for s in said
    ), said
    assert (
        "Le GTS a demandé 7 diagnostics (contre 19 en 2023) et 7 compléments d'information au travailleur "
        "social à l'origine de la demande (contre 3 en 2023)."
    ) in said
    assert any(
        s.startswith("Les motifs des refus d'ASSLL décidés en 2024 sont : Orientation DALO (4), AVDL (3), MASP (2)")
        for s in said
    )


def test_2024_refusals_and_decisions(at_2024, indicators) -> None:
    refusals = table(at_2024, "Motif du refus").set_index("Motif du refus")
    assert refusals.loc["Orientation DALO", "Refus 2024"] == 4  # report: 4 orientations vers le DALO
    expected = indicators.compute("refus_par_motif", YEAR).value
    assert refusals["Refus 2024"].sum() == sum(expected.values())
    decisions = table(at_2024, "Décision").set_index("Décision")
    by_decision = indicators.compute("gts_par_decision", YEAR).value
    assert decisions.loc["Renouvellement", "Passages 2024"] == by_decision["RENOUVELLEMENT"]
    objets = table(at_2024, "Objet").set_index("Objet")
    assert objets.loc["Nouvelle demande", "Passages 2024"] == 98
    assert objets.loc["Bilan", "Passages 2024"] == 288


def test_2024_evolution(at_2024, indicators) -> None:
    passages = table(at_2024, "Année", "Situations examinées").set_index("Année")
    assert list(passages.index) == list(range(2014, YEAR + 1))
    assert passages.loc[YEAR, "Situations examinées"] == 410
    assert passages.loc[2023, "Nouvelles demandes"] == 95
    assert passages.loc[2016, "Bilans"] == indicators.compute("gts_bilans", 2016).value
    reviews = table(at_2024, "Année", "Arrêts validés").set_index("Année")
    assert reviews.loc[YEAR, "Arrêts validés"] == 162
    assert reviews.loc[YEAR, "Renouvellements validés"] == 126
    asked = table(at_2024, "Année", "Diagnostics demandés").set_index("Année")
    assert asked.loc[2023, "Diagnostics demandés"] == 19
    assert asked.loc[2023, "Compléments demandés"] == 3


@pytest.mark.parametrize(
    ("query", "flt"),
    [
        ({"fin": "2015", "debut": "2015", "secteur": "Sud-Charente"}, Filters(secteurs=("Sud-Charente",))),
        (
            {"fin": "2024", "instance": "GTS", "tas": "Nord Charente"},
            Filters(instances=("GTS",), tas=("Nord Charente",)),
        ),
        (
            {"fin": "2024", "prescripteur": "USAGER", "instance": "CCAPEX"},
            Filters(prescripteurs=("USAGER",), instances=("CCAPEX",)),
        ),
    ],
    ids=["secteur-une-annee", "instance-tas", "vide"],
)
def test_narrow_filters_run(app, indicators, query, flt) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    expected = indicators.compute("gts_situations_examinees", int(query["fin"]), flt).value
    assert metrics(at)["Situations examinées"][0] == fmt.number(expected)
    if not expected:
        assert any("Aucun passage en GTS" in i.value for i in at.info)


def test_median_delay_of_decision_with_its_interval(at_2024, indicators) -> None:
    got = indicators.compute("delai_decision_median_jours", YEAR)
    median, before = got.value, indicators.compute("delai_decision_median_jours", 2023).value
    value, delta = metrics(at_2024)["Délai médian de décision"]
    assert value == f"{fmt.number(median['valeur'])}\u00a0jours" == "12\u00a0jours"
    assert "IC 95\u00a0% : 7 à 15" in [c.value for c in at_2024.caption]
    assert (median["borne_basse"], median["borne_haute"]) == (7, 15)
    # 2023's interval overlaps 2024's: the change is worded « stable », whatever the two values.
    assert before["borne_basse"] <= median["borne_haute"] and median["borne_basse"] <= before["borne_haute"]
    assert delta == "stable"


def test_median_delay_in_diffusion_mode(app, indicators) -> None:
    flt = Filters(secteurs=("Horte et Tardoire",), types=("DIAGNOSTIC",))
    got = indicators.compute("delai_decision_median_jours", 2020, flt)
    assert (got.numerator, got.denominator) == (3, 3)  # three requests: a median of three times is one of them
    query = {"debut": "2019", "fin": "2020", "secteur": "Horte et Tardoire", "type": "DIAGNOSTIC"}
    internal, public = app(PAGE, **query), app(PAGE, **query, diffusion="1")
    assert not internal.exception and not public.exception
    assert metrics(internal)["Délai médian de décision"][0] == "0\u00a0jour"
    assert metrics(public)["Délai médian de décision"][0] == "masqué"
