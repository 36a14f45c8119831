"""Normalise the rows of one kind: identifiers, dates, categorical values, quarantine reasons.

Every conversion is computed once per distinct raw text in Python and applied to the rows
with native Polars expressions, so the row count never multiplies Python work.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import polars as pl

from pipelines.ingest.dates import parse_date
from pipelines.ingest.headers import column_label
from pipelines.ingest.privacy import Hasher
from pipelines.ingest.rows import SECOND_TABLE
from pipelines.reference.referential import Referential
from pipelines.reference.schema import NON_RECONNU, Kind
from pipelines.reference.text import fold

EARLIEST_DATE = dt.date(1990, 5, 31)
_XLSX_INTEGER = re.compile(r"^(\d+)\.0+$")
_OBJECTIVE_SEPARATORS = re.compile(r"[/,;+]")
OBJECTIVE_JOIN = "|"


def _lookup(
    frame: pl.DataFrame, column: str, fn: Callable[[str], object], dtype: pl.DataType | type[pl.DataType]
) -> pl.Expr:
    uniques = [v for v in frame.get_column(column).unique().to_list() if v is not None]
    mapping = {v: fn(v) for v in uniques}
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=dtype) if mapping else pl.lit(None, dtype)


# Characters that show nothing (zero-width space and joiners, word joiner, BOM, soft hyphen) and dashes
# that look like `-` (hyphen, non-breaking hyphen, figure dash, en and em dashes, minus sign): an
# identifier typed or pasted with them is the same identifier.
INVISIBLE = "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
DASHES = "[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]"
_INVISIBLE = re.compile(INVISIBLE)
_DASHES = re.compile(DASHES)


def normalise_identifier(raw: str) -> str:
    """Identifiers are text (DATA_CONTRACT section 2): Unicode NFKC, invisible characters removed, look-alike
    dashes as `-`, trimmed, and an xlsx number `123.0` as `123`."""
    text = _DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw))).strip()
    match = _XLSX_INTEGER.match(text)
    return match.group(1) if match else text


def identifier_expr(expr: pl.Expr) -> pl.Expr:
    """`normalise_identifier` as a native expression: identifiers are unique, so often many."""
    return (
        expr.str.normalize("NFKC")
        .str.replace_all(INVISIBLE, "")
        .str.replace_all(DASHES, "-")
        .str.strip_chars()
        .str.replace(r"^(\d+)\.0+$", "${1}")
    )


def split_objectives(raw: str, ref: Referential) -> tuple[str, str]:
    parts = [p for p in (x.strip() for x in _OBJECTIVE_SEPARATORS.split(raw)) if fold(p)]
    if not parts:
        return NON_RECONNU, NON_RECONNU
    mapped = [ref.map_value("objectif", p) for p in parts]
    return mapped[0], OBJECTIVE_JOIN.join(mapped)


def parse_count(raw: str) -> int | None:
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if value < 0 or value != int(value):
        return None
    return int(value)


def ensure_columns(frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Every column of the kind, in the kind's order: the clean tables never depend on the order or the
    choice of columns of the exports."""
    missing = [c for c in kind.columns if c not in frame.columns]
    frame = frame.with_columns([pl.lit(None, pl.String).alias(c) for c in missing])
    return frame.select([*(c for c in frame.columns if c.startswith("_")), *kind.columns])


# A reason quotes at most this many characters of the raw value (a 50 MB cell is not copied whole).
SHOWN_CHARS = 300


def _shown(raw: pl.Expr) -> pl.Expr:
    return pl.when(raw.str.len_chars() > SHOWN_CHARS).then(raw.str.slice(0, SHOWN_CHARS) + pl.lit("…")).otherwise(raw)


def quarantine_reasons(frame: pl.DataFrame, kind: Kind, ref: Referential, today: dt.date) -> pl.DataFrame:
    """Adds parsed dates, strict categoricals and `_motif`: the French reasons a row is quarantined."""
    year = today.year
    exprs = [_lookup(frame, c, lambda v: parse_date(v, year), pl.Date).alias(f"{c}__date") for c in kind.dates]
    exprs += [
        _lookup(frame, c, lambda v, d=d: ref.map_value(d, v), pl.String).alias(f"{c}__canon")  # type: ignore[misc]  # mypy cannot infer a lambda with a default
        for c, d in kind.categorical.items()
    ]
    frame = frame.with_columns(exprs)
    # (condition, message): conditions are cheap on every row, messages are built only for the
    # few rows that break a rule.
    rules: list[tuple[pl.Expr, pl.Expr]] = []
    for column in kind.required:
        rules.append((pl.col(column).is_null(), pl.lit(f"valeur obligatoire manquante : {column_label(column)}")))
    for group in kind.required_any:
        labels = " ou ".join(column_label(c) for c in group)
        rules.append(
            (pl.all_horizontal(pl.col(c).is_null() for c in group), pl.lit(f"valeur obligatoire manquante : {labels}"))
        )
    for column in kind.dates:
        parsed, raw, label = pl.col(f"{column}__date"), pl.col(column), pl.lit(column_label(column))
        shown = _shown(raw)
        rules.append((raw.is_not_null() & parsed.is_null(), pl.format("date illisible ({}) : « {} »", label, shown)))
        rules.append(
            (
                parsed < EARLIEST_DATE,
                pl.format("date impossible ({}) : « {} » est antérieure au 31/05/1990", label, shown),
            )
        )
        rules.append(
            (
                parsed > today,
                pl.format("date impossible ({}) : « {} » est postérieure à la date d'import", label, shown),
            )
        )
    for earlier, later in kind.date_order:
        rules.append(
            (
                pl.col(f"{later}__date") < pl.col(f"{earlier}__date"),
                pl.format(
                    "date impossible : {} « {} » antérieure à {} « {} »",
                    pl.lit(column_label(later)),
                    _shown(pl.col(later)),
                    pl.lit(column_label(earlier)),
                    _shown(pl.col(earlier)),
                ),
            )
        )
    for column in kind.strict:
        rules.append(
            (
                pl.col(f"{column}__canon") == NON_RECONNU,
                pl.format("{} non reconnu : « {} »", pl.lit(column_label(column)), _shown(pl.col(column))),
            )
        )
    frame = frame.with_row_index("__row")
    second = pl.col(SECOND_TABLE)
    broken = pl.col("_ignore").is_null() & (
        second.is_not_null() | pl.any_horizontal(cond.fill_null(False) for cond, _ in rules)
    )
    # One chunk: Polars 2.1 panics formatting strings over a filtered multi-chunk frame.
    bad = frame.filter(broken).rechunk()
    if bad.height == 0:
        return frame.drop("__row").with_columns(pl.lit(None, pl.String).alias("_motif"))
    # A row of a second table is read with the first table's columns: its other reasons would mislead.
    motifs = bad.select(
        "__row",
        pl.coalesce(
            second,
            pl.concat_list(pl.when(cond).then(message) for cond, message in rules).list.drop_nulls().list.join(" ; "),
        ).alias("_motif"),
    )
    return frame.join(motifs, on="__row", how="left", maintain_order="left").drop("__row")


def normalise_values(frame: pl.DataFrame, kind: Kind, ref: Referential, hasher: Hasher) -> pl.DataFrame:
    """Loaded rows only: canonical values beside their raw text (`<col>_brut`)."""
    exprs: list[pl.Expr] = []
    for column in kind.identifiers:
        if column == "id_menage":
            exprs.append(_lookup(frame, column, lambda v: hasher(normalise_identifier(v)), pl.String).alias(column))
        else:
            exprs.append(identifier_expr(pl.col(column)).alias(column))
    for column in kind.dates:
        exprs.append(pl.col(f"{column}__date").alias(column))
    for column in kind.categorical:
        exprs.append(pl.col(column).alias(f"{column}_brut"))
        exprs.append(pl.col(f"{column}__canon").alias(column))
    for column in kind.integers:
        exprs.append(pl.col(column).alias(f"{column}_brut"))
        exprs.append(_lookup(frame, column, parse_count, pl.Int64).alias(column))
    if kind.name == "demandes":
        split = _lookup(frame, "objectif", lambda v: split_objectives(v, ref)[0], pl.String)
        full = _lookup(frame, "objectif", lambda v: split_objectives(v, ref)[1], pl.String)
        exprs += [pl.col("objectif").alias("objectif_brut"), split.alias("objectif"), full.alias("objectifs")]
        exprs += [
            identifier_expr(pl.col("code_insee")).alias("code_insee_brut"),
            pl.col("commune").alias("commune_brut"),
        ]
    if kind.name == "mesures":
        exprs.append(
            _lookup(frame, "motif_arret", lambda v: ref.values["resultat_motif_arret"].get(fold(v)), pl.String).alias(
                "resultat_ancien"
            )
        )
    frame = frame.with_columns(exprs)
    if kind.name == "demandes":
        frame = frame.drop("code_insee", "commune")
    return frame.drop([c for c in frame.columns if "__" in c])
