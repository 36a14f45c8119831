"""Tables offered for download: CSV (`;`, UTF-8 with BOM for Excel) and xlsx, formula-safe."""

from __future__ import annotations

import io

import polars as pl

# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would take for a formula get a leading apostrophe."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def mark_masked(frame: pl.DataFrame) -> pl.DataFrame:
    """Diffusion mode: an empty numeric cell is a masked figure and says so."""
    from pipelines.fmt import MASKED_OTHER

    numeric = [c for c, t in frame.schema.items() if t.is_numeric()]
    return frame.with_columns(pl.col(c).cast(pl.String).fill_null(MASKED_OTHER) for c in numeric)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return neutralise(frame).write_csv(separator=";").encode("utf-8-sig")


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "Données") -> bytes:
    """xlsx with every text cell written as text: xlsxwriter otherwise turns a URL-like value
    (`file:///C:\\…\\calc.exe`, `https://…`) into a live hyperlink, and `=…` into a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_urls": False, "strings_to_formulas": False,
                                            "in_memory": True})
    with workbook:
        neutralise(frame).write_excel(workbook, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()
