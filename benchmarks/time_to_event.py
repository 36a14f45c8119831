"""Benchmark (not a test): the ten time-to-event indicators of one year at ×1 and ×100 the demo data.

    .venv/bin/python benchmarks/time_to_event.py [--scales 1 100] [--year 2024] [--keep DIR]

The scaled exports are built as in benchmarks/ingest.py (every record copied with new identifiers), then
ingested. Printed per scale: the subjects of the three cohorts, the first computation (it imports the
numpy estimators, once per process), the best of 5 computations of all ten indicators (the targets: under
0.3 s at ×1, under 2 s at ×100), and the best of 5 computations of the duration curves by sector.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest import CSV_SUFFIXES, replicate, run_ingest  # noqa: E402  (benchmarks/ingest.py)

from pipelines.demo import generate  # noqa: E402
from pipelines.indicators import Indicators, load_catalogue  # noqa: E402

IDS = [i for i, d in load_catalogue().items() if d.time_to_event]
TARGETS = {1: 0.3, 100: 2.0}


def best_of(repeat: int, action) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def measure(warehouse: Path, year: int) -> tuple[dict[str, int], float, float, float]:
    indicators = Indicators(warehouse)
    try:
        start = time.perf_counter()
        values = indicators.compute_all(year, ids=IDS)
        first = time.perf_counter() - start
        sizes = {
            i: int(values[i].denominator or 0)
            for i in ("duree_mediane_km_mois", "attente_debut_mediane_jours", "delai_decision_median_jours")
        }
        ten = best_of(5, lambda: indicators.compute_all(year, ids=IDS))
        from pipelines.indicators.survival_curves import curves

        curve = best_of(5, lambda: curves(indicators, "mesures_debutees", [year], by="secteur"))
    finally:
        indicators.close()
    return sizes, first, ten, curve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", type=Path, default=None, help="keep (and reuse) the generated folders here")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="assll-tte-"))
    demo = base / "demo"
    if not demo.exists():
        generate(demo, seed=2024)
    print(f"{len(IDS)} indicators, year {args.year}")
    print(
        f"{'scale':>6} {'measures':>9} {'accepted':>9} {'requests':>9} {'first s':>8} {'ten s':>7} "
        f"{'target s':>9} {'curves s':>9}"
    )
    for scale in args.scales:
        raw, warehouse = base / f"x{scale}", base / f"wh{scale}"
        if not raw.exists():
            replicate(demo, raw, scale, CSV_SUFFIXES | {".xlsx"})  # every demo file, xlsx years included
        if not (warehouse / "CURRENT").exists():
            run_ingest(raw, warehouse)
        sizes, first, ten, curve = measure(warehouse, args.year)
        target = TARGETS.get(scale)
        print(
            f"{scale:>6} {sizes['duree_mediane_km_mois']:>9,d} {sizes['attente_debut_mediane_jours']:>9,d} "
            f"{sizes['delai_decision_median_jours']:>9,d} {first:>8.3f} {ten:>7.3f} "
            f"{'' if target is None else f'{target:.1f}':>9} {curve:>9.3f}",
            flush=True,
        )
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
