"""Benchmark (not a test): time to generate the activity report in each format, and all three.

    .venv/bin/python benchmarks/reports.py [--year 2024] [--warehouse DIR]

Without --warehouse, the demo data is generated and ingested in a temporary folder first.
The PDF is printed by one Chromium session for all its charts.
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

from pipelines.demo import generate  # noqa: E402
from pipelines.indicators import Indicators  # noqa: E402
from pipelines.ingest.pipeline import ingest  # noqa: E402
from pipelines.reports.content import build  # noqa: E402
from pipelines.reports.generate import write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--warehouse", type=Path, default=None)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="assll-bench-rapports-"))
    warehouse = args.warehouse
    if warehouse is None:
        generate(base / "brut")
        warehouse = base / "entrepot"
        ingest(base / "brut", warehouse, key="benchmark")
    total = time.perf_counter()
    start = time.perf_counter()
    indicators = Indicators(warehouse)
    report = build(indicators, args.year)
    indicators.close()
    print(f"{'content (all indicators, sentences)':<40}{time.perf_counter() - start:>8.2f} s")
    for fmt_name in ("html", "pptx", "pdf"):
        start = time.perf_counter()
        path = write(report, fmt_name, base / "out")
        print(f"{fmt_name:<40}{time.perf_counter() - start:>8.2f} s   {path.stat().st_size / 1e6:.1f} MB")
    print(f"{'all three formats':<40}{time.perf_counter() - total:>8.2f} s")
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
