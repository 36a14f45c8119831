"""Benchmark scenario « many small files » (not a test): the demo's exports split the way real extractions are.

    .venv/bin/python benchmarks/ingest.py --scenarios petits [--small-scales 30 100] [--runs 3] [--keep DIR]

One copy is the demo split like a coordination's folder: the archive years 2014–2019 as legacy xlsx
workbooks (title rows above a merged title cell), the years 2020–2025 as one cp1252 `;` CSV per table
and year, the current year's requests split by quarter and the previous year's requests and measures
by semester, plus a PDF and a text note that the ingest lists as ignored. Copy k is the same files
with every request and measure identifier prefixed `Rk-` (as the other scenarios replicate), in
`copie-k/`. For ×30 and ×100 copies, the whole `assll ingest` process and the plain-Python reader
of `plain_reader.py` are timed on the same folder, interleaved, `--runs` times each; medians are
printed with the ingest's cost per file, its CPU time over wall time (2.0 = both cores busy all
along: the process tree's CPU, the reading child included) and peak resident memory. Beside them, the
floor (`bare_parse.py`: the same files only parsed by Polars and fastexcel, on 2 threads, then on 2
processes) and the ceiling it sets on the ratio: the plain reader's time over the floor's.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# stem of a demo CSV -> number of parts it is split into (semesters, quarters)
SPLITS = {"demandes_2024": 2, "mesures_2024": 2, "demandes_2025": 4}
NOTE = (
    "Exports ASSLL transmis par la coordination.\nLes classeurs des années 2014 à 2019 sont repris des "
    "archives ; les fichiers CSV sont extraits du logiciel de suivi.\n"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _split_csv(path: Path, dest_dir: Path, parts: int, header_line: int) -> None:
    from pipelines.ingest.decoding import decode_text

    text, _encoding, _warnings = decode_text(path.read_bytes())
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    head, data = rows[:header_line], rows[header_line:]
    size = -(-len(data) // parts)
    for i in range(parts):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(head + data[i * size : (i + 1) * size])
        name = f"{path.stem}_{'S' if parts == 2 else 'T'}{i + 1}.csv"
        (dest_dir / name).write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))


def split_demo(demo: Path, base: Path) -> None:
    """Copy 0: the demo's exports split like real extractions, with a PDF and a text note."""
    from ingest import _header_of

    for path in sorted(demo.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(demo)
        dest = base / "archives" / path.name if path.suffix == ".xlsx" else base / "extractions" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        parts = SPLITS.get(path.stem)
        if parts is None:
            shutil.copy2(path, dest)
            continue
        line, _ids = _header_of(path, rel.as_posix())[None]
        _split_csv(path, dest.parent, parts, line)
    (base / "documents").mkdir(exist_ok=True)
    (base / "documents" / "bilan_comite.pdf").write_bytes(PDF)
    (base / "documents" / "LISEZMOI.txt").write_bytes(NOTE.encode("cp1252"))


def build(demo: Path, target: Path, copies: int) -> None:
    """`copies` copies of the split demo, copy k in copie-k/ with its identifiers prefixed `Rk-`."""
    from ingest import _header_of, _replicate_csv, _replicate_xlsx

    base = target / "copie-000"
    split_demo(demo, base)
    files = sorted(p for p in base.rglob("*") if p.is_file())
    headers = {p: _header_of(p, p.relative_to(base).as_posix()) for p in files if p.suffix in (".csv", ".xlsx")}
    for k in range(1, copies):
        for path in files:
            dest = target / f"copie-{k:03d}" / path.relative_to(base)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".xlsx":
                _replicate_xlsx(path, dest, 1, headers[path], first=k)
            elif path.suffix == ".csv":
                _replicate_csv(path, dest, 1, headers[path], first=k)
            else:
                shutil.copy2(path, dest)


def linked_subset(full: Path, target: Path, copies: int) -> None:
    """The first `copies` copies of `full`, as hard links (same bytes, no time spent writing)."""
    for k in range(copies):
        for path in sorted((full / f"copie-{k:03d}").rglob("*")):
            dest = target / path.relative_to(full)
            if path.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, dest)


def run_script(script: str, raw: Path, *options: str) -> tuple[float, dict]:
    """Wall seconds of a benchmark script on `raw`, in a process of its own, and the JSON line it printed."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, str(HERE / script), str(raw), *options], stdout=subprocess.PIPE, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{script} failed on {raw}")
    return time.perf_counter() - start, json.loads(out.stdout)


# What is timed beside the ingest: the plain reader, and the floor (bare_parse.py) with 2 threads, 2 processes.
OTHERS = {
    "reader": ("plain_reader.py",),
    "floor_threads": ("bare_parse.py", "--workers", "2"),
    "floor_processes": ("bare_parse.py", "--workers", "2", "--processes"),
}


def run(base: Path, demo: Path, scales: list[int], runs: int, run_ingest, rows_read) -> None:
    """Builds the folders (reused when present) and prints the comparison, one line per scale."""
    full = base / f"petits-x{max(scales)}"
    if not full.exists():
        build(demo, full, max(scales))
    folders = {}
    for scale in scales:
        folders[scale] = full if scale == max(scales) else base / f"petits-x{scale}"
        if not folders[scale].exists():
            linked_subset(full, folders[scale], scale)
    keys = ("wall", "cpu", "peak", *OTHERS)
    figures: dict[int, dict[str, list[float]]] = {s: {k: [] for k in keys} for s in scales}
    for _ in range(runs):  # interleaved: the project, the reader and the floor see the same load
        for scale in scales:
            warehouse = base / f"wh-petits-x{scale}"
            shutil.rmtree(warehouse, ignore_errors=True)
            wall, cpu, peak = run_ingest(folders[scale], warehouse)
            for key, value in (("wall", wall), ("cpu", cpu), ("peak", peak)):
                figures[scale][key].append(value)
            for key, (script, *options) in OTHERS.items():
                figures[scale][key].append(run_script(script, folders[scale], *options)[0])
    print(
        f"{'petits fichiers':>15} {'fichiers':>8} {'lignes lues':>11} {'ingest s':>9} {'ms/fichier':>10} "
        f"{'cpu/mur':>7} {'pic Mio':>8} {'lecteur s':>9} {'rapport':>8} {'plancher s':>10} {'plafond':>8}   "
        f"(médianes de {runs} passages, charge {os.getloadavg()[0]:.1f})"
    )
    for scale in scales:
        med = {k: statistics.median(v) for k, v in figures[scale].items()}
        n_files = sum(1 for p in folders[scale].rglob("*") if p.is_file())
        n_rows = rows_read(base / f"wh-petits-x{scale}")
        print(
            f"{'×' + str(scale):>15} {n_files:>8} {n_rows:>11,d} {med['wall']:>9.2f} "
            f"{1000 * med['wall'] / n_files:>10.2f} {med['cpu'] / med['wall']:>7.2f} {med['peak']:>8.0f} "
            f"{med['reader']:>9.2f} {med['reader'] / med['wall']:>7.1f}× "
            f"{med['floor_threads']:>10.2f} {med['reader'] / med['floor_threads']:>7.1f}×",
            flush=True,
        )
    processes = {s: statistics.median(figures[s]["floor_processes"]) for s in scales}
    print(
        "plancher : le même dossier seulement décodé et analysé par Polars et fastexcel (bare_parse.py, 2 fils), "
        "sans aucun contrôle ni traitement ; plafond : lecteur / plancher, le meilleur rapport possible. "
        "Avec 2 processus au lieu de 2 fils : "
        + ", ".join(
            f"×{s} {processes[s]:.2f} s (plafond {statistics.median(figures[s]['reader']) / processes[s]:.1f}×)"
            for s in scales
        )
        + "."
    )
