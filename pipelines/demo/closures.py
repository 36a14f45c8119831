"""When ASSLL measures end, why, and with what result.

Every measure first gets a "natural" end drawn from the era's duration mix. Then, year
after year, the measures due to end are adjusted so that the years whose figures are
published close exactly the planned number of measures per instance (a few are held
over to the next year or brought forward), and the closed set of each year is labelled:
cells of (instance, aid, motif, duration class) for 2023-2024, a motif mix hitting the
published under-6-months share for 2020-2022, a natural mix elsewhere.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from pipelines.demo import calendrier as cal
from pipelines.demo import calibration as cfg
from pipelines.demo.builder import CalibrationError
from pipelines.demo.records import ASSLL, CCAPEX, FSL, GTS, LI, TNP, TP, Mesure

DAY = timedelta(days=1)
COURT_MAX, LONG_MIN = 176, 190  # TNP "< 6 months" / ">= 6 months" kept clear of 182.6 days
AUTRE = "AUTRE"


def instance_class(m: Mesure) -> str:
    inst = m.demande.instance
    return inst if inst in (FSL, GTS, CCAPEX) else AUTRE


def natural_days(rng: random.Random, start_year: int) -> int:
    # Era mix: shares of short and medium measures, longest medium and longest measure.
    # Measures ran longer in 2020-2021 (only half the failed ones stopped within 6
    # months) and got shorter from 2022.
    if start_year <= 2019:
        p_short, p_mid, mid_max, longest = 0.36, 0.42, 358, 600
    elif start_year <= 2021:
        p_short, p_mid, mid_max, longest = 0.30, 0.42, 358, 600
    elif start_year == 2022:
        p_short, p_mid, mid_max, longest = 0.42, 0.42, 358, 480
    else:
        p_short, p_mid, mid_max, longest = 0.52, 0.36, 300, 470
    r = rng.random()
    if r < p_short:
        return rng.randint(35, COURT_MAX)
    if r < p_short + p_mid:
        return rng.randint(LONG_MIN, mid_max)
    return rng.randint(372, longest)


def close_assll(measures: list[Mesure], rng: random.Random) -> dict[int, list[Mesure]]:
    """Set date_fin of the ASSLL measures; return the closed ones by year."""
    for m in measures:
        m.fin_naturelle = m.date_debut + natural_days(rng, m.date_debut.year) * DAY
    open_ = sorted(measures, key=lambda m: (m.date_debut, m.seq))
    closed: dict[int, list[Mesure]] = {}
    for year in range(cal.FIRST_YEAR, cal.LAST_YEAR + 1):
        y_start, y_end = date(year, 1, 1), date(year, 12, 31)
        avail = [m for m in open_ if m.date_debut <= y_end - 14 * DAY]
        if year in cfg.CLOSURE_CELLS:
            _select_for_cells(avail, year, rng)
        due = [m for m in avail if m.fin_naturelle <= y_end]
        for m in due:
            m.date_fin = max(m.fin_naturelle, y_start)
        closed[year] = due
        open_ = [m for m in open_ if m.date_fin is None]
    return closed


def _window(m: Mesure, year: int) -> tuple[int, int]:
    """Durations (days) that make the measure end inside the year (and by the end of 2025)."""
    lo = max((date(year, 1, 1) - m.date_debut).days, 14)
    hi = (min(date(year, 12, 31), cal.END) - m.date_debut).days
    return lo, hi


def _capacities(year: int, inst: str) -> dict[str, int]:
    capacity: dict[str, int] = defaultdict(int)
    for (c_inst, _aide, _motif, kind), n in cfg.CLOSURE_CELLS[year].items():
        if c_inst == inst:
            capacity[kind] += n
    return capacity


def _select_for_cells(avail: list[Mesure], year: int, rng: random.Random) -> None:
    """Choose exactly the measures a pinned year closes, instance by instance, so that the
    duration classes of its cells can all be filled. Where the mean duration is pinned,
    measures due that year come first (oldest first: they could not plausibly wait), then
    those due soonest after; elsewhere the oldest go first. Due ones left out are held over
    to the next year."""
    y_end = date(year, 12, 31)
    for k in (CCAPEX, FSL, GTS, AUTRE):
        capacity = _capacities(year, k)
        if k == CCAPEX:
            # Which social-worker requests went to the CCAPEX rather than to an FSL
            # commission is published nowhere: settle it so the year closes exactly
            # the planned CCAPEX measures (none in 2024).
            pool = [
                m
                for m in avail
                if m.date_debut <= y_end - 21 * DAY
                and (
                    instance_class(m) == CCAPEX
                    or (instance_class(m) == FSL and m.demande.prescripteur == "TRAVAILLEUR_SOCIAL")
                )
            ]
        else:
            pool = [m for m in avail if instance_class(m) == k and m.date_debut <= y_end - 21 * DAY]
        due = sorted((m for m in pool if m.fin_naturelle <= y_end), key=lambda m: (m.date_debut, m.seq))
        later = sorted((m for m in pool if m.fin_naturelle > y_end), key=lambda m: (m.fin_naturelle, m.seq))
        if k == CCAPEX:
            candidates = sorted(pool, key=lambda m: (instance_class(m) != CCAPEX, m.date_debut, m.seq))
        elif year in cfg.DUREE_MOYENNE_MOIS:
            candidates = due + later
        else:
            # Mean duration free: clear the oldest stock first, so that the next pinned
            # year is not left with measures that could only close very long.
            candidates = sorted(pool, key=lambda m: (m.date_debut, m.seq))
        windows = {id(m): _window(m, year) for m in pool}
        natural = {id(m): (m.fin_naturelle - m.date_debut).days for m in pool}
        chosen = _match(candidates, dict(capacity), windows, natural, partial=True)
        if len(chosen) != sum(capacity.values()):
            raise CalibrationError(f"{year}: {len(chosen)} {k} measures can close, {sum(capacity.values())} planned")
        if k == CCAPEX:
            for m in pool:
                if id(m) in chosen and m.demande.instance != CCAPEX:
                    m.demande.instance, m.demande.aide_financiere = CCAPEX, "SANS"
                elif (
                    id(m) not in chosen
                    and m.demande.prescripteur == "TRAVAILLEUR_SOCIAL"
                    and m.demande.instance == CCAPEX
                ):
                    m.demande.instance = FSL
                    m.demande.aide_financiere = rng.choice(["REFUSEE", "ACCORDEE"])
            kept = {id(m) for m in pool if id(m) in chosen or instance_class(m) == CCAPEX}
            due = [m for m in due if id(m) in kept]
            later = [m for m in later if id(m) in kept]
        for m in due:
            if id(m) not in chosen:
                m.fin_naturelle = date(year + 1, 1, 1) + rng.randint(0, 150) * DAY
        for m in later:
            if id(m) in chosen:
                t_lo, t_hi = cfg.DUREES[chosen[id(m)]]
                w_lo, w_hi = windows[id(m)]
                m.fin_naturelle = m.date_debut + rng.randint(max(t_lo, w_lo), min(t_hi, w_hi)) * DAY


def rebalance_end_2025(
    all_measures: list[Mesure], closed_2025: list[Mesure], secteurs: list[str], rng: random.Random
) -> None:
    """Keep a realistic caseload in progress at the end of 2025 in every sector."""
    low, high = cfg.EN_COURS_FIN_2025
    for secteur in secteurs:
        ongoing = [m for m in all_measures if m.date_fin is None and m.secteur_intervenant == secteur]
        if len(ongoing) < low:
            reopen = sorted(
                (m for m in closed_2025 if m.secteur_intervenant == secteur),
                key=lambda m: (m.date_fin, m.seq),
                reverse=True,
            )
            for m in reopen[: low - len(ongoing)]:
                m.date_fin = None
                closed_2025.remove(m)
        elif len(ongoing) > high:
            assll = sorted(
                (m for m in ongoing if m.demande is not None and m.demande.type_mesure == ASSLL),
                key=lambda m: (m.date_debut, m.seq),
            )
            for m in assll[: len(ongoing) - high]:
                lo = max(date(2025, 1, 1), m.date_debut + 30 * DAY)
                m.date_fin = lo + rng.randint(0, max(0, (cal.END - 5 * DAY - lo).days)) * DAY
                closed_2025.append(m)


# ------------------------------------------------------------------------------- labels


def label_year(year: int, closed: list[Mesure], rng: random.Random) -> None:
    if year in cfg.CLOSURE_CELLS:
        _label_cells(year, closed, rng)
    elif year in cfg.PART_TNP_COURT:
        _label_share(year, closed, rng)
    else:
        for m in closed:
            _label_natural(m, rng)


def _result(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.5:
        return "ATTEINTS"
    if r < 0.84:
        return "PARTIELLEMENT_ATTEINTS"
    return "NON_ATTEINTS" if r < 0.985 else None


def _label_natural(m: Mesure, rng: random.Random) -> None:
    short = m.duree_jours <= 182
    r = rng.random()
    if r < (0.55 if short else 0.25):
        m.motif_arret = TNP
    elif r < (0.62 if short else 0.35):
        m.motif_arret = LI
    else:
        m.motif_arret, m.resultat_objectifs = TP, _result(rng)


def _label_share(year: int, closed: list[Mesure], rng: random.Random) -> None:
    share = cfg.PART_TNP_COURT[year]
    short = [m for m in closed if m.duree_jours <= COURT_MAX]
    long_ = [m for m in closed if m.duree_jours >= LONG_MIN]
    base = round(cfg.PART_TNP[year] * len(closed))
    for delta in sorted(range(-40, 41), key=abs):
        n_tnp = base + delta
        if n_tnp <= 0:
            continue
        n_short = round(share * n_tnp / 100)
        if abs(100 * n_short / n_tnp - share) <= 0.4 and n_short <= len(short) and n_tnp - n_short <= len(long_):
            break
    else:
        raise CalibrationError(f"{year}: no TRAVAIL_NON_POSSIBLE mix gives {share} % under 6 months")
    tnp = rng.sample(short, n_short) + rng.sample(long_, n_tnp - n_short)
    chosen = {id(m) for m in tnp}
    for m in closed:
        if id(m) in chosen:
            m.motif_arret = TNP
        elif rng.random() < 0.12:
            m.motif_arret = LI
        else:
            m.motif_arret, m.resultat_objectifs = TP, _result(rng)


def _motif_of(kind: str) -> str:
    return TP if kind.startswith("TP") else TNP if kind.startswith("TNP") else LI


def _label_cells(year: int, closed: list[Mesure], rng: random.Random) -> None:
    cells = cfg.CLOSURE_CELLS[year]
    groups: dict[str, list[Mesure]] = defaultdict(list)
    for m in closed:
        groups[instance_class(m)].append(m)
    windows = {id(m): _window(m, year) for m in closed}
    natural = {id(m): m.duree_jours for m in closed}
    assigned: dict[int, str] = {}
    for inst, members in sorted(groups.items()):
        capacity: dict[str, int] = defaultdict(int)
        aides: dict[str, list[str | None]] = defaultdict(list)
        for (c_inst, aide, _motif, kind), n in cells.items():
            if c_inst == inst:
                capacity[kind] += n
                aides[kind] += [aide] * n
        if sum(capacity.values()) != len(members):
            raise CalibrationError(f"{year} {inst}: {len(members)} closures for {sum(capacity.values())} cells")
        result = _match(sorted(members, key=lambda m: (m.date_debut, m.seq)), dict(capacity), windows, natural)
        for kind in aides:
            rng.shuffle(aides[kind])
        for m in sorted(members, key=lambda m: m.seq):
            kind = result[id(m)]
            assigned[id(m)] = kind
            aide = aides[kind].pop()
            if aide is not None:
                m.demande.aide_financiere = aide
    ranges: dict[int, tuple[int, int]] = {}
    for m in closed:
        kind = assigned[id(m)]
        t_lo, t_hi = cfg.DUREES[kind]
        w_lo, w_hi = windows[id(m)]
        lo, hi = max(t_lo, w_lo), min(t_hi, w_hi)
        ranges[id(m)] = (lo, hi)
        current = m.duree_jours
        days = current if lo <= current <= hi else rng.randint(lo, hi)
        m.date_fin = m.date_debut + days * DAY
        m.motif_arret = _motif_of(kind)
    if year in cfg.DUREE_MOYENNE_MOIS:
        _adjust_mean(closed, ranges, cfg.DUREE_MOYENNE_MOIS[year], rng)
    tp = sorted((m for m in closed if m.motif_arret == TP), key=lambda m: m.seq)
    n_att, n_part, n_non, n_empty = cfg.RESULTATS[year]
    results = ["ATTEINTS"] * n_att + ["PARTIELLEMENT_ATTEINTS"] * n_part + ["NON_ATTEINTS"] * n_non
    results += [None] * n_empty
    if len(results) != len(tp):
        raise CalibrationError(f"{year}: {len(tp)} TRAVAIL_POSSIBLE closures for {len(results)} results")
    rng.shuffle(results)
    for m, res in zip(tp, results, strict=True):
        m.resultat_objectifs = res


def _match(
    candidates: list[Mesure],
    capacity: dict[str, int],
    windows: dict[int, tuple[int, int]],
    natural: dict[int, int],
    partial: bool = False,
) -> dict[int, str]:
    """Give measures a duration class they can reach inside the year: a bipartite matching
    with class capacities, by augmenting paths over the few classes. Candidates are taken
    in priority order; with `partial`, one that cannot be placed is left out and the
    search stops once every class is full."""

    def fits(m: Mesure, kind: str) -> bool:
        lo, hi = windows[id(m)]
        t_lo, t_hi = cfg.DUREES[kind]
        return max(lo, t_lo) <= min(hi, t_hi)

    kinds = sorted(k for k in capacity if capacity[k] > 0)
    holders: dict[str, list[Mesure]] = {k: [] for k in kinds}
    where: dict[int, str] = {}
    total = sum(capacity[k] for k in kinds)

    def options(m: Mesure) -> list[str]:
        d = natural[id(m)]
        return sorted(
            (k for k in kinds if fits(m, k)), key=lambda k: (0 if cfg.DUREES[k][0] <= d <= cfg.DUREES[k][1] else 1, k)
        )

    for m in candidates:
        if len(where) == total:
            break
        first = options(m)
        free = [k for k in first if len(holders[k]) < capacity[k]]
        if free:
            holders[free[0]].append(m)
            where[id(m)] = free[0]
            continue
        # Breadth-first search for a chain of moves ending in a class with room.
        parent: dict[str, tuple[str | None, Mesure | None]] = {k: (None, None) for k in first}
        queue, found = list(first), None
        while queue and found is None:
            k = queue.pop(0)
            for other in holders[k]:
                for k2 in options(other):
                    if k2 in parent:
                        continue
                    parent[k2] = (k, other)
                    if len(holders[k2]) < capacity[k2]:
                        found = k2
                        break
                    queue.append(k2)
                if found:
                    break
        if found is None:
            if partial:
                continue
            raise CalibrationError(f"measure started {m.date_debut} fits no free duration class")
        k = found
        while True:
            prev_k, mover = parent[k]
            if mover is None:
                holders[k].append(m)
                where[id(m)] = k
                break
            holders[prev_k].remove(mover)
            holders[k].append(mover)
            where[id(mover)] = k
            k = prev_k
    return where


def _adjust_mean(
    closed: list[Mesure], ranges: dict[int, tuple[int, int]], mean_months: float, rng: random.Random
) -> None:
    """Move end dates inside their allowed ranges until the year's mean duration is met.
    Every measure moves by the same share of its own room, so that no date piles up on
    a bound (1 January, say)."""
    target = round(mean_months * cfg.MOIS * len(closed))
    order = sorted(closed, key=lambda m: m.seq)
    rng.shuffle(order)
    bounds: dict[int, tuple[int, int]] = {}
    for m in order:
        lo, hi = ranges[id(m)]
        d = m.duree_jours
        if lo < d and lo == _window(m, m.date_fin.year)[0]:
            lo = min(d, lo + rng.randint(3, 40))  # not all on the first days of January
        bounds[id(m)] = (min(lo, d), max(hi, d))
    diff = target - sum(m.duree_jours for m in closed)
    room = {
        id(m): (m.duree_jours - bounds[id(m)][0]) if diff < 0 else (bounds[id(m)][1] - m.duree_jours) for m in order
    }
    total = sum(room.values())
    if total and diff:
        share = min(1.0, abs(diff) / total)
        sign = 1 if diff > 0 else -1
        for m in order:
            m.date_fin = m.date_debut + (m.duree_jours + sign * int(share * room[id(m)])) * DAY
    for _ in range(20):
        diff = target - sum(m.duree_jours for m in closed)
        if diff == 0:
            break
        step = 1 if diff > 0 else -1
        for m in order:
            if diff == 0:
                break
            lo, hi = bounds[id(m)]
            if lo <= m.duree_jours + step <= hi:
                m.date_fin += step * DAY
                diff -= step
    if abs(target - sum(m.duree_jours for m in closed)) > 2:
        raise CalibrationError(f"mean duration {mean_months} months cannot be reached")
