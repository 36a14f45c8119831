"""Tables as a French reader opens them: on screen, in CSV and in Excel, formula-safe and link-free.

- On screen (« Voir les données »): numbers in the reader's language (`21,4`, `1 234`), « — » for nothing.
- CSV: `;`, UTF-8 with BOM, decimal comma, values rounded as shown.
- Excel: real numbers with French-readable formats (years as plain integers, one decimal for shares),
  no text turned into a formula or a hyperlink.
"""

from __future__ import annotations

import io
import re

import polars as pl
import xlsxwriter

# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YEAR_COLUMN = re.compile(r"^(Année|Annee|annee)$")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would take for a formula get a leading apostrophe."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def _is_year(name: str) -> bool:
    return bool(YEAR_COLUMN.match(name))


def number_formats(frame: pl.DataFrame) -> dict:
    """On screen, numbers stay numbers (the table sorts by them) and are written in the reader's language:
    `1 234`, `21,4` in a French browser; years without a thousands separator."""
    import streamlit as st

    # `step` sets the digits of a « localized » column: one decimal always, so 16 reads « 16,0 » as on the page.
    return {
        name: st.column_config.NumberColumn(
            name, format="plain" if _is_year(name) else "localized", step=0.1 if dtype.is_float() else None
        )
        for name, dtype in frame.schema.items()
        if dtype.is_numeric()
    }


def csv_bytes(frame: pl.DataFrame) -> bytes:
    rounded = frame.with_columns(pl.col(c).round(1) for c, t in frame.schema.items() if t.is_float())
    return neutralise(rounded).write_csv(separator=";", decimal_comma=True).encode("utf-8-sig")


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "Données") -> bytes:
    buffer = io.BytesIO()
    # No text becomes a formula or a live link (xlsxwriter turns `file:///…` and `https://…` into hyperlinks).
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    formats = {}
    for name, dtype in frame.schema.items():
        if _is_year(name) and dtype.is_integer():
            formats[name] = "0"
        elif dtype.is_float():
            formats[name] = "#,##0.0"  # Excel writes the thousands separator of the reader's locale
        elif dtype.is_integer():
            formats[name] = "#,##0"
    neutralise(frame).write_excel(workbook, worksheet=sheet[:31], autofit=True, column_formats=formats)  # type: ignore[arg-type]  # polars: a Mapping invariant in its key
    workbook.close()
    return buffer.getvalue()
