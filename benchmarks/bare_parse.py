"""The floor of any ingest of a folder with these libraries (not a test): each file parsed, nothing else.

    .venv/bin/python benchmarks/bare_parse.py DOSSIER [--processes] [--workers N]

Every CSV decoded (Windows-1252, as the demo writes them) and parsed by Polars, every sheet of every xlsx loaded
by fastexcel (calamine) and made a Polars frame: what the ingest cannot do without. No budget, no header search,
no recognition, normalising, merging, Parquet or report. The files are spread over N workers (default 2, the
cores of this machine): threads in this process, or with --processes a pool of processes started fresh (the
start counted). The time of this whole process is the floor: the ingest of the same folder cannot be faster. Prints
one JSON line: files, rows, mode.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path


def parse(path: Path) -> int:
    """Rows of the file once parsed (0 for a file of another format)."""
    import fastexcel
    import polars as pl

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        reader = fastexcel.read_excel(path.read_bytes())
        rows = 0
        for index in range(len(reader.sheet_names)):
            frame = pl.from_arrow(reader.load_sheet(index, header_row=None, dtypes="string").to_arrow())
            assert isinstance(frame, pl.DataFrame)
            rows += frame.height
        return rows
    if suffix in (".csv", ".txt"):
        text = path.read_bytes().decode("cp1252", errors="replace")
        return pl.read_csv(
            text.encode(), separator=";", has_header=False, infer_schema=False, truncate_ragged_lines=True
        ).height
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--processes", action="store_true", help="a pool of processes instead of threads")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.is_file())
    pool: Executor = (
        ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn"))
        if args.processes
        else ThreadPoolExecutor(args.workers)
    )
    with pool:
        rows = sum(pool.map(parse, files, chunksize=64 if args.processes else 1))
    mode = "processus" if args.processes else "fils"
    print(json.dumps({"files": len(files), "rows": rows, "mode": f"{args.workers} {mode}"}))


if __name__ == "__main__":
    main()
