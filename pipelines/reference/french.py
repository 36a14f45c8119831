"""How a number is written in French: `1 234`, `6,9`, `–` for no value.

The one primitive below both the import's messages (« 52,3 Mo », « 100 000 caractères ») and the published
layer's display formats (`pipelines.published.fmt`, which builds every other format on it): the ingest may not
import the published layer, and a number must read the same in both.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MISSING = "–"


def round_half_up(value: float, decimals: int = 1) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: float | int | None, decimals: int = 0) -> str:
    """`1 234`, `6,9`; `–` when there is no value (masked figures are written by pipelines.published)."""
    if value is None:
        return MISSING
    rounded = round_half_up(float(value), decimals)
    text = f"{rounded:,.{decimals}f}" if decimals else f"{int(rounded):,d}"
    return text.replace(",", NBSP).replace(".", ",")
