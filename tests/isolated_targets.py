"""Functions the isolated reading process runs in the tests (pickled by reference: the child imports this
module from the project root)."""

from __future__ import annotations

import datetime as dt
import time


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
