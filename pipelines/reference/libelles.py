"""The French label of a canonical value (`data/reference/libelles.csv`): a referential, read by the published
layer's display formats (`pipelines.published.fmt.label`) and by the indicators' own reasons (the `motif` of a
value that cannot be computed)."""

from __future__ import annotations

import csv
from functools import lru_cache

from pipelines.reference.settings import reference_dir


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], str]:
    with (reference_dir() / "libelles.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["domaine"], r["valeur"]): r["libelle"] for r in csv.DictReader(fh)}


def label(domain: str, value: str) -> str:
    """The French label of a canonical value; sector, TAS and EPCI names are already French."""
    labels = _labels()
    return labels.get((domain, value)) or labels.get(("*", value)) or value
