"""Readers: a raw file becomes raw tables of text cells, each row with its provenance.

No interpretation happens here: every cell stays text, header detection and kinds are the
next step's job. CSV cells are parsed by Polars; xlsx sheets by fastexcel (calamine).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from . import budgets
from .decoding import NotText, decode_text

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

    @property
    def cell_columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LINE_COLUMN]


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


def _unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line where a quoted field opens and never closes: it would swallow the rest of the file."""
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error:
            if reader.line_num >= total:  # the error is the end of the file, reached inside quotes
                return start
        start = reader.line_num + 1


def _python_frame(text: str, delimiter: str, width: int) -> pl.DataFrame:
    """The CSV read by Python's csv module, as Excel reads it: a quote inside an unquoted cell (`Cog"nac`)
    or text after a closing quote is kept as text, where Polars refuses the whole file."""
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    for record in reader:
        for i in range(width):
            columns[i].append(record[i] if i < len(record) and record[i] != "" else None)
        lines.append(start)
        start = reader.line_num + 1
    frame = pl.DataFrame({f"c{i}": col for i, col in enumerate(columns)}, schema=dict.fromkeys(
        (f"c{i}" for i in range(width)), pl.String))
    return frame.with_columns(pl.Series(LINE_COLUMN, lines, dtype=pl.Int64))


def _filled_width(record: list[str]) -> int:
    width = len(record)
    while width > 1 and not record[width - 1].strip():
        width -= 1
    return max(width, 1)


def read_csv_table(data: bytes, rel: str) -> RawTable:
    if not data.strip():
        raise UnreadableFile("fichier vide")
    try:
        text, encoding, warnings = decode_text(data)
    except NotText as exc:
        raise UnreadableFile(str(exc)) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = detect_delimiter(text)
    try:
        budgets.check_csv_text(text, delimiter)
    except budgets.OverBudget as exc:
        raise RefusedFile(str(exc)) from exc
    # Polars sizes every row on the first line: a title line above the header would cut the
    # table to one column. A first line of empty fields as wide as the widest sampled record
    # fixes the width; it is dropped right after parsing.
    # Trailing empty fields do not count: 16,000 empty columns at the end of each line would make
    # Polars build 16,000 columns; with truncate_ragged_lines they are dropped while parsing.
    width = max((_filled_width(r) for r in _sample_records(text, delimiter)), default=1)
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
        line = _unclosed_quote_line(text, delimiter)
        if line is not None:
            raise UnreadableFile(f"CSV illisible : le guillemet (\") ouvert ligne {line} n'est jamais refermé, il "
                                 "engloberait tout le reste du fichier ; corrigez cette cellule puis relancez "
                                 "l'import") from exc
        try:
            frame = _python_frame(text, delimiter, width)
        except csv.Error as error:
            raise UnreadableFile("CSV illisible : le contenu n'est pas un tableau de texte (cellule démesurée, "
                                 "caractères de contrôle ou fichier endommagé)") from error
        return RawTable(rel, None, frame, encoding=encoding, delimiter=delimiter, warnings=warnings)
    columns = frame.columns
    # A quoted field with line breaks spans several physical lines: count them for provenance.
    breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n").fill_null(0) for c in columns)
    frame = frame.with_columns(
        (pl.lit(1, pl.Int64) + (breaks + 1).cum_sum().shift(1, fill_value=0)).alias(LINE_COLUMN)
    )
    return RawTable(rel, None, frame, encoding=encoding, delimiter=delimiter, warnings=warnings)


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


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
# A formula cell: its attributes, the formula text (none for a shared formula) and its cached value.
_FORMULA_CELL = re.compile(rb"<c\s([^>/]*)>\s*<f(?:\s[^>]*?)?(?:/>|>(.*?)</f>)\s*(<v\s*/>|<v>(.*?)</v>)?\s*</c>", re.S)
_VALUED_CELL = re.compile(rb"<c\s([^>/]*)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_STR_TYPE = re.compile(rb'\bt="str"')
_VALUE = re.compile(rb"<v>\s*[^<\s]")


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part in the archive."""
    try:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # best effort: without it, the sheets are read as calamine reads them
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target:
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", errors="replace"))


def _sheet_patches(xml: bytes) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """Cells the sheet shows but calamine reads empty: formulas without a computed value (written by a
    program, never opened in Excel), keyed (row, column) from 0 and given their formula text `=B4`;
    and the merged ranges (first row, first column, last row, last column)."""
    formulas: dict[tuple[int, int], str] = {}
    if b"<f" in xml:
        for attrs, formula, value_element, value in _FORMULA_CELL.findall(xml):
            ref = _REF.search(attrs)
            if ref is None:
                continue
            cached = bool(value_element) and (bool(value.strip()) or bool(_STR_TYPE.search(attrs)))
            if not cached:
                text = "=" + _xml_text(formula) if formula else "=(formule)"
                formulas[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = text
    merges = [(int(r1) - 1, _column_index(c1), int(r2) - 1, _column_index(c2))
              for c1, r1, c2, r2 in _MERGE.findall(xml)]
    return formulas, merges


def _sheet_origin(xml: bytes) -> tuple[int, int] | None:
    """(row, column) from 0 of the first cell calamine keeps: the smallest of the cells holding a value."""
    rows, cols = [], []
    for attrs, body in _VALUED_CELL.findall(xml):
        ref = _REF.search(attrs)
        if ref is not None and (b"<is>" in body or _VALUE.search(body)):
            rows.append(int(ref.group(2)) - 1)
            cols.append(_column_index(ref.group(1)))
    return (min(rows), min(cols)) if rows else None


def _patch_sheet(frame: pl.DataFrame, xml: bytes, start_row: int) -> tuple[pl.DataFrame, int, list[str]]:
    """The frame with formulas without a value read as their text, and merged ranges filled with the value
    of their first cell (the sheet shows it over the whole range) on the rows that hold anything else;
    with the sheet line its first row is."""
    formulas, merges = _sheet_patches(xml)
    if not formulas and not merges:
        return frame, start_row, []
    origin = _sheet_origin(xml) or (start_row - 1, 0)
    # Sheet coordinates (from 0) of the patched frame's first cell: calamine leaves out a formula
    # without a value, even a whole row or column of them.
    top = min([origin[0], *(r for r, _ in formulas)])
    left = min([origin[1], *(c for _, c in formulas)])
    height, width = frame.height, frame.width
    filled_rows = frame.select(pl.any_horizontal(pl.all().is_not_null())).to_series().to_list() if width else []
    used_rows = {origin[0] + i for i, used in enumerate(filled_rows) if used} | {r for r, _ in formulas}
    grid: dict[tuple[int, int], str] = dict(formulas)

    def cell(r: int, c: int) -> str | None:
        if (r, c) in grid:
            return grid[(r, c)]
        fr, fc = r - origin[0], c - origin[1]
        return frame[fr, fc] if 0 <= fr < height and 0 <= fc < width else None

    for r1, c1, r2, c2 in merges:
        value = cell(r1, c1)
        if value is None:
            continue
        for r in range(r1, r2 + 1):
            if r not in used_rows:
                continue
            for c in range(c1, c2 + 1):
                if cell(r, c) is None:
                    grid[(r, c)] = value
    if not grid:
        return frame, origin[0] + 1, []
    shift_r, shift_c = origin[0] - top, origin[1] - left
    new_height = max([height + shift_r, *(r - top + 1 for r, _ in grid)])
    new_width = max([width + shift_c, *(c - left + 1 for _, c in grid)])
    # The frame placed at (shift_r, shift_c) of a new_height x new_width grid of text cells.
    names = [f"c{c}" for c in range(new_width)]
    frame = frame.select(pl.col(c).cast(pl.String).alias(f"c{i + shift_c}") for i, c in enumerate(frame.columns))
    frame = frame.with_columns(pl.lit(None, pl.String).alias(n) for n in names if n not in frame.columns)
    blank = pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    frame = pl.concat([blank.clear(shift_r), frame.select(names), blank.clear(new_height - height - shift_r)])
    by_column: dict[str, dict[int, str]] = {}
    for (r, c), text in grid.items():
        by_column.setdefault(f"c{c - left}", {})[r - top] = text
    frame = frame.with_columns(
        frame.get_column(name).clone().scatter(list(cells), list(cells.values())) for name, cells in by_column.items())
    warnings = []
    if formulas:
        n = len(formulas)
        warnings.append(f"{n} cellule{'s' if n > 1 else ''} contien{'nent' if n > 1 else 't'} une formule sans "
                        "valeur calculée (classeur produit par un programme) : la formule est lue comme texte ; "
                        "ouvrez le classeur dans Excel et enregistrez-le pour que ses valeurs soient lues")
    return frame, top + 1, warnings


XLSX_UNREADABLE = "classeur Excel illisible : le fichier est endommagé ou n'est pas un classeur .xlsx"


def read_xlsx_tables(data: bytes, rel: str) -> list[RawTable]:
    import fastexcel

    if not data:
        raise UnreadableFile("classeur Excel vide (0 octet)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFile("classeur Excel illisible : le fichier n'est pas un vrai .xlsx (endommagé ou tronqué)")
    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception as exc:
        raise UnreadableFile(XLSX_UNREADABLE) from exc
    first_rows = _sheet_first_rows(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = _sheet_parts(archive)
    tables = []
    for index, name in enumerate(names):
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            frame = sheet.to_polars()
        except Exception:
            tables.append(RawTable(rel, name, pl.DataFrame(), notes=["feuille illisible : son contenu est endommagé"]))
            continue
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        start = first_rows.get(name, 1)
        warnings: list[str] = []
        try:
            xml = archive.read(parts[name]) if name in parts else b""
        except Exception:  # best effort, as above: the sheet was read, its formulas and merges are not
            xml = b""
        if xml:
            frame, start, warnings = _patch_sheet(frame, xml, start)
        frame = frame.with_columns(pl.int_range(start, start + frame.height, dtype=pl.Int64).alias(LINE_COLUMN))
        tables.append(RawTable(rel, name, frame, warnings=warnings))
    return tables


def read_file(path: Path, rel: str, roots: Iterable[Path] | None = None) -> list[RawTable]:
    """Every table of a file. Raises UnreadableFile with a French reason.

    The file is checked against the budgets first (a regular file, within the folders of `roots` when
    it is a link, default: its own folder; not too big): see budgets.py."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix}")
    try:
        data = budgets.read_checked(path, [path.parent] if roots is None else roots)
        tables = [read_csv_table(data, rel)] if suffix in CSV_SUFFIXES else read_xlsx_tables(data, rel)
    except budgets.OverBudget as exc:
        raise RefusedFile(str(exc)) from exc
    except FileNotFoundError as exc:
        raise UnreadableFile("fichier disparu pendant la lecture (déplacé ou supprimé)") from exc
    except PermissionError as exc:
        raise UnreadableFile("fichier illisible : accès refusé") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile("ce n'est pas un fichier mais un dossier") from exc
    except OSError as exc:
        raise UnreadableFile(f"fichier illisible : erreur du système de fichiers (code {exc.errno})") from exc
    digest = hashlib.sha256(data).hexdigest()
    for table in tables:
        table.digest = digest
    return tables


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES
