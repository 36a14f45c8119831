"""Rows of one recognised table: what sets a row apart (blank, repeated header, total row, second table).

The rows of many tables are classified together in recognise.py; the reasons and the second table's sentence
are here.
"""

from __future__ import annotations

from pipelines.ingest.headers import HeaderMatch
from pipelines.ingest.readers import LINE_COLUMN, RawTable

IGNORE_BLANK = "ligne vide"
IGNORE_HEADER = "en-tête répété"
IGNORE_TOTAL = "ligne de total"
# Rows from the header of a second table on: the French reason they are quarantined.
SECOND_TABLE = "_second_tableau"


def second_table_reason(table: RawTable, match: HeaderMatch) -> str | None:
    if match.next_header is None or match.next_kind is None:
        return None
    line = int(table.frame[LINE_COLUMN][match.next_header])
    where = "la feuille" if table.sheet is not None else "le fichier"
    header = (
        f"en-tête de {match.next_kind.label} ligne {line}"
        if match.next_kind is not match.kind
        else f"nouvel en-tête de {match.kind.label}, aux colonnes différentes, ligne {line}"
    )
    return (
        f"second tableau dans {where} ({header}) : un fichier ou une feuille ne contient qu'un tableau ; "
        "placez ce tableau dans un fichier ou une feuille à part"
    )
