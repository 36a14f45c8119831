"""Benchmark (not a test): ingest speed and memory at ×1, ×10, ×100 the demo data.

    .venv/bin/python benchmarks/ingest.py [--scales 1 10 100] [--keep DIR]

The demo exports are replicated with new identifiers (every request, measure and GTS
reference gets a `Rk-` prefix in copy k), written in the same formats (xlsx stays xlsx,
cp1252 CSV stays cp1252 CSV). Each `assll ingest` runs as its own process; wall time and
peak resident memory (from the kernel's rusage of that process) are printed, then the time
to compute every indicator of one year on the resulting warehouse.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.demo import generate  # noqa: E402
from pipelines.headers import find_header  # noqa: E402
from pipelines.indicators import Indicators  # noqa: E402
from pipelines.readers import read_file  # noqa: E402
from pipelines.referential import load_referential  # noqa: E402

ID_COLUMNS = {"id_demande", "id_mesure"}


def _replicated_rows(path: Path, rel: str, copies: int) -> list[tuple[str | None, list[list[str]]]]:
    """Each table of the file as rows of text, data rows repeated with prefixed identifiers."""
    ref = load_referential()
    out = []
    for table in read_file(path, rel):
        cells = table.cell_columns
        rows = [["" if v is None else v for v in r] for r in table.frame.select(cells).iter_rows()]
        match = find_header(table, ref)
        if match.kind is None:
            out.append((table.sheet, rows))
            continue
        id_positions = [p for p, c in match.columns.items() if c in ID_COLUMNS]
        head, data = rows[: match.row + 1], rows[match.row + 1:]
        result = list(head)
        for k in range(copies):
            for row in data:
                row = list(row)
                if k:
                    for p in id_positions:
                        if row[p].strip():
                            row[p] = f"R{k}-{row[p].strip()}"
                result.append(row)
        out.append((table.sheet, result))
    return out


def replicate(source: Path, target: Path, copies: int) -> int:
    import xlsxwriter

    total = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if copies == 1 or path.suffix.lower() not in (".csv", ".txt", ".xlsx"):
            shutil.copy2(path, dest)
            continue
        tables = _replicated_rows(path, rel, copies)
        total += sum(len(rows) for _, rows in tables)
        if path.suffix.lower() == ".xlsx":
            workbook = xlsxwriter.Workbook(dest, {"constant_memory": True})
            for sheet, rows in tables:
                ws = workbook.add_worksheet(sheet or "Feuille1")
                for i, row in enumerate(rows):
                    for j, value in enumerate(row):
                        if value != "":
                            ws.write_string(i, j, value)
            workbook.close()
        else:
            _, rows = tables[0]
            text = "\r\n".join(";".join(c.replace(";", ",").replace("\n", " ") for c in row) for row in rows)
            dest.write_bytes((text + "\r\n").encode("cp1252", errors="replace"))
    return total


def run_ingest(raw: Path, warehouse: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `assll ingest` process."""
    env = dict(os.environ, ASSLL_HASH_KEY=os.environ.get("ASSLL_HASH_KEY", "benchmark"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "ingest", str(raw), "--warehouse",
                             str(warehouse)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed on {raw}")
    return elapsed, usage.ru_maxrss / 1024


def rows_read(warehouse: Path) -> int:
    import json

    report = json.loads((warehouse / "ingest_report.json").read_text(encoding="utf-8"))
    return sum(t["read"] for t in report["tables"].values())


def time_indicators(warehouse: Path, year: int, repeat: int = 5) -> tuple[float, float]:
    """Seconds to open the warehouse, and best of `repeat` runs of all indicators of a year."""
    start = time.perf_counter()
    indicators = Indicators(warehouse)
    opened = time.perf_counter() - start
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        indicators.compute_all(year)
        best = min(best, time.perf_counter() - start)
    indicators.close()
    return opened, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated folders here")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="assll-bench-"))
    demo = base / "demo"
    if not demo.exists():
        generate(demo, seed=2024)
    print(f"{'scale':>6} {'rows read':>10} {'ingest s':>9} {'rows/s':>10} {'peak MiB':>9} "
          f"{'open s':>7} {'indicators s':>13}")
    for scale in args.scales:
        raw = base / f"x{scale}"
        if not raw.exists():
            replicate(demo, raw, scale)
        warehouse = base / f"wh{scale}"
        shutil.rmtree(warehouse, ignore_errors=True)
        elapsed, peak = run_ingest(raw, warehouse)
        n = rows_read(warehouse)
        opened, ind = time_indicators(warehouse, args.year)
        print(f"{scale:>6} {n:>10,d} {elapsed:>9.2f} {n / elapsed:>10,.0f} {peak:>9.0f} {opened:>7.2f} {ind:>13.3f}",
              flush=True)
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    print(f"polars {pl.__version__}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
