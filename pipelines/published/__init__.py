"""The layer of published figures, below both the dashboard and the reports: every decision to mask (diffusion
mode), compute a share, round, format or word a figure is made here, and nowhere else.

The names below are loaded when first asked for, so that the light modules (`fmt`, `diffusion`) do not start
DuckDB or Polars: `assll --help` stays fast."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipelines.published.figure import (
        MASK_COUNT,
        MASK_OTHER,
        MISSING,
        Breakdown,
        Figure,
        count_figure,
        text_for,
    )
    from pipelines.published.source import Published

__all__ = ["MASK_COUNT", "MASK_OTHER", "MISSING", "Breakdown", "Figure", "Published", "count_figure", "text_for"]
_HOME = {name: "figure" for name in __all__} | {"Published": "source"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
