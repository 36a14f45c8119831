"""Readers and ingests at the same time.

20 threads, each standing for one Streamlit session, read figures through the dashboard's own code path
(dashboard/data.py: one shared `Indicators` per version, cached results keyed on the version) while 3
ingests swap the warehouse between two data sets whose figures differ. Every answer must be the one of
exactly one version. Then: opening a version pruned meanwhile, two imports from the dashboard at once,
two ingest processes at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import streamlit as st
from conftest import TEST_KEY

import pipelines.indicators.engine as engine
import pipelines.store.warehouse as warehouse_module
from dashboard import actions, data, upload_names, uploads
from pipelines.indicators import Filters, Indicators, VersionGone
from pipelines.ingest.pipeline import ingest
from pipelines.reference import settings
from pipelines.store.warehouse import CURRENT, PAUSE_ENV, PAUSE_SECONDS_ENV, TMP_PREFIX, VERSIONS, current_version

ROOT = Path(__file__).resolve().parents[1]
DATE = dt.date.today()
READERS = 20
INGESTS = 3
# What each session asks for, again and again: whole department and one sector, two years.
ASKED = [
    ("commandes_total", 2025, Filters()),
    ("commandes_total", 2024, Filters(secteurs=("Cognac",))),
    ("commandes_par_secteur", 2025, Filters()),
    ("mesures_en_cours_par_secteur", 2024, Filters()),
    ("mutualisations", 2025, Filters(secteurs=("Cognac",))),
]
CACHED = [("commandes_total", 2025), ("commandes_assll", 2024)]


@pytest.fixture(scope="module")
def raws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo exports, and the same without 2025: two data sets whose figures differ."""
    from pipelines.demo import generate

    base = tmp_path_factory.mktemp("concurrence")
    full = base / "complet"
    generate(full)
    partial = base / "sans_2025"
    shutil.copytree(full, partial, ignore=shutil.ignore_patterns("2025"))
    return full, partial


@pytest.fixture
def fresh_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The dashboard's caches emptied (version names repeat from one test warehouse to the next) and the
    test's warehouse in force for dashboard/data.py. Streamlit's warnings about running without a
    server (one per cached call) are silenced: they cost more than the calls."""
    warehouse = tmp_path / "entrepot"
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(warehouse))
    loggers = [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("streamlit")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    data._open.clear()
    st.cache_data.clear()
    yield warehouse
    data._open.clear()
    st.cache_data.clear()
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def engine_answer(ind: Indicators) -> tuple:
    got = []
    for ind_id, year, filters in ASKED:
        value = ind.compute(ind_id, year, filters)
        got.append((value.value, value.numerator, value.denominator))
    return tuple(got)


def cached_answer() -> tuple[str, tuple]:
    """As a page run does: the version read once, every figure of the run cached on it; when that version
    was pruned before this process opened it, the frame draws the page again on the version in force."""
    where = str(data.warehouse_dir())
    for _attempt in range(3):
        name = data.version()
        try:
            values = tuple(data._value(where, name, ind_id, year, Filters(), None).value for ind_id, year in CACHED)
            years = tuple(data._years(where, name))
        except VersionGone:
            continue
        return name, (*values, years)
    raise AssertionError("three versions pruned during one page run")


def expected_cached(ind: Indicators) -> tuple:
    values = tuple(ind.compute(ind_id, year).value for ind_id, year in CACHED)
    years = tuple(ind.years())
    return (*values, years)


def test_readers_see_one_version_at_a_time_while_ingests_swap_it(
    raws: tuple[Path, Path], fresh_caches: Path, capsys: pytest.CaptureFixture
) -> None:
    warehouse = fresh_caches
    full, partial = raws
    ingest(full, warehouse, today=DATE, key=TEST_KEY)
    expected: dict[str, tuple[tuple, tuple]] = {}

    def expect(name: str) -> None:
        ind = Indicators(warehouse, version=name)
        try:
            expected[name] = (engine_answer(ind), expected_cached(ind))
        finally:
            ind.close()

    expect(current_version(warehouse).name)
    done = threading.Event()
    errors: list[BaseException] = []
    answers: list[list[tuple[str, str, tuple]]] = [[] for _ in range(READERS)]

    def reader(slot: int) -> None:
        try:
            for _turn in range(10_000):
                last = done.is_set()
                ind = data.indicators()  # the shared object of the version in force, opened once per version
                answers[slot].append(("moteur", ind.version.name, engine_answer(ind)))
                name, got = cached_answer()
                answers[slot].append(("cache", name, got))
                if last:
                    return
                time.sleep(0.2 * (1 + slot % 3))  # a session asks, shows, asks again: not all at once
        except BaseException as exc:  # every failure of a session is reported
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(slot,), name=f"session-{slot}") for slot in range(READERS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    durations = []
    try:
        for n in range(INGESTS):
            time.sleep(0.3)  # the sessions read the version in force for a while
            began = time.monotonic()
            ingest(partial if n % 2 == 0 else full, warehouse, today=DATE, key=TEST_KEY)
            durations.append(time.monotonic() - began)
            expect(current_version(warehouse).name)
        time.sleep(0.3)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=60)
    elapsed = time.monotonic() - start
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    names = sorted(expected)
    assert len(names) == INGESTS + 1
    full_answer, partial_answer = expected[names[0]], expected[names[1]]
    assert full_answer != partial_answer and full_answer[0] != partial_answer[0]
    assert full_answer[1] != partial_answer[1]
    assert len([p for p in (warehouse / VERSIONS).iterdir() if p.is_dir()]) == warehouse_module.KEEP_VERSIONS
    assert names[0] not in {p.name for p in (warehouse / VERSIONS).iterdir()}  # pruned while being read

    checked = Counter()
    seen: set[str] = set()
    for per_session in answers:
        assert per_session  # every session got answers
        for path, name, got in per_session:
            assert got == expected[name][0 if path == "moteur" else 1], (path, name)
            checked[path] += 1
            seen.add(name)
        assert per_session[-1][1] == names[-1]  # and ends on the version in force
    assert seen == set(names)
    with capsys.disabled():
        print(
            f"\nconcurrency: {READERS} sessions, {INGESTS} ingests swapped ({len(names)} versions), "
            f"{sum(checked.values())} answers checked ({checked['moteur']} on the engine x {len(ASKED)} "
            f"figures, {checked['cache']} through the caches), 0 errors, {elapsed:.1f} s "
            f"(ingests {', '.join(f'{d:.1f}' for d in durations)} s)"
        )


# --- a version pruned between reading CURRENT and loading it ---------------------------------------


def test_indicators_open_the_new_version_when_theirs_is_pruned_while_loading(
    raws: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full, partial = raws
    warehouse = tmp_path / "entrepot"
    ingest(full, warehouse, today=DATE, key=TEST_KEY)
    old = current_version(warehouse)
    real = engine.current_version
    calls = []

    def read_then_swapped(place: Path) -> Path:
        found = real(place)
        if not calls:  # newer ingests publish and prune this version before its tables are read
            monkeypatch.setattr(warehouse_module, "KEEP_VERSIONS", 1)
            ingest(partial, warehouse, today=DATE, key=TEST_KEY)
        calls.append(found.name)
        return found

    monkeypatch.setattr(engine, "current_version", read_then_swapped)
    ind = Indicators(warehouse)
    assert not old.exists()
    assert calls == [old.name, current_version(warehouse).name]
    assert ind.version == current_version(warehouse)
    assert ind.compute("commandes_total", 2025).value == 0  # the data without 2025
    ind.close()
    with pytest.raises(VersionGone):
        Indicators(warehouse, version=old.name)


def test_a_run_keeps_its_version_and_a_pruned_one_says_so_in_french(
    raws: tuple[Path, Path], fresh_caches: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = fresh_caches
    where = str(warehouse)
    full, partial = raws
    ingest(full, warehouse, today=DATE, key=TEST_KEY)
    first = data.version()
    full_total = data._value(where, first, "commandes_total", 2025, Filters(), None).value
    ingest(partial, warehouse, today=DATE, key=TEST_KEY)
    second = data.version()
    # A result cached under a version is computed on that version, even once CURRENT has moved on.
    assert data._value(where, first, "commandes_total", 2025, Filters(), None).value == full_total > 0
    assert data._value(where, second, "commandes_total", 2025, Filters(), None).value == 0
    # A run pinned to a version pruned before this process opened it: a French message (the frame then
    # draws the page again on the version in force).
    monkeypatch.setattr(warehouse_module, "KEEP_VERSIONS", 1)
    ingest(full, warehouse, today=DATE, key=TEST_KEY)
    assert not (warehouse / VERSIONS / second).exists()
    data._open.clear()  # this process had not opened it yet
    with pytest.raises(VersionGone, match="n'est plus dans l'entrepôt"):
        data._value(where, second, "commandes_total", 2024, Filters(secteurs=("Ruffécois",)), None)
    assert data._value(where, data.version(), "commandes_total", 2024, Filters(secteurs=("Ruffécois",)), None).value > 0


# --- two imports from the dashboard at once -------------------------------------------------------

HEADER = "N° demande;Date demande;Type;Secteur;Commune\n"


def upload(name: str, text: str) -> uploads.Upload:
    content = (HEADER + text).encode("utf-8")
    return uploads.Upload(name, len(content), lambda: content)


def test_second_import_is_refused_while_the_first_runs(
    raws: tuple[Path, Path], fresh_caches: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = fresh_caches
    full, _ = raws
    raw = warehouse.parent / "exports"
    shutil.copytree(full, raw)
    monkeypatch.setenv(settings.RAW_DIR_ENV, str(raw))
    ingest(raw, warehouse, today=DATE, key=TEST_KEY)
    before = current_version(warehouse)
    first = uploads.prepare([upload("premier.csv", "CONC-1;15/01/2024;ASSLL;Cognac;Cognac\n")], raw)
    second = uploads.prepare([upload("second.csv", "CONC-2;16/01/2024;ASSLL;Cognac;Cognac\n")], raw)
    # The first import stops in the middle of its publication (tables written aside, not yet renamed).
    monkeypatch.setenv(PAUSE_ENV, "after_tables")
    monkeypatch.setenv(PAUSE_SECONDS_ENV, "1.5")
    outcome: dict[str, object] = {}

    def first_import() -> None:
        try:
            outcome["report"] = actions.import_files(first)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=first_import)
    try:
        thread.start()
        deadline = time.monotonic() + 600  # a guard against a hang, not a measure of speed
        while not any(p.name.startswith(TMP_PREFIX) for p in (warehouse / VERSIONS).iterdir()):
            assert time.monotonic() < deadline and thread.is_alive(), outcome
            time.sleep(0.01)
        with pytest.raises(uploads.ImportBusy) as busy:
            actions.import_files(second)
        assert "Patientez" in str(busy.value) and "déjà en cours" in str(busy.value)
        assert current_version(warehouse) == before  # the first one is not published yet
        thread.join(timeout=60)
    finally:
        monkeypatch.delenv(PAUSE_ENV)
        thread.join(timeout=60)
    assert "error" not in outcome, outcome.get("error")
    published = current_version(warehouse)
    assert published != before
    # only the first import's file went into the raw folder; nothing half-done is left
    added = sorted(p.relative_to(raw).as_posix() for p in raw.glob(f"{upload_names.SUBFOLDER_PREFIX}*/*"))
    assert [Path(p).name for p in added] == ["premier.csv"]
    assert not [p for p in (warehouse / VERSIONS).iterdir() if p.name.startswith(TMP_PREFIX)]
    assert not uploads._IMPORT_LOCK.locked()
    ind = Indicators(warehouse)
    assert ind.query("SELECT count(*) AS n FROM demandes WHERE id_demande = 'CONC-1'")["n"][0] == 1
    assert ind.query("SELECT count(*) AS n FROM demandes WHERE id_demande = 'CONC-2'")["n"][0] == 0
    ind.close()
    # the refused one is still pending: it goes through once the first is over
    report = actions.import_files(second)
    assert report["tables"]["demandes"]["records"] == outcome["report"]["tables"]["demandes"]["records"] + 1
    first.discard()
    second.discard()


def test_two_ingest_processes_at_once_take_turns(raws: tuple[Path, Path], tmp_path: Path) -> None:
    full, partial = raws
    warehouse = tmp_path / "entrepot"
    env = {**os.environ, "ASSLL_HASH_KEY": TEST_KEY, "PYTHONPATH": str(ROOT)}
    commands = [
        [
            sys.executable,
            "-m",
            "pipelines.cli.main",
            "ingest",
            str(raw),
            "--warehouse",
            str(warehouse),
            "--date-import",
            DATE.isoformat(),
        ]
        for raw in (full, partial)
    ]
    processes = [
        subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    versions = sorted(p for p in (warehouse / VERSIONS).iterdir())
    assert [p.name[:7] for p in versions] == ["v000001", "v000002"]
    assert (warehouse / CURRENT).read_text() == versions[-1].name
    for version in versions:
        ind = Indicators(warehouse, version=version.name)
        assert ind.compute("commandes_total", 2024).value > 0
        ind.close()
