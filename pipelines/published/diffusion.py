"""Small counts for publication (*diffusion*): counts from 1 to 4 are masked as `< 5`.

Secondary suppression: in a table whose total is published, a single masked cell could be
recovered by subtraction, so the smallest other non-zero cell is masked too (repeated until no
cell stands alone). A share computed on a masked count is masked as well.
"""

from __future__ import annotations

from collections.abc import Mapping

THRESHOLD = 5
MASK = "< 5"


def is_small(value: float | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def mask_breakdown(values: Mapping[str, float | None]) -> dict[str, float | None]:
    """The breakdown with masked cells set to None (its total is assumed published)."""
    masked = {k: (None if is_small(v) else v) for k, v in values.items()}
    hidden = [k for k, v in values.items() if is_small(v)]
    if len(hidden) == 1:
        candidates = sorted((v, k) for k, v in masked.items() if v not in (None, 0))
        if candidates:
            masked[candidates[0][1]] = None
    return masked


def mask_share(value: float | None, numerator: float | None, denominator: float | None) -> float | None:
    """A share is masked when its numerator or denominator is a small count."""
    if is_small(numerator) or is_small(denominator):
        return None
    return value
