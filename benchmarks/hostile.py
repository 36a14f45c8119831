"""Benchmark (not a test): what hostile files cost `assll ingest` now (issue 9).

    .venv/bin/python benchmarks/hostile.py

Each case is a folder with one good CSV and one hostile file; `assll ingest` runs as its own
process (the files are read in its child process) and the wall time, the peak resident memory of
the whole process tree (kernel rusage of the waited processes) and the exit code are printed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "N° demande;Date demande;Type;Secteur\n"


def good(folder: Path) -> None:
    (folder / "bon.csv").write_text(HEADER + "D1;15/01/2024;ASSLL;Cognac\n", encoding="utf-8")


def wide_csv(folder: Path) -> None:
    tail = ";" * 16_000
    rows = [HEADER.rstrip("\n") + tail] + [f"T{i};15/01/2024;ASSLL;Cognac{tail}" for i in range(200)]
    (folder / "large.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def stray_cell(folder: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(folder / "perdu.xlsx"))
    sheet = workbook.add_worksheet("Demandes")
    sheet.write_row(0, 0, HEADER.strip().split(";"))
    sheet.write_row(1, 0, ["X1", "15/01/2024", "ASSLL", "Cognac"])
    sheet.write(1_048_575, 16_383, "x")
    workbook.close()


def named_pipe(folder: Path) -> None:
    os.mkfifo(folder / "tube.csv")


def dev_zero(folder: Path) -> None:
    (folder / "zero.csv").symlink_to("/dev/zero")


CASES: dict[str, Callable[[Path], None]] = {
    "rien de plus": lambda _: None,
    "CSV 200 × 16 000 colonnes": wide_csv,
    "cellule XFD1048576": stray_cell,
    "tube nommé": named_pipe,
    "lien vers /dev/zero": dev_zero,
}


def main() -> None:
    assll = Path(sys.executable).parent / "assll"
    print(f"{'cas':<28} {'durée':>8} {'mémoire max':>12} {'code':>5}")
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory(prefix="assll-hostile-") as base:
            raw, warehouse = Path(base) / "brut", Path(base) / "entrepot"
            raw.mkdir()
            good(raw)
            make(raw)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            process = subprocess.run(
                [str(assll), "ingest", str(raw), "--warehouse", str(warehouse)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=600,
            )
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            shown = f"{peak / 1024:.0f} Mo" if peak > before else f"≤ {before / 1024:.0f} Mo"
            print(f"{name:<28} {elapsed:>7.1f}s {shown:>12} {process.returncode:>5}")


if __name__ == "__main__":
    main()
