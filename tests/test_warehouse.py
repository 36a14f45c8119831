"""The versioned warehouse: byte-identical re-ingest, atomic publication, leftovers, pruning."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from conftest import run_ingest, write_xlsx

import pipelines.store.warehouse as warehouse_module
from pipelines.indicators import Indicators
from pipelines.store.warehouse import CURRENT, KEEP_VERSIONS, TMP_PREFIX, VERSIONS, current_version
from tests.indicator_folder import build_indicator_raw

CLEAN_TABLES = ("demandes", "mesures", "passages_gts", "mutualisations", "quarantaine")


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = build_indicator_raw(tmp_path_factory.mktemp("brut"))
    # one quarantined row so that the quarantine table is not empty
    with (folder / "2024" / "mutualisations.csv").open("a", encoding="utf-8") as fh:
        fh.write("30/02/2024;M9;Cognac;Ruffécois\n")
    # and an xlsx workbook (title row, real date cells, serial days, numeric ids) in the mix
    write_xlsx(
        folder / "2022" / "suivi_2022.xlsx",
        {
            "Demandes": [
                ["Suivi ASSLL 2022"],
                [],
                ["N° demande", "Date demande", "Type", "Secteur", "N° ménage"],
                [2201, dt.date(2022, 3, 1), "ASSLL", "Cognac", "MEN-TEST-1"],
                [2202.0, 44650, "Diag", "Ruffec", 77.0],
            ],
            "Mesures": [
                ["N° mesure", "N° demande", "Date début", "Date fin"],
                [2201, 2201, dt.date(2022, 4, 1), dt.date(2022, 12, 1)],
            ],
        },
    )
    return folder


def digests(version: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(version.iterdir()) if p.is_file()}


def version_dirs(warehouse: Path) -> list[Path]:
    return sorted(p for p in (warehouse / VERSIONS).iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX))


def test_reingest_gives_byte_identical_clean_tables(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    first_report = run_ingest(raw, warehouse)
    first = current_version(warehouse)
    second_report = run_ingest(raw, warehouse)
    second = current_version(warehouse)
    assert first != second and first.is_dir()
    assert first_report["tables"]["mutualisations"]["quarantined"] == 1
    for table in CLEAN_TABLES:
        a = (first / f"{table}.parquet").read_bytes()
        b = (second / f"{table}.parquet").read_bytes()
        assert a == b, table
    assert first_report["tables"] == second_report["tables"]


@pytest.mark.parametrize("large_bytes", [4_000_000, 2_000])
def test_parallel_reading_gives_the_serial_warehouse(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large_bytes: int
) -> None:
    """Files read by several threads, or by a pool of processes (file_tables, workers), give the serial run's
    report and Parquet files, byte for byte: with a duplicate file, an unreadable one, an ignored one, and
    (2 000 bytes) large files read alone between the parallel batches."""
    import shutil

    import pipelines.ingest.file_tables as file_tables

    folder = tmp_path / "brut"
    shutil.copytree(raw, folder)
    shutil.copy(folder / "2024" / "mutualisations.csv", folder / "2024" / "mutualisations copie.csv")
    (folder / "2023" / "abime.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    (folder / "2023" / "notes.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(file_tables, "PARALLEL_MAX_BYTES", large_bytes)
    monkeypatch.setattr(file_tables, "TASK_FILES", 2)  # several tasks, each with a few files
    monkeypatch.setattr(file_tables, "PROCESSES", True)  # as in the reading child
    reports, versions = [], []
    for threads, processes_from in ((1, 0), (2, 10**6), (4, 10**6), (2, 1)):
        monkeypatch.setattr(file_tables, "THREADS", threads)
        monkeypatch.setattr(file_tables, "PROCESS_MIN_FILES", processes_from)
        warehouse = tmp_path / f"entrepot-{threads}-{processes_from}"
        reports.append(run_ingest(folder, warehouse))
        versions.append(digests(current_version(warehouse)))
    assert versions[0] == versions[1] == versions[2] == versions[3]
    assert reports[0]["files"] == reports[1]["files"] == reports[2]["files"] == reports[3]["files"]
    assert reports[0]["tables"] == reports[1]["tables"] == reports[2]["tables"] == reports[3]["tables"]
    statuses = {f["statut"] for f in reports[0]["files"]}
    assert {"lu", "ignoré", "illisible"} <= statuses


def _readers() -> list[str]:
    """The reading threads and processes alive in this process."""
    import multiprocessing
    import threading

    threads = [t.name for t in threading.enumerate() if t.name.startswith("assll-lecture")]
    return threads + [p.name for p in multiprocessing.active_children()]


@pytest.mark.parametrize("processes_from", [10**6, 1])
def test_the_readers_are_stopped_when_the_ingest_returns_or_stops(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes_from: int
) -> None:
    """An unreadable file's error kept the ingest's frame, and with it the reading threads, in a reference cycle:
    the garbage collector then joined them in whatever thread it happened to run in, once inside a thread being
    started, a deadlock that hung a full test run. They are stopped when the reading ends, or stops early; so
    are the reading processes."""
    import gc
    import shutil

    import pipelines.ingest.file_tables as file_tables
    from pipelines.ingest.pipeline import _read_tables, _warnings
    from pipelines.reference.referential import load_referential

    folder = tmp_path / "brut"
    shutil.copytree(raw, folder)
    (folder / "abime.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    monkeypatch.setattr(file_tables, "THREADS", 2)
    monkeypatch.setattr(file_tables, "CHUNK_FILES", 1)
    monkeypatch.setattr(file_tables, "TASK_FILES", 1)
    monkeypatch.setattr(file_tables, "PROCESSES", True)
    monkeypatch.setattr(file_tables, "PROCESS_MIN_FILES", processes_from)
    gc.collect()
    gc.disable()  # what the collector would do, and when, is what went wrong
    try:
        _frames, files = _read_tables(folder, load_referential())
        assert {f["statut"] for f in files} == {"lu", "illisible"}
        assert _readers() == []
        csv_files = sorted((p.name, p) for p in folder.rglob("*.csv")) * 3  # more tasks than are sent ahead
        outcomes = file_tables.read_all(csv_files, (folder,), load_referential(), _warnings)
        next(outcomes)
        expected = "SpawnProcess" if processes_from == 1 else "assll-lecture"
        assert any(name.startswith(expected) for name in _readers())
        outcomes.close()  # a caller that stops early
        assert _readers() == []
    finally:
        gc.enable()


def test_a_reading_process_that_dies_leaves_its_files_read_here(raw: Path) -> None:
    """A task whose process died (a file that kills whatever reads it, the system out of memory) is read again by
    the reading process itself: the same outcomes as a serial reading, and the files after it too."""
    import multiprocessing
    import signal

    from pipelines.ingest import workers
    from pipelines.ingest.batch import read_here
    from pipelines.ingest.pipeline import _warnings
    from pipelines.reference.referential import load_referential

    ref = load_referential()
    batch = sorted((p.relative_to(raw).as_posix(), p) for p in raw.rglob("*.csv"))
    serial = read_here(batch, (raw,), ref, _warnings)
    pool = workers.Pool(2, ref, _warnings, (raw,))
    try:
        first = pool.submit([])
        assert first is not None and first.result() == []  # a process is up
        for process in multiprocessing.active_children():
            os.kill(process.pid, signal.SIGKILL)
            process.join()
        future = pool.submit(batch)
        assert future is None or future.exception() is not None  # the pool is broken
        outcomes = pool.outcome(batch, future)
        assert pool.submit(batch) is None
    finally:
        pool.shutdown()
    assert _outcomes(outcomes) == _outcomes(serial)


def _outcomes(outcomes: list) -> list:
    """What the ingest takes from each file's outcome: its error, or each table's header, rows and warnings."""
    return [
        repr(o)
        if isinstance(o, BaseException)
        else [
            (r.header_line, r.match and r.match.columns, r.rows.to_dicts() if r.rows is not None else None, r.warnings)
            for r in o
        ]
        for o in outcomes
    ]


def test_failure_mid_ingest_leaves_previous_version_untouched(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "entrepot"
    run_ingest(raw, warehouse)
    pointer = (warehouse / CURRENT).read_bytes()
    previous = current_version(warehouse)
    before = digests(previous)
    report_before = (warehouse / "ingest_report.json").read_bytes()
    indicators = Indicators(warehouse)
    expected_total = indicators.compute("commandes_total", 2024).value
    indicators.close()

    real_write = warehouse_module.write_table
    written: list[str] = []

    def failing_write(folder: Path, name: str, frame) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device (simulé)")
        real_write(folder, name, frame)
        written.append(name)

    monkeypatch.setattr(warehouse_module, "write_table", failing_write)
    with pytest.raises(OSError, match="simulé"):
        run_ingest(raw, warehouse)
    monkeypatch.setattr(warehouse_module, "write_table", real_write)

    assert len(written) == 2
    assert (warehouse / CURRENT).read_bytes() == pointer
    assert current_version(warehouse) == previous
    assert digests(previous) == before
    assert (warehouse / "ingest_report.json").read_bytes() == report_before
    leftovers = [p.name for p in (warehouse / VERSIONS).iterdir() if p.name.startswith(TMP_PREFIX)]
    assert len(leftovers) == 1
    assert version_dirs(warehouse) == [previous]
    indicators = Indicators(warehouse)
    assert indicators.compute("commandes_total", 2024).value == expected_total == 9
    indicators.close()

    report = run_ingest(raw, warehouse)
    assert report["nettoyage"] == leftovers
    assert not [p for p in (warehouse / VERSIONS).iterdir() if p.name.startswith(TMP_PREFIX)]
    assert current_version(warehouse) != previous
    indicators = Indicators(warehouse)
    assert indicators.compute("commandes_total", 2024).value == 9
    indicators.close()


def test_old_versions_pruned_to_three(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One ingest per (simulated) second: the same-second ordering is another test's subject.
    stamps = iter(f"v20250331T1200{n:02d}" for n in range(60))
    monkeypatch.setattr(warehouse_module.time, "strftime", lambda fmt, *a: next(stamps))
    warehouse = tmp_path / "entrepot"
    published = []
    for _ in range(KEEP_VERSIONS + 2):
        run_ingest(raw, warehouse)
        published.append(current_version(warehouse))
    kept = version_dirs(warehouse)
    assert KEEP_VERSIONS == 3
    assert kept == published[-3:]
    assert current_version(warehouse) == published[-1]
    for version in kept:
        assert {f"{t}.parquet" for t in CLEAN_TABLES} <= {p.name for p in version.iterdir()}


def test_pruning_keeps_the_most_recent_versions_within_one_second(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five ingests within the same second (as a script or a test does); the random suffix is made to
    # come out in decreasing order, one of the orders uuid4 can give.
    monkeypatch.setattr(warehouse_module.time, "strftime", lambda fmt, *a: "v20250331T120000")
    suffixes = iter(f"{n:08x}" + "0" * 24 for n in range(0xFFFFFFFF, 0, -1))

    class FakeUuid:
        def __init__(self) -> None:
            self.hex = next(suffixes)

    monkeypatch.setattr(warehouse_module.uuid, "uuid4", FakeUuid)
    warehouse = tmp_path / "entrepot"
    published = []
    for _ in range(5):
        run_ingest(raw, warehouse)
        published.append(current_version(warehouse))
    assert version_dirs(warehouse) == sorted(published[-3:])
