"""Files read and their tables recognised by batches, handed back in the order of the files.

Reading a file depends on that file alone: small files are read by a few threads at once (Polars, calamine and
zlib release the GIL), by batches of at most CHUNK_FILES files and CHUNK_BYTES bytes; the tables of a batch are
then recognised together (recognise.py: a few queries for the whole batch, not a dozen per file) while the
threads read the next batch. A large file is read alone, with nothing else in flight, so that memory stays what a
serial read takes. The results come back in the order they were asked for, and what depends on the files before
(duplicates, the tables' order numbers) is decided by the caller, one file after the other: the outcome is the
serial one, byte for byte.

A folder of many small files is read by a pool of processes instead (`workers.py`): the threads share one GIL,
which the checks in Python and calamine hold most of the time, so that two threads used 1.4 cores. Each
process reads and recognises a few files at a time; a task that fails as a whole (a process that died, an
outcome that cannot be sent back) is done again here, as the threads would have done it.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipelines.ingest import workers
from pipelines.ingest.batch import Outcome, Read, Warn, read_here, read_one, recognised
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
# From this many small files on, a pool of processes reads them (starting one costs about half a second of a core);
# its tasks are at most this many files: the fewer tasks, the fewer queries recognising their tables (16 files a
# task took a quarter more time than 128 on the benchmark of many small files).
PROCESS_MIN_FILES = 96
TASK_FILES = 128
# Processes are started only in the reading child (workers.in_reading_child); True or False here decides instead
# (tests, benchmarks: their main module starts nothing when imported).
PROCESSES: bool | None = None


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


Sized = list[tuple[tuple[str, Path], int | None]]


def _batches(files: Sized) -> Iterator[tuple[list[tuple[str, Path]], bool]]:
    """Runs of small files cut at CHUNK_FILES files or CHUNK_BYTES bytes, and a large file as a batch of its own
    (True: read alone)."""
    batch: list[tuple[str, Path]] = []
    total = 0
    for item, size in files:
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


def _in_threads(
    files: Sized, roots: tuple[Path, ...], ref: Referential, warn: Warn, threads: int
) -> Generator[Outcome, None, None]:
    pool = ThreadPoolExecutor(threads, thread_name_prefix="assll-lecture")
    try:
        pending: list[Future[Read]] = []
        for batch, alone in _batches(files):
            if alone and pending:  # nothing else in flight while a large file is read
                yield from recognised([f.result() for f in pending], ref, warn)
                pending = []
            futures = [pool.submit(read_one, path, rel, roots) for rel, path in batch]
            if pending:  # this batch is read while the previous one is recognised
                yield from recognised([f.result() for f in pending], ref, warn)
            pending = futures
            if alone:
                yield from recognised([f.result() for f in pending], ref, warn)
                pending = []
        last = recognised([f.result() for f in pending], ref, warn) if pending else []
    finally:  # reads not taken yet are cancelled when the caller stops early
        pool.shutdown(wait=True, cancel_futures=True)
    yield from last


def _in_processes(
    files: Sized, roots: tuple[Path, ...], ref: Referential, warn: Warn, processes: int
) -> Generator[Outcome, None, None]:
    pool = workers.Pool(processes, ref, warn, roots)
    try:
        pending: list[tuple[list[tuple[str, Path]], Future[list[Outcome]] | None]] = []
        for batch, alone in _batches(files):
            if alone:  # nothing else in flight while a large file is read, here
                for task, future in pending:
                    yield from pool.outcome(task, future)
                pending = []
                yield from read_here(batch, roots, ref, warn)
                continue
            size = min(TASK_FILES, -(-len(batch) // processes))  # the batch shared between the processes
            for start in range(0, len(batch), size):
                task = batch[start : start + size]
                pending.append((task, pool.submit(task)))
            while len(pending) > 2 * processes:  # a few tasks ahead of the one handed back, no more
                task, future = pending.pop(0)
                yield from pool.outcome(task, future)
        last = [outcome for task, future in pending for outcome in pool.outcome(task, future)]
    finally:  # tasks not started yet are cancelled when the caller stops early
        pool.shutdown()
    yield from last


def read_all(
    files: list[tuple[str, Path]], roots: tuple[Path, ...], ref: Referential, warn: Warn
) -> Generator[Outcome, None, None]:
    """Each file's outcome, in the order of `files`. The caller closes the iterator (contextlib.closing) so that
    the reading threads or processes are stopped in its own thread, whether it took every outcome or not."""
    sized = [(item, _size(item[1])) for item in files]
    threads = _threads()
    if threads == 1:
        for batch, _alone in _batches(sized):
            yield from read_here(batch, roots, ref, warn)
        return
    small = sum(1 for _, size in sized if size is not None)
    allowed = workers.in_reading_child() if PROCESSES is None else PROCESSES
    if allowed and small >= PROCESS_MIN_FILES and workers.can_send(ref, warn):
        yield from _in_processes(sized, roots, ref, warn, threads)
    else:
        yield from _in_threads(sized, roots, ref, warn, threads)
