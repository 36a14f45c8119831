"""Origine des demandes: runs on any filter, writes the report's sentences (III.B to D) from the indicators,
and its tables give the indicators exactly."""

from __future__ import annotations

import pytest

from pipelines.indicators import Filters
from pipelines.published import fmt
from tests.ui.helpers import open_until, tables

PAGE = "app_pages/origine.py"
YEAR = 2024
NBSP = "\u00a0"


def sentences(at) -> list[str]:
    return [m.value[2:] for m in at.markdown if m.value.startswith("- ")]


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Origine des demandes"
    assert sentences(at)


def test_2024_sentences_of_the_report(at_2024, indicators) -> None:
    said = sentences(at_2024)
    ts = indicators.compute("part_assll_travailleurs_sociaux_pct", YEAR)
    assert (ts.numerator, ts.denominator) == (135, 173)
    assert (
        f"En 2024, les travailleurs sociaux ont été à l'origine de {fmt.percent(ts.value)} des demandes "
        f"d'ASSLL, soit 135 (contre 71,7{NBSP}% en 2023)."
    ) in said
    assert fmt.percent(ts.value) == f"78,0{NBSP}%"  # report: 78 % (135), against 72 % in 2023
    assert "Les commissions FSL ont quant à elles demandé 38 mesures d'ASSLL (contre 43 en 2023)." in said
    fsl = indicators.compute("part_diagnostics_commissions_fsl_pct", YEAR)
    assert (
        f"En 2024, les commissions FSL ont été à l'origine de {fmt.percent(fsl.value)} des demandes de "
        f"diagnostic, soit 57 (contre 74,1{NBSP}% en 2023)."
    ) in said  # report: 89 % (57), 74 % in 2023
    groups = [s for s in said if s.startswith("En 2024, les commandes d'ASSLL proviennent")]
    assert groups == [
        f"En 2024, les commandes d'ASSLL proviennent pour 42,8{NBSP}% des commissions Accès et Maintien (contre "
        f"50,0{NBSP}% en 2023), pour 31,2{NBSP}% des commissions spécifiques (impayés d'énergie) et dettes "
        f"multiples (contre 36,2{NBSP}% en 2023) et pour 26,0{NBSP}% du PIG insalubrité, de la cellule incurie "
        f"Diogène et de la médiation DALO (contre 13,8{NBSP}% en 2023)."
    ]  # report: 43 % (50 %), 31 % (36 %), 26 % (14 %)


def test_2024_tables_are_the_indicators(at_2024, indicators) -> None:
    assll, diagnostics = tables(at_2024, "Prescripteur")
    expected = indicators.compute("commandes_assll_par_prescripteur", YEAR).value
    assert dict(zip(assll["Prescripteur"], assll["Commandes 2024"], strict=True))["Travailleur social"] == 135
    assert sum(assll["Commandes 2024"]) == sum(expected.values()) == 173
    assert dict(zip(diagnostics["Prescripteur"], diagnostics["Commandes 2024"], strict=True))["Commission FSL"] == 57
    groups = tables(at_2024, "Groupe de dispositifs")[0].set_index("Groupe de dispositifs")
    assert groups.loc["Accès et Maintien", "Commandes 2024"] == 74
    assert groups.loc["PIG, Diogène et DALO", "Part 2024 (%)"] == 26.0
    instance = tables(at_2024, "Instance")[0].set_index("Instance")
    by_instance = indicators.compute("commandes_assll_par_instance", YEAR).value
    assert instance.loc["GTS", "Commandes 2024"] == by_instance["GTS"]
    assert instance.loc["Commission FSL", "Commandes 2024"] == by_instance["COMMISSION_FSL"]


def test_evolution_of_the_shares_over_the_period(at_2024, indicators) -> None:
    shares = tables(at_2024, "Année", "Part des travailleurs sociaux")[0].set_index("Année")
    assert list(shares.index) == list(range(2014, YEAR + 1))
    for year in (2014, 2023, YEAR):
        ts = indicators.compute("part_assll_travailleurs_sociaux_pct", year)
        assert shares.loc[year, "Part des travailleurs sociaux (ASSLL, %)"] == pytest.approx(ts.value, abs=0.05)
        assert shares.loc[year, "Commandes d'ASSLL des travailleurs sociaux"] == ts.numerator
    assert shares.loc[YEAR, "Part des commissions FSL (diagnostics, %)"] == 89.1
    counts = tables(at_2024, "Année", "Travailleur social")[0].set_index("Année")
    assert counts.loc[2023, "Travailleur social"] == 109


def test_evolution_for_diagnostics(at_2024) -> None:
    at_2024.radio(key="origine_type_evolution").set_value("DIAGNOSTIC").run()
    assert not at_2024.exception
    counts = tables(at_2024, "Année", "Commission FSL")[0].set_index("Année")
    assert counts.loc[YEAR, "Commission FSL"] == 57


@pytest.mark.parametrize(
    ("query", "flt"),
    [
        ({"fin": "2015", "debut": "2015", "secteur": "Sud-Charente"}, Filters(secteurs=("Sud-Charente",))),
        ({"fin": "2024", "type": "DIAGNOSTIC"}, Filters(types=("DIAGNOSTIC",))),
        (
            {"fin": "2024", "prescripteur": "USAGER", "instance": "CCAPEX"},
            Filters(prescripteurs=("USAGER",), instances=("CCAPEX",)),
        ),
    ],
    ids=["secteur-une-annee", "diagnostics", "vide"],
)
def test_narrow_filters_run(app, indicators, query, flt) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    year = int(query["fin"])
    ts = indicators.compute("part_assll_travailleurs_sociaux_pct", year, flt)
    said = sentences(at)
    if ts.value is None:
        assert not any("travailleurs sociaux ont été" in s for s in said)
    else:
        assert any(f"l'origine de {fmt.percent(ts.value)} des demandes d'ASSLL" in s for s in said)
    if query.get("debut") == query["fin"]:
        assert any("plusieurs années" in i.value for i in at.info)
