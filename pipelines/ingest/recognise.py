"""The tables of many files recognised together, each with the results it would have alone.

A Polars query has a fixed cost (about a millisecond here) whatever its size: a small file read with a dozen
queries costs them a dozen times. So the header row of each table is found from its first rows, in Python,
and the rest is done once for all the tables of a kind in a batch: their rows below the header put end to end
(each recognised cell under its column's name), cleaned, then the header of a second table below, the repeated
headers, blank and total rows found in a few queries. A row's outcome depends only on its own table: the
distinct texts searched (aliases, total labels) are judged text by text, the same whichever table holds them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.ingest.headers import HeaderMatch, header_row, qualifying_kinds
from pipelines.ingest.raw_table import LINE_COLUMN, RawTable
from pipelines.ingest.rows import IGNORE_BLANK, IGNORE_HEADER, IGNORE_TOTAL, SECOND_TABLE, second_table_reason
from pipelines.reference.referential import Referential
from pipelines.reference.text import fold, fold_expr, is_total_label

Warn = Callable[[RawTable, HeaderMatch], list[str]]
_TABLE = "__table"
_ROW = "__row"


@dataclass
class TableRead:
    """One table of a file, recognised: its header match, rows (without their provenance) and warnings; or the
    error recognising it raised, raised again when the caller gets to it."""

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
        """The rows with their provenance first: order number, file and sheet as constant columns (no memory)."""
        assert self.rows is not None
        return self.rows.select(
            pl.lit(order, pl.Int64).alias("_ordre"),
            pl.lit(self.table.file).alias("_fichier"),
            pl.lit(self.table.sheet, pl.String).alias("_feuille"),
            pl.all(),
        )


@dataclass
class _Part:
    read: TableRead
    names: list[str]  # the batch column of each cell of the table, by position
    start: int = 0  # first row of the table in the batch
    height: int = 0

    @property
    def match(self) -> HeaderMatch:
        assert self.read.match is not None
        return self.read.match


def _batch_frame(parts: list[_Part]) -> pl.DataFrame:
    """The rows below each header end to end, each cell under its column's name (`__u<position>` when it is not
    recognised), cleaned as rows.py cleans them, with the table's number."""
    frames, tables = [], []
    start = 0
    for number, part in enumerate(parts):
        table = part.read.table
        below = table.frame.slice(part.match.row + 1)
        cells = table.cell_columns
        part.start, part.height = start, below.height
        start += below.height
        frames.append(
            pl.DataFrame(
                [
                    *(below.get_column(c).alias(n) for c, n in zip(cells, part.names, strict=True)),
                    below.get_column(LINE_COLUMN),
                ]
            )
        )
        tables.append(itertools.repeat(number, below.height))
    batch = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    numbers = pl.Series(_TABLE, list(itertools.chain.from_iterable(tables)), pl.Int64)
    cells = [c for c in batch.columns if c != LINE_COLUMN]
    stripped = [pl.col(c).cast(pl.String).str.strip_chars() for c in cells]
    return batch.select(
        *(pl.when(s == "").then(None).otherwise(s).alias(c) for s, c in zip(stripped, cells, strict=True)),
        pl.col(LINE_COLUMN),
        pl.lit(numbers).alias(_TABLE),
    )


def _next_headers(
    batch: pl.DataFrame, parts: list[_Part], cells: list[str], named: list[str], ref: Referential
) -> None:
    """Each table's first row below its header that is itself the header of a table (of another kind, or of the
    same kind with other columns): a second table in the same file or sheet. A repeat of the header is not one."""
    if not named:
        return
    hits = pl.sum_horizontal(pl.col(c).is_in(named).fill_null(False).cast(pl.Int32) for c in cells)
    candidates = batch.with_row_index(_ROW).filter(hits >= 2)
    done: set[int] = set()
    for row in candidates.iter_rows(named=True):
        number = row[_TABLE]
        if number in done:
            continue
        part = parts[number]
        found = qualifying_kinds([fold(row[n]) for n in part.names], ref)
        if not found:
            continue
        _, kind, columns = found[0]
        if kind is part.match.kind and columns == part.match.columns:
            continue
        part.match.next_header, part.match.next_kind = part.match.row + 1 + row[_ROW] - part.start, kind
        done.add(number)


def _repeated_rows(batch: pl.DataFrame, parts: list[_Part], key: str, named: list[str]) -> list[int]:
    """Rows of the batch that repeat their table's header: the key cell folds like the header's key cell, and most
    recognised cells fold like their header cell. The header's key cell folds to an alias, so such a key cell is
    one of the texts `named` (folding to an alias): only those rows are folded."""
    header_keys = pl.Series([fold(p.match.header_cells[_key_position(p, key)]) for p in parts], dtype=pl.String)
    candidates = (
        batch.with_row_index(_ROW)
        .filter(pl.col(key).is_in(named))
        .filter(fold_expr(pl.col(key)) == pl.lit(header_keys).gather(pl.col(_TABLE)))
    )
    rows = []
    for row in candidates.iter_rows(named=True):
        match = parts[row[_TABLE]].match
        needed = max(1, (len(match.columns) + 1) // 2)
        hits = sum(fold(row[column]) == fold(match.header_cells[pos]) for pos, column in match.columns.items())
        if hits >= needed:
            rows.append(row[_ROW])
    return rows


def _key_position(part: _Part, key: str) -> int:
    return next(p for p, c in part.match.columns.items() if c == key)


def _classify(parts: list[_Part], ref: Referential, warn: Warn) -> None:
    """The rows of tables of one kind, with provenance, the reason a row is set apart (blank, repeated header,
    total: `_ignore`) or quarantined as part of a second table below the first, and the recognised columns; with
    each table's second table, warnings and header line."""
    kind = parts[0].match.kind
    assert kind is not None
    for part in parts:  # a batch that failed may have set some
        part.match.next_header, part.match.next_kind = None, None
    batch = _batch_frame(parts)
    cells = [c for c in batch.columns if c not in (LINE_COLUMN, _TABLE)]
    aliases = sorted({alias for kind_aliases in ref.headers.values() for alias in kind_aliases})
    # The distinct texts of the cells, column by column then together: half the time of one list of every cell.
    distinct = [batch.lazy().select(pl.col(c).drop_nulls().unique().alias("v")) for c in cells]
    texts = pl.concat(distinct).unique().collect()
    named = texts.filter(fold_expr(pl.col("v")).is_in(aliases))
    totals = texts.filter(pl.col("v").str.to_lowercase().str.contains("tot", literal=True))
    named_texts = named.to_series().to_list()
    _next_headers(batch, parts, cells, named_texts, ref)
    labels = sorted(v for v in totals.to_series().to_list() if is_total_label(v))
    repeated = _repeated_rows(batch, parts, kind.key, named_texts)
    seconds = [second_table_reason(p.read.table, p.match) for p in parts]
    second_lines = [
        int(p.read.table.frame[LINE_COLUMN][p.match.next_header])
        if s is not None and p.match.next_header is not None
        else None
        for p, s in zip(parts, seconds, strict=True)
    ]

    def total(column: str) -> pl.Expr:
        return pl.col(column).is_in(labels) if labels else pl.lit(False)

    blank = pl.all_horizontal(pl.col(c).is_null() for c in cells)
    any_total = pl.any_horizontal(total(c) for c in cells)
    table = pl.col(_TABLE)
    ignore = (
        pl.when(blank)
        .then(pl.lit(IGNORE_BLANK))
        .when(pl.int_range(pl.len()).is_in(repeated))
        .then(pl.lit(IGNORE_HEADER))
        .when((pl.col(kind.key).is_null() | total(kind.key)) & any_total)
        .then(pl.lit(IGNORE_TOTAL))
        .otherwise(None)
    )
    second = pl.lit(pl.Series(second_lines, dtype=pl.Int64)).gather(table)
    rows = batch.select(
        pl.col(LINE_COLUMN).alias("_ligne"),
        ignore.alias("_ignore"),
        pl.when(pl.col(LINE_COLUMN) >= second)
        .then(pl.lit(pl.Series(seconds, dtype=pl.String)).gather(table))
        .otherwise(None)
        .alias(SECOND_TABLE),
        *[c for c in kind.columns if c in batch.columns],
    )
    for part in parts:
        read, table_ = part.read, part.read.table
        read.rows = rows.slice(part.start, part.height)
        read.warnings = warn(table_, part.match)
        read.header_line = int(table_.frame[LINE_COLUMN][part.match.row])


def recognise(tables: list[RawTable], ref: Referential, warn: Warn) -> list[TableRead]:
    """Each table recognised (TableRead), in order; the tables' frames emptied."""
    reads = [TableRead(table, table.frame.height) for table in tables]
    by_kind: dict[str, list[_Part]] = {}
    for read in reads:
        table = read.table
        if table.notes or read.height == 0:
            continue
        try:
            read.match = header_row(table, ref)
        except Exception as exc:  # raised again in order, where the serial reading would have raised it
            read.error = exc
            continue
        if read.match.kind is not None:
            names = [read.match.columns.get(pos) or f"__u{pos}" for pos in range(len(table.cell_columns))]
            by_kind.setdefault(read.match.kind.name, []).append(_Part(read, names))
    for parts in by_kind.values():
        try:
            _classify(parts, ref, warn)
        except Exception:  # told for the table that raises it, as when each is recognised alone
            for part in parts:
                try:
                    _classify([part], ref, warn)
                except Exception as exc:
                    part.read.error = exc
    for table in tables:
        table.frame = table.frame.clear()
    return reads
