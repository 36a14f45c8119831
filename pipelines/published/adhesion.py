"""Adhesion and targeting as published (INDICATORS.md, « Adhesion and targeting »): adhesion by profile with
Wilson intervals, the raw and adjusted gaps between routes, the joint evaluation's share.

Diffusion: in each dimension of the profile, the closures of a value are a count like any other (1 to 4 masked,
and the smallest other value of the dimension with it when it stands alone, since the total is published);
the share and its interval go with the count, and a share is also masked when its closures with or without a
work possible are 1 to 4. The raw gap is masked when either side has 1 to 4 closures. The adjusted gap is never
masked (it needs at least 30 closures and 10 on each side): it is `null` with its French reason where the spec
says so, and shown as « non calculé ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from pipelines.indicators.adhesion import Profile, window
from pipelines.published import diffusion, fmt
from pipelines.published.adhesion_text import DIMENSIONS, points, signed_number
from pipelines.published.figure import MASK_COUNT, MASK_OTHER, MISSING, Figure, text_for
from pipelines.published.source import Published

PROFILE = "adhesion_par_profil"
RAW = "ecart_adhesion_fsl_gts_brut_points"
ADJUSTED = "ecart_adhesion_fsl_gts_ajuste_points"
JOINT_GAP = "ecart_adhesion_conjointe_ajuste_points"
JOINT_COUNT = "demandes_evaluation_conjointe_renseignee"
JOINT_SHARE = "part_demandes_evaluation_conjointe_pct"
IDS = (PROFILE, RAW, ADJUSTED, JOINT_GAP, JOINT_COUNT, JOINT_SHARE)
CI = "IC 95\u00a0%"
NOT_COMPUTED = "non calculé"
SMALL_IN_REASON = re.compile(r"\(([1-4])\)")


@dataclass(frozen=True)
class ProfileRow:
    """One value of one dimension: its closures (a count) and its share of work possible with its interval."""

    dimension: str
    key: str
    label: str
    closures: Figure
    share: Figure
    # Whether diffusion masks (or would mask) its share: where the rows are sorted, the same in both modes.
    small: bool = False

    @property
    def low(self) -> float | None:
        return self.share.low

    @property
    def high(self) -> float | None:
        return self.share.high


@dataclass(frozen=True)
class Gap:
    """A gap in points with its 95 % interval; `value` None when masked or not computed (`motif` says why)."""

    indicator: str
    year: int
    figure: Figure
    low: float | None
    high: float | None
    n: int | None
    n_a: int | None = None
    n_b: int | None = None
    motif: str | None = None
    n_masked: bool = False

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def interval_text(self) -> str:
        if self.low is None or self.high is None:
            return ""
        return f"{CI} : {signed_number(self.low)} à {signed_number(self.high)}"

    @property
    def size(self) -> Figure:
        """The closures the gap is computed on, as a count (« < 5 » in diffusion)."""
        if self.n_masked:
            return Figure(MASK_COUNT, self.indicator, "n", None, self.year, masked=True)
        return Figure(text_for(self.n, "nombre"), self.indicator, "n", self.n, self.year)

    @property
    def significant(self) -> bool | None:
        """Whether the 95 % interval leaves 0 out; None without an interval."""
        if self.low is None or self.high is None:
            return None
        return self.low > 0 or self.high < 0


def profile(pub: Published, year: int) -> dict[str, list[ProfileRow]]:
    """Every dimension's values (canonical order, catch-all values only when they have closures)."""
    got = pub.raw(PROFILE, year).value
    assert isinstance(got, dict)
    rows: dict[str, list[ProfileRow]] = {}
    for dimension, entries in cast("Profile", got).items():
        counts = {k: e["clotures"] for k, e in entries.items()}
        shown_if_public = diffusion.mask_breakdown(counts)
        shown = shown_if_public if pub.diffusion else counts
        rows[dimension] = []
        for key, e in entries.items():
            if key in ("NON_RECONNU", "NON_RENSEIGNE") and not e["clotures"]:
                continue
            masked = shown[key] is None and e["clotures"] is not None
            closures = Figure(
                MASK_COUNT if masked else text_for(e["clotures"], "nombre"),
                PROFILE,
                f"{dimension}/{key}",
                None if masked else e["clotures"],
                year,
                masked=masked,
            )
            rest = e["clotures"] - e["travail_possible"]
            share_masked = masked or (
                pub.diffusion and (diffusion.is_small(e["travail_possible"]) or diffusion.is_small(rest))
            )
            if share_masked:
                share = Figure(
                    MASK_OTHER, PROFILE, f"{dimension}/{key}", None, year, "part", unit="%", masked=True, bounded=True
                )
            else:
                share = Figure(
                    text_for(e["part_pct"], "%", "part"),
                    PROFILE,
                    f"{dimension}/{key}",
                    e["part_pct"],
                    year,
                    "part",
                    unit="%",
                    numerator=e["travail_possible"],
                    denominator=e["clotures"],
                    low=e["borne_basse"],
                    high=e["borne_haute"],
                    bounded=True,
                )
            label = key if dimension == "secteur" else fmt.label(dimension, key)
            small = (
                (shown_if_public[key] is None and e["clotures"] is not None)
                or diffusion.is_small(e["travail_possible"])
                or diffusion.is_small(rest)
            )
            rows[dimension].append(ProfileRow(dimension, key, label, closures, share, bool(small)))
    return rows


def ordered(rows: list[ProfileRow]) -> list[ProfileRow]:
    """Highest share first, then the values without a share to publish (small counts, no closure) in their
    canonical order: the order depends on nothing that diffusion hides, so it is the same in both modes."""
    sortable = [r for r in rows if not r.small and r.share.value is not None and not r.share.masked]
    rest = [r for r in rows if r not in sortable]
    return sorted(sortable, key=lambda r: -(r.share.value or 0)) + rest


def bound(value: float | None, like: Figure) -> Figure:
    """An interval's bound as a table cell (« masqué » with its share)."""
    if like.masked:
        return like
    return Figure(
        fmt.MISSING if value is None else fmt.number(value, 1),
        like.indicator,
        like.key,
        value,
        like.year,
        "part",
        unit="%",
    )


def closures_total(pub: Published, year: int) -> Figure:
    """The closures of the window (every motif), masked 1–4 in diffusion."""
    got = pub.raw(PROFILE, year)
    total = got.denominator
    masked = pub.diffusion and diffusion.is_small(total)
    return Figure(
        text_for(None if masked else total, "nombre", masked=masked),
        PROFILE,
        None,
        None if masked else total,
        year,
        masked=masked,
    )


def gap(pub: Published, ind_id: str, year: int) -> Gap:
    # {value, borne_basse, borne_haute, n_a, n_b | n, motif}: floats, counts and a str, as the form `ecart` fixes.
    got = cast("dict[str, Any]", pub.raw(ind_id, year).value)
    assert isinstance(got, dict), ind_id
    n_a, n_b = got.get("n_a"), got.get("n_b")
    n = got.get("n", (n_a or 0) + (n_b or 0))
    n_masked = pub.diffusion and diffusion.is_small(n)
    if ind_id == RAW and pub.diffusion and (diffusion.is_small(n_a) or diffusion.is_small(n_b)):
        figure = Figure(MASK_OTHER, ind_id, None, None, year, unit="points", masked=True, bounded=True)
        return Gap(ind_id, year, figure, None, None, n, n_a, n_b, "moins de 5 clôtures d'un des deux côtés", n_masked)
    value = got.get("value")
    if value is None:
        motif = got.get("motif")
        if pub.diffusion and motif:
            # A small count quoted in the reason (« trop peu de clôtures (3) ») is worded, never written.
            motif = SMALL_IN_REASON.sub("(moins de 5)", motif)
        figure = Figure(NOT_COMPUTED if motif else MISSING, ind_id, None, None, year, unit="points", bounded=True)
        return Gap(ind_id, year, figure, None, None, None if n_masked else n, n_a, n_b, motif, n_masked)
    low, high = got["borne_basse"], got["borne_haute"]
    figure = Figure(points(value), ind_id, None, value, year, unit="points", low=low, high=high, bounded=True)
    return Gap(ind_id, year, figure, low, high, n, n_a, n_b, None, n_masked)


def joint_recorded(pub: Published, year: int) -> bool:
    """Whether the joint evaluation is recorded for at least one ASSLL request of the year."""
    return bool(pub.raw(JOINT_COUNT, year).value)


def joint_share(pub: Published, year: int) -> Figure:
    return pub.value(JOINT_SHARE, year)


def window_text(year: int) -> str:
    return window(year)


def dimension_label(dimension: str) -> str:
    return DIMENSIONS.get(dimension, dimension)
