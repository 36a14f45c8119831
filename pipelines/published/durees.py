"""Time-to-event figures as published: medians with their 95 % interval, Kaplan–Meier shares, the cumulative
incidence by closure reason and the curves themselves (numbers at risk masked like any count).

A median reads « 7,9 mois (IC 95 % : 5,5 à 10,3) », « non atteinte (suivi le plus long : 11,9 mois) » when
fewer than half of the subjects have had the event, « – » without subject and « masqué » in diffusion mode
when it rests on fewer than 5 subjects (a median of 1 to 4 times is one of them). A Kaplan–Meier share
carries the curve's own 95 % band at its time, never a Wilson interval of its counts: its events and
subjects are not a proportion of each other (the censored subjects count for part of the follow-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import polars as pl

from pipelines.indicators.survival import MONTH_DAYS
from pipelines.indicators.survival_curves import COHORTS, NO_EVENT, Curves
from pipelines.indicators.values import Median
from pipelines.published import diffusion, fmt
from pipelines.published.diffusion import THRESHOLD
from pipelines.published.figure import MASK_COUNT, MASK_OTHER, MISSING, Figure, text_for

CI = "IC 95\u00a0%"
# The closure reasons' cumulative incidence adds up with this key to 100 %.
STILL_OPEN = NO_EVENT

if TYPE_CHECKING:  # the source dispatches its time-to-event figures here
    from pipelines.published.source import Published


def cohort_of(pub: Published, ind_id: str) -> str:
    """The cohort (a key of curves.COHORTS) an indicator is computed on: the one with the same SQL."""
    sql = pub.definition(ind_id).sql
    for cohorte, source in COHORTS.items():
        if pub.definition(source).sql == sql:
            return cohorte
    raise ValueError(f"{ind_id} n'est pas un indicateur de durée")


def _per_unit(unit: str) -> float:
    return MONTH_DAYS if unit == "mois" else 1.0


def _amount(value: float, unit: str) -> str:
    return text_for(value, unit)


def interval_text(low: float | None, high: float | None, unit: str) -> str:
    """`IC 95 % : 5,5 à 10,3`, `IC 95 % : au moins 5,5` (upper bound not reached); empty without bounds."""
    decimals = 1 if unit in ("mois", "%") else 0

    def n(v: float) -> str:
        return fmt.number(v, decimals)

    if low is None and high is None:
        return ""
    if high is None:
        return f"{CI} : au moins {n(low)}"  # type: ignore[arg-type]
    if low is None:
        return f"{CI} : au plus {n(high)}"
    return f"{CI} : {n(low)} à {n(high)}"


def _median_figure(
    pub: Published,
    ind_id: str,
    key: str | None,
    year: int,
    unit: str,
    median: dict[str, Any] | None,
    events: float | None,
    subjects: float | None,
    longest_days: float | None,
) -> Figure:
    if pub.diffusion and diffusion.is_small(subjects):
        return Figure(MASK_OTHER, ind_id, key, None, year, unit=unit, masked=True, bounded=True)
    if not subjects:
        return Figure(MISSING, ind_id, key, None, year, unit=unit, bounded=True)
    if median is None or median.get("valeur") is None:
        longest = (
            "" if longest_days is None else f" (suivi le plus long : {_amount(longest_days / _per_unit(unit), unit)})"
        )
        return Figure(
            f"non atteinte{longest}",
            ind_id,
            key,
            None,
            year,
            unit=unit,
            numerator=events,
            denominator=subjects,
            bounded=True,
        )
    low, high = median.get("borne_basse"), median.get("borne_haute")
    bounds = interval_text(low, high, unit)
    text = _amount(median["valeur"], unit) + (f" ({bounds})" if bounds else "")
    return Figure(
        text,
        ind_id,
        key,
        median["valeur"],
        year,
        unit=unit,
        numerator=events,
        denominator=subjects,
        low=low,
        high=high,
        bounded=True,
    )


def _longest(
    pub: Published, ind_id: str, year: int, as_of: dt.date | None, by: str | None = None
) -> dict[str | None, float | None]:
    resume = pub.raw_curves(cohort_of(pub, ind_id), [year], as_of=as_of, by=by).resume
    return dict(resume.select("groupe", "suivi_max_jours").iter_rows())


def estimate(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> Figure:
    """A scalar time-to-event indicator as published: a median, or a Kaplan–Meier share."""
    d = pub.definition(ind_id)
    got = pub.raw(ind_id, year, as_of=as_of)
    if d.forme == "mediane":
        assert got.value is None or "valeur" in got.value, ind_id  # type: ignore[operator]
        longest = _longest(pub, ind_id, year, as_of).get(None) if got.value is None and got.denominator else None
        return _median_figure(
            pub,
            ind_id,
            None,
            year,
            d.unite,
            got.value,  # type: ignore[arg-type]
            got.numerator,
            got.denominator,
            longest,
        )
    return km_share(pub, ind_id, year, as_of=as_of)


def km_share(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> Figure:
    """« 42,7 % » with the curve's 95 % band at the share's time (masked like a share of small counts)."""
    got = pub.raw(ind_id, year, as_of=as_of)
    if (
        pub.diffusion
        and diffusion.mask_share(cast("float | None", got.value), got.numerator, got.denominator) is None
        and got.value is not None
    ):
        return Figure(MASK_OTHER, ind_id, None, None, year, unit="%", masked=True, bounded=True)
    if got.value is None:
        return Figure(MISSING, ind_id, None, None, year, unit="%", bounded=True)
    x = float(pub.definition(ind_id).estimateur.partition(":")[2])
    survie = pub.raw_curves(cohort_of(pub, ind_id), [year], as_of=as_of).survie.filter(pl.col("jours") <= x)
    low = high = None
    if survie.height:
        last = survie.row(-1, named=True)
        low, high = 100 * (1 - last["borne_haute"]), 100 * (1 - last["borne_basse"])
    return Figure(
        text_for(got.value, "%"),  # type: ignore[arg-type]
        ind_id,
        None,
        got.value,  # type: ignore[arg-type]
        year,
        unit="%",
        low=low,
        high=high,
        bounded=True,
    )


def medians_by(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> dict[str, Figure]:
    """A map key -> median, each masked by its own number of subjects (medians do not add up: no
    secondary suppression)."""
    d = pub.definition(ind_id)
    got = pub.raw(ind_id, year, as_of=as_of)
    assert isinstance(got.value, dict), ind_id
    details = got.details or {}
    need_longest = any(
        m is None and details.get(k, (0, 0))[1] for k, m in cast("dict[str, Median | None]", got.value).items()
    )
    longest = _longest(pub, ind_id, year, as_of, d.domaine) if need_longest else {}
    return {
        k: _median_figure(pub, ind_id, k, year, d.unite, m, *details.get(k, (None, None)), longest.get(k))
        for k, m in cast("dict[str, Median | None]", got.value).items()
    }


def still_waiting_by(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> dict[str, Figure]:
    """Per key of a map of medians: its subjects still without event (households still waiting), masked as
    a breakdown of counts (1 to 4, and a second cell when one alone would be recovered from the total)."""
    got = pub.raw(ind_id, year, as_of=as_of)
    raw = {k: (s - e if s is not None and e is not None else None) for k, (e, s) in (got.details or {}).items()}
    shown = diffusion.mask_breakdown(raw) if pub.diffusion else raw
    return {
        k: Figure(
            text_for(shown[k], "nombre", masked=v is not None and shown[k] is None),
            ind_id,
            k,
            shown[k],
            year,
            masked=v is not None and shown[k] is None,
        )
        for k, v in raw.items()
    }


def longest_open_by(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> dict[str, Figure]:
    """Per key: the longest follow-up of a subject still without event (the longest wait of a household
    still waiting), in days; masked with a group of fewer than 5 subjects."""
    d = pub.definition(ind_id)
    c = curves(pub, cohort_of(pub, ind_id), [year], as_of=as_of, by=d.domaine)
    found = {}
    for row in c.resume.iter_rows(named=True):
        masked = pub.diffusion and row["sujets"] is None
        value = None if masked else row["suivi_max_sans_evenement_jours"]
        found[row["groupe"]] = Figure(
            MASK_OTHER if masked else text_for(value, "jours"),
            ind_id,
            row["groupe"],
            value,
            year,
            unit="jours",
            masked=masked,
        )
    return found


def incidence(pub: Published, ind_id: str, year: int, *, as_of: dt.date | None = None) -> dict[str, Figure]:
    """Each closure reason's cumulative incidence (%) and STILL_OPEN (the rest to 100 %). In diffusion mode a
    reason of 1 to 4 events is masked, with a second one when it stands alone (as a breakdown; the share
    still open when no other reason has an event); all of them with a cohort of fewer than 5 subjects."""
    got = pub.raw(ind_id, year, as_of=as_of)
    assert isinstance(got.value, dict), ind_id
    details = got.details or {}
    events = {k: details.get(k, (None, None))[0] for k in got.value}
    hidden = diffusion.mask_breakdown(events) if pub.diffusion else events
    small_cohort = pub.diffusion and diffusion.is_small(got.denominator)
    values = dict(cast("dict[str, float | None]", got.value))
    if got.denominator:
        values[STILL_OPEN] = 100 - sum(v or 0 for v in cast("dict[str, float | None]", got.value).values())
    hidden_causes = [k for k in events if events[k] is not None and hidden[k] is None]
    # A reason masked alone (the others are 0) would come back as 100 % minus the rest: the share still
    # open is masked with it.
    open_masked = len(hidden_causes) == 1
    found = {}
    for k, v in values.items():
        masked = small_cohort or (k in hidden_causes) or (k == STILL_OPEN and open_masked)
        found[k] = Figure(
            MASK_OTHER if masked else text_for(v, "%"),
            ind_id,
            k,
            None if masked else v,
            year,
            "part",
            unit="%",
            masked=masked,
            bounded=True,
        )
    return found


def curves(
    pub: Published,
    cohorte: str,
    years: Sequence[int],
    *,
    as_of: dt.date | None = None,
    by: str | None = None,
    at: Sequence[float] | None = None,
) -> Curves:
    """The curves as published: in diffusion mode numbers at risk, subjects and events of 1 to 4 are
    null, and a group of fewer than 5 subjects keeps neither its curves nor its median."""
    got = pub.raw_curves(cohorte, years, as_of=as_of, by=by, at=at)
    return masked_curves(got) if pub.diffusion else got


def masked_curves(got: Curves) -> Curves:
    """The curves as published in diffusion mode: counts of 1 to 4 (at risk, subjects, events, censored) are
    null, and a group of fewer than 5 subjects keeps neither its median nor its curves (they would show its
    subjects' individual times)."""
    small = pl.col("sujets").is_between(1, THRESHOLD - 1)
    counts = ("sujets", "evenements", "censures")
    medians = [c for c in got.resume.columns if c.startswith("mediane")]
    resume = got.resume.with_columns(
        *[pl.when(pl.col(c).is_between(1, THRESHOLD - 1)).then(None).otherwise(pl.col(c)).alias(c) for c in counts],
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in medians],
        *[
            pl.when(small).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("suivi_max_jours", "suivi_max_sans_evenement_jours")
        ],
    )
    hidden = got.resume.filter(small).select("annee", "groupe")

    def keep(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(hidden, on=["annee", "groupe"], how="anti", nulls_equal=True)

    a_risque = keep(got.a_risque).with_columns(
        pl.when(pl.col("a_risque").is_between(1, THRESHOLD - 1))
        .then(None)
        .otherwise(pl.col("a_risque"))
        .alias("a_risque")
    )
    return Curves(got.cohorte, resume, keep(got.survie), a_risque, keep(got.incidence))


def at_risk(
    c: Curves, times: Sequence[float], masked_groups: bool
) -> dict[tuple[int, str | None], dict[float, Figure]]:
    """(year, group) -> {time in days: number at risk} as published; a null count reads « < 5 », and every
    time of a group whose curves are not published (`masked_groups`: diffusion) reads « masqué »."""
    counts = {(r["annee"], r["groupe"], r["jours"]): r["a_risque"] for r in c.a_risque.iter_rows(named=True)}
    found: dict[tuple[int, str | None], dict[float, Figure]] = {}
    for row in c.resume.iter_rows(named=True):
        year, group = row["annee"], row["groupe"]
        cells = {}
        for t in times:
            if (year, group, float(t)) not in counts:
                cells[t] = Figure(
                    MASK_OTHER if masked_groups else MISSING, None, group, None, year, masked=masked_groups
                )
                continue
            n = counts[(year, group, float(t))]
            cells[t] = Figure(
                MASK_COUNT if n is None else text_for(n, "nombre"), None, group, n, year, masked=n is None
            )
        found[(year, group)] = cells
    return found


def _steps(
    times: Sequence[float], values: Sequence[float], grid: Sequence[float], end: float | None
) -> list[float | None]:
    """A right-continuous step function (value at the last time ≤ t) on the grid, in %; None after `end`."""
    out: list[float | None] = []
    i = -1
    for t in grid:
        while i + 1 < len(times) and times[i + 1] <= t:
            i += 1
        out.append(None if end is None or t > end or i < 0 else 100 * values[i])
    return out


def on_grid(
    c: Curves, year: int, group: str | None, grid: Sequence[float]
) -> tuple[list[float | None], list[float | None], list[float | None]] | None:
    """The Kaplan–Meier curve of (year, group) and its band on the grid, in % (None after its longest
    follow-up); None when the curve is not published."""
    rows = c.survie.filter((pl.col("annee") == year) & pl.col("groupe").eq_missing(group)).sort("jours")
    if not rows.height:
        return None
    times, end = rows["jours"].to_list(), cast("float | None", rows["jours"].max())
    return (
        _steps(times, rows["survie"].to_list(), grid, end),
        _steps(times, rows["borne_basse"].to_list(), grid, end),
        _steps(times, rows["borne_haute"].to_list(), grid, end),
    )


def incidence_on_grid(c: Curves, year: int, grid: Sequence[float]) -> dict[str, list[float | None]]:
    """Each cause's cumulative incidence (and STILL_OPEN) of an ungrouped cohort on the grid, in %."""
    rows = c.incidence.filter((pl.col("annee") == year) & pl.col("groupe").is_null()).sort("jours")
    end = c.resume.filter(pl.col("annee") == year)["suivi_max_jours"].max()
    found = {}
    for cause in rows["cause"].unique(maintain_order=True).to_list():
        one = rows.filter(pl.col("cause") == cause)
        found[cause] = _steps(one["jours"].to_list(), one["incidence"].to_list(), grid, end)  # type: ignore[arg-type]
    return found
