"""The layer of published figures: what a figure reads in internal and in diffusion mode (exact rules)."""

from __future__ import annotations

from pipelines.indicators import IndicatorValue
from pipelines.indicators.catalogue import IndicatorDef
from pipelines.published import Published

DEFS = {
    "n": IndicatorDef("n", "T", "valeur", "nombre", "", "Compte", "", ""),
    "b": IndicatorDef("b", "T", "repartition", "nombre", "", "Répartition", "", ""),
    "p": IndicatorDef("p", "T", "part", "%", "", "Part", "", ""),
    "m": IndicatorDef("m", "T", "valeur", "mois", "", "Durée moyenne", "", ""),
}
VALUES = {
    ("n", 2024): IndicatorValue("n", 3),
    ("n", 2023): IndicatorValue("n", 40),
    ("b", 2024): IndicatorValue("b", {"A": 20, "B": 3, "C": 0, "NON_RENSEIGNE": 0}),
    ("p", 2024): IndicatorValue("p", 100 * 20 / 23, 20, 23),
    ("p", 2023): IndicatorValue("p", 50.0, 10, 20),
    ("m", 2024): IndicatorValue("m", 6.9, 188.0 * 6.9, 4),
    ("m", 2023): IndicatorValue("m", 8.5, 10.0, 188),
}


def published(diffusion: bool) -> Published:
    return Published(lambda i, y, _d: VALUES[(i, y)], DEFS.__getitem__, diffusion_on=diffusion)


def test_internal_mode_shows_every_figure() -> None:
    pub = published(False)
    assert pub.value("n", 2024).text == "3"
    b = pub.breakdown("b", 2024)
    assert [b[k].text for k in b] == ["20", "3", "0", "0"]
    assert b.part("A").text == "87,0\u00a0%" and b.total.value == 23
    assert pub.value("p", 2024).text == "87,0\u00a0%"
    assert pub.change("n", 2024, 2023).text == "-92,5\u00a0%"


def test_diffusion_masks_small_counts_and_what_gives_them_back() -> None:
    pub = published(True)
    count = pub.value("n", 2024)
    assert (count.text, count.value, count.masked) == ("< 5", None, True)
    b = pub.breakdown("b", 2024)
    # B = 3 is masked; alone it would come back as 23 − 20: A is masked too (secondary); zeros stay zeros.
    assert [b[k].text for k in b] == ["< 5", "< 5", "0", "0"]
    assert b.total.text == "23" and b.part("A").text == "masqué"
    # 20 out of 23: the rest (3) would come back from the published total.
    assert pub.value("p", 2024).text == "masqué" and pub.value("p", 2024).numerator is None
    assert pub.value("p", 2023).text == "50,0\u00a0%"
    # A change computed on a masked count, a mean over fewer than 5 measures.
    assert pub.change("n", 2024, 2023).masked
    assert pub.value("m", 2024).text == "masqué" and pub.value("m", 2023).text == "8,5\u00a0mois"
    assert pub.sum_of("b", 2024, ("B", "C")).text == "masqué"
