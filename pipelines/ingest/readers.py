"""Readers: a raw file becomes raw tables of text cells, each row with its provenance.

No interpretation happens here: every cell stays text, header detection and kinds are the
next step's job. CSV cells are parsed by Polars; xlsx sheets by fastexcel (calamine), in `xlsx`.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from pipelines.ingest import budgets
from pipelines.ingest.decoding import NotText, decode_text
from pipelines.ingest.raw_table import LINE_COLUMN, RawTable, RefusedFile, UnreadableFile
from pipelines.ingest.xlsx import read_xlsx_tables

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t")
# Rows inspected to find a header below title rows (10 title or blank rows at most).
HEADER_SCAN_ROWS = 11
# Enough of the start of a CSV to detect its delimiter and width (header within 11 rows).
SAMPLE_CHARS = 200_000
SAMPLE_RECORDS = 50


# Errors of the system that say the path cannot be reached at all (French, as the report shows them).
UNREACHABLE = {
    errno.ENAMETOOLONG: "chemin trop long pour le système (trop de sous-dossiers ou des noms trop longs) ; "
    "rapprochez-le du dossier importé",
    errno.ELOOP: "chemin qui boucle sur lui-même (liens symboliques)",
    errno.EACCES: "accès refusé",
}
SHOWN_PATH_CHARS = 160


def shorten(rel: str, limit: int = SHOWN_PATH_CHARS) -> str:
    """A relative path as the report shows it: whole when short, else its start and its end around `…`."""
    return rel if len(rel) <= limit else f"{rel[: limit // 2]}…{rel[-(limit // 2) :]}"


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


def detect_delimiter(text: str) -> tuple[str, list[list[str]]]:
    """The delimiter that splits the first records most consistently, with those records as it splits them.

    A cell may itself hold `,` or `;` (several objectives in one cell), so the most frequent
    character is not enough: the right delimiter gives the same field count on most lines.
    """
    best, best_score = ";", (False, 0, 0)
    samples = {delim: _sample_records(text, delim) for delim in DELIMITERS}
    for delim, records in samples.items():
        counts = [len(r) for r in records if any(c.strip() for c in r)]
        if not counts:
            continue
        modal = Counter(counts).most_common(1)[0][0]
        score = (modal > 1, sum(1 for c in counts if c == modal), modal)
        if score > best_score:
            best, best_score = delim, score
    return best, samples[best]


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
    frame = pl.DataFrame(
        {f"c{i}": col for i, col in enumerate(columns)},
        schema=dict.fromkeys((f"c{i}" for i in range(width)), pl.String),
    )
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
    delimiter, sample = detect_delimiter(text)
    try:
        budgets.check_csv_text(text, delimiter)
    except budgets.OverBudget as exc:
        raise RefusedFile(str(exc)) from exc
    # Polars sizes every row on the first line: a title line above the header would cut the
    # table to one column. A first line of empty fields as wide as the widest sampled record
    # fixes the width; it is dropped right after parsing.
    # Trailing empty fields do not count: 16,000 empty columns at the end of each line would make
    # Polars build 16,000 columns; with truncate_ragged_lines they are dropped while parsing.
    width = max((_filled_width(r) for r in sample), default=1)
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
            raise UnreadableFile(
                f"CSV illisible : le guillemet (\") ouvert ligne {line} n'est jamais refermé, il "
                "engloberait tout le reste du fichier ; corrigez cette cellule puis relancez "
                "l'import"
            ) from exc
        try:
            frame = _python_frame(text, delimiter, width)
        except csv.Error as error:
            raise UnreadableFile(
                "CSV illisible : le contenu n'est pas un tableau de texte (cellule démesurée, "
                "caractères de contrôle ou fichier endommagé)"
            ) from error
        return RawTable(rel, None, frame, encoding=encoding, delimiter=delimiter, warnings=warnings)
    # As many records as lines: no record spans two lines (each takes one at least), hence no line break inside
    # a cell; without a quote there can be none either. Then the record's line is its rank.
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if '"' not in text or frame.height == lines:
        return RawTable(
            rel,
            None,
            frame.hstack([pl.Series(LINE_COLUMN, range(1, frame.height + 1), pl.Int64)]),
            encoding=encoding,
            delimiter=delimiter,
            warnings=warnings,
        )
    columns = frame.columns
    # A quoted field with line breaks spans several physical lines: count them for provenance.
    breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n").fill_null(0) for c in columns)
    frame = frame.with_columns((pl.lit(1, pl.Int64) + (breaks + 1).cum_sum().shift(1, fill_value=0)).alias(LINE_COLUMN))
    return RawTable(rel, None, frame, encoding=encoding, delimiter=delimiter, warnings=warnings)


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
        if exc.errno in UNREACHABLE:
            raise UnreadableFile(f"fichier inaccessible : {UNREACHABLE[exc.errno]}") from exc
        raise UnreadableFile(f"fichier illisible : erreur du système de fichiers (code {exc.errno})") from exc
    digest = hashlib.sha256(data).hexdigest()
    for table in tables:
        table.digest = digest
    return tables


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES
