"""The warehouse: immutable versions of Parquet tables, published by an atomic pointer switch.

    WAREHOUSE/CURRENT              name of the version in force
    WAREHOUSE/versions/<name>/     one ingest's tables and its ingest_report.json
    WAREHOUSE/ingest_report.json   copy of the report in force, for convenience

A new version is written in a hidden temporary folder, then renamed, then CURRENT is
replaced: a reader sees the old version or the new one, never half of one, and an ingest
that dies leaves CURRENT untouched. Leftovers of an ingest that died (temporary folders, a
version renamed but never switched to) are removed by the next one. The root copy of the report
is written just after the switch: an ingest killed between the two leaves it one version behind
until the next ingest; the version's own ingest_report.json is the reference.

Test hook, inert unless set: $ASSLL_TEST_PAUSE_AT=<stage> makes `publish` write
"ASSLL_TEST_PAUSE <stage>" on stderr and sleep there ($ASSLL_TEST_PAUSE_SECONDS, default 60),
so that tests/test_crash_safety.py can kill an ingest at an exact point. Stages, in order:
mid_tables (one table written aside), after_tables (all written and synced, not yet renamed),
after_rename (version named, CURRENT not switched), after_pointer (switched, root report not
copied, nothing pruned).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing polars costs a third of a second at start-up
    import polars as pl


CURRENT = "CURRENT"
VERSIONS = "versions"
REPORT = "ingest_report.json"
TMP_PREFIX = ".tmp-"
KEEP_VERSIONS = 3
PAUSE_ENV = "ASSLL_TEST_PAUSE_AT"
PAUSE_SECONDS_ENV = "ASSLL_TEST_PAUSE_SECONDS"


class WarehouseMissing(Exception):
    """No warehouse has been built at this place yet."""


def current_version(warehouse: Path) -> Path:
    pointer = warehouse / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise WarehouseMissing(str(warehouse)) from exc
    version = warehouse / VERSIONS / name
    if not version.is_dir():
        raise WarehouseMissing(str(version))
    return version


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{uuid.uuid4().hex}")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def ingest_lock(warehouse: Path) -> Iterator[None]:
    """One ingest at a time per warehouse; the others wait for the lock."""
    warehouse.mkdir(parents=True, exist_ok=True)
    with (warehouse / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def clean_leftovers(warehouse: Path) -> list[str]:
    """What an ingest that died left behind; called under the ingest lock, so no ingest is running.

    Temporary folders and files, and the version folders numbered after the one in force: those were
    renamed by an ingest killed before it switched CURRENT, so they were never published (left there,
    they would count among the versions kept and push out a published one)."""
    removed = []
    for place in (warehouse, warehouse / VERSIONS):
        if not place.is_dir():
            continue
        for entry in place.iterdir():
            if entry.name.startswith(TMP_PREFIX):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed.append(entry.name)
    try:
        in_force = _number(current_version(warehouse).name)
    except WarehouseMissing:  # no version in force to compare with: nothing is taken for unpublished
        return removed
    for version in _versions(warehouse):
        if _number(version.name) > in_force:
            shutil.rmtree(version, ignore_errors=True)
            removed.append(version.name)
    return removed


def _number(name: str) -> int:
    head = name.split("-", 1)[0]
    return int(head[1:]) if head[:1] == "v" and head[1:].isdigit() else -1


def _versions(warehouse: Path) -> list[Path]:
    found = [p for p in (warehouse / VERSIONS).iterdir() if p.is_dir() and _number(p.name) >= 0]
    return sorted(found, key=lambda p: _number(p.name))


def _last_number(warehouse: Path) -> int:
    versions = _versions(warehouse)
    return _number(versions[-1].name) if versions else 0


EDITIONS = "editions"
MANIFEST = "manifest.json"


def held_versions(warehouse: Path) -> set[str]:
    """The versions an edition holds (`editions/<name>/manifest.json`, field `version`): never pruned. An
    edition being written (temporary folder) holds its version too, so that no ingest prunes it meanwhile."""
    held: set[str] = set()
    folder = warehouse / EDITIONS
    if not folder.is_dir():
        return held
    for manifest in folder.glob(f"*/{MANIFEST}"):
        try:
            held.add(str(json.loads(manifest.read_text(encoding="utf-8"))["version"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    for pending in folder.glob(f"{TMP_PREFIX}*/VERSION"):
        with contextlib.suppress(OSError):
            held.add(pending.read_text(encoding="utf-8").strip())
    return held


def _prune(warehouse: Path, keep: str) -> None:
    """Keeps the last KEEP_VERSIONS versions, and every version an edition holds, whatever its age."""
    versions = _versions(warehouse)
    held = held_versions(warehouse)
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != keep and old.name not in held:
            # Renamed first: a version disappears whole, and a kill mid-removal leaves a temporary folder.
            trash = old.with_name(f"{TMP_PREFIX}{old.name}")
            try:
                os.rename(old, trash)
            except OSError:  # published already: an old version that stays is no failure
                continue
            shutil.rmtree(trash, ignore_errors=True)


def _test_pause(stage: str) -> None:
    """The crash test's hook (see the module docstring); does nothing unless $ASSLL_TEST_PAUSE_AT is stage."""
    if os.environ.get(PAUSE_ENV) == stage:
        sys.stderr.write(f"ASSLL_TEST_PAUSE {stage}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))


def write_table(folder: Path, name: str, frame: pl.DataFrame) -> None:
    path = folder / f"{name}.parquet"
    frame.write_parquet(path, compression="zstd", statistics=True)


def publish(
    warehouse: Path, tables: dict[str, pl.DataFrame], report: dict, extra: dict[str, bytes] | None = None
) -> Path:
    """Writes a new version aside and switches CURRENT to it. Call under ingest_lock.
    `extra`: other files of the version (name -> bytes), such as the fiche comparative report."""
    (warehouse / VERSIONS).mkdir(parents=True, exist_ok=True)
    tmp = warehouse / VERSIONS / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    for name, frame in tables.items():
        write_table(tmp, name, frame)
        _test_pause("mid_tables")
    report_bytes = json.dumps(report, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    (tmp / REPORT).write_bytes(report_bytes)
    for name, data in (extra or {}).items():
        (tmp / name).write_bytes(data)
    for child in tmp.iterdir():
        with child.open("rb") as fh:
            os.fsync(fh.fileno())
    _fsync_dir(tmp)
    _test_pause("after_tables")
    # Sequential numbers, taken under the ingest lock, order versions even within one second.
    name = f"v{_last_number(warehouse) + 1:06d}-{time.strftime('%Y%m%dT%H%M%S')}"
    final = warehouse / VERSIONS / name
    os.rename(tmp, final)
    _fsync_dir(final.parent)
    _test_pause("after_rename")
    _atomic_write(warehouse / CURRENT, name.encode("utf-8"))
    _test_pause("after_pointer")
    _atomic_write(warehouse / REPORT, report_bytes)
    _prune(warehouse, name)
    return final
