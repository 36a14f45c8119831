"""The layer of published figures, below both the dashboard and the reports."""

from .figure import MASK_COUNT, MASK_OTHER, MISSING, Breakdown, Figure, count_figure, text_for
from .source import Published

__all__ = ["MASK_COUNT", "MASK_OTHER", "MISSING", "Breakdown", "Figure", "Published", "count_figure", "text_for"]
