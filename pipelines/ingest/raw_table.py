"""What a reader gives (a `RawTable` of text cells, each row with its physical line) and the errors of reading
a file, shared by the CSV reader (readers.py) and the workbook reader (xlsx.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

LINE_COLUMN = "_ligne"


class UnreadableFile(Exception):
    """A file that cannot be read at all; the message is French and shown to the user."""


class RefusedFile(UnreadableFile):
    """A file refused before it is parsed: over a budget of budgets.py, or not a regular file."""


@dataclass
class RawTable:
    """One sheet or CSV file: text cells in columns c0..cN plus the physical line number."""

    file: str
    sheet: str | None
    frame: pl.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    # Read, but something the user should know (formulas without a value, ...): French sentences.
    warnings: list[str] = field(default_factory=list)
    # Fingerprint of the file's bytes: the same file under two names is read once.
    digest: str | None = None
    # An xlsx sheet hidden in its workbook: « masquée » or « très masquée » (read all the same).
    hidden: str | None = None

    @property
    def cell_columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LINE_COLUMN]
