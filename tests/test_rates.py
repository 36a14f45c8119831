"""Shares with their counts and 95 % intervals (pipelines/published/shares.py) and their bars (dashboard/rates.py)."""

from __future__ import annotations

import pytest

from dashboard import rates
from pipelines.indicators import IndicatorValue
from pipelines.indicators.stats import wilson_interval
from pipelines.published import shares


def test_rate_of_a_share_indicator() -> None:
    rate = shares.of(IndicatorValue("part", 30.275, 33, 109))
    assert rate == shares.Rate(33, 109)
    assert rate.pct == pytest.approx(100 * 33 / 109)
    assert rate.interval == wilson_interval(33, 109)
    assert rate.label == "30,3\u00a0% (33/109)"
    item = rates.item(rate, "k", "FSL")
    assert (item.key, item.label, item.text) == ("k", "FSL", "30,3\u00a0% (33/109)")
    assert (item.low, item.high) == wilson_interval(33, 109)


def test_no_case_no_rate() -> None:
    assert shares.of(IndicatorValue("part", None, 0, 0)) is None
    assert shares.of(IndicatorValue("part", None)) is None
    assert shares.of_count(3, 0) is None
    assert shares.of_count(None, 10) == shares.Rate(0, 10)
    assert rates.item(None, "k", "x") is None


def test_overlap() -> None:
    assert shares.overlap(shares.Rate(21, 51), shares.Rate(12, 58))  # 41 % vs 21 %: intervals overlap
    assert not shares.overlap(shares.Rate(74, 103), shares.Rate(26, 73))
    assert not shares.overlap(shares.Rate(1, 2), None)


def test_table_by_year() -> None:
    frame = shares.table(
        "Motif",
        ["Travail possible", "Limites"],
        {2024: [shares.Rate(73, 188), shares.Rate(12, 188)], 2023: [shares.Rate(74, 162), None]},
        counted="Mesures",
        base="Clôtures",
    )
    assert frame.columns == [
        "Motif",
        "Part 2024 (%)",
        "Mesures 2024",
        "Clôtures 2024",
        "IC 95 % bas 2024 (%)",
        "IC 95 % haut 2024 (%)",
        "Part 2023 (%)",
        "Mesures 2023",
        "Clôtures 2023",
        "IC 95 % bas 2023 (%)",
        "IC 95 % haut 2023 (%)",
    ]
    assert frame.row(0) == ("Travail possible", 38.8, 73, 188, 32.2, 46.0, 45.7, 74, 162, 38.2, 53.4)
    assert frame.row(1)[6:] == (None, None, None, None, None)


def test_table_over_the_years() -> None:
    frame = shares.year_table({2023: {"a": None}, 2024: {"a": shares.Rate(26, 73)}}, {"a": "Plus de 12 mois"})
    assert frame["Année"].to_list() == [2023, 2024]
    assert frame["Plus de 12 mois (%)"].to_list() == [None, 35.6]
    assert frame["Plus de 12 mois : cas"].to_list() == [None, 26]
    assert frame["Plus de 12 mois : sur"].to_list() == [None, 73]


def test_change_in_points() -> None:
    assert shares.change_points(shares.Rate(73, 188), shares.Rate(74, 162)) == pytest.approx(-6.9)
    assert shares.change_points(shares.Rate(1, 2), None) is None
    assert shares.points_text(4.5) == "+4,5 points"
    assert shares.points_text(-0.8) == "-0,8 point"
    assert shares.points_text(0.0) == "0,0 point"
    assert shares.points_text(None) is None
