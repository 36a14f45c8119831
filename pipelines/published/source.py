"""Published figures: the one road from an indicator to what a person sees.

`Published` takes the indicators of ONE pinned warehouse version (through `compute`), the filters
and the diffusion switch, and returns `Figure`s and `Breakdown`s: value, numerator and denominator,
masked state and French text. Masking (primary and secondary), shares of a breakdown's total and
changes are written here once, for the dashboard, the presentation and the reports alike.

An instance belongs to one page run or one report: it memoises what it was asked, so it is never
shared between sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from pipelines.indicators import Filters, IndicatorDef, Indicators, IndicatorValue
from pipelines.indicators.stats import change_pct, share_of
from pipelines.indicators.survival_curves import Curves, curves
from pipelines.published import diffusion
from pipelines.published.figure import MASK_OTHER, Breakdown, Figure, text_for

if TYPE_CHECKING:
    from pipelines.published.revisions import Revisions

Compute = Callable[[str, int, "dt.date | None"], IndicatorValue]
# (cohort, years, as_of, by, at) -> the curves of that cohort, computed (not masked) on the same version.
CurvesOf = Callable[[str, tuple[int, ...], "dt.date | None", "str | None", "tuple[float, ...] | None"], Curves]


class Published:
    def __init__(
        self,
        compute: Compute,
        definition: Callable[[str], IndicatorDef],
        *,
        diffusion_on: bool,
        version: str | None = None,
        indicators: Indicators | None = None,
        curves_of: CurvesOf | None = None,
        revisions: Revisions | None = None,
    ) -> None:
        self._compute = compute
        # The figures of the years already published (editions): shown as published, with « révisé à » beside
        # them when the value has moved since (the rule of `pipelines.published.revisions`). Whole département
        # only: the caller gives none under filters.
        self.revisions = revisions
        # The version's own store, for what is not an indicator (the partners' fiches of the comparison).
        self.indicators = indicators
        self._curves_of = curves_of
        self._curves: dict[
            tuple[str, tuple[int, ...], dt.date | None, str | None, tuple[float, ...] | None], Curves
        ] = {}
        self._definition = definition
        self.diffusion = diffusion_on
        self.version = version
        self._raw: dict[tuple[str, int, dt.date | None], IndicatorValue] = {}

    @classmethod
    def of(
        cls,
        indicators: Indicators,
        filters: Filters | None = None,
        *,
        diffusion_on: bool = False,
        revisions: Revisions | None = None,
    ) -> Published:
        """Straight from an `Indicators` (CLI, reports): every value computed on its version; the revisions of
        the published years apply to the whole département only (none under filters)."""
        whole = filters is None or filters == Filters()
        return cls(
            lambda i, y, d: indicators.compute(i, y, filters, d),
            indicators.definition,
            diffusion_on=diffusion_on,
            version=indicators.version.name,
            indicators=indicators,
            curves_of=lambda c, ys, d, by, at: curves(indicators, c, list(ys), filters, d, by, at),
            revisions=revisions if whole else None,
        )

    def _revised(self, fig: Figure, as_of: dt.date | None) -> Figure:
        """The figure of a published year as the rule shows it (unchanged for a year without edition)."""
        if self.revisions is None or as_of is not None:
            return fig
        return self.revisions.apply(fig, self.diffusion)

    def unrevised(self) -> Published:
        """The same figures without the editions' values (what the version in force says)."""
        return self.twin(self.diffusion)

    def twin(self, diffusion_on: bool) -> Published:
        """The same version's figures in the mode given, without revisions, sharing what was computed."""
        twin = Published(
            self._compute,
            self._definition,
            diffusion_on=diffusion_on,
            version=self.version,
            indicators=self.indicators,
            curves_of=self._curves_of,
        )
        twin._raw, twin._curves = self._raw, self._curves
        return twin

    # -- raw values (never shown as they are) -------------------------------------------------
    def definition(self, ind_id: str) -> IndicatorDef:
        return self._definition(ind_id)

    def _get(self, ind_id: str, year: int, as_of: dt.date | None = None) -> IndicatorValue:
        memo = (ind_id, year, as_of)
        if memo not in self._raw:
            self._raw[memo] = self._compute(ind_id, year, as_of)
        return self._raw[memo]

    def raw(self, ind_id: str, year: int, *, as_of: dt.date | None = None) -> IndicatorValue:
        """The computed value, for a rule that decides on it and shows no count (the sector balance's
        suggestion); never to be shown as it is."""
        return self._get(ind_id, year, as_of)

    def raw_curves(
        self,
        cohorte: str,
        years: Sequence[int],
        *,
        as_of: dt.date | None = None,
        by: str | None = None,
        at: Sequence[float] | None = None,
    ) -> Curves:
        """The curves of a cohort as computed (never shown as they are: `published.survival.curves` masks
        them); raises ValueError (French) when this source has none."""
        if self._curves_of is None:
            raise ValueError("courbes de survie indisponibles pour cette source de chiffres")
        memo = (cohorte, tuple(years), as_of, by, None if at is None else tuple(at))
        if memo not in self._curves:
            self._curves[memo] = self._curves_of(*memo)
        return self._curves[memo]

    def _is_count(self, d: IndicatorDef) -> bool:
        return d.forme != "part" and d.unite == "nombre"

    # -- scalar figures -------------------------------------------------------------------------
    def value(self, ind_id: str, year: int, *, as_of: dt.date | None = None) -> Figure:
        """A scalar indicator: a count (masked 1–4 in diffusion), a share with its counts, a duration, ETP."""
        d = self.definition(ind_id)
        if d.forme == "mediane" or d.estimateur.startswith("part:"):
            from pipelines.published.durees import estimate  # a time-to-event estimate, with its own interval

            return self._revised(estimate(self, ind_id, year, as_of=as_of), as_of)
        got = self._get(ind_id, year, as_of)
        assert not isinstance(got.value, dict), ind_id
        if d.forme == "part":
            share = self._share(ind_id, year, got.value, got.numerator, got.denominator, kind="valeur", unit="%")
            return self._revised(share, as_of)
        # A count of 1 to 4 is masked; so is a value computed over 1 to 4 cases (a mean duration).
        small = got.value if self._is_count(d) else got.denominator
        masked = self.diffusion and diffusion.is_small(small)
        value = None if masked else got.value
        return self._revised(
            Figure(text_for(value, d.unite, masked=masked), ind_id, None, value, year, unit=d.unite, masked=masked),
            as_of,
        )

    def series(self, ind_id: str, years: Sequence[int]) -> dict[int, Figure]:
        return {y: self.value(ind_id, y) for y in years}

    def _share(
        self,
        ind_id: str,
        year: int,
        value: float | None,
        num: float | None,
        den: float | None,
        *,
        key: str | None = None,
        kind: str = "part",
        unit: str = "%",
    ) -> Figure:
        # The rest of the denominator too: with the total published elsewhere, it would give the small count back.
        rest = None if num is None or den is None else den - num
        masked = self.diffusion and (diffusion.is_small(num) or diffusion.is_small(den) or diffusion.is_small(rest))
        if masked:
            return Figure(MASK_OTHER, ind_id, key, None, year, kind, unit=unit, masked=True)
        return Figure(
            text_for(value, "%", "part"), ind_id, key, value, year, kind, unit=unit, numerator=num, denominator=den
        )

    def change(self, ind_id: str, year: int, base_year: int) -> Figure:
        """The change of a value from `base_year` to `year`, in % (masked with either value)."""
        now, before = self.value(ind_id, year), self.value(ind_id, base_year)
        if now.masked or before.masked:
            return Figure(MASK_OTHER, ind_id, None, None, year, "evolution", base_year, "%", masked=True)
        change = change_pct(now.value, before.value)
        return Figure(text_for(change, "%", "evolution"), ind_id, None, change, year, "evolution", base_year, "%")

    # -- breakdowns -----------------------------------------------------------------------------
    def breakdown(self, ind_id: str, year: int, *, as_of: dt.date | None = None) -> Breakdown:
        """Every key's figure, the total (published) and each key's share of it."""
        got = self._get(ind_id, year, as_of)
        assert isinstance(got.value, dict), ind_id
        found = self._breakdown(ind_id, year, dict(cast("dict[str, float | None]", got.value)))
        if self.revisions is None or as_of is not None:
            return found
        return replace(
            found,
            cells=self.revisions.apply_all(found.cells, self.diffusion),
            total=self.revisions.apply(found.total, self.diffusion),
            parts=self.revisions.apply_all(found.parts, self.diffusion),
        )

    def breakdown_over(self, ind_id: str, years: Sequence[int]) -> Breakdown:
        """A breakdown of counts added up over several years (e.g. a period), masked as one breakdown."""
        raw: dict[str, float | None] = {}
        for year in years:
            got = self._get(ind_id, year).value
            assert isinstance(got, dict), ind_id
            for key, v in cast("dict[str, float | None]", got).items():
                raw[key] = (raw.get(key) or 0) + (v or 0)
        return self._breakdown(ind_id, max(years), raw)

    def _breakdown(self, ind_id: str, year: int, raw: dict[str, float | None]) -> Breakdown:
        d = self.definition(ind_id)
        counts = self._is_count(d)
        shown = diffusion.mask_breakdown(raw) if self.diffusion and counts else raw
        cells = {}
        for key, v in raw.items():
            masked = v is not None and shown[key] is None
            cells[key] = Figure(
                text_for(shown[key], d.unite, masked=masked), ind_id, key, shown[key], year, unit=d.unite, masked=masked
            )
        total_raw = sum(v or 0 for v in raw.values()) if counts else None
        total_masked = self.diffusion and diffusion.is_small(total_raw)
        total = Figure(
            text_for(None if total_masked else total_raw, d.unite, masked=total_masked),
            ind_id,
            None,
            None if total_masked else total_raw,
            year,
            unit=d.unite,
            masked=total_masked,
        )
        parts = {}
        if counts:
            for key, v in raw.items():
                cell = cells[key]
                if cell.masked or total.masked:
                    parts[key] = Figure(MASK_OTHER, ind_id, key, None, year, "part", unit="%", masked=True)
                else:
                    share = share_of(v, total_raw)
                    parts[key] = Figure(
                        text_for(share, "%", "part"),
                        ind_id,
                        key,
                        share,
                        year,
                        "part",
                        unit="%",
                        numerator=v,
                        denominator=total_raw,
                    )
        return Breakdown(ind_id, year, d.unite, cells, total, parts)

    def count(self, ind_id: str, year: int, key: str | None = None, *, as_of: dt.date | None = None) -> Figure:
        """A scalar indicator, or one key of a breakdown."""
        if key is None:
            return self.value(ind_id, year, as_of=as_of)
        return self.breakdown(ind_id, year, as_of=as_of).get(key)

    def part(self, ind_id: str, year: int, key: str) -> Figure:
        """The share of `key` in a breakdown's total (one definition of it for every page and report)."""
        return self.breakdown(ind_id, year).part(key)

    def sum_of(self, ind_id: str, year: int, keys: Sequence[str]) -> Figure:
        """Several keys of a breakdown added up; masked when one of them is, or when the sum is small."""
        b = self.breakdown(ind_id, year)
        cells = [b.get(k) for k in keys]
        label = "+".join(keys)
        if any(c.masked for c in cells):
            return Figure(
                MASK_OTHER if len(keys) > 1 else cells[0].text, ind_id, label, None, year, unit=b.unit, masked=True
            )
        total = sum(c.value or 0 for c in cells)
        masked = self.diffusion and diffusion.is_small(total)
        value = None if masked else total
        return Figure(text_for(value, b.unit, masked=masked), ind_id, label, value, year, unit=b.unit, masked=masked)
