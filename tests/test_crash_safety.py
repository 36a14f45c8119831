"""An ingest killed (SIGKILL) at any point leaves a warehouse that opens on one complete version.

`assll ingest` runs as a subprocess over a warehouse at steady state (KEEP_VERSIONS versions of the
"old" demo data: the demo exports without 2025) and imports the whole demo ("new" data). It is killed
at times spread over a normal run, and exactly at each named stage of `publish` (the warehouse's
test hook $ASSLL_TEST_PAUSE_AT). After each kill: CURRENT names a complete version whose Parquet
files are byte for byte those of the old data, or of the new data when the kill came after the
pointer switch, never a mix; the indicators open and give the old (or new) figures; the versions
that were there are intact; then the next ingest succeeds and leaves no leftover.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import TEST_KEY

from pipelines.indicators import Indicators
from pipelines.ingest.pipeline import ingest
from pipelines.store.warehouse import (
    CURRENT,
    KEEP_VERSIONS,
    PAUSE_ENV,
    PAUSE_SECONDS_ENV,
    REPORT,
    TMP_PREFIX,
    VERSIONS,
    current_version,
)

ROOT = Path(__file__).resolve().parents[1]
DATE = dt.date.today()
YEARS = (2024, 2025)
TIMED_KILLS = 6
STAGES_BEFORE_SWITCH = ("mid_tables", "after_tables", "after_rename")
STAGES_AFTER_SWITCH = ("after_pointer",)
SURVIVED: list[str] = []  # kills survived: "<when>→<data in force after it>"
FINISHED: list[str] = []  # timed kills that came after the run had ended


@dataclass
class Setting:
    raw_new: Path
    template: Path  # KEEP_VERSIONS versions of the old data
    old: dict[str, str]  # Parquet digests of the old data
    new: dict[str, str]  # and of the new data, from a normal run of the same command
    old_values: dict
    new_values: dict
    run_seconds: float  # a normal run of the command, start to exit
    env: dict[str, str]


def digests(version: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(version.glob("*.parquet"))}


def figures(warehouse: Path) -> dict:
    ind = Indicators(warehouse)
    try:
        return {
            year: {k: (v.value, v.numerator, v.denominator) for k, v in ind.compute_all(year).items()} for year in YEARS
        }
    finally:
        ind.close()


def command(raw: Path, warehouse: Path) -> list[str]:
    return [
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


def leftovers(warehouse: Path) -> list[str]:
    return [
        p.name for place in (warehouse, warehouse / VERSIONS) for p in place.iterdir() if p.name.startswith(TMP_PREFIX)
    ]


def version_dirs(warehouse: Path) -> list[Path]:
    return sorted(p for p in (warehouse / VERSIONS).iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX))


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Setting]:
    from pipelines.demo import generate

    base = tmp_path_factory.mktemp("crash")
    env = {**os.environ, "ASSLL_HASH_KEY": TEST_KEY, "ASSLL_KEY_FILE": str(base / "cle"), "PYTHONPATH": str(ROOT)}
    env.pop("ASSLL_REFERENCE_DIR", None)
    env.pop(PAUSE_ENV, None)
    raw_new = base / "brut_complet"
    generate(raw_new)
    raw_old = base / "brut_sans_2025"
    shutil.copytree(raw_new, raw_old, ignore=shutil.ignore_patterns("2025"))

    reference = base / "reference"
    start = time.monotonic()
    subprocess.run(command(raw_new, reference), cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    run_seconds = time.monotonic() - start

    template = base / "modele"
    for _ in range(KEEP_VERSIONS):
        ingest(raw_old, template, today=DATE, key=TEST_KEY)
    assert len(version_dirs(template)) == KEEP_VERSIONS
    old, new = digests(current_version(template)), digests(current_version(reference))
    assert old.keys() == new.keys() and old != new
    setting = Setting(raw_new, template, old, new, figures(template), figures(reference), run_seconds, env)
    assert setting.old_values != setting.new_values
    yield setting
    line = (
        f"crash safety: {len(SURVIVED)} SIGKILLs survived (normal run {run_seconds:.2f} s): "
        + ", ".join(SURVIVED)
        + (f"; run already over at {', '.join(FINISHED)}" if FINISHED else "")
    )
    with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print(f"\n{line}")


def kill_at_stage(process: subprocess.Popen, stage: str, timeout: float = 60) -> None:
    """Waits for the hook's line on stderr, then kills: the process is sleeping exactly there."""
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.5)
        if not ready:
            continue
        line = process.stderr.readline()
        if not line:
            break
        seen += line
        if line.strip() == f"ASSLL_TEST_PAUSE {stage}".encode():
            process.send_signal(signal.SIGKILL)
            return
    process.kill()
    raise AssertionError(f"the ingest never reached {stage}: {seen.decode(errors='replace')[-2000:]}")


def crash(setting: Setting, warehouse: Path, *, stage: str | None = None, after: float | None = None) -> int:
    shutil.copytree(setting.template, warehouse)
    env = dict(setting.env)
    if stage:
        env[PAUSE_ENV] = stage
        env[PAUSE_SECONDS_ENV] = "120"
    process = subprocess.Popen(
        command(setting.raw_new, warehouse), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        if stage:
            kill_at_stage(process, stage)
        else:
            assert after is not None
            try:
                process.wait(timeout=after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()


def check_after_crash(setting: Setting, warehouse: Path, killed_after_switch: bool | None) -> str:
    """The state left by the crash; returns "old" or "new" (the data in force)."""
    before = version_dirs(setting.template)
    # every version that was there is whole and untouched; once the new one is in force, the oldest may be
    # pruned, but then it is gone whole (renamed aside before its removal)
    for version in before:
        there = warehouse / VERSIONS / version.name
        if there.exists() or version != before[0]:
            assert digests(there) == setting.old
    name = (warehouse / CURRENT).read_text(encoding="utf-8")
    version = current_version(warehouse)
    in_force = digests(version)
    if in_force == setting.old:
        state = "old"
        assert name == before[-1].name
    elif in_force == setting.new:
        state = "new"
        assert name not in {v.name for v in before}
    else:
        raise AssertionError(f"CURRENT names {name}, which is neither the old data nor the new one: a mix")
    if not (warehouse / VERSIONS / before[0].name).exists():
        assert state == "new"
    if killed_after_switch is not None:
        assert state == ("new" if killed_after_switch else "old")
    # its report is there and whole; the root copy is it, or (killed right after the switch) the previous one
    report = (version / REPORT).read_bytes()
    json.loads(report)
    root = (warehouse / REPORT).read_bytes()
    assert root == report or (state == "new" and root == (before[-1] / REPORT).read_bytes())
    assert figures(warehouse) == (setting.old_values if state == "old" else setting.new_values)
    return state


def check_next_ingest(setting: Setting, warehouse: Path) -> None:
    left = leftovers(warehouse)
    unpublished = [v.name for v in version_dirs(warehouse) if v.name > (warehouse / CURRENT).read_text()]
    report = ingest(setting.raw_new, warehouse, today=DATE, key=TEST_KEY)
    assert sorted(report["nettoyage"]) == sorted(left + unpublished)
    assert leftovers(warehouse) == []
    assert digests(current_version(warehouse)) == setting.new
    kept = version_dirs(warehouse)
    assert len(kept) == KEEP_VERSIONS and kept[-1] == current_version(warehouse)
    for version in kept:
        assert digests(version) in (setting.old, setting.new)
    assert (warehouse / REPORT).read_bytes() == (kept[-1] / REPORT).read_bytes()


@pytest.mark.parametrize("stage", STAGES_BEFORE_SWITCH + STAGES_AFTER_SWITCH)
def test_kill_at_a_stage_of_publication(setting: Setting, tmp_path: Path, stage: str) -> None:
    warehouse = tmp_path / "entrepot"
    code = crash(setting, warehouse, stage=stage)
    assert code == -signal.SIGKILL
    state = check_after_crash(setting, warehouse, killed_after_switch=stage in STAGES_AFTER_SWITCH)
    if stage == "after_rename":  # a whole version folder exists, never switched to
        assert len(version_dirs(warehouse)) == KEEP_VERSIONS + 1
    else:
        assert leftovers(warehouse) or stage == "after_pointer"
    check_next_ingest(setting, warehouse)
    SURVIVED.append(f"{stage}→{state}")


@pytest.mark.parametrize("share", [i / (TIMED_KILLS - 1) for i in range(TIMED_KILLS)])
def test_kill_at_any_time(setting: Setting, tmp_path: Path, share: float) -> None:
    after = 0.1 + share * (0.92 * setting.run_seconds - 0.1)  # the run's length varies a little
    warehouse = tmp_path / "entrepot"
    code = crash(setting, warehouse, after=after)
    state = check_after_crash(setting, warehouse, killed_after_switch=None)
    mid_publication = bool(leftovers(warehouse)) or len(version_dirs(warehouse)) > KEEP_VERSIONS
    if code == 0:  # finished before the kill: the new data is in force
        assert state == "new"
    else:
        assert code == -signal.SIGKILL
    check_next_ingest(setting, warehouse)
    if code:
        SURVIVED.append(f"{after:.2f}s→{state}{' (mid-publication)' if mid_publication else ''}")
    else:
        FINISHED.append(f"{after:.2f}s")
