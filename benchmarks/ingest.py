"""Benchmark (not a test): ingest speed and memory at ×1, ×10, ×100 the demo data, two scenarios.

    .venv/bin/python benchmarks/ingest.py [--scales 1 10 100] [--scenarios csv mixte petits] [--keep DIR]
                                          [--no-stages] [--no-startup] [--small-scales 30 100] [--runs 3]

Scenarios: `csv` is the demo's CSV years (2020–2025) alone; `petits` is many small files, the demo
split like real extractions and copied ×30 and ×100, against a plain-Python reader (small_files.py);
`mixte` is the whole demo, the
legacy xlsx workbooks of the archive years (2014–2019, title rows above a merged title cell,
date cells, numbers) and the CSV years. Each is replicated with new identifiers (every request,
measure and GTS reference gets a `Rk-` prefix in copy k), written in the same formats (xlsx
stays xlsx with its cell types, cp1252 CSV stays cp1252 CSV).

For each scenario and scale:
- one whole `assll ingest` process: wall time and peak resident memory (its process tree's, added up);
- one process that runs the ingest's stages one after the other (read, normalise, merge,
  write, indicators of one year), printing per stage its seconds, rows read per second and
  its own peak resident memory (the kernel's high-water mark, reset between stages).
Then the start-up time of `assll --help` and `assll indicators` (best and mean of 7 runs).
With --keep, the generated folders are kept and reused by the next run (same data before and
after a change).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ID_COLUMNS = {"id_demande", "id_mesure"}
STAGES = ("lecture", "normalisation", "fusion", "ecriture", "indicateurs")
CSV_SUFFIXES = {".csv", ".txt"}


def _prefixed(value: object, k: int) -> object:
    text = "" if value is None else str(value).strip()
    return f"R{k}-{text}" if k and text else value


def _header_of(path: Path, rel: str) -> dict[str | None, tuple[int, list[int]]]:
    """Per sheet (None for a CSV): the physical line of the header and the positions of identifier columns."""
    from pipelines.ingest.headers import header_row
    from pipelines.ingest.readers import LINE_COLUMN, read_file
    from pipelines.reference.referential import load_referential

    ref = load_referential()
    found = {}
    for table in read_file(path, rel):
        match = header_row(table, ref)
        if match.kind is not None:
            found[table.sheet] = (
                int(table.frame[LINE_COLUMN][match.row]),
                [p for p, c in match.columns.items() if c in ID_COLUMNS],
            )
    return found


def _replicate_xlsx(path: Path, dest: Path, copies: int, headers: dict, first: int = 0) -> int:
    """The workbook with its data rows repeated (copies first, first + 1, ...), cell types kept, the title merged
    over the header's width."""
    import openpyxl  # the benchmark's own writer side; the product never reads with it
    import xlsxwriter

    source = openpyxl.load_workbook(path, read_only=True)
    workbook = xlsxwriter.Workbook(dest, {"constant_memory": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    total = 0
    for ws in source.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        sheet = workbook.add_worksheet(ws.title)
        line, ids = headers.get(ws.title, (None, []))
        if line is None:
            head, data = rows, []
        else:
            head, data = rows[:line], rows[line:]
        width = max((len(r) for r in rows), default=1)
        out = 0

        def write(row: list, sheet=sheet) -> None:
            nonlocal out
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(out, c, value, date_format)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(out, c, value)
                else:
                    sheet.write_string(out, c, str(value))
            out += 1

        for i, row in enumerate(head):
            if i == 0 and line is not None and row and row[0] not in (None, "") and width > 1:
                sheet.merge_range(0, 0, 0, width - 1, str(row[0]))
                out += 1
                continue
            write(row)
        for k in range(first, first + copies):
            for row in data:
                write([_prefixed(v, k) if p in ids else v for p, v in enumerate(row)])
        total += out
    source.close()
    workbook.close()
    return total


def _replicate_csv(path: Path, dest: Path, copies: int, headers: dict, first: int = 0) -> int:
    import csv
    import io

    from pipelines.ingest.readers import decode_text

    text, _encoding, _warnings = decode_text(path.read_bytes())
    line, ids = headers.get(None, (None, []))
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    head, data = (rows, []) if line is None else (rows[:line], rows[line:])
    out = list(head)
    for k in range(first, first + copies):
        out.extend([_prefixed(v, k) if p in ids else v for p, v in enumerate(row)] for row in data)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(out)
    dest.write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))
    return len(out)


def replicate(source: Path, target: Path, copies: int, formats: set[str]) -> None:
    """The files of `source` whose suffix is in `formats`, with their data rows `copies` times."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix not in formats:
            continue
        rel = path.relative_to(source).as_posix()
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if copies == 1:
            shutil.copy2(path, dest)
            continue
        headers = _header_of(path, rel)
        if suffix == ".xlsx":
            _replicate_xlsx(path, dest, copies, headers)
        else:
            _replicate_csv(path, dest, copies, headers)


def _env() -> dict[str, str]:
    return dict(os.environ, ASSLL_HASH_KEY=os.environ.get("ASSLL_HASH_KEY", "benchmark-key-not-a-secret"))


def run_ingest(raw: Path, warehouse: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all threads, user + system, the processes it started included) and peak resident
    memory (MiB) of one whole `assll ingest` process: its tree's, added up, sampled every 20 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli.main", "ingest", str(raw), "--warehouse", str(warehouse)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
    )
    from pipelines.ingest.isolated import ProcessTree

    tree, peak = ProcessTree(proc.pid), 0.0  # measured as the reading child's memory watch measures it
    # Waited for without being reaped (WNOWAIT), so that wait4 below still gets its resource usage.
    while os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        peak = max(peak, tree.resident_mb() or 0.0)
        time.sleep(0.02)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed on {raw}")
    return elapsed, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss / 1024)


def _reset_peak() -> None:
    """Resets the kernel's high-water mark of this process's resident memory (Linux)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _peak_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stage_profile(raw: Path, warehouse: Path, year: int) -> dict[str, tuple[float, float, float]]:
    """Runs the ingest's stages in this process, as `ingest.ingest` chains them: wall and CPU seconds and
    peak MiB each."""
    from pipelines.indicators import Indicators
    from pipelines.ingest import file_tables
    from pipelines.ingest.bilan import build_report
    from pipelines.ingest.pipeline import _read_tables, merge_kinds, normalise_kinds
    from pipelines.ingest.privacy import Hasher, hash_key
    from pipelines.ingest.version_tables import quarantine_table, warehouse_tables
    from pipelines.reference.geography import load_geography
    from pipelines.reference.referential import load_referential
    from pipelines.store.warehouse import clean_leftovers, ingest_lock, publish

    ref, geo = load_referential(), load_geography()
    hasher, today = Hasher(hash_key(None)), dt.date.today()
    file_tables.PROCESSES = True  # read as in the reading child of `assll ingest`
    figures: dict[str, tuple[float, float, float]] = {}

    def timed(stage: str, fn):
        _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        figures[stage] = (time.perf_counter() - start, time.process_time() - cpu, _peak_mib())
        return result

    # The ingest's own stage functions, called one by one (ingest.run_kinds chains the same three).
    frames, files = timed("lecture", lambda: _read_tables(raw, ref))
    normalised = timed("normalisation", lambda: normalise_kinds(frames, ref, geo, hasher, today))
    results, _notes = timed("fusion", lambda: merge_kinds(normalised, ref, geo))

    def write_all() -> None:
        quarantine = quarantine_table(results, hasher)
        report = build_report(results, files, quarantine, today, raw)
        with ingest_lock(warehouse):
            clean_leftovers(warehouse)
            publish(warehouse, warehouse_tables(results, quarantine, ref, geo), report)

    timed("ecriture", write_all)

    def indicators() -> None:
        ind = Indicators(warehouse)
        ind.compute_all(year)
        ind.close()

    timed("indicateurs", indicators)
    return figures


def run_stages(raw: Path, warehouse: Path, year: int) -> dict[str, tuple[float, float, float]]:
    shutil.rmtree(warehouse, ignore_errors=True)
    out = subprocess.run(
        [sys.executable, __file__, "--stages-of", str(raw), str(warehouse), str(year)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def rows_read(warehouse: Path) -> int:
    report = json.loads((warehouse / "ingest_report.json").read_text(encoding="utf-8"))
    return sum(t["read"] for t in report["tables"].values())


def startup(command: list[str], runs: int = 7) -> tuple[float, float]:
    """Best and mean wall seconds of `runs` runs of a command (a first, unmeasured run warms the disk cache)."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if i:
            times.append(time.perf_counter() - start)
    return min(times), statistics.mean(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument(
        "--scenarios", nargs="+", choices=("csv", "mixte", "petits"), default=["csv", "mixte", "petits"]
    )
    parser.add_argument("--small-scales", type=int, nargs="+", default=[30, 100], help="copies, scenario petits")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure, scenario petits")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated folders here (and reuse them)")
    parser.add_argument("--no-stages", action="store_true", help="only the whole ingest process")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up timings")
    parser.add_argument("--stages-of", nargs=3, metavar=("RAW", "WAREHOUSE", "YEAR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_of:
        raw, warehouse, year = args.stages_of
        print(json.dumps(stage_profile(Path(raw), Path(warehouse), int(year))))
        return
    import polars as pl

    from pipelines.demo import generate

    base = args.keep or Path(tempfile.mkdtemp(prefix="assll-bench-"))
    demo = base / "demo"
    if not demo.exists():
        generate(demo, seed=2024)
    formats = {"csv": CSV_SUFFIXES, "mixte": CSV_SUFFIXES | {".xlsx"}}
    header = (
        f"{'scénario':>8} {'échelle':>7} {'lignes lues':>11} {'ingest s':>9} {'cpu s':>6} {'lignes/s':>10} "
        f"{'pic Mio':>8}"
    )
    if not args.no_stages:
        header += "".join(f" | {s[:11]:>11} s {'cpu s':>6} {'lignes/s':>10} {'Mio':>6}" for s in STAGES)
    big = [s for s in args.scenarios if s != "petits"]
    if big:
        print(header)
    for scenario in big:
        for scale in args.scales:
            raw = base / f"{scenario}-x{scale}"
            if not raw.exists():
                replicate(demo, raw, scale, formats[scenario])
            warehouse = base / f"wh-{scenario}-x{scale}"
            shutil.rmtree(warehouse, ignore_errors=True)
            elapsed, cpu, peak = run_ingest(raw, warehouse)
            n = rows_read(warehouse)
            line = f"{scenario:>8} {scale:>7} {n:>11,d} {elapsed:>9.2f} {cpu:>6.2f} {n / elapsed:>10,.0f} {peak:>8.0f}"
            if not args.no_stages:
                figures = run_stages(raw, base / f"wh-stages-{scenario}-x{scale}", args.year)
                for stage in STAGES:
                    seconds, cpu_s, mib = figures[stage]
                    line += f" | {seconds:>13.2f} {cpu_s:>6.2f} {n / seconds:>10,.0f} {mib:>6.0f}"
            print(line, flush=True)
    if "petits" in args.scenarios:
        import small_files

        small_files.run(base, demo, sorted(args.small_scales), args.runs, run_ingest, rows_read)
    if not args.no_startup and big:
        warehouse = base / f"wh-{big[-1]}-x{args.scales[0]}"
        assll = [sys.executable, "-m", "pipelines.cli.main"]
        for label, command in (
            ("assll --help", [*assll, "--help"]),
            ("assll indicators --help", [*assll, "indicators", "--help"]),
            (
                f"assll indicators --year {args.year}",
                [*assll, "indicators", "--year", str(args.year), "--warehouse", str(warehouse)],
            ),
        ):
            best, mean = startup(command)
            print(f"démarrage {label:<32} meilleur {best:.3f} s, moyenne {mean:.3f} s (7 lancements)")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    print(f"polars {pl.__version__}, {os.cpu_count()} cœurs")


if __name__ == "__main__":
    main()
