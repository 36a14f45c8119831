"""The layer of published figures, below both the dashboard and the reports."""

from pipelines.published.figure import MASK_COUNT, MASK_OTHER, MISSING, Breakdown, Figure, count_figure, text_for
from pipelines.published.source import Published

__all__ = ["MASK_COUNT", "MASK_OTHER", "MISSING", "Breakdown", "Figure", "Published", "count_figure", "text_for"]
