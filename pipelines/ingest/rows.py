"""Rows of one recognised table: blank, repeated header and total rows are set apart.

The result keeps only the recognised columns (unknown columns, names among them, are
dropped here), with the row's provenance and an `_ignore` reason where it applies.
"""

from __future__ import annotations

import polars as pl

from pipelines.ingest.headers import HeaderMatch, header_frame
from pipelines.ingest.readers import LINE_COLUMN, RawTable
from pipelines.reference.text import fold, fold_expr, is_total_label

IGNORE_BLANK = "ligne vide"
IGNORE_HEADER = "en-tête répété"
IGNORE_TOTAL = "ligne de total"
# Rows from the header of a second table on: the French reason they are quarantined.
SECOND_TABLE = "_second_tableau"


def second_table_reason(table: RawTable, match: HeaderMatch) -> str | None:
    if match.next_header is None or match.next_kind is None:
        return None
    line = int(table.frame[LINE_COLUMN][match.next_header])
    where = "la feuille" if table.sheet is not None else "le fichier"
    header = (
        f"en-tête de {match.next_kind.label} ligne {line}"
        if match.next_kind is not match.kind
        else f"nouvel en-tête de {match.kind.label}, aux colonnes différentes, ligne {line}"
    )
    return (
        f"second tableau dans {where} ({header}) : un fichier ou une feuille ne contient qu'un tableau ; "
        "placez ce tableau dans un fichier ou une feuille à part"
    )


def _second_table(table: RawTable, match: HeaderMatch) -> pl.Expr:
    reason = second_table_reason(table, match)
    if reason is None:
        return pl.lit(None, pl.String)
    line = int(table.frame[LINE_COLUMN][match.next_header])  # type: ignore[index]  # a reason implies a next header
    return pl.when(pl.col(LINE_COLUMN) >= line).then(pl.lit(reason)).otherwise(None)


def _clean(column: str) -> pl.Expr:
    stripped = pl.col(column).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped).alias(column)


def _candidates(
    cleaned: pl.LazyFrame, cells: list[str], key_col: str, header_key: str, values: pl.Series | None
) -> tuple[list[str], list[str]]:
    """In one pass: the distinct cell texts that are a total label (only texts containing `tot` can fold to one;
    folding does not depend on the column), and the distinct key cells that fold like the header's key cell.
    `values`: the distinct raw texts of these rows' cells when the header search has them (cleaning them gives
    the distinct cleaned texts)."""
    if values is not None:
        stripped = values.to_frame("v").lazy().select(pl.col("v").str.strip_chars()).filter(pl.col("v") != "")
        texts = stripped.unique()
    else:
        texts = cleaned.select(pl.concat_list([pl.col(c).cast(pl.String) for c in cells]).explode().alias("v"))
        texts = texts.unique()
    totals = texts.filter(pl.col("v").str.to_lowercase().str.contains("tot", literal=True))
    keys = (texts if values is not None else cleaned.select(pl.col(key_col).drop_nulls().unique().alias("v"))).filter(
        fold_expr(pl.col("v")) == header_key
    )
    found_totals, found_keys = pl.collect_all([totals, keys])
    labels = sorted(v for v in found_totals.to_series().to_list() if is_total_label(v))
    return labels, found_keys.to_series().to_list()


def _total_cells(labels: list[str], column: str) -> pl.Expr:
    """Cells of the column that are a total label."""
    return pl.col(column).is_in(labels) if labels else pl.lit(False)


def _repeated_header_lines(
    cleaned: pl.LazyFrame, match: HeaderMatch, cells: list[str], key_col: str, repeats: list[str]
) -> list[int]:
    """Lines that repeat the header: the key cell (one of `repeats`) and most recognised cells equal their header."""
    if not repeats:
        return []
    candidates = cleaned.filter(pl.col(key_col).is_in(repeats)).collect()
    needed = max(1, (len(match.columns) + 1) // 2)
    lines = []
    for row in candidates.iter_rows(named=True):
        hits = sum(fold(row[cells[pos]]) == fold(match.header_cells[pos]) for pos in match.columns)
        if hits >= needed:
            lines.append(row[LINE_COLUMN])
    return lines


def classify_rows(table: RawTable, match: HeaderMatch, order: int) -> pl.DataFrame:
    kind = match.kind
    assert kind is not None
    data = header_frame(table, match)
    cells = table.cell_columns
    # The cells cleaned once (eager: the rows' frame then owns its texts), the candidate totals and repeated
    # headers in one collect, then the rows.
    data = data.with_columns([_clean(c) for c in cells])
    cleaned = data.lazy()

    blank = pl.all_horizontal(pl.col(c).is_null() for c in cells) if cells else pl.lit(True)
    key_pos = next(p for p, c in match.columns.items() if c == kind.key)
    key_col = cells[key_pos]
    labels, repeats = _candidates(cleaned, cells, key_col, fold(match.header_cells[key_pos]), match.below_values)
    any_total = pl.any_horizontal(_total_cells(labels, c) for c in cells) if cells else pl.lit(False)
    key_empty_or_total = pl.col(key_col).is_null() | _total_cells(labels, key_col)
    repeated_header = pl.col(LINE_COLUMN).is_in(_repeated_header_lines(cleaned, match, cells, key_col, repeats))

    ignore = (
        pl.when(blank)
        .then(pl.lit(IGNORE_BLANK))
        .when(repeated_header)
        .then(pl.lit(IGNORE_HEADER))
        .when(key_empty_or_total & any_total)
        .then(pl.lit(IGNORE_TOTAL))
        .otherwise(None)
    )
    return data.select(
        pl.lit(order, pl.Int64).alias("_ordre"),
        pl.lit(table.file).alias("_fichier"),
        pl.lit(table.sheet, pl.String).alias("_feuille"),
        pl.col(LINE_COLUMN).alias("_ligne"),
        ignore.alias("_ignore"),
        _second_table(table, match).alias(SECOND_TABLE),
        *[pl.col(cells[pos]).alias(column) for pos, column in match.columns.items()],
    )
