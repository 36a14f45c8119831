"""The xlsx reader: each workbook parsed once, cells by fastexcel (calamine), the rest from one scan.

Before calamine touches a workbook, its archive and each sheet are checked against the budgets
(`xlsx_scan`): a bomb is refused with a French reason, never allocated. What calamine leaves out
is then put back on the frame it gives: formulas without a computed value (read as their text),
merged ranges (their first cell's value over the range, on rows holding data), error cells
(`#N/A`, kept as their text), and the sheet line of the first row (calamine drops leading empty
rows).
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile

import polars as pl

from pipelines.ingest.raw_table import LINE_COLUMN, RawTable, UnreadableFile
from pipelines.ingest.xlsx_scan import (
    Bounds,
    Refused,
    SheetPart,
    SheetScan,
    budgets,
    check_archive,
    check_sheet,
    scan_sheet,
    shared_lengths,
    usual_bounds,
    workbook_sheets,
)

XLSX_UNREADABLE = "classeur Excel illisible : le fichier est endommagé ou n'est pas un classeur .xlsx"
SHEET_UNREADABLE = "feuille illisible : son contenu est endommagé"
# calamine's names of Excel's error values -> the text Excel shows.
ERROR_TEXTS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR = re.compile(r"Error\((\w+)\)")


def _with_errors(sheet: object) -> pl.DataFrame:
    """The sheet's text cells, its error cells (which calamine gives as null) as their Excel text."""
    batch, errors = sheet.to_arrow_with_errors()  # type: ignore[attr-defined]
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    frame = pl.DataFrame([s.alias(f"c{i}") for i, s in enumerate(frame.get_columns())])
    cells: dict[int, dict[int, str]] = {}
    for error in errors.errors if errors is not None else []:
        found = _ERROR.search(error.detail)
        if found is None:
            continue
        row, col = error.position
        cells.setdefault(col, {})[row] = ERROR_TEXTS.get(found.group(1), f"#{found.group(1).upper()}")
    if cells:
        frame = frame.with_columns(
            frame.get_column(f"c{col}").clone().scatter(list(by_row), list(by_row.values()))
            for col, by_row in cells.items()
        )
    return frame


def _merge_cells(
    merges: list[tuple[int, int, int, int]], used_rows: list[int], left: int, right: int, limit: int
) -> int:
    """Cells the merged ranges would fill on rows holding data, within the used columns."""
    total = 0
    for r1, c1, r2, c2 in merges:
        rows = bisect.bisect_right(used_rows, r2) - bisect.bisect_left(used_rows, r1)
        total += rows * max(0, min(c2, right) - max(c1, left) + 1)
        if total > limit:
            break
    return total


# Merged ranges over at most this many rows of the frame: their rows are looked at one by one (a title row).
FEW_MERGED_ROWS = 200


def _filled_rows(frame: pl.DataFrame, first: int, merges: list[tuple[int, int, int, int]]) -> list[int]:
    """The sheet rows of the frame holding a value, among those a merged range covers (the only ones asked)."""
    if not frame.width or not merges:
        return []
    spans = [(max(r1, first) - first, min(r2, first + frame.height - 1) - first) for r1, _, r2, _ in merges]
    wanted = [(a, b) for a, b in spans if a <= b]
    if sum(b - a + 1 for a, b in wanted) <= FEW_MERGED_ROWS:
        rows = sorted({i for a, b in wanted for i in range(a, b + 1)})
        return [first + i for i in rows if any(v is not None for v in frame.row(i))]
    filled = frame.select(pl.any_horizontal(pl.all().is_not_null())).to_series().to_list()
    return [first + i for i, is_used in enumerate(filled) if is_used]


def patch_sheet(frame: pl.DataFrame, scan: SheetScan) -> tuple[pl.DataFrame, int, list[str]]:
    """The frame with formulas without a value read as their text, and merged ranges filled with the value
    of their first cell (the sheet shows it over the whole range) on the rows that hold anything else;
    with the sheet line its first row is."""
    origin = scan.first or (0, 0)
    formulas, merges = scan.formulas, scan.merges
    if not formulas and not merges:
        return frame, origin[0] + 1, []
    # Sheet coordinates (from 0) of the patched frame's first cell: calamine leaves out a formula
    # without a value, even a whole row or column of them.
    top = min([origin[0], *(r for r, _ in formulas)])
    left = min([origin[1], *(c for _, c in formulas)])
    height, width = frame.height, frame.width
    right = max([origin[1] + width - 1, *(c for _, c in formulas)])
    used = sorted(set(_filled_rows(frame, origin[0], merges)) | {r for r, _ in formulas})
    limit = budgets()["cellules_fusionnees_max"]
    if merges and _merge_cells(merges, used, left, right, limit) > limit:
        raise Refused(
            f"feuille refusée : ses plages de cellules fusionnées recouvrent plus de {limit:,} cellules "
            "de données ; annulez les fusions puis enregistrez de nouveau le classeur".replace(",", "\u00a0")
        )
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
        for r in used[bisect.bisect_left(used, r1) : bisect.bisect_right(used, r2)]:
            for c in range(max(c1, left), min(c2, right) + 1):
                if cell(r, c) is None:
                    grid[(r, c)] = value
    if not grid:
        return frame, origin[0] + 1, []
    shift_r, shift_c = origin[0] - top, origin[1] - left
    new_height = max([height + shift_r, *(r - top + 1 for r, _ in grid)])
    new_width = max([width + shift_c, *(c - left + 1 for _, c in grid)])
    by_column: dict[str, dict[int, str]] = {}
    for (r, c), text in grid.items():
        by_column.setdefault(f"c{c - left}", {})[r - top] = text
    names = [f"c{c}" for c in range(new_width)]
    if (shift_r, shift_c, new_height, new_width) != (0, 0, height, width) or frame.columns != names:
        # The frame placed at (shift_r, shift_c) of a new_height x new_width grid of text cells.
        frame = frame.select(pl.col(c).cast(pl.String).alias(f"c{i + shift_c}") for i, c in enumerate(frame.columns))
        frame = frame.with_columns(pl.lit(None, pl.String).alias(n) for n in names if n not in frame.columns)
        blank = pl.DataFrame(schema=dict.fromkeys(names, pl.String))
        frame = pl.concat([blank.clear(shift_r), frame.select(names), blank.clear(new_height - height - shift_r)])
    # The patched cells written into their columns (Series operations: no query for a title over a few cells).
    columns = [frame.get_column(name).cast(pl.String) for name in names]
    frame = pl.DataFrame(
        [
            c.clone().scatter(list(by_column[c.name]), list(by_column[c.name].values())) if c.name in by_column else c
            for c in columns
        ]
    )
    warnings = []
    if formulas:
        n = len(formulas)
        warnings.append(
            f"{n} cellule{'s' if n > 1 else ''} contien{'nent' if n > 1 else 't'} une formule sans "
            "valeur calculée (classeur produit par un programme) : la formule est lue comme texte ; "
            "ouvrez le classeur dans Excel et enregistrez-le pour que ses valeurs soient lues"
        )
    return frame, top + 1, warnings


def _open(data: bytes) -> zipfile.ZipFile:

    if not data:
        raise UnreadableFile("classeur Excel vide (0 octet)")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UnreadableFile(
            "classeur Excel illisible : le fichier n'est pas un vrai .xlsx (endommagé ou tronqué)"
        ) from exc


# Sheets whose XML is at most this size (declared in the archive) are scanned in Python, up to SMALL_TOTAL bytes.
SMALL_SHEET = 2_000_000
SMALL_TOTAL = 8_000_000


def _small_sheets(archive: zipfile.ZipFile, parts: list[SheetPart | None]) -> dict[int, tuple[bytes, Bounds]]:
    """The XML of the workbook's small sheets and their bounds (xlsx_scan.usual_bounds: no query a sheet), by sheet
    index; a sheet left out is read and scanned alone, as a large one is."""
    xmls: dict[int, bytes] = {}
    total = 0
    for index, part in enumerate(parts):
        try:
            size = archive.getinfo(part.part).file_size if part is not None else None
        except KeyError:
            continue
        if size is None or size > SMALL_SHEET or total + size > SMALL_TOTAL:
            continue
        try:
            xmls[index] = archive.read(part.part)  # type: ignore[union-attr]  # size is None without a part
        except Exception:  # told when the sheet is read alone
            continue
        total += size
    if not xmls:
        return {}
    try:
        bounds = usual_bounds(list(xmls.values()))
    except Exception:  # each sheet scanned alone tells its own failure
        return {}
    return {index: (xml, found) for (index, xml), found in zip(xmls.items(), bounds, strict=True)}


def read_xlsx_tables(data: bytes, rel: str) -> list[RawTable]:
    import fastexcel

    archive = _open(data)
    try:
        check_archive(archive)
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
        parts, shared = workbook_sheets(archive)
        lengths = shared_lengths(archive, shared)
    except Refused as exc:
        raise UnreadableFile(str(exc)) from exc
    except Exception as exc:
        raise UnreadableFile(XLSX_UNREADABLE) from exc
    by_name = {p.name: p for p in parts}
    early = _small_sheets(archive, [by_name.get(name) for name in names])
    tables = []
    for index, name in enumerate(names):
        part = by_name.get(name)
        hidden = part.state if part else None

        def refused(reason: str, sheet: str = name, state: str | None = hidden) -> RawTable:
            return RawTable(rel, sheet, pl.DataFrame(), notes=[reason], hidden=state)

        if part is None:  # calamine found a sheet the workbook does not list: it cannot be checked, so not read
            tables.append(refused(SHEET_UNREADABLE))
            continue
        try:
            xml, bounds = early[index] if index in early else (archive.read(part.part), None)
        except Exception:
            tables.append(refused(SHEET_UNREADABLE))
            continue
        try:
            scan = scan_sheet(xml, bounds, known=index in early)
            check_sheet(scan, xml, lengths)
        except Refused as exc:
            tables.append(refused(str(exc)))
            continue
        except Exception:  # the XML itself is broken: calamine would say so too
            tables.append(refused(SHEET_UNREADABLE))
            continue
        del xml
        try:
            frame = _with_errors(reader.load_sheet(index, header_row=None, dtypes="string"))
        except Exception:
            tables.append(refused(SHEET_UNREADABLE))
            continue
        try:
            frame, start, warnings = patch_sheet(frame, scan)
        except Refused as exc:
            tables.append(refused(str(exc)))
            continue
        frame = frame.hstack([pl.Series(LINE_COLUMN, range(start, start + frame.height), pl.Int64)])
        tables.append(RawTable(rel, name, frame, warnings=warnings, hidden=hidden))
    return tables
