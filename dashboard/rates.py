"""The bars of shares: a share (`pipelines.published.shares`) as a chart item with its 95 % interval, a masked
share as a « masqué » mark; and the colours of the year and of the comparison year."""

from __future__ import annotations

from pipelines.published import MASK_OTHER, fmt
from pipelines.published.shares import Share, is_masked, of
from visuals.charts import Item

YEAR_COLOUR = "#0072B2"
BASE_COLOUR = "#6B7280"


def item(share: Share, key: str, label: str) -> Item | None:
    """The bar of a share: a masked share is a « masqué » mark, a share with no case no bar."""
    if is_masked(share):
        return Item(key, label, None, text=MASK_OTHER, masked=True)
    rate = of(share)
    if rate is None:
        return None
    low, high = rate.interval
    return Item(key, label, rate.pct, low, high, rate.label, hover=fmt.interval_hover(rate.label, rate.pct, low, high))
