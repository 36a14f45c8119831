"""Demo raw exports 2014-2025, as the ASSLL coordination of Charente would hand them over.

    generate(out_dir, seed) -> list of written files

The files are written from clean records (`build_records`) that reproduce every figure
of the 2024 activity report (`calibration.check` proves it without the pipeline), then
dressed in the mess the data contract describes. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from pipelines.demo import calendrier as cal
from pipelines.demo import closures, conjointe, gts, mess, writers
from pipelines.demo.builder import Builder, CalibrationError
from pipelines.demo.mess import Renderer, id_demande, id_mesure
from pipelines.demo.records import ASSLL, DIAGNOSTIC, NON_RECONNU, TNP, TP, Mutualisation, Records
from pipelines.demo.referentiel import load as load_referentiel

DEFAULT_SEED = 2024
ATTEMPTS = 8


def build_records(seed: int = DEFAULT_SEED) -> Records:
    """The clean records of the demo (plus the spellings and anomalies to write).

    A few seeds draw a history from which some pinned figure cannot be reached; the
    draw is then repeated from a derived seed, so every seed still gives one answer."""
    for attempt in range(ATTEMPTS):
        try:
            return _build_records(seed, attempt)
        except CalibrationError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _build_records(seed: int, attempt: int) -> Records:
    b = Builder(seed if attempt == 0 else f"{seed}/{attempt}")
    b.draw_requests()
    b.assign_instances()
    b.examine_and_decide()
    b.settle_decisions()
    b.start_measures()
    b.assign_communes()
    for m in b.mesures:
        if m.demande is not None:
            m.secteur_intervenant = m.demande.secteur
    mutualisations = b.mutualise()

    assll = [m for m in b.mesures if m.demande is not None and m.demande.type_mesure == ASSLL]
    closed = closures.close_assll(assll, b.rng)
    closures.rebalance_end_2025(b.mesures, closed[cal.LAST_YEAR], load_referentiel().secteurs, b.rng)
    for year in sorted(closed):
        closures.label_year(year, closed[year], b.rng)
    for m in b.mesures:
        # Diagnostics (and the 2013 orphans) get a motif too: the pipeline must leave them
        # out of the ASSLL closure figures by the request's type, not by an empty motif.
        if (m.demande is None or m.demande.type_mesure == DIAGNOSTIC) and m.date_fin is not None:
            m.motif_arret = TP if b.rng.random() < 0.7 else TNP
    moved = b.rng.choice([m for m in closed[2019] if m.motif_arret == TNP])
    moved.motif_arret, moved.raw["motif_arret"] = NON_RECONNU, "Déménagement"

    _assign_ids(b)
    conjointe.assign(b.demandes, b.mesures, seed)
    passages = gts.build_passages(b.demandes, b.mesures, b.rng, b.journal)
    records = Records(
        seed=seed,
        demandes=sorted(b.demandes, key=lambda d: (d.date_demande, d.id_demande)),
        mesures=sorted(b.mesures, key=lambda m: m.id_mesure),
        passages=passages,
        mutualisations=[Mutualisation(day, m, origine, accueil) for day, m, origine, accueil in mutualisations],
        journal=b.journal,
    )
    records.journal.append(f"motif d'arrêt 'Déménagement' -> NON_RECONNU (measure {moved.id_mesure}, 2019)")
    renderer = Renderer(seed)
    renderer.prepare(records)
    mess.plan_anomalies(records, seed)
    records.renderer = renderer
    return records


def _assign_ids(b: Builder) -> None:
    by_year: dict[int, list] = {}
    for d in b.demandes:
        by_year.setdefault(d.date_demande.year, []).append(d)
    for year, demandes in by_year.items():
        for n, d in enumerate(sorted(demandes, key=lambda d: (d.date_demande, d.seq)), start=1):
            d.id_demande = id_demande(year, n)
    for n, m in enumerate(sorted(b.mesures, key=lambda m: (m.date_debut, m.seq)), start=1):
        m.id_mesure = id_mesure(n)


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo exports into out_dir and return their paths. File names do not
    depend on the seed, so a second run overwrites the first; nothing else is deleted."""
    out_dir = Path(out_dir)
    records = build_records(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    return writers.write_all(records, records.renderer, out_dir)


def describe(records: Records) -> list[str]:
    """The deliberate mess items and their expected effect at ingest, for humans."""
    lines = list(records.journal)
    per_file: Counter[tuple[int, str]] = Counter()
    for a in records.anomalies:
        if a.effet == "quarantaine":
            per_file[(a.annee, a.table)] += 1
            label = "ref" if a.table == "passages_gts" else "id"
            lines.append(f"quarantine {a.annee} {a.table}: {a.raison} ({label} {a.ident or '-'})")
        else:
            lines.append(f"duplicate row {a.annee} {a.table}: {a.raison} (id {a.ident})")
    for d in records.demandes:
        for field, value in d.valeurs_anterieures.items():
            lines.append(
                f"conflict {d.id_demande}: {field} '{value}' in {d.date_demande.year}, "
                f"corrected in {d.date_demande.year + 1}"
            )
    n_conflicts = sum(
        1
        for d in records.demandes
        if d.decision_initiale
        and d.date_decision
        and d.date_decision_initiale.year == d.date_demande.year
        and d.date_decision.year > d.date_demande.year
    )
    lines.append(
        f"{n_conflicts} requests whose DIAGNOSTIC_PREALABLE/COMPLEMENT decision (and its date) in "
        "one year's file is replaced by the final decision in the next year's file"
    )
    lines.append("quarantined rows per file: " + ", ".join(f"{y}/{t}={n}" for (y, t), n in sorted(per_file.items())))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--describe", action="store_true", help="print the deliberate mess items")
    args = parser.parse_args(argv)
    paths = generate(args.out_dir, args.seed)
    print(f"{len(paths)} files written into {args.out_dir}")
    if args.describe:
        print("\n".join(describe(build_records(args.seed))))


if __name__ == "__main__":
    main()
