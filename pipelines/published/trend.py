"""Year-on-year wording that respects chance: « hausse » / « baisse » only when the two years' 95 %
intervals do not overlap, « stable » otherwise (Wilson intervals for shares, the median's own
interval for medians). Pure functions; the sentences that use them keep the intervals one click away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pipelines.indicators.stats import wilson_interval

HAUSSE = "hausse"
BAISSE = "baisse"
STABLE = "stable"

Interval = tuple[float | None, float | None]


def trend(before: float, before_interval: Interval, after: float, after_interval: Interval) -> str:
    """« stable » when the closed intervals overlap (a missing bound is open: −∞ below, +∞ above),
    else « hausse » or « baisse » from `before` to `after`."""
    low_b, high_b = _bounds(before_interval)
    low_a, high_a = _bounds(after_interval)
    if low_a <= high_b and low_b <= high_a:
        return STABLE
    return HAUSSE if after > before else BAISSE


def _bounds(interval: Interval) -> tuple[float, float]:
    low, high = interval
    return (-math.inf if low is None else low, math.inf if high is None else high)


def share_trend(successes_before: int, total_before: int, successes_after: int, total_after: int) -> str | None:
    """Two shares successes / total (before, after) compared by their Wilson 95 % intervals; None
    when either year has nothing to divide by."""
    interval_b = wilson_interval(successes_before, total_before)
    interval_a = wilson_interval(successes_after, total_after)
    if interval_b is None or interval_a is None:
        return None
    return trend(100 * successes_before / total_before, interval_b, 100 * successes_after / total_after, interval_a)


def median_trend(before: Mapping[str, float | None] | None, after: Mapping[str, float | None] | None) -> str | None:
    """Two medians {"valeur", "borne_basse", "borne_haute"} (as the time-to-event indicators give them)
    compared by their 95 % intervals; None when either is missing (not reached, no subject, masked)."""
    if not before or not after or before.get("valeur") is None or after.get("valeur") is None:
        return None
    return trend(
        before["valeur"],  # type: ignore[arg-type]
        (before.get("borne_basse"), before.get("borne_haute")),
        after["valeur"],  # type: ignore[arg-type]
        (after.get("borne_basse"), after.get("borne_haute")),
    )
