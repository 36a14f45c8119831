"""Records of the version in force that a new import would no longer hold.

`assll ingest OTHER_FOLDER` rebuilds the whole warehouse from that folder: records that are not in it
vanish. The count is told in French, and more than a tenth vanishing needs an explicit go-ahead
(`--remplacer` on the command line, a confirmation on the Importer page).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.reference.french import number
from pipelines.store.warehouse import WarehouseMissing, current_version

# More than this share of the previous records vanishing asks for a go-ahead.
MAX_SHARE = 0.10
# Tables with an identifier are compared by id; the others (one row per record) by their number of rows.
ID_TABLES = {"demandes": "id_demande", "mesures": "id_mesure"}
ROW_TABLES = ("passages_gts", "mutualisations")


class TooManyVanish(Exception):
    """More than a tenth of the previous records would vanish; the message is French."""

    def __init__(self, message: str, counts: dict) -> None:
        super().__init__(message)
        self.counts = counts


def vanished(warehouse: Path, tables: dict[str, pl.DataFrame]) -> dict | None:
    """{"precedents": N, "disparus": n, "par_table": {table: n}} against the version in force, or None when
    there is none (or it cannot be read: then nothing is compared, the import goes on)."""
    try:
        version = current_version(Path(warehouse))
    except WarehouseMissing:
        return None
    before, gone, per_table = 0, 0, {}
    try:
        for name, column in ID_TABLES.items():
            old = pl.read_parquet(version / f"{name}.parquet", columns=[column])[column]
            new = tables[name][column] if name in tables else pl.Series(column, [], pl.String)
            missing = int((~old.is_in(new.implode())).sum())
            before, gone, per_table[name] = before + old.len(), gone + missing, missing
        for name in ROW_TABLES:
            old_rows = pl.scan_parquet(version / f"{name}.parquet").select(pl.len()).collect().item()
            missing = max(0, old_rows - (tables[name].height if name in tables else 0))
            before, gone, per_table[name] = before + old_rows, gone + missing, missing
    except (OSError, pl.exceptions.PolarsError):
        return None
    return {"precedents": before, "disparus": gone, "par_table": per_table}


def too_many(counts: dict | None) -> bool:
    return bool(counts) and counts["disparus"] > MAX_SHARE * counts["precedents"]  # type: ignore[index]  # bool(None) is False


def vanished_text(counts: dict | None) -> str:
    """One French sentence: how many records of the version in force are no longer there."""
    if counts is None:
        return "Aucune version précédente de l'entrepôt : tout est nouveau."
    n, total = counts["disparus"], counts["precedents"]
    if not n:
        return f"Aucun des {number(total)} enregistrements de la version précédente ne disparaît."
    detail = ", ".join(f"{number(v)} {LABELS[k]}" for k, v in counts["par_table"].items() if v)
    return (
        f"{number(n)} enregistrement{'s' if n > 1 else ''} de la version précédente (sur {number(total)}) "
        f"n'{'y sont' if n > 1 else 'y est'} plus : {detail}."
    )


LABELS = {
    "demandes": "demande(s)",
    "mesures": "mesure(s)",
    "passages_gts": "passage(s) en GTS",
    "mutualisations": "mutualisation(s)",
}
