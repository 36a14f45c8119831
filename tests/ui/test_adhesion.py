"""Adhésion et ciblage: the page shows the indicators of the demo warehouse (adhesion by profile with intervals,
the raw and adjusted FSL/GTS gaps with their sentences, the joint evaluation or « pas encore renseignée ») in
both modes; the sentences for a significant and a non-significant gap."""

from __future__ import annotations

import json

import pytest

from pipelines.indicators import Indicators
from pipelines.published import Published, adhesion, adhesion_sentences
from pipelines.published.adhesion_text import points
from tests.ui.helpers import metrics, open_until, table

PAGE = "app_pages/adhesion.py"


def sentences(at) -> list[str]:
    return [m.value[2:] for m in at.markdown if m.value.startswith("- ")]


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs_in_both_modes(app) -> None:
    for query in ({}, {"diffusion": "1"}):
        at = app(PAGE, **query)
        assert not at.exception
        assert at.title[0].value == "Adhésion et ciblage"
        assert len(at.metric) == 4
        said = sentences(at)
        assert any(
            s.startswith("Sur 2023–2025, à profil comparable — statut d'occupation, objectif, secteur, année —")
            for s in said
        ), said
        assert any("Ces écarts décrivent une association, pas une preuve de cause" in s for s in said)


def test_2024_gaps_are_the_indicators(at_2024, indicators: Indicators) -> None:
    shown = metrics(at_2024)
    raw = indicators.compute("ecart_adhesion_fsl_gts_brut_points", 2024).value
    adjusted = indicators.compute("ecart_adhesion_fsl_gts_ajuste_points", 2024).value
    assert shown["Écart FSL − GTS brut"] == points(raw["value"])
    assert shown["Écart FSL − GTS à profil comparable"] == points(adjusted["value"])
    assert shown["Clôtures 2022–2024"] == f"{indicators.compute('adhesion_par_profil', 2024).denominator:,}".replace(
        ",", "\u00a0"
    )
    # The demo's gap over 2022–2024 contains 0: said to be indistinguishable from chance, no route « better ».
    assert adjusted["borne_basse"] < 0 < adjusted["borne_haute"]
    said = sentences(at_2024)
    assert any(
        "ne se distingue pas du hasard" in s and s.startswith("Sur 2022–2024, à profil comparable") for s in said
    ), said
    assert not any("mieux" in s for s in said)
    gaps = table(at_2024, "Écart")
    assert gaps["Clôtures du calcul"].tolist()[:2] == [raw["n_a"] + raw["n_b"], adjusted["n"]]


def test_2024_joint_evaluation_is_not_yet_recorded(at_2024) -> None:
    assert metrics(at_2024)["Évaluation conjointe 2024"] == "Pas encore renseignée"
    assert (
        "L'évaluation conjointe n'est pas encore renseignée : aucune demande d'ASSLL de 2024 ne dit si elle a eu lieu."
    ) in sentences(at_2024)


def test_2025_joint_evaluation_share_and_gap(app, indicators: Indicators) -> None:
    at = app(PAGE)  # the default year is the last one: 2025
    share = indicators.compute("part_demandes_evaluation_conjointe_pct", 2025)
    assert share.denominator == indicators.compute("demandes_evaluation_conjointe_renseignee", 2025).value > 0
    said = sentences(at)
    assert any(s.startswith("En 2025, ") and f"({share.numerator} sur {share.denominator} ;" in s for s in said)
    gap = indicators.compute("ecart_adhesion_conjointe_ajuste_points", 2025).value
    assert gap["value"] is not None and gap["borne_basse"] > 0  # the demo's effect is visible
    assert any(
        "les mesures des demandes précédées d'une évaluation conjointe se terminent plus souvent avec un "
        "travail possible que celles des autres demandes" in s
        for s in said
    )


def test_profile_chart_is_sorted_points_with_intervals(at_2024, indicators: Indicators) -> None:
    profile = indicators.compute("adhesion_par_profil", 2024).value["instance"]
    chart = next(
        json.loads(c.proto.spec)
        for c in at_2024.get("plotly_chart")
        if "par instance" in json.loads(c.proto.spec)["layout"]["title"]["text"]
    )
    trace = chart["data"][0]
    rows = adhesion.ordered(adhesion.profile(Published.of(indicators), 2024)["instance"])
    assert trace["y"] == [r.label for r in rows]
    # Highest share first; the values without a publishable share (a small count) come last, in both modes.
    sortable = [v for v, r in zip(trace["x"], rows, strict=True) if not r.small]
    assert sortable == sorted(sortable, reverse=True) and len(sortable) >= 2
    assert trace["error_x"]["array"]  # every point has its interval
    shown = table(at_2024, "Instance").set_index("Instance")
    assert shown.loc["Commission FSL", "Clôtures"] == profile["COMMISSION_FSL"]["clotures"]
    assert shown.loc["GTS", "Part (%)"] == pytest.approx(round(profile["GTS"]["part_pct"], 1))


def test_diffusion_masks_small_profile_values(app) -> None:
    at = app(PAGE, diffusion="1", secteur="Horte et Tardoire")
    assert not at.exception
    at.radio(key="adhesion_dimension").set_value("prescripteur").run()
    shown = table(at, "Prescripteur")
    for closures, share in zip(shown["Clôtures"].tolist(), shown["Part (%)"].tolist(), strict=True):
        assert str(closures) not in {"1", "2", "3", "4"}
        if closures == "< 5":
            assert share == "masqué"


def sentence_of(gap: dict, diffusion: bool = False) -> str:
    """The adjusted sentence for a gap value given by hand (a stub of the published layer's source)."""
    from pipelines.indicators import IndicatorValue, load_catalogue

    pub = Published(lambda i, y, d: IndicatorValue(i, gap), lambda i: load_catalogue()[i], diffusion_on=diffusion)
    return str(adhesion_sentences.adjusted_gap(pub, 2024))


def test_sentences_for_a_significant_and_a_non_significant_gap() -> None:
    significant = {"value": -13.79, "borne_basse": -23.29, "borne_haute": -4.29, "n": 415, "motif": None}
    assert sentence_of(significant) == (
        "Sur 2022–2024, à profil comparable — statut d'occupation, objectif, secteur, année —, les mesures des "
        "demandes examinées en commission FSL se terminent moins souvent avec un travail possible que celles des "
        "demandes examinées en GTS : −13,8\u00a0points (IC 95\u00a0% : −23,3 à −4,3), sur 415 clôtures."
    )
    chance = {"value": -3.4, "borne_basse": -12.3, "borne_haute": 5.5, "n": 492, "motif": None}
    assert sentence_of(chance) == (
        "Sur 2022–2024, à profil comparable — statut d'occupation, objectif, secteur, année —, l'écart entre les "
        "mesures des demandes examinées en commission FSL et celles des demandes examinées en GTS (−3,4\u00a0points, "
        "IC 95\u00a0% : −12,3 à +5,5) ne se distingue pas du hasard : son intervalle de confiance contient 0 (sur "
        "492 clôtures)."
    )
    null = {
        "value": None,
        "borne_basse": None,
        "borne_haute": None,
        "n": 3,
        "motif": "trop peu de clôtures de motif connu (3) : il en faut au moins 30",
    }
    assert sentence_of(null).endswith(
        "l'écart n'est pas calculé : trop peu de clôtures de motif connu (3) : il en faut au moins 30."
    )
    assert "(moins de 5)" in sentence_of(null, diffusion=True)
