"""The published adhesion figures (pipelines.published.adhesion) from hand-made indicator values: masking in
diffusion (a profile value of 1 to 4 closures masked with its share and interval, and the smallest other value
of its dimension with it; a raw gap on 1 to 4 closures of a side; the adjusted gap never masked), the order of
the profile (the same in both modes) and the « pas encore renseignée » state."""

from __future__ import annotations

import pytest

from pipelines.indicators import IndicatorValue, load_catalogue
from pipelines.indicators.adhesion import share_entry
from pipelines.published import Published, adhesion, adhesion_sentences

PROFILE = {
    "instance": {
        "COMMISSION_FSL": share_entry(40, 12),
        "GTS": share_entry(30, 15),
        "CCAPEX": share_entry(3, 1),
        "NON_RENSEIGNE": share_entry(0, 0),
    },
    "evaluation_conjointe": {"OUI": share_entry(0, 0), "NON": share_entry(0, 0), "NON_RENSEIGNE": share_entry(73, 28)},
}
RAW = {"value": -20.0, "borne_basse": -43.1, "borne_haute": 3.1, "n_a": 40, "n_b": 3, "motif": None}
ADJUSTED = {
    "value": None,
    "borne_basse": None,
    "borne_haute": None,
    "n": 2,
    "motif": "trop peu de clôtures de motif connu (2) : il en faut au moins 30",
}
VALUES = {
    "adhesion_par_profil": IndicatorValue("adhesion_par_profil", PROFILE, 28, 73),
    "ecart_adhesion_fsl_gts_brut_points": IndicatorValue("ecart_adhesion_fsl_gts_brut_points", RAW, 40, 43),
    "ecart_adhesion_fsl_gts_ajuste_points": IndicatorValue("ecart_adhesion_fsl_gts_ajuste_points", ADJUSTED, 0, 2),
    "ecart_adhesion_conjointe_ajuste_points": IndicatorValue(
        "ecart_adhesion_conjointe_ajuste_points",
        {"value": None, "borne_basse": None, "borne_haute": None, "n": 0, "motif": "aucune clôture"},
        0,
        0,
    ),
    "demandes_evaluation_conjointe_renseignee": IndicatorValue("demandes_evaluation_conjointe_renseignee", 0),
    "part_demandes_evaluation_conjointe_pct": IndicatorValue("part_demandes_evaluation_conjointe_pct", None, 0, 0),
}


def published(diffusion: bool) -> Published:
    return Published(lambda i, y, d: VALUES[i], lambda i: load_catalogue()[i], diffusion_on=diffusion)


def test_internal_mode_shows_every_value() -> None:
    rows = {r.key: r for r in adhesion.profile(published(False), 2024)["instance"]}
    assert list(rows) == ["COMMISSION_FSL", "GTS", "CCAPEX"]  # a catch-all value without closure is left out
    assert rows["CCAPEX"].closures.text == "3" and rows["CCAPEX"].share.value == pytest.approx(100 / 3)
    assert rows["CCAPEX"].small and rows["GTS"].small and not rows["COMMISSION_FSL"].small  # GTS: secondary
    assert rows["GTS"].low == pytest.approx(PROFILE["instance"]["GTS"]["borne_basse"])


def test_diffusion_masks_a_small_value_with_its_share_and_interval() -> None:
    rows = {r.key: r for r in adhesion.profile(published(True), 2024)["instance"]}
    assert rows["CCAPEX"].closures.text == "< 5" and rows["CCAPEX"].closures.value is None
    assert rows["CCAPEX"].share.text == "masqué" and rows["CCAPEX"].low is None and rows["CCAPEX"].high is None
    # Alone masked in a dimension whose total is published: the smallest other value goes with it.
    assert rows["GTS"].closures.masked and rows["GTS"].share.masked
    assert rows["COMMISSION_FSL"].closures.text == "40" and rows["COMMISSION_FSL"].share.text == "30,0\u00a0%"


def test_order_is_the_same_in_both_modes() -> None:
    # GTS (50 %) would come first by its share, but diffusion masks it (secondary suppression): it goes after
    # the shares that are published, in both modes, so that the order gives nothing hidden away.
    for diffusion in (False, True):
        rows = adhesion.ordered(adhesion.profile(published(diffusion), 2024)["instance"])
        assert [r.key for r in rows] == ["COMMISSION_FSL", "GTS", "CCAPEX"]


def test_raw_gap_masked_on_a_small_side_and_adjusted_never_masked() -> None:
    raw = adhesion.gap(published(True), adhesion.RAW, 2024)
    assert raw.figure.masked and raw.value is None
    assert adhesion.gap(published(False), adhesion.RAW, 2024).figure.text == "\u221220,0\u00a0points"
    adjusted = adhesion.gap(published(True), adhesion.ADJUSTED, 2024)
    assert not adjusted.figure.masked and adjusted.figure.text == "non calculé"
    assert adjusted.motif == "trop peu de clôtures de motif connu (moins de 5) : il en faut au moins 30"
    assert adjusted.size.text == "< 5"
    assert adhesion.gap(published(False), adhesion.ADJUSTED, 2024).size.text == "2"


def test_not_yet_recorded() -> None:
    pub = published(False)
    assert not adhesion.joint_recorded(pub, 2024)
    assert str(adhesion_sentences.joint_share(pub, 2024)) == (
        "L'évaluation conjointe n'est pas encore renseignée : aucune demande d'ASSLL de 2024 ne dit si elle a eu lieu."
    )
    assert str(adhesion_sentences.joint_gap(pub, 2024)) == (
        "L'écart lié à l'évaluation conjointe n'est pas calculé : elle n'est pas encore renseignée."
    )


def test_raw_sentence_in_diffusion_says_why_it_is_not_published() -> None:
    said = str(adhesion_sentences.raw_gap(published(True), 2024))
    assert said == (
        "Sur 2022–2024, sans tenir compte du profil des ménages, l'écart brut n'est pas publié (moins de "
        "5 clôtures d'un des deux côtés)."
    )
