"""Year-on-year wording that respects chance (issue 11, item 5): « hausse » / « baisse » only when the two
years' 95 % intervals do not overlap."""

from __future__ import annotations

import pytest

from pipelines.indicators.stats import wilson_interval
from pipelines.published.trend import BAISSE, HAUSSE, STABLE, median_trend, share_trend, trend


def test_wilson_intervals_behind_the_cases() -> None:
    # n = 100, z^2 = 3.8415: 50 % -> centre 0.5, half-width 1.96 * sqrt(0.0025 + 0.000096) / 1.0384 = 0.0962
    assert wilson_interval(50, 100) == pytest.approx((40.38, 59.62), abs=0.01)
    # 60 %: centre (0.6 + 0.0192) / 1.0384 = 0.5963, half-width 0.0943
    assert wilson_interval(60, 100) == pytest.approx((50.20, 69.06), abs=0.01)
    # 30 %: centre 0.3074, half-width 0.0885
    assert wilson_interval(30, 100) == pytest.approx((21.90, 39.59), abs=0.01)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ((50, 100), (60, 100), STABLE),  # [40.4, 59.6] and [50.2, 69.1] overlap
        ((30, 100), (60, 100), HAUSSE),  # [21.9, 39.6] below [50.2, 69.1]
        ((60, 100), (30, 100), BAISSE),
        ((500, 1000), (600, 1000), HAUSSE),  # the same 50 % -> 60 % on ten times more: [46.9, 53.1], [56.9, 63.0]
        ((300, 1000), (330, 1000), STABLE),  # [27.2, 32.9] and [30.2, 36.0]
        ((0, 0), (3, 10), None),  # nothing to compare with
    ],
)
def test_share_trend(before: tuple[int, int], after: tuple[int, int], expected: str | None) -> None:
    assert share_trend(*before, *after) == expected


def median(valeur: float, basse: float | None, haute: float | None) -> dict[str, float | None]:
    return {"valeur": valeur, "borne_basse": basse, "borne_haute": haute}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (median(30, 25, 35), median(45, 40, 55), HAUSSE),
        (median(45, 40, 55), median(30, 25, 35), BAISSE),
        (median(30, 25, 35), median(45, 34, 55), STABLE),  # 34 <= 35
        (median(30, 25, 35), median(45, 35, 55), STABLE),  # intervals touching at 35 overlap
        (median(30, 25, None), median(45, 40, 55), STABLE),  # upper bound not reached: open above
        (median(45, None, 50), median(30, 25, 35), STABLE),  # lower bound unknown: open below
        (None, median(30, 25, 35), None),  # median not reached (or masked) one year
        (median(30, 25, 35), {"valeur": None, "borne_basse": None, "borne_haute": None}, None),
    ],
)
def test_median_trend(before: dict | None, after: dict | None, expected: str | None) -> None:
    assert median_trend(before, after) == expected


def test_trend_is_stable_for_equal_values_with_no_width() -> None:
    assert trend(10.0, (10.0, 10.0), 10.0, (10.0, 10.0)) == STABLE
    assert trend(10.0, (10.0, 10.0), 10.5, (10.5, 10.5)) == HAUSSE
