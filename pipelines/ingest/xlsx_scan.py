"""What calamine does not tell about an xlsx, read from its XML before any cell is parsed.

One pass over each sheet's XML, in native code (Polars' regular expressions, or expat when the
sheet is not written the usual way): the range of cells holding a value (what calamine will
allocate, rows × columns), the cells holding a formula without a computed value, the merged
ranges and the number of cells that refer to the shared strings. Budgets (data/reference/
budgets_xlsx.csv) are checked on these figures and on the archive's declared sizes, so that a
bomb is refused before calamine allocates anything.
"""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

import polars as pl

from pipelines.reference.settings import REFERENCE_DIR, reference_dir

BUDGETS_FILE = "budgets_xlsx.csv"
SHEET_STATES = {"hidden": "masquée", "veryHidden": "très masquée"}

# A cell holding a value, as written by Excel and every usual writer (`r` first, no prefix): calamine
# keeps exactly these (a formula without a computed value and an empty cell are left out).
_VALUED = r'<c r="[^"]{0,12}"[^>]*>\s*(?:<f[^>]*/>\s*|<f[^>]*>[^<]*</f>\s*)?(?:<v>\s*[^<\s]|<is>)'
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_BARE_CELL = re.compile(rb"<c[>/\t\r\n]")
# Literal first, so that the search runs at C speed over the whole sheet.
_MERGE = re.compile(rb'mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
# A formula cell: its attributes, the formula text (none for a shared formula) and its cached value.
_FORMULA_CELL = re.compile(rb"<c\s([^>/]*)>\s*<f(?:\s[^>]*?)?(?:/>|>(.*?)</f>)\s*(<v\s*/>|<v>(.*?)</v>)?\s*</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_STR_TYPE = re.compile(rb'\bt="str"')
_SHARED_REF = re.compile(rb'<c [^>]*\bt="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')
_SST_ITEM = re.compile(rb"<(?:[\w.-]+:)?si[\s>/]")


class Refused(Exception):
    """Over a budget: the French reason says which and what to do."""


@cache
def _budgets_from(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["cle"]: int(row["valeur"]) for row in csv.DictReader(fh)}


def budgets() -> dict[str, int]:
    """The xlsx budgets: the user's referential copy when it has them, else the shipped file."""
    own = reference_dir() / BUDGETS_FILE
    return _budgets_from(own if own.is_file() else REFERENCE_DIR / BUDGETS_FILE)


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} Mo".replace(",", "\u00a0").replace(".", ",")


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    index = 0
    for char in letters.encode() if isinstance(letters, str) else letters:
        index = index * 26 + (char & 0xDF) - 64
    return index - 1


def check_archive(archive: zipfile.ZipFile) -> None:
    """The archive's declared sizes, before anything is decompressed."""
    limits = budgets()
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits["taille_decompressee_max"]:
        raise Refused(
            f"classeur refusé : une fois décompressé, il ferait {_mb(total)} (au plus "
            f"{_mb(limits['taille_decompressee_max'])} pour un classeur) ; enregistrez les données utiles "
            "dans un classeur plus petit"
        )
    for info in infos:
        if info.file_size > limits["taille_partie_max"]:
            raise Refused(
                f"classeur refusé : sa partie « {info.filename} » ferait {_mb(info.file_size)} une fois "
                f"décompressée (au plus {_mb(limits['taille_partie_max'])})"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits["taux_compression_taille_min"] and ratio > limits["taux_compression_max"]:
            raise Refused(
                f"classeur refusé : sa partie « {info.filename} » se décompresse en {_n(ratio)} fois sa "
                f"taille (au plus {_n(limits['taux_compression_max'])} fois pour un vrai classeur) ; c'est "
                "la marque d'une « bombe » de décompression, le fichier n'est pas lu"
            )
        shared = info.filename.lower().endswith("sharedstrings.xml")
        if shared and info.file_size > limits["textes_partages_taille_max"]:
            raise Refused(
                f"classeur refusé : sa table des textes partagés ferait {_mb(info.file_size)} (au plus "
                f"{_mb(limits['textes_partages_taille_max'])})"
            )


@dataclass
class SheetPart:
    name: str
    part: str
    state: str | None  # None when visible, else « masquée » or « très masquée »


def workbook_sheets(archive: zipfile.ZipFile) -> tuple[list[SheetPart], str | None]:
    """The sheets in workbook order with their XML part, and the shared strings' part if any."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    shared = None
    for r in rels.iter():
        if _local(r.tag) != "Relationship":
            continue
        target = r.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[r.get("Id")] = path
        if r.get("Type", "").endswith("/sharedStrings"):
            shared = path
    # Any namespace (transitional or strict OOXML): the local names are the same.
    sheets = []
    for sheet in workbook.iter():
        if _local(sheet.tag) == "sheet":
            rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
            state = SHEET_STATES.get(sheet.get("state", ""))
            sheets.append(SheetPart(sheet.get("name", ""), targets.get(rid, ""), state))
    return sheets, shared


@dataclass
class SheetScan:
    """A sheet's XML, as far as calamine's reading of it goes. Coordinates from 0."""

    first: tuple[int, int] | None = None  # smallest row, smallest column of the cells holding a value
    last: tuple[int, int] | None = None
    shared_refs: Counter[int] | int = 0  # refs to each shared string (-1: not counted yet)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def area(self) -> int:
        if self.first is None or self.last is None:
            return 0
        return (self.last[0] - self.first[0] + 1) * (self.last[1] - self.first[1] + 1)


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", errors="replace"))


def _formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """Formulas without a computed value (written by a program, never opened in Excel), as text `=B4`."""
    formulas: dict[tuple[int, int], str] = {}
    for attrs, formula, value_element, value in _FORMULA_CELL.findall(xml):
        ref = _REF.search(attrs)
        if ref is None:
            continue
        cached = bool(value_element) and (bool(value.strip()) or bool(_STR_TYPE.search(attrs)))
        if not cached:
            formulas[(int(ref.group(2)) - 1, column_index(ref.group(1)))] = (
                "=" + _xml_text(formula) if formula else "=(formule)"
            )
    return formulas


Bounds = tuple[tuple[int, int], tuple[int, int]] | Literal[False] | None


def _usual_range(text: pl.Series) -> Bounds:
    """Bounds of the cells holding a value, by one native regular expression over the XML; False when a
    reference is not of the usual form (`A1` to `XFD1048576`), for the careful reading to decide."""
    # One query: the valued cells' references, their rows' bounds and their distinct column letters.
    cells = text.to_frame("x").lazy().select(pl.col("x").str.extract_all(_VALUED).explode().drop_nulls())
    refs = pl.col("x").str.slice(6, 12).str.splitn('"', 2).struct.field("field_0")  # `<c r="AB12"…` -> AB12
    rows = refs.str.strip_chars_start("ABCDEFGHIJKLMNOPQRSTUVWXYZ").cast(pl.Int64, strict=False)
    found = (
        cells.select(
            pl.len().alias("n"),
            rows.null_count().alias("nulls"),
            rows.min().alias("first"),
            rows.max().alias("last"),
            refs.str.strip_chars_end("0123456789").unique().implode().alias("letters"),
        )
        .collect()
        .row(0, named=True)
    )
    if not found["n"]:
        return None
    letters = found["letters"]
    if found["nulls"] or not all(_LETTERS.fullmatch(c) for c in letters):
        return False
    columns = [column_index(c) for c in letters]
    first, last = found["first"], found["last"]
    assert isinstance(first, int) and isinstance(last, int)
    return (first - 1, min(columns)), (last - 1, max(columns))


def _is_usual(xml: bytes) -> bool:
    """Every cell tag is `<c r="…` (no prefix, `r` first): then the fast scan sees every cell calamine sees
    (a malformed reference is caught when it is parsed). Plain byte counts first, patterns when needed."""
    if xml.count(b":c") and _PREFIXED_CELL.search(xml):
        return False
    if _BARE_CELL.search(xml):
        return False
    return xml.count(b'<c r="') == xml.count(b"<c ")


def _as_text(xml: bytes) -> pl.Series:
    try:  # checked in native code, without a Python copy of the text
        return pl.Series([xml], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.PolarsError:
        return pl.Series([xml.decode("utf-8", errors="replace")])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_ref(ref: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", ref.strip())
    return (int(match.group(2)) - 1, column_index(match.group(1).upper())) if match else None


def _streamed(xml: bytes, scan: SheetScan) -> None:
    """The cells read with expat, positions as calamine gives them (a cell without `r` follows the previous
    one): for sheets written in an unusual way (prefixed tags, attributes in another order)."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    row, col = -1, 0
    low: list[int | None] = [None, None]
    high = [-1, -1]
    shared: Counter[int] = Counter()
    for start in range(0, len(xml), 1 << 20):
        parser.feed(xml[start : start + (1 << 20)])
        # Only "start" and "end" events are asked for: each comes with an element.
        for event, elem in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):
            name = _local(elem.tag)
            if event == "start":
                if name == "row":
                    given = elem.get("r")
                    row = int(given) - 1 if given and given.isdigit() else row + 1
                    col = 0
                continue
            if name != "c":
                if name == "row":
                    elem.clear()
                continue
            given = elem.get("r")
            ref = _parse_ref(given) if given is not None else (row, col)
            if ref is None:  # calamine would fail on it, or place it anywhere: not read
                raise ValueError(f"cell reference {given!r}")
            r, c = ref
            col = c + 1
            children = {_local(child.tag): child for child in elem}
            value = children.get("v")
            valued = "is" in children or (value is not None and bool((value.text or "").strip()))
            if valued:
                low = [r if low[0] is None else min(low[0], r), c if low[1] is None else min(low[1], c)]
                high = [max(high[0], r), max(high[1], c)]
                if elem.get("t") == "s" and value is not None and (value.text or "").strip().isdigit():
                    shared[int(value.text.strip())] += 1  # type: ignore[union-attr]  # a text: checked just above
            elif "f" in children:
                formula = children["f"].text
                scan.formulas[(r, c)] = "=" + formula if formula else "=(formule)"
            elem.clear()
    parser.close()
    if low[0] is not None:
        scan.first, scan.last = (low[0], low[1]), (high[0], high[1])  # type: ignore[assignment]  # low[1] set with low[0]
    scan.shared_refs = shared


# _VALUED for Python's re, the reference captured: Rust's \s (Unicode White_Space) spelt out, as Python's \s also
# matches \x1c-\x1f. Both engines take the leftmost-first match: the same cells are found.
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_VALUED_PY = re.compile(
    _VALUED.replace(r"[^<\s]", f"[^<{_WS}]").replace(r"\s", f"[{_WS}]").replace('"[^"]{0,12}"', '"([^"]{0,12})"', 1)
)
_USUAL_REFS = re.compile(r"(?:[A-Z]{1,3}[0-9]+\n)*")


def _decoded(xml: bytes) -> str:
    try:
        return xml.decode("utf-8")
    except UnicodeDecodeError:  # as _as_text reads it
        return xml.decode("utf-8", errors="replace")


def usual_bounds(xmls: list[bytes]) -> list[Bounds]:
    """For scan_sheet, the bounds of small sheets (False: the careful reading), as _usual_range gives them, by
    Python's re: cheaper than a query a sheet. A reference is usual when it is 1 to 3 letters then digits (what
    the query's letter and row checks accept)."""
    bounds: list[Bounds] = []
    for xml in xmls:
        refs = _VALUED_PY.findall(_decoded(xml)) if _is_usual(xml) else None
        joined = "\n".join(refs or []) + "\n"
        if refs is None or (refs and not _USUAL_REFS.fullmatch(joined)):
            bounds.append(False)
        elif not refs:
            bounds.append(None)
        else:
            rows = [int(r) for r in re.findall("[0-9]+", joined)]
            columns = [column_index(c) for c in set(re.findall("[A-Z]+", joined))]
            bounds.append(((min(rows) - 1, min(columns)), (max(rows) - 1, max(columns))))
    return bounds


def scan_sheet(xml: bytes, bounds: Bounds | None = None, known: bool = False) -> SheetScan:
    """The sheet's cells as calamine will place them (with `known`, its bounds given by usual_bounds). The
    <dimension> a writer declares is not read: calamine does not size anything on it, and a wrong one (huge,
    or smaller than the cells) must change nothing."""
    scan = SheetScan()
    if not known:
        bounds = _usual_range(_as_text(xml)) if _is_usual(xml) else False
    if bounds is False:
        _streamed(xml, scan)
    else:
        if bounds:
            scan.first, scan.last = bounds
        scan.shared_refs = -1  # counted when the workbook has shared strings
        if b"<f" in xml:
            scan.formulas = _formulas(xml)
    if b"mergeCell" in xml:
        scan.merges = [
            (int(r1) - 1, column_index(c1), int(r2) - 1, column_index(c2)) for c1, r1, c2, r2 in _MERGE.findall(xml)
        ]
    return scan


def shared_lengths(archive: zipfile.ZipFile, part: str | None) -> list[int]:
    """An upper bound of the byte length of each shared string (its XML item)."""
    if part is None or part not in archive.namelist():
        return []
    return [len(chunk) for chunk in _SST_ITEM.split(archive.read(part))[1:]]


def check_sheet(scan: SheetScan, xml: bytes, lengths: list[int]) -> None:
    """The sheet's budgets; raises Refused with the French reason."""
    limits = budgets()
    if scan.first is not None and scan.last is not None:
        (r1, c1), (r2, c2) = scan.first, scan.last
        span = f"{column_letters(c1)}{r1 + 1} à {column_letters(c2)}{r2 + 1}"
        width = c2 - c1 + 1
        advice = (
            "une cellule remplie isolée loin des données en est sans doute la cause : videz-la (ou supprimez "
            "les lignes et colonnes vides au-delà des données) puis enregistrez de nouveau le classeur"
        )
        if width > limits["colonnes_max"]:
            raise Refused(
                f"feuille refusée : ses cellules remplies vont de {span}, soit {_n(width)} colonnes (au plus "
                f"{_n(limits['colonnes_max'])}) ; {advice}"
            )
        if scan.area > limits["cellules_max"]:
            raise Refused(
                f"feuille refusée : ses cellules remplies vont de {span}, soit {_n(scan.area)} cellules "
                f"à lire (au plus {_n(limits['cellules_max'])}) ; {advice}"
            )
    if len(scan.merges) > limits["fusions_max"]:
        raise Refused(
            f"feuille refusée : {_n(len(scan.merges))} plages de cellules fusionnées (au plus "
            f"{_n(limits['fusions_max'])}) ; annulez les fusions puis enregistrez de nouveau le classeur"
        )
    _check_text(scan, xml, lengths, limits["texte_developpe_max"])


def _check_text(scan: SheetScan, xml: bytes, lengths: list[int], limit: int) -> None:
    """calamine copies a shared string into every cell that refers to it: their total, before it happens."""
    if not lengths:
        return
    refs = scan.shared_refs
    if isinstance(refs, int):
        if (xml.count(b't="s"') if refs < 0 else refs) * max(lengths) <= limit:
            return
        refs = Counter(int(i) for i in _SHARED_REF.findall(xml))
    total = sum(lengths[i] * n for i, n in refs.items() if 0 <= i < len(lengths))
    if total > limit:
        raise Refused(
            f"feuille refusée : ses cellules recopient des textes partagés pour un total de {_mb(total)} "
            f"(au plus {_mb(limit)}) ; un même texte très long est sans doute répété dans beaucoup de "
            "cellules"
        )
