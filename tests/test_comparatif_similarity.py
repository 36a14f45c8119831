"""The similarity rule (COMPARATIF.md §3) on a hand-checked example, and on the shipped reference."""

from __future__ import annotations

import math

import polars as pl
import pytest

from pipelines.comparatif import departements


def test_distances_on_three_departements_by_hand() -> None:
    # log population 1, 2, 3 (x ln 10), log density 1, 3, 2 (x ln 10), rural share 0, 10, 20: each feature is
    # (-1, 0, 1) up to order and scale, so its z-scores are -k, 0, +k with k = 1 / sqrt(2/3) = sqrt(1.5).
    # From A (-k, -k, -k): B (0, +k, 0) is at sqrt(k² + 4k² + k²) = sqrt(9) = 3;
    # C (+k, 0, +k) at sqrt(4k² + k² + 4k²) = sqrt(13.5).
    frame = pl.DataFrame(
        {
            "code_departement": ["A", "B", "C"],
            "departement": ["Alpha", "Bêta", "Gamma"],
            "population": [10, 100, 1000],
            "densite": [10.0, 1000.0, 100.0],
            "part_population_communes_moins_2000_pct": [0.0, 10.0, 20.0],
        }
    )
    got = departements.distances("A", frame)
    assert got["code_departement"].to_list() == ["A", "B", "C"]
    assert got["rang"].to_list() == [0, 1, 2]
    assert got["distance"].to_list() == pytest.approx([0.0, 3.0, math.sqrt(13.5)])
    from_c = departements.distances("C", frame)
    # C to B: (k, -k, k) -> sqrt(3 k²) = sqrt(4.5); C to A: sqrt(13.5)
    assert dict(from_c.select("code_departement", "distance").iter_rows()) == pytest.approx(
        {"C": 0.0, "B": math.sqrt(4.5), "A": math.sqrt(13.5)}
    )


def test_reference_has_the_101_departements() -> None:
    ref = departements.reference()
    assert ref.height == 101
    assert ref["code_departement"].n_unique() == 101
    assert {"2A", "2B", "971", "976"} <= set(ref["code_departement"])
    charente = ref.filter(pl.col("code_departement") == "16").row(0, named=True)
    assert (charente["population"], charente["communes"]) == (351_603, 362)  # as charente_communes.csv


def test_charente_nearest_five_from_the_shipped_reference() -> None:
    assert departements.nearest("16") == ["88", "47", "41", "11", "53"]
    table = departements.distances("16")
    assert table.height == 101 and table["distance"][0] == 0.0


def test_unknown_home_is_refused() -> None:
    with pytest.raises(KeyError):
        departements.distances("99")
