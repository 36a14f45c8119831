"""Small counts for publication (*diffusion*): counts from 1 to 4 are masked as `< 5`.

Secondary suppression: in a table whose total is published, a single masked cell could be
recovered by subtraction, so the smallest other non-zero cell is masked too (repeated until no
cell stands alone). A share computed on a masked count is masked as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def mask_count(value: float | None) -> float | None:
    return None if is_small(value) else value


def mask_share(value: float | None, numerator: float | None, denominator: float | None) -> float | None:
    """A share is masked when its numerator or denominator is a small count."""
    if is_small(numerator) or is_small(denominator):
        return None
    return value


def mask_median(value: Any, subjects: float | None, by_key: Mapping[str, tuple] | None = None) -> Any:
    """A median (time to event) is masked when it rests on 1 to 4 subjects; in a map key -> median,
    each key by its own subjects (`by_key`: key -> (events, subjects), the indicator's details).
    Medians do not add up to a total: no secondary suppression."""
    if by_key is None:
        return None if is_small(subjects) else value
    return {k: (None if is_small(by_key.get(k, (None, None))[1]) else v) for k, v in value.items()}


def mask_value(value, forme: str, unite: str, numerator=None, denominator=None, details=None):
    """An indicator's value as published: counts and breakdowns of counts masked, shares masked
    when computed on a masked count, medians when computed on fewer than 5 subjects (`details`: an
    indicator's per-key (numerator, denominator), for a map of medians or of shares). Durations,
    loads and ETP are not counts: left as they are."""
    if forme == "part":
        return mask_share(value, numerator, denominator)
    if forme == "mediane":
        return mask_median(value, denominator, details if isinstance(value, dict) and details else None)
    if unite == "%" and isinstance(value, dict) and details:
        return {k: mask_share(v, *details.get(k, (None, None))) for k, v in value.items()}
    if unite != "nombre":
        return value
    if isinstance(value, dict):
        return mask_breakdown(value)
    return mask_count(value)
