"""Files read and their tables recognised in parallel, handed back in the order of the files.

Reading a file, finding each table's header and setting its rows apart (readers, headers, rows) depend on that
file alone: small files are read by a few threads at once (Polars, calamine and zlib release the GIL), a large
one alone, with nothing else in flight, so that memory stays what a serial read takes. The results come back
in the order they were asked for, and what depends on the files before (duplicates, the tables' order
numbers) is decided by the caller, one file after the other: the outcome is the serial one, byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.headers import HeaderMatch, find_header
from pipelines.ingest.readers import LINE_COLUMN, RawTable, read_file
from pipelines.ingest.rows import classify_rows
from pipelines.reference.referential import Referential

# Files up to this size are read in parallel; a larger one is read alone.
PARALLEL_MAX_BYTES = 4_000_000
# Reading threads: one per core the process may use, at most MAX_THREADS; ASSLL_READ_THREADS (a number) or this
# constant (tests) set it instead.
THREADS: int | None = None
MAX_THREADS = 4


@dataclass
class TableRead:
    """One table of a file, recognised: its header match, rows (order number 0) and warnings; or the error
    recognising it raised, raised again when the caller gets to it."""

    table: RawTable  # its frame emptied once recognised
    height: int
    match: HeaderMatch | None = None
    rows: pl.DataFrame | None = None
    warnings: list[str] | None = None
    header_line: int | None = None
    error: BaseException | None = None

    def header(self) -> HeaderMatch:
        if self.error is not None:
            raise self.error
        assert self.match is not None
        return self.match

    def rows_of(self, order: int) -> pl.DataFrame:
        assert self.rows is not None
        return self.rows.with_columns(pl.lit(order, pl.Int64).alias("_ordre"))  # a constant column: no memory


Outcome = list[TableRead] | BaseException
Warn = Callable[[RawTable, HeaderMatch], list[str]]


def _recognise(table: RawTable, ref: Referential, warn: Warn) -> TableRead:
    read = TableRead(table, table.frame.height)
    if table.notes or read.height == 0:
        return read
    try:
        read.match = find_header(table, ref)
        if read.match.kind is not None:
            read.rows = classify_rows(table, read.match, 0)
            read.warnings = warn(table, read.match)
            read.header_line = int(table.frame[LINE_COLUMN][read.match.row])
    except Exception as exc:  # raised again in order, where the serial reading would have raised it
        read.error = exc
    table.frame = table.frame.clear()
    return read


def read_one(path: Path, rel: str, roots: tuple[Path, ...], ref: Referential, warn: Warn) -> Outcome:
    """The file's tables recognised, or the exception reading it raised."""
    try:
        tables = read_file(path, rel, roots)
    except Exception as exc:  # the caller tells it as the serial reading does
        return exc
    return [_recognise(table, ref, warn) for table in tables]


def _threads() -> int:
    if THREADS is not None:
        return THREADS
    given = os.environ.get("ASSLL_READ_THREADS", "")
    if given.isdigit() and int(given) > 0:
        return min(int(given), 32)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


def _small(path: Path) -> bool:
    try:
        return os.stat(path).st_size <= PARALLEL_MAX_BYTES
    except OSError:  # told by the reader itself, alone
        return False


def read_all(files: list[tuple[str, Path]], roots: tuple[Path, ...], ref: Referential, warn: Warn) -> Iterator[Outcome]:
    """Each file's outcome, in the order of `files`."""
    threads = _threads()
    if threads == 1:
        for rel, path in files:
            yield read_one(path, rel, roots, ref, warn)
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="assll-lecture") as pool:
        start = 0
        while start < len(files):
            end = start
            while end < len(files) and _small(files[end][1]):
                end += 1
            if end == start:  # a large file (or one that cannot be looked at): alone
                rel, path = files[start]
                yield read_one(path, rel, roots, ref, warn)
                start += 1
                continue
            batch = files[start:end]
            yield from pool.map(lambda item: read_one(item[1], item[0], roots, ref, warn), batch)
            start = end
