"""One fiche file → its lines, each loaded, rejected with a French reason, or ignored (COMPARATIF.md §1).

The file is read by the export readers (xlsx first sheet with title rows, CSV dialects and encodings);
the header is found among the first rows by folded aliases (data/reference/aliases/comparatif_colonnes.csv).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.comparatif import departements
from pipelines.comparatif.figures import figures, resolve
from pipelines.comparatif.values import parse
from pipelines.ingest.readers import HEADER_SCAN_ROWS, LINE_COLUMN, RawTable, UnreadableFile, read_file
from pipelines.reference import settings
from pipelines.reference.text import fold

REQUIRED = ("departement", "annee", "indicateur", "valeur")
FIRST_YEAR = 2010
FICTIONAL = "donnees fictives"
IGNORE_BLANK, IGNORE_HEADER = "ligne vide", "en-tête répété"


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    with (settings.ALIASES_DIR / "comparatif_colonnes.csv").open(encoding="utf-8", newline="") as fh:
        return {fold(row["alias"]): row["colonne"] for row in csv.DictReader(fh)}


@dataclass
class FicheFile:
    """What one file gave: its lines (dicts) and counts; `motif` says why a file gave nothing."""

    file: str
    lines: list[dict] = field(default_factory=list)
    motif: str | None = None
    fictif: bool = False

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line["statut"] == status)

    def summary(self) -> dict:
        entry = {
            "file": self.file,
            "read": len(self.lines),
            "loaded": self.count("charge"),
            "rejected": self.count("rejete"),
            "ignored": self.count("ignore"),
        }
        return entry | ({"reason": self.motif} if self.motif else {})


def _cells(table: RawTable, index: int) -> list[str]:
    return ["" if v is None else str(v).strip() for v in table.frame.row(index)[: len(table.cell_columns)]]


def _header(table: RawTable) -> tuple[int, dict[str, int]] | None:
    """(row index, column -> position) of the first row naming the four required columns."""
    known = aliases()
    for index in range(min(HEADER_SCAN_ROWS, table.frame.height)):
        positions: dict[str, int] = {}
        for pos, cell in enumerate(_cells(table, index)):
            column = known.get(fold(cell))
            if column and column not in positions:
                positions[column] = pos
        if all(c in positions for c in REQUIRED):
            return index, positions
    return None


def _year(text: str, today: dt.date) -> tuple[int | None, str | None]:
    folded = fold(text)
    folded = folded[:-2] if folded.endswith(" 0") else folded  # 2024.0 from a number cell
    if not folded.isdigit():
        return None, f"année illisible : « {text} »"
    year = int(folded)
    if not FIRST_YEAR <= year <= today.year:
        return None, f"année hors période : {year} (de {FIRST_YEAR} à {today.year})"
    return year, None


def _line(raw: dict[str, str], home: str | None, today: dt.date) -> dict:
    """A data line checked in the order of the columns; the first broken rule is its reason."""
    out: dict = {"departement": None, "annee": None, "indicateur": None, "etat": None, "valeur": None}
    code = departements.resolve(raw["departement"])
    if code is None:
        return out | {
            "motif": f"département inconnu : « {raw['departement']} »" if raw["departement"] else "département manquant"
        }
    if code == home:
        return out | {
            "motif": f"département de l'entrepôt ({code}) : ses chiffres viennent de ses exports, jamais d'une fiche"
        }
    year, reason = _year(raw["annee"], today)
    if reason:
        return out | {"departement": code, "motif": reason}
    ind = resolve(raw["indicateur"])
    if ind is None:
        return out | {
            "departement": code,
            "annee": year,
            "motif": f"indicateur inconnu : « {raw['indicateur']} »" if raw["indicateur"] else "indicateur manquant",
        }
    parsed = parse(raw["valeur"], figures()[ind])
    out |= {"departement": code, "annee": year, "indicateur": ind, "etat": parsed.etat, "valeur": parsed.valeur}
    return out | {"motif": parsed.motif}


def read_fiche(path: Path, rel: str, *, home: str | None, today: dt.date | None = None) -> FicheFile:
    today = today or dt.date.today()
    result = FicheFile(rel)
    try:
        tables = read_file(path, rel)
    except UnreadableFile as exc:
        result.motif = str(exc)
        return result
    except Exception as exc:  # one file that breaks a reader must not stop the others
        result.motif = f"fichier illisible : erreur inattendue pendant sa lecture ({type(exc).__name__})"
        return result
    if not tables or tables[0].notes:
        result.motif = "; ".join(tables[0].notes) if tables else "classeur sans feuille"
        return result
    table = tables[0]  # the first sheet of a workbook
    found = _header(table)
    if found is None:
        result.motif = (
            "aucun en-tête de fiche comparative (colonnes département, année, indicateur, valeur) "
            f"dans les {HEADER_SCAN_ROWS} premières lignes"
        )
        return result
    row, positions = found
    titles = " ".join(" ".join(_cells(table, i)) for i in range(row))
    result.fictif = FICTIONAL in fold(titles)
    lines = table.frame[LINE_COLUMN].to_list()
    for index in range(row + 1, table.frame.height):
        cells = _cells(table, index)
        raw = {c: cells[p] if p < len(cells) else "" for c, p in positions.items()}
        raw.setdefault("commentaire", "")
        base = {
            "fichier": rel,
            "ligne": lines[index],
            "brut": {c: raw[c] for c in (*REQUIRED, "commentaire")},
            "commentaire": raw["commentaire"] or None,
        }
        if not any(cells):
            result.lines.append(base | {"statut": "ignore", "motif": IGNORE_BLANK})
            continue
        if sum(aliases().get(fold(raw[c])) == c for c in REQUIRED) >= 3:  # the header again, any alias
            result.lines.append(base | {"statut": "ignore", "motif": IGNORE_HEADER})
            continue
        checked = _line(raw, home, today)
        status = "rejete" if checked["motif"] else "charge"
        result.lines.append(base | checked | {"statut": status})
        if raw["commentaire"] and FICTIONAL in fold(raw["commentaire"]):
            result.fictif = True
    return result
