"""The ingest: a folder of raw exports becomes a new version of the warehouse.

read (readers) → find header and kind (headers) → set apart blank/total rows (rows)
→ quarantine and normalise (normalise) → merge records (merge) → derive (derive)
→ publish Parquet (warehouse). Every row read is counted in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from . import derive, normalise
from .comparatif.store import carried_over
from .geography import Geography, agglomeration_codes, load_geography
from .headers import HeaderMatch, find_header
from .merge import merge_records
from .privacy import Hasher, hash_key
from .readers import RawTable, UnreadableFile, is_supported, read_file
from .referential import Referential, load_referential
from .report_data import build_report
from .rows import SECOND_TABLE, classify_rows, second_table_reason
from .schema import KINDS, NON_RECONNU, Kind
from .text import readable_name
from .warehouse import clean_leftovers, ingest_lock, publish


class UnusableInput(Exception):
    """The folder gives nothing to load; the message is French and shown as is."""


@dataclass
class KindResult:
    kind: Kind
    rows: pl.DataFrame  # every data row read, with _ignore / _motif
    loaded: pl.DataFrame  # normalised loaded rows
    records: pl.DataFrame
    conflicts: pl.DataFrame


def list_files(raw_dir: Path, errors: list[tuple[str, OSError]] | None = None) -> list[tuple[str, Path]]:
    """Relative `/` paths sorted by code point, as Python's sorted() does. A sub-folder that cannot be
    listed is added to `errors` (relative path, error) when a list is given."""
    found = []

    def unreadable(exc: OSError) -> None:
        if errors is not None and exc.filename is not None:
            errors.append((readable_name(Path(exc.filename).relative_to(raw_dir).as_posix() + "/"), exc))

    for root, _dirs, files in os.walk(raw_dir, onerror=unreadable):
        for name in files:
            path = Path(root) / name
            found.append((readable_name(path.relative_to(raw_dir).as_posix()), path))
    return sorted(found)


def _folder_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "dossier illisible : accès refusé ; ses fichiers ne sont pas lus"
    if isinstance(exc, FileNotFoundError):
        return "dossier disparu pendant la lecture ; ses fichiers ne sont pas lus"
    return f"dossier illisible (erreur du système de fichiers, code {exc.errno}) ; ses fichiers ne sont pas lus"


def _warnings(table: RawTable, match: HeaderMatch) -> list[str]:
    """What the user should know about a table that is read: French sentences."""
    warnings = list(table.warnings)
    for text, position in match.duplicate_cells:
        warnings.append(f"colonne « {text} » (colonne {position + 1}) en double : elle désigne la même donnée "
                        "qu'une colonne précédente, seule la première est lue")
    reason = second_table_reason(table, match)
    if reason is not None:
        warnings.append(f"{reason} ; ses lignes sont mises en quarantaine")
    return warnings


def _read_tables(raw_dir: Path, ref: Referential) -> tuple[dict[str, list[pl.DataFrame]], list[dict]]:
    frames: dict[str, list[pl.DataFrame]] = {k: [] for k in KINDS}
    files: list[dict] = []
    folder_errors: list[tuple[str, OSError]] = []
    listed = list_files(raw_dir, folder_errors)
    for rel, exc in folder_errors:
        files.append({"fichier": rel, "feuille": None, "table": None, "statut": "illisible",
                      "motif": _folder_reason(exc)})
    seen: dict[str, str] = {}  # digest of a file read -> its relative path
    order = 0
    for rel, path in listed:
        if not is_supported(path):
            files.append({"fichier": rel, "feuille": None, "table": None, "statut": "ignoré",
                          "motif": f"format non pris en charge ({path.suffix.lower() or 'sans extension'}) : "
                                   "seuls les fichiers .xlsx, .csv et .txt sont lus"})
            continue
        try:
            tables: list[RawTable] = read_file(path, rel)
        except UnreadableFile as exc:
            files.append({"fichier": rel, "feuille": None, "table": None, "statut": "illisible",
                          "motif": str(exc)})
            continue
        except Exception as exc:  # a reader failure on one file must not stop the others
            files.append({"fichier": rel, "feuille": None, "table": None, "statut": "illisible",
                          "motif": "fichier illisible : erreur inattendue pendant sa lecture ; les autres fichiers "
                                   "sont importés. Signalez-la en joignant ce fichier",
                          "detail_technique": f"{type(exc).__name__}: {exc}"[:500]})
            continue
        digest = tables[0].digest if tables else None
        if digest is not None and digest in seen:
            files.append({"fichier": rel, "feuille": None, "table": None, "statut": "ignoré",
                          "motif": f"contenu identique à « {seen[digest]} », déjà lu : ce doublon est ignoré pour "
                                   "ne pas compter ses lignes deux fois"})
            continue
        if digest is not None:
            seen[digest] = rel
        for table in tables:
            order += 1
            entry = {"fichier": rel, "feuille": table.sheet, "table": None, "encodage": table.encoding,
                     "separateur": table.delimiter}
            if table.hidden:  # only then, so that the report of a workbook without hidden sheets is unchanged
                entry["feuille_masquee"] = table.hidden
            if table.notes:
                files.append(entry | {"statut": "illisible", "motif": "; ".join(table.notes)})
                continue
            if table.frame.height == 0:
                files.append(entry | {"statut": "ignoré", "motif": "feuille ou fichier sans aucune ligne"})
                continue
            match = find_header(table, ref)
            if match.kind is None:
                files.append(entry | {"statut": "ignoré", "motif": match.reason})
                continue
            rows = classify_rows(table, match, order)
            frames[match.kind.name].append(rows)
            warnings = _warnings(table, match)
            files.append(entry | {
                "table": match.kind.name, "statut": "lu", "ligne_entete": int(table.frame["_ligne"][match.row]),
                "colonnes": sorted(set(match.columns.values()), key=match.kind.columns.index),
                "colonnes_inconnues": match.unknown, "colonnes_en_double": match.duplicates,
                **({"motif": " ; ".join(warnings), "avertissements": warnings} if warnings else {}),
                "_ordre": order,
            })
    return frames, files


def _process_kind(kind: Kind, parts: list[pl.DataFrame], ref: Referential, hasher: Hasher,
                  today: dt.date) -> pl.DataFrame:
    rows = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame(
        schema={"_ordre": pl.Int64, "_fichier": pl.String, "_feuille": pl.String, "_ligne": pl.Int64,
                "_ignore": pl.String, SECOND_TABLE: pl.String})
    rows = normalise.ensure_columns(rows, kind)
    return normalise.quarantine_reasons(rows, kind, ref, today)


def _empty_like(kind: Kind) -> pl.DataFrame:
    return pl.DataFrame(schema={"id": pl.String, "colonne": pl.String, "valeurs": pl.List(pl.String),
                                "retenue": pl.String})


def run_kinds(raw_dir: Path, ref: Referential, geo: Geography, hasher: Hasher,
              today: dt.date) -> tuple[dict[str, KindResult], list[dict]]:
    frames, files = _read_tables(raw_dir, ref)
    results: dict[str, KindResult] = {}
    for name, kind in KINDS.items():
        rows = _process_kind(kind, frames[name], ref, hasher, today)
        loaded = normalise.normalise_values(
            rows.filter(pl.col("_ignore").is_null() & pl.col("_motif").is_null()), kind, ref, hasher)
        if name == "demandes":
            loaded = derive.commune_keys(loaded, geo)
        if kind.record_id:
            records, conflicts = merge_records(loaded, kind.record_id, kind.evolving)
            if name == "demandes":
                conflicts = derive.name_commune_conflicts(conflicts, geo)
        else:
            records, conflicts = loaded, _empty_like(kind)
        results[name] = KindResult(kind, rows, loaded, records, conflicts)
    demandes = derive.derive_demandes(results["demandes"].records, ref, geo)
    results["demandes"].records = demandes
    results["mesures"].records = derive.derive_mesures(results["mesures"].records, demandes)
    results["passages_gts"].records = derive.derive_passages(results["passages_gts"].records)
    return results, files


def _public(frame: pl.DataFrame, provenance: bool) -> pl.DataFrame:
    keep = {"_fichier": "fichier", "_feuille": "feuille", "_ligne": "ligne"} if provenance else {}
    frame = frame.rename({k: v for k, v in keep.items() if k in frame.columns})
    return frame.drop([c for c in frame.columns if c.startswith("_")])


def quarantine_table(results: dict[str, KindResult], hasher: Hasher) -> pl.DataFrame:
    parts = []
    for name, result in results.items():
        bad = result.rows.filter(pl.col("_motif").is_not_null())
        if "id_menage" in bad.columns:
            bad = bad.with_columns(pl.col("id_menage").map_elements(hasher, return_dtype=pl.String))
        parts.append(bad.select(
            pl.lit(name).alias("table"), pl.col("_fichier").alias("fichier"), pl.col("_feuille").alias("feuille"),
            pl.col("_ligne").alias("ligne"), pl.col("_motif").alias("motif"),
            pl.struct(list(result.kind.columns)).struct.json_encode().alias("valeurs_brutes"),
            pl.col("_ordre"),
        ))
    return pl.concat(parts).sort("_ordre", "ligne").drop("_ordre")


def referential_tables(ref: Referential, geo: Geography) -> dict[str, pl.DataFrame]:
    base = ref.directory
    etp = pl.read_csv(base / "etp_secteurs.csv", schema_overrides={"annee_debut": pl.Int32, "etp": pl.Float64})
    communes = pl.read_csv(base / "charente_communes.csv", infer_schema=False).with_columns(
        pl.col("population").cast(pl.Int64))
    sectors_map = pl.read_csv(base / "communes_secteurs.csv", infer_schema=False).select(
        "code_insee", pl.col("secteur").alias("secteur_defaut"))
    groups = pl.read_csv(base / "groupes_dispositif.csv", infer_schema=False)
    agglomerations = agglomeration_codes(base)
    domains = dict(ref.canonical)
    domains["groupe_dispositif"] = list(dict.fromkeys(groups["groupe"].to_list()))
    domains["epci"] = sorted(geo.epci_names)
    domains["commune"] = sorted(geo.communes)
    values = [(domain, value, i) for domain, vals in domains.items() for i, value in enumerate(vals)]
    return {
        "ref_secteurs": pl.DataFrame({"secteur": ref.sectors, "tas": [ref.sector_tas[s] for s in ref.sectors],
                                      "ordre": list(range(1, len(ref.sectors) + 1))}),
        "ref_etp": etp,
        "ref_communes": communes.join(sectors_map, on="code_insee", how="left"),
        "ref_epci": pl.DataFrame({"code_epci": list(geo.epci_names), "epci": list(geo.epci_names.values()),
                                  "agglomeration": [c in agglomerations for c in geo.epci_names]}).sort("code_epci"),
        "ref_groupes_dispositif": groups,
        "ref_valeurs": pl.DataFrame(values, schema={"domaine": pl.String, "valeur": pl.String,
                                                    "ordre": pl.Int32}, orient="row"),
    }


def _files_seen(files: list[dict], limit: int = 10) -> str:
    """What was found instead, for the message of an unusable folder."""
    if not files:
        return " Le dossier ne contient aucun fichier."
    lines = [f"\n  {f['fichier']}" + (f" [{f['feuille']}]" if f.get("feuille") else "") + f" : {f['statut']} — "
             f"{f.get('motif') or ''}" for f in files[:limit]]
    more = f"\n  … et {len(files) - limit} autres" if len(files) > limit else ""
    return "\nFichiers examinés :" + "".join(lines) + more


def _build(raw_dir: Path, *, today: dt.date | None, key: str | None,
           reference: Path | None) -> tuple[dict, dict[str, pl.DataFrame]]:
    """Reads, normalises, merges and derives raw_dir: the report and the tables to publish.
    Writes nothing (the hashing key aside, generated on first use as `ingest` does)."""
    raw_dir = Path(raw_dir)
    shown = readable_name(str(raw_dir))
    if not raw_dir.is_dir():
        raise UnusableInput(f"Le dossier « {shown} » n'existe pas ou n'est pas un dossier.")
    today = today or dt.date.today()
    ref = load_referential(reference)
    geo = load_geography(reference)
    hasher = Hasher(hash_key(key))
    results, files = run_kinds(raw_dir, ref, geo, hasher, today)
    if not any(r.rows.height for r in results.values()) and not any(f.get("table") for f in files):
        raise UnusableInput(
            f"Aucun tableau reconnu dans « {shown} » : aucun fichier .xlsx, .csv ou .txt n'a un en-tête "
            "de demandes, de mesures, de passages en GTS ou de mutualisations." + _files_seen(files))
    quarantine = quarantine_table(results, hasher)
    report = build_report(results, files, quarantine, today, Path(shown))
    tables = {name: _public(r.records, provenance=not r.kind.record_id) for name, r in results.items()}
    tables["quarantaine"] = quarantine
    tables["conflits"] = pl.concat([r.conflicts.with_columns(pl.lit(n).alias("table"))
                                    for n, r in results.items()]).select("table", pl.exclude("table"))
    tables |= referential_tables(ref, geo)
    return report, tables


def preview(raw_dir: Path, today: dt.date | None = None, key: str | None = None, *,
            reference: Path | None = None) -> dict:
    """The report `ingest` would give for raw_dir, without touching any warehouse."""
    report, _tables = _build(raw_dir, today=today, key=key, reference=reference)
    return report


def ingest(raw_dir: Path, warehouse: Path, *, today: dt.date | None = None, key: str | None = None,
           reference: Path | None = None) -> dict:
    """Ingests raw_dir into a new warehouse version; returns the ingest report."""
    report, tables = _build(raw_dir, today=today, key=key, reference=reference)
    warehouse = Path(warehouse)
    with ingest_lock(warehouse):
        report["nettoyage"] = clean_leftovers(warehouse)
        fiches, extra = carried_over(warehouse)  # the partners' fiches stay loaded across ingests
        publish(warehouse, tables | fiches, report, extra)
    return report


__all__ = ["NON_RECONNU", "UnusableInput", "ingest", "preview"]
