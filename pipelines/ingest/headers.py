"""Find the header row of a raw table and recognise its kind from the header alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.ingest.readers import HEADER_SCAN_ROWS, RawTable
from pipelines.reference.referential import Referential
from pipelines.reference.schema import KINDS, Kind
from pipelines.reference.text import fold

COLUMN_LABELS = {
    "id_demande": "n° de demande",
    "date_demande": "date de la demande",
    "type_mesure": "type de mesure",
    "prescripteur": "prescripteur",
    "dispositif": "dispositif",
    "instance": "instance de décision",
    "aide_financiere": "aide financière",
    "code_insee": "code INSEE",
    "commune": "commune",
    "secteur": "secteur",
    "tas": "TAS",
    "statut_occupation": "statut d'occupation",
    "objectif": "objectif",
    "decision": "décision",
    "motif_refus": "motif du refus",
    "date_decision": "date de décision",
    "id_menage": "n° de ménage",
    "evaluation_conjointe": "évaluation conjointe",
    "id_mesure": "n° de mesure",
    "date_debut": "date de début",
    "date_fin": "date de fin",
    "intervenant": "travailleur social ASSLL",
    "secteur_intervenant": "secteur de l'intervenant",
    "motif_arret": "motif d'arrêt",
    "resultat_objectifs": "atteinte des objectifs",
    "nb_renouvellements": "nombre de renouvellements",
    "date_seance": "date de séance GTS",
    "objet": "objet du passage",
    "decision_gts": "décision du GTS",
    "date_mutualisation": "date de mutualisation",
    "secteur_origine": "secteur d'origine",
    "secteur_accueil": "secteur d'accueil",
}


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " "))


@dataclass
class HeaderMatch:
    kind: Kind | None
    row: int = -1
    # position in the raw row -> canonical column
    columns: dict[int, str] = field(default_factory=dict)
    header_cells: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # header text and position (from 0) of each cell naming a column already named further left
    duplicate_cells: list[tuple[str, int]] = field(default_factory=list)
    reason: str = ""
    # index in the frame of a later row that is the header of another table (a second table below the
    # first one in the same file or sheet), and that table's kind
    next_header: int | None = None
    next_kind: Kind | None = None


def _match_kind(kind: Kind, folded: list[str], ref: Referential) -> tuple[dict[int, str], list[tuple[int, str]]]:
    aliases = ref.headers[kind.name]
    columns: dict[int, str] = {}
    duplicates: list[tuple[int, str]] = []
    for pos, cell in enumerate(folded):
        column = aliases.get(cell)
        if column is None:
            continue
        if column in columns.values():
            duplicates.append((pos, column))
            continue
        columns[pos] = column
    return columns, duplicates


def qualifying_kinds(folded: list[str], ref: Referential) -> list[tuple[int, Kind, dict[int, str]]]:
    found = []
    for kind in KINDS.values():
        columns, _ = _match_kind(kind, folded, ref)
        if _qualifies(kind, set(columns.values())):
            found.append((len(columns), kind, columns))
    return sorted(found, key=lambda c: -c[0])


def _qualifies(kind: Kind, present: set[str]) -> bool:
    return all(c in present for c in kind.required) and all(
        any(c in present for c in group) for group in kind.required_any
    )


def header_row(table: RawTable, ref: Referential) -> HeaderMatch:
    """The header row and kind of the table, from its first rows only (the header of a second table below is
    looked for by recognise.py, for many tables at once)."""
    frame = table.frame
    cells = table.cell_columns
    best_missing: tuple[int, Kind, list[str]] | None = None
    for row, values in enumerate(frame.head(HEADER_SCAN_ROWS).rows()):
        raw = ["" if v is None else str(v).strip() for v in values[: len(cells)]]
        folded = [fold(v) for v in raw]
        if not any(folded):
            continue
        candidates = []
        for kind in KINDS.values():
            columns, duplicates = _match_kind(kind, folded, ref)
            present = set(columns.values())
            if _qualifies(kind, present):
                candidates.append((len(columns), kind, columns, duplicates))
            else:
                missing = [c for c in kind.required if c not in present]
                missing += ["/".join(g) for g in kind.required_any if not any(c in present for c in g)]
                if columns and (best_missing is None or len(columns) > best_missing[0]):
                    best_missing = (len(columns), kind, missing)
        if not candidates:
            continue
        candidates.sort(key=lambda c: -c[0])
        if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
            names = " et ".join(c[1].label for c in candidates if c[0] == candidates[0][0])
            return HeaderMatch(None, row, reason=f"en-tête ambigu : il convient autant aux {names} ; tableau ignoré")
        _, kind, columns, duplicates = candidates[0]
        unknown = [
            raw[i]
            for i in range(len(raw))
            if raw[i] and i not in columns and fold(raw[i]) not in ref.headers[kind.name]
        ]
        return HeaderMatch(
            kind, row, columns, raw, unknown, [c for _, c in duplicates], [(raw[p], p) for p, _ in duplicates]
        )
    if best_missing is not None:
        _, kind, missing = best_missing
        labels = ", ".join(column_label(c) for c in missing)
        return HeaderMatch(
            None,
            reason=f"en-tête non reconnu : ressemble à un tableau de {kind.label} "
            f"mais il manque la colonne obligatoire « {labels} »",
        )
    return HeaderMatch(
        None,
        reason="aucun en-tête reconnu (ni demandes, ni mesures, ni passages en GTS, "
        "ni mutualisations) dans les 11 premières lignes",
    )
