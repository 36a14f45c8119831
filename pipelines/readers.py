"""Readers: a raw file becomes raw tables of text cells, each row with its provenance.

No interpretation happens here: every cell stays text, header detection and kinds are the
next step's job. CSV cells are parsed by Polars; xlsx sheets by fastexcel (calamine).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t")
# Rows inspected to find a header below title rows (10 title or blank rows at most).
HEADER_SCAN_ROWS = 11
LINE_COLUMN = "_ligne"
# Enough of the start of a CSV to detect its delimiter and width (header within 11 rows).
SAMPLE_CHARS = 200_000
SAMPLE_RECORDS = 50


class UnreadableFile(Exception):
    """A file that cannot be read at all; the message is French and shown to the user."""


@dataclass
class RawTable:
    """One sheet or CSV file: text cells in columns c0..cN plus the physical line number."""

    file: str
    sheet: str | None
    frame: pl.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def cell_columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LINE_COLUMN]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("fichier UTF-16 illisible (encodage endommagé)") from exc
    if b"\x00" in data[:4096]:
        raise UnreadableFile("fichier binaire : ce n'est pas un tableau CSV lisible")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps them, so nothing is lost.
        return data.decode("latin-1"), "ISO-8859-1"


def _sample_records(text: str, delimiter: str) -> list[list[str]]:
    """The first records of the text split by csv, which honours quotes and quoted line breaks."""
    sample = text[:SAMPLE_CHARS]
    records = []
    try:
        for record in csv.reader(io.StringIO(sample), delimiter=delimiter):
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    return records


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first records most consistently.

    A cell may itself hold `,` or `;` (several objectives in one cell), so the most frequent
    character is not enough: the right delimiter gives the same field count on most lines.
    """
    best, best_score = ";", (False, 0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in _sample_records(text, delim) if any(c.strip() for c in r)]
        if not counts:
            continue
        modal = Counter(counts).most_common(1)[0][0]
        score = (modal > 1, sum(1 for c in counts if c == modal), modal)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv_table(path: Path, rel: str) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("fichier vide")
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = detect_delimiter(text)
    # Polars sizes every row on the first line: a title line above the header would cut the
    # table to one column. A first line of empty fields as wide as the widest sampled record
    # fixes the width; it is dropped right after parsing.
    width = max((len(r) for r in _sample_records(text, delimiter)), default=1)
    sized = delimiter * (width - 1) + "\n" + text
    try:
        frame = pl.read_csv(
            io.BytesIO(sized.encode("utf-8")),
            separator=delimiter,
            has_header=False,
            new_columns=[f"c{i}" for i in range(width)],
            infer_schema=False,
            quote_char='"',
            truncate_ragged_lines=True,
            raise_if_empty=False,
        ).slice(1)
    except pl.exceptions.PolarsError as exc:
        raise UnreadableFile(f"CSV illisible ({exc.__class__.__name__})") from exc
    columns = frame.columns
    # A quoted field with line breaks spans several physical lines: count them for provenance.
    breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n").fill_null(0) for c in columns)
    frame = frame.with_columns(
        (pl.lit(1, pl.Int64) + (breaks + 1).cum_sum().shift(1, fill_value=0)).alias(LINE_COLUMN)
    )
    return RawTable(rel, None, frame, encoding=encoding, delimiter=delimiter)


def _sheet_first_rows(data: bytes) -> dict[str, int]:
    """The first used row of each sheet (calamine drops leading empty rows)."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {ws.title: (ws.min_row or 1) for ws in wb.worksheets}
        finally:
            wb.close()
    except Exception:
        return {}


def read_xlsx_tables(path: Path, rel: str) -> list[RawTable]:
    import fastexcel

    data = path.read_bytes()
    if not data:
        raise UnreadableFile("classeur Excel vide (0 octet)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFile("classeur Excel illisible : le fichier n'est pas un vrai .xlsx (endommagé ou tronqué)")
    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception as exc:
        raise UnreadableFile(f"classeur Excel illisible ({exc})") from exc
    first_rows = _sheet_first_rows(data)
    tables = []
    for index, name in enumerate(names):
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            frame = sheet.to_polars()
        except Exception as exc:
            tables.append(RawTable(rel, name, pl.DataFrame(), notes=[f"feuille illisible ({exc})"]))
            continue
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        start = first_rows.get(name, 1)
        frame = frame.with_columns(pl.int_range(start, start + frame.height, dtype=pl.Int64).alias(LINE_COLUMN))
        tables.append(RawTable(rel, name, frame))
    return tables


def read_file(path: Path, rel: str) -> list[RawTable]:
    """Every table of a file. Raises UnreadableFile with a French reason."""
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            return [read_csv_table(path, rel)]
        if suffix in XLSX_SUFFIXES:
            return read_xlsx_tables(path, rel)
    except FileNotFoundError as exc:
        raise UnreadableFile("fichier disparu pendant la lecture") from exc
    except PermissionError as exc:
        raise UnreadableFile("fichier illisible : accès refusé") from exc
    except OSError as exc:
        raise UnreadableFile(f"fichier illisible ({exc.strerror or exc})") from exc
    raise ValueError(f"unsupported suffix {suffix}")


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES
