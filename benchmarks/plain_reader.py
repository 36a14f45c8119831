"""A plain-Python reader of a folder of exports: the baseline the ingest is measured against (not a test).

    .venv/bin/python benchmarks/plain_reader.py DOSSIER

What a careful analyst would write with the standard library and openpyxl, and nothing slower than
needed: every file in path order; CSV/TXT decoded (UTF-8 with or without BOM, UTF-16, else
Windows-1252), the delimiter sniffed (`;`, `,`, tab: the one giving the same field count on most
of the first lines), rows split by `csv`; xlsx workbooks opened by openpyxl in read-only mode with
cached values, every sheet's rows read. In each table the header row is found among the first 11
rows (the row with the most cells matching a column alias of data/reference/aliases/colonnes.csv)
and every row below becomes a dict {canonical column: text}. Prints one JSON line: files, tables,
rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER_ROWS = 11
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value).lower().replace("œ", "oe").replace("æ", "ae"))
    return _NON_ALNUM.sub(" ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def load_aliases() -> dict[str, str]:
    with (ROOT / "data/reference/aliases/colonnes.csv").open(encoding="utf-8", newline="") as fh:
        return {fold(row["alias"]): row["colonne"] for row in csv.DictReader(fh)}


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff(text: str) -> str:
    lines = text[:50_000].splitlines()[:30]
    best, best_score = ";", (0, 0)
    for delimiter in (";", ",", "\t"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
        if counts:
            modal, n = Counter(counts).most_common(1)[0]
            if modal > 1 and (n, modal) > best_score:
                best, best_score = delimiter, (n, modal)
    return best


def records(rows: list[list[str]], aliases: dict[str, str]) -> list[dict[str, str]]:
    """Rows below the header row as dicts of canonical column -> text; none when no header is found."""
    best, best_hits = -1, 1
    for i, row in enumerate(rows[:HEADER_ROWS]):
        hits = sum(1 for cell in row if cell and fold(cell) in aliases)
        if hits > best_hits:
            best, best_hits = i, hits
    if best < 0:
        return []
    columns = [(p, aliases[fold(c)]) for p, c in enumerate(rows[best]) if c and fold(c) in aliases]
    out = []
    for row in rows[best + 1 :]:
        record = {name: row[p].strip() for p, name in columns if p < len(row) and row[p] and row[p].strip()}
        if record:
            out.append(record)
    return out


def read_csv(path: Path) -> list[list[str]]:
    text = decode(path.read_bytes())
    return list(csv.reader(io.StringIO(text), delimiter=sniff(text)))


def read_xlsx(path: Path) -> list[list[list[str]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def read_folder(folder: Path) -> dict[str, int]:
    aliases = load_aliases()
    files = tables = rows = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix in (".csv", ".txt"):
            sheets = [read_csv(path)]
        elif suffix == ".xlsx":
            sheets = read_xlsx(path)
        else:
            continue
        files += 1
        for sheet in sheets:
            found = records(sheet, aliases)
            tables += bool(found)
            rows += len(found)
    return {"files": files, "tables": tables, "rows": rows}


if __name__ == "__main__":
    print(json.dumps(read_folder(Path(sys.argv[1]))))
