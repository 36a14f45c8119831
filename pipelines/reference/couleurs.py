"""The colours fixed by key in `data/reference/couleurs.csv` (a category that several domains share keeps one
colour everywhere); the chart builders (`visuals.palette`) take them from their callers."""

from __future__ import annotations

import csv
from functools import lru_cache

from pipelines.reference.settings import reference_dir


@lru_cache(maxsize=1)
def fixed() -> dict[str, str]:
    """Key → colour; empty when the referential has no couleurs.csv (the palette's defaults then apply)."""
    path = reference_dir() / "couleurs.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["cle"]: row["couleur"] for row in csv.DictReader(fh)}
