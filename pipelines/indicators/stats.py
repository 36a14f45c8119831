"""Small statistics shared by the dashboard and the reports."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """95 % Wilson score interval of a proportion, in percent; None when there are no cases.

    Unlike the plain p ± z·sqrt(p(1-p)/n), it stays within [0, 100] and is honest on small counts.
    """
    if total <= 0:
        return None
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


def change_pct(current: float | None, previous: float | None) -> float | None:
    """Relative change in percent; None when there is no base to compare with."""
    if current is None or previous in (None, 0):
        return None
    return (current - previous) / previous * 100


def share_of(part: float | None, whole: float | None) -> float | None:
    """`part` in percent of `whole`; None when either is unknown (masked) or the whole is zero."""
    if part is None or not whole:
        return None
    return 100 * part / whole
