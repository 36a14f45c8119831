"""Files read and their tables recognised by batches, handed back in the order of the files.

Reading a file depends on that file alone: small files are read by a few threads at once (Polars, calamine and
zlib release the GIL), by batches of at most CHUNK_FILES files and CHUNK_BYTES bytes; the tables of a batch are
then recognised together (recognise.py: a few queries for the whole batch, not a dozen per file) while the
threads read the next batch. A large file is read alone, with nothing else in flight, so that memory stays what a
serial read takes. The results come back in the order they were asked for, and what depends on the files before
(duplicates, the tables' order numbers) is decided by the caller, one file after the other: the outcome is the
serial one, byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipelines.ingest.headers import HeaderMatch
from pipelines.ingest.readers import RawTable, read_file
from pipelines.ingest.recognise import TableRead, recognise
from pipelines.reference.referential import Referential

# Files up to this size are read in parallel; a larger one is read alone.
PARALLEL_MAX_BYTES = 4_000_000
# A batch of small files: at most this many files and bytes (two batches are in memory at once).
CHUNK_FILES = 256
CHUNK_BYTES = 24_000_000
# Reading threads: one per core the process may use, at most MAX_THREADS; ASSLL_READ_THREADS (a number) or this
# constant (tests) set it instead.
THREADS: int | None = None
MAX_THREADS = 4

Outcome = list[TableRead] | BaseException
Warn = Callable[[RawTable, HeaderMatch], list[str]]
Read = list[RawTable] | BaseException


def _read(path: Path, rel: str, roots: tuple[Path, ...]) -> Read:
    """The file's tables, or the exception reading it raised (told by the caller as the serial reading does)."""
    try:
        return read_file(path, rel, roots)
    except Exception as exc:
        return exc


def _recognised(reads: list[Read], ref: Referential, warn: Warn) -> list[Outcome]:
    """Each file's tables recognised, all the files' tables at once."""
    tables = [table for read in reads if not isinstance(read, BaseException) for table in read]
    recognised = iter(recognise(tables, ref, warn))
    return [read if isinstance(read, BaseException) else [next(recognised) for _ in read] for read in reads]


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


def _size(path: Path) -> int | None:
    """The file's size when it may be read with others, else None (large, or told by the reader itself, alone)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None
    return size if size <= PARALLEL_MAX_BYTES else None


def _batches(files: list[tuple[str, Path]]) -> Iterator[tuple[list[tuple[str, Path]], bool]]:
    """Runs of small files cut at CHUNK_FILES files or CHUNK_BYTES bytes, and a large file as a batch of its own
    (True: read alone)."""
    batch: list[tuple[str, Path]] = []
    total = 0
    for item in files:
        size = _size(item[1])
        if size is None or len(batch) >= CHUNK_FILES or total + size > CHUNK_BYTES:
            if batch:
                yield batch, False
            batch, total = [], 0
        if size is None:
            yield [item], True
            continue
        batch.append(item)
        total += size
    if batch:
        yield batch, False


def read_all(
    files: list[tuple[str, Path]], roots: tuple[Path, ...], ref: Referential, warn: Warn
) -> Generator[Outcome, None, None]:
    """Each file's outcome, in the order of `files`. The caller closes the iterator (contextlib.closing) so that
    the reading threads are stopped in its own thread, whether it took every outcome or not."""
    threads = _threads()
    if threads == 1:
        for batch, _alone in _batches(files):
            yield from _recognised([_read(path, rel, roots) for rel, path in batch], ref, warn)
        return
    pool = ThreadPoolExecutor(threads, thread_name_prefix="assll-lecture")
    try:
        pending: list[Future[Read]] = []
        for batch, alone in _batches(files):
            if alone and pending:  # nothing else in flight while a large file is read
                yield from _recognised([f.result() for f in pending], ref, warn)
                pending = []
            futures = [pool.submit(_read, path, rel, roots) for rel, path in batch]
            if pending:  # this batch is read while the previous one is recognised
                yield from _recognised([f.result() for f in pending], ref, warn)
            pending = futures
            if alone:
                yield from _recognised([f.result() for f in pending], ref, warn)
                pending = []
        last = _recognised([f.result() for f in pending], ref, warn) if pending else []
    finally:  # reads not taken yet are cancelled when the caller stops early
        pool.shutdown(wait=True, cancel_futures=True)
    yield from last
