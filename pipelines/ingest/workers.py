"""A pool of processes that read and recognise files for file_tables.py, so that a folder of many small files
keeps every core busy: threads share one GIL, which the checks in Python and calamine hold most of the time.

The processes are started fresh (`spawn`: nothing of this process's threads or locks is copied into them) and die
with the process that started them; they inherit its limits (address space, CPU time), and the parent's watch of
the reading process's memory counts theirs (isolated.py). Each task is a few files, read and recognised as
batch.py does it; its outcomes come back whole. A task that fails as a whole (a process that died, what it found
could not be sent back) is done again in this process, as the threads would have done it: the outcome is the
same, and a file that kills whatever reads it still stops the reading process as before.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from pipelines.ingest.batch import Outcome, Warn, read_here
from pipelines.ingest.isolated import die_with_parent
from pipelines.reference.referential import Referential

Batch = list[tuple[str, Path]]
# What a process was started with: the referential, the warnings' function, the folders links may lead to.
_given: tuple[Referential, Warn, tuple[Path, ...]] | None = None


def _start(ref: Referential, warn: Warn, roots: tuple[Path, ...]) -> None:
    global _given
    die_with_parent()
    _given = (ref, warn, roots)


def _task(batch: Batch) -> list[Outcome]:
    assert _given is not None, "process started without its referential"
    ref, warn, roots = _given
    return read_here(batch, roots, ref, warn)


def in_reading_child() -> bool:
    """Whether this process is the reading child (`python -m pipelines.ingest.isolated`, as `assll ingest` and the
    dashboard read files). `spawn` runs the main module again in every process it starts: this one starts nothing
    when imported, where a script of someone's own that calls the ingest without a `__main__` guard would run
    again in each process."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pipelines.ingest.isolated"


def can_send(ref: Referential, warn: Warn) -> bool:
    """Whether the referential and the warnings' function can be given to another process (a function defined
    inside another one cannot)."""
    try:
        pickle.dumps((ref, warn))
    except Exception:
        return False
    return True


class Pool:
    """Processes reading batches of files; `outcome` gives a task's outcomes, from a process or read here."""

    def __init__(self, processes: int, ref: Referential, warn: Warn, roots: tuple[Path, ...]) -> None:
        self._given = (ref, warn, roots)
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("spawn"), initializer=_start, initargs=self._given
        )

    def submit(self, batch: Batch) -> Future[list[Outcome]] | None:
        """The task handed to a process; None when the pool can take no more (it is then read here)."""
        if self._pool is None:
            return None
        try:
            return self._pool.submit(_task, batch)
        except RuntimeError:  # a process died: the pool is broken for good
            self.shutdown()
            return None

    def outcome(self, batch: Batch, future: Future[list[Outcome]] | None) -> list[Outcome]:
        """Each file's outcome for the batch, from its process; read here when the task failed as a whole."""
        if future is not None:
            try:
                return future.result()
            except Exception:  # BrokenProcessPool, or outcomes that could not be pickled: done again here
                pass
        ref, warn, roots = self._given
        return read_here(batch, roots, ref, warn)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
