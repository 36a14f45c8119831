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
from .geography import Geography, load_geography
from .headers import find_header
from .merge import merge_records
from .privacy import Hasher, hash_key
from .readers import RawTable, UnreadableFile, is_supported, read_file
from .referential import Referential, load_referential
from .report_data import build_report
from .rows import classify_rows
from .schema import KINDS, NON_RECONNU, Kind
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


def list_files(raw_dir: Path) -> list[tuple[str, Path]]:
    """Relative `/` paths sorted by code point, as Python's sorted() does."""
    found = []
    for root, _dirs, files in os.walk(raw_dir):
        for name in files:
            path = Path(root) / name
            found.append((path.relative_to(raw_dir).as_posix(), path))
    return sorted(found)


def _read_tables(raw_dir: Path, ref: Referential) -> tuple[dict[str, list[pl.DataFrame]], list[dict]]:
    frames: dict[str, list[pl.DataFrame]] = {k: [] for k in KINDS}
    files: list[dict] = []
    order = 0
    for rel, path in list_files(raw_dir):
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
        for table in tables:
            order += 1
            entry = {"fichier": rel, "feuille": table.sheet, "table": None, "encodage": table.encoding,
                     "separateur": table.delimiter}
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
            files.append(entry | {
                "table": match.kind.name, "statut": "lu", "ligne_entete": int(table.frame["_ligne"][match.row]),
                "colonnes": sorted(set(match.columns.values()), key=match.kind.columns.index),
                "colonnes_inconnues": match.unknown, "colonnes_en_double": match.duplicates,
                "_ordre": order,
            })
    return frames, files


def _process_kind(kind: Kind, parts: list[pl.DataFrame], ref: Referential, hasher: Hasher,
                  today: dt.date) -> pl.DataFrame:
    rows = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame(
        schema={"_ordre": pl.Int64, "_fichier": pl.String, "_feuille": pl.String, "_ligne": pl.Int64,
                "_ignore": pl.String})
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
        "ref_epci": pl.DataFrame({"code_epci": list(geo.epci_names), "epci": list(geo.epci_names.values())}
                                 ).sort("code_epci"),
        "ref_groupes_dispositif": groups,
        "ref_valeurs": pl.DataFrame(values, schema={"domaine": pl.String, "valeur": pl.String,
                                                    "ordre": pl.Int32}, orient="row"),
    }


def _build(raw_dir: Path, *, today: dt.date | None, key: str | None,
           reference: Path | None) -> tuple[dict, dict[str, pl.DataFrame]]:
    """Reads, normalises, merges and derives raw_dir: the report and the tables to publish.
    Writes nothing (the hashing key aside, generated on first use as `ingest` does)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise UnusableInput(f"Le dossier « {raw_dir} » n'existe pas ou n'est pas un dossier.")
    today = today or dt.date.today()
    ref = load_referential(reference)
    geo = load_geography(reference)
    hasher = Hasher(hash_key(key))
    results, files = run_kinds(raw_dir, ref, geo, hasher, today)
    if not any(r.rows.height for r in results.values()) and not any(f.get("table") for f in files):
        raise UnusableInput(
            f"Aucun tableau reconnu dans « {raw_dir} » : aucun fichier .xlsx, .csv ou .txt n'a un en-tête "
            "de demandes, de mesures, de passages en GTS ou de mutualisations.")
    quarantine = quarantine_table(results, hasher)
    report = build_report(results, files, quarantine, today, raw_dir)
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
        publish(warehouse, tables, report)
    return report


__all__ = ["NON_RECONNU", "UnusableInput", "ingest", "preview"]
