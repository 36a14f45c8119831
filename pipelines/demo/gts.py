"""GTS examinations: new requests, returns of diagnostics and complements, bilans."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from pipelines.demo import calendrier as cal
from pipelines.demo import calibration as cfg
from pipelines.demo.builder import CalibrationError
from pipelines.demo.records import ASSLL, DIAGNOSTIC, GTS, NON_RECONNU, Demande, Mesure, PassageGTS

DAY = timedelta(days=1)


def build_passages(
    demandes: list[Demande], mesures: list[Mesure], rng: random.Random, journal: list[str]
) -> list[PassageGTS]:
    passages: list[PassageGTS] = []
    for d in demandes:
        if d.type_mesure != ASSLL or d.instance != GTS or d.seance_nd > cal.END:
            continue
        decision = {"DIAGNOSTIC": "DIAGNOSTIC", "COMPLEMENT": "COMPLEMENT"}.get(d.decision_nd or "")
        if decision is None:
            decision = d.decision if d.decision in ("ACCORD", "REFUS") else "AJOURNEMENT"
        passages.append(PassageGTS(d.seance_nd, "NOUVELLE_DEMANDE", decision, demande=d))
        if d.decision_nd and d.date_retour is not None and d.date_retour <= cal.END:
            objet = "RETOUR_DIAGNOSTIC" if d.decision_nd == "DIAGNOSTIC" else "COMPLEMENT"
            final = d.decision if d.decision in ("ACCORD", "REFUS") else "AJOURNEMENT"
            passages.append(PassageGTS(d.date_retour, objet, final, demande=d))
    _extra_diagnostic_returns(demandes, mesures, passages, rng)
    _bilans(mesures, passages, rng)
    odd = rng.choice(
        [
            p
            for p in passages
            if p.date_seance.year == 2021 and p.objet == "BILAN" and p.decision_gts == "RENOUVELLEMENT"
        ]
    )
    extra = PassageGTS(odd.date_seance, "BILAN", NON_RECONNU, mesure=odd.mesure, avec_id_demande=False)
    extra.raw["decision_gts"] = "À revoir"
    passages.append(extra)
    journal.append(
        f"GTS 2021: an extra BILAN of measure {odd.mesure.id_mesure} with decision 'À revoir' -> NON_RECONNU"
    )
    passages.sort(key=lambda p: (p.date_seance, p.objet != "NOUVELLE_DEMANDE", p.objet))
    return passages


def _extra_diagnostic_returns(
    demandes: list[Demande], mesures: list[Mesure], passages: list[PassageGTS], rng: random.Random
) -> None:
    """Some diagnostics asked by the FSL or a social worker come back through the GTS."""
    seances = cal.seances_gts()
    fin_diag = {
        id(m.demande): m.date_fin
        for m in mesures
        if m.demande is not None and m.demande.type_mesure == DIAGNOSTIC and m.date_fin
    }
    by_year: dict[int, list[tuple]] = defaultdict(list)
    for d in demandes:
        if d.type_mesure != DIAGNOSTIC or d.parent is not None or id(d) not in fin_diag:
            continue
        seance = cal.next_on_or_after(seances, fin_diag[id(d)] + 4 * DAY)
        if seance <= cal.END:
            by_year[seance.year].append((seance, d))
    for year in range(cal.FIRST_YEAR, cal.LAST_YEAR + 1):
        natural = sum(p.objet in ("RETOUR_DIAGNOSTIC", "COMPLEMENT") for p in passages if p.date_seance.year == year)
        wanted = cfg.GTS_AUTRES[year] - natural if year in cfg.GTS_AUTRES else rng.randint(3, 9)
        if wanted < 0 or wanted > len(by_year[year]):
            raise CalibrationError(f"GTS {year}: cannot reach {cfg.GTS_AUTRES.get(year)} other examinations")
        for seance, d in rng.sample(by_year[year], wanted):
            passages.append(PassageGTS(seance, "RETOUR_DIAGNOSTIC", rng.choice(["ACCORD", "ARRET"]), demande=d))


def _bilans(mesures: list[Mesure], passages: list[PassageGTS], rng: random.Random) -> None:
    seances = cal.seances_gts()
    arrets: dict[int, list[tuple]] = defaultdict(list)
    renouv: dict[int, list[tuple]] = defaultdict(list)
    for m in sorted(mesures, key=lambda m: m.seq):
        if m.demande is None or m.demande.type_mesure != ASSLL:
            continue
        if m.date_fin is not None:
            seance = cal.next_on_or_after(seances, m.date_fin)
            if seance <= cal.END:
                arrets[seance.year].append((seance, m))
        cadence = rng.choice((3, 4, 6))
        limit = min(m.date_fin, cal.END) if m.date_fin else cal.END
        k, seen = 1, set()
        while True:
            due = m.date_debut + round(k * cadence * cfg.MOIS) * DAY
            seance = cal.next_on_or_after(seances, due)
            if seance >= limit - 10 * DAY or seance > cal.END:
                break
            if seance not in seen:
                seen.add(seance)
                renouv[seance.year].append((seance, m))
            k += 1
    for year in range(cal.FIRST_YEAR, cal.LAST_YEAR + 1):
        want_arret, want_renouv = cfg.GTS_BILANS.get(year, (None, None))
        for pool, want, decision in (
            (arrets[year], want_arret, "ARRET"),
            (renouv[year], want_renouv, "RENOUVELLEMENT"),
        ):
            if want is None:
                # Not every ending is validated in GTS; renewals are examined about
                # twice a year, not at every scheduled review.
                want = round(len(pool) * (0.86 if decision == "ARRET" else 0.5))
            if want > len(pool):
                pool = pool + _more_candidates(mesures, pool, year, decision, want - len(pool), rng)
            for seance, m in rng.sample(pool, want):
                # Bilans name the measure; some years' exports also give the request.
                passages.append(PassageGTS(seance, "BILAN", decision, mesure=m, avec_id_demande=rng.random() < 0.4))
                if decision == "RENOUVELLEMENT":
                    m.nb_renouvellements += 1


def _more_candidates(
    mesures: list[Mesure], pool: list[tuple], year: int, decision: str, n: int, rng: random.Random
) -> list[tuple]:
    """When the usual rhythm gives too few bilans for a pinned year: an ending validated
    at the meeting just before the end date, or an extra renewal bilan of a running
    measure at another meeting of the year."""
    seances = [s for s in cal.seances_gts() if s.year == year]
    taken = {(s, id(m)) for s, m in pool}
    extra: list[tuple] = []
    for m in sorted(mesures, key=lambda m: m.seq):
        if m.demande is None or m.demande.type_mesure != ASSLL:
            continue
        if decision == "ARRET":
            if m.date_fin is not None and m.date_fin.year == year:
                seance = cal.last_on_or_before(cal.seances_gts(), m.date_fin)
                if seance.year == year and seance >= m.date_fin - 31 * DAY and (seance, id(m)) not in taken:
                    extra.append((seance, m))
            continue
        for seance in seances:
            running = m.date_debut + 60 * DAY <= seance and (m.date_fin is None or seance < m.date_fin - 10 * DAY)
            if running and (seance, id(m)) not in taken:
                extra.append((seance, m))
    if len(extra) < n:
        raise CalibrationError(f"GTS {year}: not enough {decision} bilans")
    return rng.sample(extra, n)
