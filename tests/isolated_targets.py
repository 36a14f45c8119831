"""Functions the isolated reading process runs in the tests (pickled by reference: the child imports this
module from the project root)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

# Set by test_isolated_limits' start-failure tests: this module then fails to import in the reading child only
# (the test process itself imports it to name the function it sends).
if (
    os.environ.get("ASSLL_TEST_IMPORT_IMPOSSIBLE") == "1"
    and getattr(getattr(sys.modules.get("__main__"), "__spec__", None), "name", "") == "pipelines.ingest.isolated"
):
    raise MemoryError


def python_bomb() -> int:
    chunks = [bytearray(256 * 1024 * 1024) for _ in range(64)]  # 16 GB, a quarter of a GB at a time
    return len(chunks)


def rust_bomb() -> int:
    import polars as pl

    return pl.repeat(0, 4_000_000_000, eager=True, dtype=pl.Int64).len()  # 32 GB in one allocation


def spin() -> None:
    while True:
        pass


def nap() -> None:
    time.sleep(120)


def answer(x: int, *, y: int) -> dict:
    return {"x": x, "y": y, "date": dt.date(2024, 1, 15)}


def child_call() -> str:
    return "lu"


def openblas_out_of_memory() -> None:
    os.write(2, b"OpenBLAS error: Memory allocation still failed after 10 retries, giving up.\n")
    os._exit(1)


def grandchild_balloon() -> int:
    """Starts a process that takes 1 GB (and dies with this one) and waits for it."""
    code = (
        "import ctypes, signal, time; ctypes.CDLL('libc.so.6').prctl(1, signal.SIGKILL); "
        "data = b'x' * (1024 * 1024 * 1024); time.sleep(30)"
    )
    return subprocess.run([sys.executable, "-c", code], check=False).returncode


def processes_while_reading(folder: str, configure: bool = True) -> list[str]:
    """The kinds of the processes alive while the CSV files of `folder` are read (each three times, a task each)."""
    import multiprocessing

    from pipelines.ingest import file_tables
    from pipelines.ingest.pipeline import _warnings
    from pipelines.reference.referential import load_referential

    if configure:  # in the reading child, whose module state is its own
        file_tables.THREADS, file_tables.PROCESS_MIN_FILES, file_tables.TASK_FILES = 2, 1, 1
    root = Path(folder)
    files = sorted((p.name, p) for p in root.glob("*.csv")) * 3
    with contextlib.closing(file_tables.read_all(files, (root,), load_referential(), _warnings)) as outcomes:
        next(outcomes)
        return sorted({type(p).__name__ for p in multiprocessing.active_children()})
