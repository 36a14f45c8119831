"""Shares with their counts and 95 % intervals (dashboard/rates.py, pure)."""

from __future__ import annotations

import pytest

from dashboard import rates
from pipelines.indicators import IndicatorValue
from pipelines.indicators.stats import wilson_interval


def test_rate_of_a_share_indicator() -> None:
    rate = rates.of(IndicatorValue("part", 30.275, 33, 109))
    assert rate == rates.Rate(33, 109)
    assert rate.pct == pytest.approx(100 * 33 / 109)
    assert rate.interval == wilson_interval(33, 109)
    assert rate.label == "30,3\u00a0% (33/109)"
    item = rate.item("k", "FSL")
    assert (item.key, item.label, item.text) == ("k", "FSL", "30,3\u00a0% (33/109)")
    assert (item.low, item.high) == wilson_interval(33, 109)


def test_no_case_no_rate() -> None:
    assert rates.of(IndicatorValue("part", None, 0, 0)) is None
    assert rates.of(IndicatorValue("part", None)) is None
    assert rates.of_count(3, 0) is None
    assert rates.of_count(None, 10) == rates.Rate(0, 10)
    assert rates.item(None, "k", "x") is None


def test_overlap() -> None:
    assert rates.overlap(rates.Rate(21, 51), rates.Rate(12, 58))  # 41 % vs 21 %: intervals overlap
    assert not rates.overlap(rates.Rate(74, 103), rates.Rate(26, 73))
    assert not rates.overlap(rates.Rate(1, 2), None)


def test_table_by_year() -> None:
    frame = rates.table("Motif", ["Travail possible", "Limites"],
                        {2024: [rates.Rate(73, 188), rates.Rate(12, 188)], 2023: [rates.Rate(74, 162), None]},
                        counted="Mesures", base="Clôtures")
    assert frame.columns == [
        "Motif", "Part 2024 (%)", "Mesures 2024", "Clôtures 2024", "IC 95 % bas 2024 (%)", "IC 95 % haut 2024 (%)",
        "Part 2023 (%)", "Mesures 2023", "Clôtures 2023", "IC 95 % bas 2023 (%)", "IC 95 % haut 2023 (%)"]
    assert frame.row(0) == ("Travail possible", 38.8, 73, 188, 32.2, 46.0, 45.7, 74, 162, 38.2, 53.4)
    assert frame.row(1)[6:] == (None, None, None, None, None)


def test_table_over_the_years() -> None:
    frame = rates.year_table({2023: {"a": None}, 2024: {"a": rates.Rate(26, 73)}}, {"a": "Plus de 12 mois"})
    assert frame["Année"].to_list() == [2023, 2024]
    assert frame["Plus de 12 mois (%)"].to_list() == [None, 35.6]
    assert frame["Plus de 12 mois : cas"].to_list() == [None, 26]
    assert frame["Plus de 12 mois : sur"].to_list() == [None, 73]


def test_change_in_points() -> None:
    assert rates.change_points(rates.Rate(73, 188), rates.Rate(74, 162)) == pytest.approx(-6.9)
    assert rates.change_points(rates.Rate(1, 2), None) is None
    assert rates.points_text(4.5) == "+4,5 points"
    assert rates.points_text(-0.8) == "-0,8 point"
    assert rates.points_text(0.0) == "0,0 point"
    assert rates.points_text(None) is None
