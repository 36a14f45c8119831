"""Published years and their revisions: THE rule for showing a figure of a year that has an edition.

The rule: once a year is published (an edition, `pipelines.store.editions`), every figure of that year is
shown **as published**, with the value now beside it when it has moved since: « 173, révisé à 175 ». The
published value stays the reference (the steering committee was told 173, and the comparisons « contre 173
en 2024 » and the changes in % of the next year's report are computed on it); the revision is never hidden.
The figures of the year's last edition are the published ones. A year without edition is shown as computed.

`freeze` writes every figure of the catalogue for a year, as the published layer gives it in one mode (value,
text, masked, counts); `Revisions` reads them back and is given to `Published`, which applies the rule to
every figure it hands out (pages, presentation, reports alike).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from pipelines.published.figure import Breakdown, Figure
from pipelines.published.source import Published
from pipelines.store import editions as store

VALUES_FILE = "valeurs.json"
MODES = {False: "interne", True: "diffusion"}
_FIELDS = {f.name for f in fields(Figure)}

Key = tuple[str, str | None, str]  # indicator, key (None: the value or a breakdown's total), kind


def revised_text(published: str, now: str) -> str:
    """« 173, révisé à 175 »."""
    return f"{published}, révisé à {now}"


def _key(fig: Figure) -> Key:
    return (str(fig.indicator), fig.key, fig.kind)


def figures_of(pub: Published, year: int) -> list[Figure]:
    """Every figure of the catalogue for a year, in the catalogue's order: a scalar's value; a breakdown's
    cells, total and shares; a map of medians or of cumulative incidences, per key; an adhesion profile's
    closures and shares, per dimension and value; a gap between routes."""
    from pipelines.published import adhesion, durees

    found: list[Figure] = []
    catalogue = pub.indicators.catalogue if pub.indicators is not None else {}
    for ind_id, d in catalogue.items():
        if d.forme == "mediane" and d.domaine:
            found += durees.medians_by(pub, ind_id, year).values()
        elif d.forme == "repartition" and d.estimateur:
            found += durees.incidence(pub, ind_id, year).values()
        elif d.forme == "repartition":
            b: Breakdown = pub.breakdown(ind_id, year)
            found += [*b.cells.values(), b.total, *b.parts.values()]
        elif d.forme == "profil":
            found += [f for rows in adhesion.profile(pub, year).values() for r in rows for f in (r.closures, r.share)]
        elif d.forme == "ecart":
            found.append(adhesion.gap(pub, ind_id, year).figure)
        else:
            found.append(pub.value(ind_id, year))
    return found


def to_record(fig: Figure) -> dict[str, Any]:
    record = asdict(fig)
    record.pop("revised", None)
    return record


def from_record(record: dict[str, Any]) -> Figure:
    return Figure(**{k: v for k, v in record.items() if k in _FIELDS})


def freeze(internal: Published, diffusion: Published, year: int) -> dict[str, Any]:
    """The content of an edition's `valeurs.json`: every figure of the year in both modes."""
    if internal.diffusion or not diffusion.diffusion:
        raise ValueError("freeze attend les chiffres internes puis ceux du mode diffusion")
    return {
        "annee": year,
        "version": internal.version,
        "modes": {MODES[p.diffusion]: [to_record(f) for f in figures_of(p, year)] for p in (internal, diffusion)},
    }


def values_bytes(values: dict[str, Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


class Revisions:
    """The published figures of the years that have an edition, by mode; applies the rule to a figure."""

    def __init__(self, published: dict[int, dict[str, dict[Key, Figure]]], names: dict[int, str]) -> None:
        self._published = published
        self.editions = names  # year -> name of the edition in force

    @classmethod
    def from_values(cls, values: dict[int, dict[str, Any]], names: dict[int, str]) -> Revisions:
        published = {
            year: {mode: {_key(f): f for f in map(from_record, records)} for mode, records in v["modes"].items()}
            for year, v in values.items()
        }
        return cls(published, names)

    @property
    def years(self) -> list[int]:
        return sorted(self._published)

    def published(self, fig: Figure, diffusion: bool) -> Figure | None:
        if fig.year not in self._published or fig.kind == "evolution" or fig.indicator is None:
            return None
        return self._published[fig.year].get(MODES[diffusion], {}).get(_key(fig))

    def apply(self, fig: Figure, diffusion: bool) -> Figure:
        """The rule: the published figure, its text followed by « révisé à <now> » when the value has moved."""
        then = self.published(fig, diffusion)
        if then is None:
            return fig
        if then.text == fig.text and then.value == fig.value:
            return then
        return replace(then, text=revised_text(then.text, fig.text), revised=fig.text)

    def apply_all(self, figs: dict[str, Figure], diffusion: bool) -> dict[str, Figure]:
        return {k: self.apply(f, diffusion) for k, f in figs.items()}


@lru_cache(maxsize=64)
def _values(path: str, name: str) -> dict[str, Any]:
    """An edition's values, read once per process (an edition is never modified)."""
    return cast("dict[str, Any]", json.loads((Path(path) / VALUES_FILE).read_text(encoding="utf-8")))


def in_force(warehouse: Path, *, before: str | None = None, exclude_year: int | None = None) -> Revisions | None:
    """The revisions lookup of a warehouse: the last edition of each year. `before`: only the editions
    published before that one (to regenerate it as it was); `exclude_year`: the year being published.
    None when no year is published."""
    chosen: dict[int, store.Edition] = {}
    for edition in store.editions(warehouse):
        if before is not None and edition.name == before:
            break
        if edition.year != exclude_year and (
            edition.year not in chosen or edition.revision > chosen[edition.year].revision
        ):
            chosen[edition.year] = edition
    if not chosen:
        return None
    values = {year: _values(str(e.path), e.name) for year, e in chosen.items()}
    return Revisions.from_values(values, {year: e.name for year, e in chosen.items()})
