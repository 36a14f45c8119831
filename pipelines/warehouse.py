"""The warehouse: immutable versions of Parquet tables, published by an atomic pointer switch.

    WAREHOUSE/CURRENT              name of the version in force
    WAREHOUSE/versions/<name>/     one ingest's tables and its ingest_report.json
    WAREHOUSE/ingest_report.json   copy of the report in force, for convenience

A new version is written in a hidden temporary folder, then renamed, then CURRENT is
replaced: a reader sees the old version or the new one, never half of one, and an ingest
that dies leaves CURRENT untouched. Leftover temporary folders are removed on the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import polars as pl

CURRENT = "CURRENT"
VERSIONS = "versions"
REPORT = "ingest_report.json"
TMP_PREFIX = ".tmp-"
KEEP_VERSIONS = 3


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
    """Temporary folders and files of an ingest that died; called under the ingest lock."""
    removed = []
    for place in (warehouse, warehouse / VERSIONS):
        if not place.is_dir():
            continue
        for entry in place.iterdir():
            if entry.name.startswith(TMP_PREFIX):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed.append(entry.name)
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


def _prune(warehouse: Path, keep: str) -> None:
    versions = _versions(warehouse)
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def write_table(folder: Path, name: str, frame: pl.DataFrame) -> None:
    path = folder / f"{name}.parquet"
    frame.write_parquet(path, compression="zstd", statistics=True)


def publish(warehouse: Path, tables: dict[str, pl.DataFrame], report: dict) -> Path:
    """Writes a new version aside and switches CURRENT to it. Call under ingest_lock."""
    (warehouse / VERSIONS).mkdir(parents=True, exist_ok=True)
    tmp = warehouse / VERSIONS / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    for name, frame in tables.items():
        write_table(tmp, name, frame)
    report_bytes = json.dumps(report, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    (tmp / REPORT).write_bytes(report_bytes)
    for child in tmp.iterdir():
        with child.open("rb") as fh:
            os.fsync(fh.fileno())
    # Sequential numbers, taken under the ingest lock, order versions even within one second.
    name = f"v{_last_number(warehouse) + 1:06d}-{time.strftime('%Y%m%dT%H%M%S')}"
    final = warehouse / VERSIONS / name
    os.rename(tmp, final)
    _fsync_dir(final.parent)
    _atomic_write(warehouse / CURRENT, name.encode("utf-8"))
    _atomic_write(warehouse / REPORT, report_bytes)
    _prune(warehouse, name)
    return final
