"""A batch of files read and recognised in this process, one file after the other: what a reading thread, a
reading process (workers.py) and the serial reading (file_tables.py) each do with the files they are given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.ingest.headers import HeaderMatch
from pipelines.ingest.readers import RawTable, read_file
from pipelines.ingest.recognise import TableRead, recognise
from pipelines.reference.referential import Referential

Outcome = list[TableRead] | BaseException
Warn = Callable[[RawTable, HeaderMatch], list[str]]
Read = list[RawTable] | BaseException


def read_one(path: Path, rel: str, roots: tuple[Path, ...]) -> Read:
    """The file's tables, or the exception reading it raised (told by the caller as the serial reading does)."""
    try:
        return read_file(path, rel, roots)
    except Exception as exc:
        return exc


def recognised(reads: list[Read], ref: Referential, warn: Warn) -> list[Outcome]:
    """Each file's tables recognised, all the files' tables at once."""
    tables = [table for read in reads if not isinstance(read, BaseException) for table in read]
    found = iter(recognise(tables, ref, warn))
    return [read if isinstance(read, BaseException) else [next(found) for _ in read] for read in reads]


def read_here(batch: list[tuple[str, Path]], roots: tuple[Path, ...], ref: Referential, warn: Warn) -> list[Outcome]:
    """Each file of the batch read, then all recognised together."""
    return recognised([read_one(path, rel, roots) for rel, path in batch], ref, warn)
