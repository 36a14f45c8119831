"""`assll comparatif import`: every fiche of a folder checked, then loaded as a new warehouse version."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polars as pl

from pipelines.comparatif.fiche import FicheFile, read_fiche
from pipelines.ingest.folder import list_files
from pipelines.ingest.pipeline import UnusableInput
from pipelines.ingest.readers import is_supported
from pipelines.reference import settings
from pipelines.reference.text import readable_name
from pipelines.store import fiches as fiche_store
from pipelines.store import journal
from pipelines.store.warehouse import REPORT as INGEST_REPORT
from pipelines.store.warehouse import WarehouseMissing, clean_leftovers, current_version, ingest_lock, publish

FICHES_ENV = "ASSLL_FICHES_DIR"


def fiches_dir() -> Path:
    """The folder of the partners' fiches that the dashboard adds to and imports: $ASSLL_FICHES_DIR, else
    data/raw/fiches."""
    env = os.environ.get(FICHES_ENV)
    return Path(env).expanduser().resolve() if env else settings.DEFAULT_RAW_DIR / "fiches"


def read_folder(folder: Path, *, home: str | None, today: dt.date | None = None) -> list[FicheFile]:
    folder = Path(folder)
    if not folder.is_dir():
        raise UnusableInput(f"Le dossier « {readable_name(str(folder))} » n'existe pas ou n'est pas un dossier.")
    results = []
    for rel, path in list_files(folder):
        if not is_supported(path):
            results.append(
                FicheFile(
                    rel,
                    motif=f"format non pris en charge ({path.suffix.lower() or 'sans extension'})"
                    " : seuls les fichiers .xlsx, .csv et .txt sont lus",
                )
            )
            continue
        results.append(read_fiche(path, rel, home=home, today=today))
    return results


def _key(line: dict) -> tuple[str, int, str]:
    return line["departement"], line["annee"], line["indicateur"]


def resolve_conflicts(files: list[FicheFile]) -> tuple[list[dict], list[dict]]:
    """The loaded lines that stand (the later file in path order, the later line within a file, wins)
    and the conflicts: every (département, year, indicator) given more than once."""
    by_key: dict[tuple[str, int, str], list[dict]] = {}
    for fiche in files:  # already in path order
        for line in fiche.lines:
            if line["statut"] == "charge":
                by_key.setdefault(_key(line), []).append(line)
    kept, conflicts = [], []
    for key, lines in by_key.items():
        kept.append(lines[-1])
        if len(lines) > 1:
            conflicts.append(
                {
                    "departement": key[0],
                    "annee": key[1],
                    "indicateur": key[2],
                    "values": [{"file": x["fichier"], "line": x["ligne"], "value": x["brut"]["valeur"]} for x in lines],
                    "kept": {"file": lines[-1]["fichier"], "line": lines[-1]["ligne"]},
                }
            )
    return kept, conflicts


def build(files: list[FicheFile]) -> tuple[dict, pl.DataFrame]:
    """The report (COMPARATIF.md §1, keys of the issue) and the table of the figures that stand."""
    kept, conflicts = resolve_conflicts(files)
    fictional = {f.file for f in files if f.fictif}
    rejected = [
        {"file": x["fichier"], "line": x["ligne"], "reason": x["motif"], "values": x["brut"]}
        for f in files
        for x in f.lines
        if x["statut"] == "rejete"
    ]
    report = {
        "files": [f.summary() for f in files],
        "rejected": rejected,
        "conflicts": conflicts,
        "fictif": bool(fictional),
        "figures": len(kept),
    }
    rows = [
        {
            "departement": x["departement"],
            "annee": x["annee"],
            "indicateur": x["indicateur"],
            "etat": x["etat"],
            "valeur": x["valeur"],
            "valeur_brute": x["brut"]["valeur"],
            "commentaire": x["commentaire"],
            "fichier": x["fichier"],
            "ligne": x["ligne"],
            "fictif": x["fichier"] in fictional,
        }
        for x in kept
    ]
    table = pl.DataFrame(rows, schema=fiche_store.SCHEMA).sort("departement", "annee", "indicateur")
    return report, table


def departement_of(version: Path) -> str:
    """The département of a warehouse version: the one most of its communes belong to."""
    communes = pl.read_parquet(version / "ref_communes.parquet", columns=["code_insee"])
    code = pl.col("code_insee")
    codes = communes.select(
        pl.when(code.str.starts_with("97")).then(code.str.slice(0, 3)).otherwise(code.str.slice(0, 2)).alias("d")
    )["d"]
    return codes.mode().sort()[0]


def home_departement(warehouse: Path) -> str:
    return departement_of(current_version(warehouse))


def _version_in_force(warehouse: Path) -> Path:
    try:
        return current_version(warehouse)
    except WarehouseMissing as exc:
        raise UnusableInput(
            f"Aucun entrepôt de données dans « {readable_name(str(warehouse))} » : importez d'abord "
            "les exports (« assll ingest DOSSIER ») avant les fiches comparatives."
        ) from exc


def preview(folder: Path, warehouse: Path, today: dt.date | None = None) -> tuple[dict, pl.DataFrame]:
    """What `import_fiches` would load, without touching the warehouse."""
    _version_in_force(warehouse)
    return build(read_folder(folder, home=home_departement(warehouse), today=today))


def import_fiches(folder: Path, warehouse: Path, today: dt.date | None = None, who: str | None = None) -> dict:
    """Checks every fiche of folder and publishes a new version whose `comparatif` table holds exactly
    the figures that stand. Raises UnusableInput (warehouse untouched) when no line can be loaded."""
    warehouse = Path(warehouse)
    report, table = preview(folder, warehouse, today)
    report["folder"] = readable_name(str(Path(folder).resolve()))
    if table.is_empty():
        raise UnusableInput(
            "Aucune ligne de fiche comparative utilisable dans « "
            f"{readable_name(str(folder))} » : l'entrepôt reste inchangé.\n" + _files_text(report)
        )
    payload = json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8")
    with ingest_lock(warehouse):
        clean_leftovers(warehouse)
        version = _version_in_force(warehouse)
        tables = {p.stem: pl.read_parquet(p) for p in sorted(version.glob("*.parquet"))}
        tables[fiche_store.TABLE] = table
        ingest_report = json.loads((version / INGEST_REPORT).read_text(encoding="utf-8"))
        published = publish(warehouse, tables, ingest_report, extra={fiche_store.REPORT: payload})
        fiche_store.write_root_report(warehouse, report)
        journal.append(
            warehouse,
            journal.FICHES,
            who or journal.command_line_user(),
            dossier=report["folder"],
            fichiers=journal.files_of(list_files(Path(folder))),
            chiffres=report.get("figures"),
            version=published.name,
        )
    return report


def _files_text(report: dict) -> str:
    return (
        "\n".join(f"  {f['file']} : {f.get('reason') or 'aucune ligne chargée'}" for f in report["files"])
        or "  (dossier vide)"
    )
