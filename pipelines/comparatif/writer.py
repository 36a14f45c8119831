"""Writes a fiche (.xlsx or .csv): title rows, then one line per figure (COMPARATIF.md §1 layout)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

HEADER = ("Département", "Année", "Indicateur", "Valeur", "Commentaire", "Libellé", "Définition")
SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class Row:
    departement: str
    annee: int
    indicateur: str
    valeur: float | str | None  # a number, or a text such as « < 5 » / « nc »; None: empty cell
    commentaire: str
    libelle: str
    definition: str


def _csv_text(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    text = f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",")


def write(path: Path, titles: list[str], rows: list[Row], *, text_values: bool = False) -> Path:
    """`text_values`: the value column formatted as text in the workbook (a template: what the partner
    types, `45 %` or `12,5`, stays as typed and is read by the fiche rules)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [[r.departement, r.annee, r.indicateur, r.valeur, r.commentaire, r.libelle, r.definition] for r in rows]
    if path.suffix.lower() == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for title in titles:
            writer.writerow([title])
        writer.writerow([])
        writer.writerow(HEADER)
        writer.writerows([[*c[:3], _csv_text(c[3]), *c[4:]] for c in cells])
        path.write_bytes(out.getvalue().encode("utf-8-sig"))
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Fiche")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    for i, title in enumerate(titles):
        sheet.write_string(i, 0, title, bold if i == 0 else None)
    top = len(titles) + 1
    for j, name in enumerate(HEADER):
        sheet.write_string(top, j, name, bold)
    for i, c in enumerate(cells, start=top + 1):
        sheet.write_string(i, 0, c[0], text)
        sheet.write_number(i, 1, c[1])
        sheet.write_string(i, 2, c[2])
        if c[3] is None:
            sheet.write_blank(i, 3, None, text if text_values else None)
        elif isinstance(c[3], str) or text_values:
            sheet.write_string(i, 3, c[3] if isinstance(c[3], str) else _csv_text(c[3]), text)
        else:
            sheet.write_number(i, 3, c[3])
        sheet.write_string(i, 4, c[4], text if text_values else None)
        sheet.write_string(i, 5, c[5])
        sheet.write_string(i, 6, c[6])
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 2, 34)
    sheet.set_column(3, 3, 12, text if text_values else None)
    sheet.set_column(4, 4, 30, text if text_values else None)
    sheet.set_column(5, 5, 45)
    sheet.set_column(6, 6, 80)
    book.close()
    return path
