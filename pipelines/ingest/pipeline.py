"""The ingest: a folder of raw exports becomes a new version of the warehouse.

read (readers) → find header and kind (headers) → set apart blank/total rows (rows)
→ quarantine and normalise (normalise) → merge records (merge) → derive (derive)
→ publish Parquet (warehouse). Every row read is counted in exactly one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import polars as pl

from pipelines.ingest import derive, normalise
from pipelines.ingest.bilan import build_report
from pipelines.ingest.file_tables import read_all
from pipelines.ingest.folder import folder_reason, list_files
from pipelines.ingest.headers import HeaderMatch, column_label
from pipelines.ingest.merge import KindResult, case_variants, incoherent_records, merge_records
from pipelines.ingest.privacy import Hasher, KeyRefused, hash_key
from pipelines.ingest.readers import RawTable, RefusedFile, UnreadableFile, is_supported
from pipelines.ingest.recognise import TableRead
from pipelines.ingest.rows import SECOND_TABLE, second_table_reason
from pipelines.ingest.vanished import TooManyVanish, too_many, vanished, vanished_text
from pipelines.ingest.version_tables import quarantine_table, warehouse_tables
from pipelines.reference.french import number
from pipelines.reference.geography import Geography, load_geography
from pipelines.reference.referential import Referential, load_referential
from pipelines.reference.schema import KINDS, NON_RECONNU, Kind
from pipelines.reference.text import readable_name
from pipelines.store import journal
from pipelines.store.fiches import carried_over
from pipelines.store.warehouse import clean_leftovers, ingest_lock, publish


class UnusableInput(Exception):
    """The folder gives nothing to load; the message is French and shown as is."""


def _warnings(table: RawTable, match: HeaderMatch) -> list[str]:
    """What the user should know about a table that is read: French sentences."""
    warnings = list(table.warnings)
    for text, position in match.duplicate_cells:
        warnings.append(
            f"colonne « {text} » (colonne {position + 1}) en double : elle désigne la même donnée "
            "qu'une colonne précédente, seule la première est lue"
        )
    reason = second_table_reason(table, match)
    if reason is not None:
        warnings.append(f"{reason} ; ses lignes sont mises en quarantaine")
    return warnings


def _read_tables(
    raw_dir: Path, ref: Referential, roots: tuple[Path, ...] = ()
) -> tuple[dict[str, list[pl.DataFrame]], list[dict]]:
    frames: dict[str, list[pl.DataFrame]] = {k: [] for k in KINDS}
    files: list[dict] = []
    folder_errors: list[tuple[str, OSError]] = []
    skipped: list[tuple[str, str]] = []
    listed = list_files(raw_dir, folder_errors, skipped)
    for rel, exc in folder_errors:
        files.append(
            {"fichier": rel, "feuille": None, "table": None, "statut": "illisible", "motif": folder_reason(exc)}
        )
    for rel, reason in skipped:
        files.append({"fichier": rel, "feuille": None, "table": None, "statut": "refusé", "motif": reason})
    seen: dict[str, str] = {}  # digest of a file read -> its relative path
    order = 0
    # Read and recognised in parallel, handed back in this order (file_tables). Closed here, in this thread: left to
    # the garbage collector, the reading threads were joined in whatever thread it ran, which deadlocked against a
    # thread being started (seen in a full test run).
    supported = [(rel, path) for rel, path in listed if is_supported(path)]
    with contextlib.closing(read_all(supported, (raw_dir, *roots), ref, _warnings)) as outcomes:
        for rel, path in listed:
            if not is_supported(path):
                files.append(
                    {
                        "fichier": rel,
                        "feuille": None,
                        "table": None,
                        "statut": "ignoré",
                        "motif": f"format non pris en charge ({path.suffix.lower() or 'sans extension'}) : "
                        "seuls les fichiers .xlsx, .csv et .txt sont lus",
                    }
                )
                continue
            try:
                outcome = next(outcomes)
                if isinstance(outcome, BaseException):
                    raise outcome
                tables: list[TableRead] = outcome
            except RefusedFile as exc:
                files.append({"fichier": rel, "feuille": None, "table": None, "statut": "refusé", "motif": str(exc)})
                continue
            except UnreadableFile as exc:
                files.append({"fichier": rel, "feuille": None, "table": None, "statut": "illisible", "motif": str(exc)})
                continue
            except Exception as exc:  # a reader failure on one file must not stop the others
                files.append(
                    {
                        "fichier": rel,
                        "feuille": None,
                        "table": None,
                        "statut": "illisible",
                        "motif": "fichier illisible : erreur inattendue pendant sa lecture ; les autres fichiers "
                        "sont importés. Signalez-la en joignant ce fichier",
                        "detail_technique": f"{type(exc).__name__}: {exc}"[:500],
                    }
                )
                continue
            digest = tables[0].table.digest if tables else None
            if digest is not None and digest in seen:
                files.append(
                    {
                        "fichier": rel,
                        "feuille": None,
                        "table": None,
                        "statut": "ignoré",
                        "motif": f"contenu identique à « {seen[digest]} », déjà lu : ce doublon est ignoré pour "
                        "ne pas compter ses lignes deux fois",
                    }
                )
                continue
            if digest is not None:
                seen[digest] = rel
            for read in tables:
                table = read.table
                order += 1
                entry = {
                    "fichier": rel,
                    "feuille": table.sheet,
                    "table": None,
                    "encodage": table.encoding,
                    "separateur": table.delimiter,
                }
                if table.hidden:  # only then, so that the report of a workbook without hidden sheets is unchanged
                    entry["feuille_masquee"] = table.hidden
                if table.notes:
                    files.append(entry | {"statut": "illisible", "motif": "; ".join(table.notes)})
                    continue
                if read.height == 0:
                    files.append(entry | {"statut": "ignoré", "motif": "feuille ou fichier sans aucune ligne"})
                    continue
                match = read.header()
                if match.kind is None:
                    files.append(entry | {"statut": "ignoré", "motif": match.reason})
                    continue
                frames[match.kind.name].append(read.rows_of(order))
                warnings = read.warnings or []
                files.append(
                    entry
                    | {
                        "table": match.kind.name,
                        "statut": "lu",
                        "ligne_entete": read.header_line,
                        "colonnes": sorted(set(match.columns.values()), key=match.kind.columns.index),
                        "colonnes_inconnues": match.unknown,
                        "colonnes_en_double": match.duplicates,
                        **({"motif": " ; ".join(warnings), "avertissements": warnings} if warnings else {}),
                        "_ordre": order,
                    }
                )
    return frames, files


def _process_kind(kind: Kind, parts: list[pl.DataFrame], ref: Referential, today: dt.date) -> pl.DataFrame:
    rows = (
        pl.concat(parts, how="diagonal_relaxed")
        if parts
        else pl.DataFrame(
            schema={
                "_ordre": pl.Int64,
                "_fichier": pl.String,
                "_feuille": pl.String,
                "_ligne": pl.Int64,
                "_ignore": pl.String,
                SECOND_TABLE: pl.String,
            }
        )
    )
    rows = normalise.ensure_columns(rows, kind)
    return normalise.quarantine_reasons(rows, kind, ref, today)


def _quarantine_merged(rows: pl.DataFrame, loaded: pl.DataFrame, kind: Kind) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A merged record whose dates break the contract is quarantined whole: every row that made it moves
    from loaded to quarantined with the record's reason, so read = loaded + quarantined + ignored still
    holds per file (each row is counted once, in quarantine)."""
    labels = {c: column_label(c) for pair in kind.date_order for c in pair}
    bad = incoherent_records(loaded, kind.record_id, kind.date_order, labels)  # type: ignore[arg-type]  # called with a record_id
    if bad.is_empty():
        return rows, loaded
    keys = loaded.join(bad, on=kind.record_id, how="inner").select("_ordre", "_ligne", "__motif_fusion")
    rows = (
        rows.join(keys, on=["_ordre", "_ligne"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("_motif", "__motif_fusion").alias("_motif"))
        .drop("__motif_fusion")
    )
    return rows, loaded.join(keys, on=["_ordre", "_ligne"], how="anti", maintain_order="left")


def _empty_like(kind: Kind) -> pl.DataFrame:
    return pl.DataFrame(
        schema={"id": pl.String, "colonne": pl.String, "valeurs": pl.List(pl.String), "retenue": pl.String}
    )


def normalise_kinds(
    frames: dict[str, list[pl.DataFrame]], ref: Referential, geo: Geography, hasher: Hasher, today: dt.date
) -> dict[str, tuple[Kind, pl.DataFrame, pl.DataFrame]]:
    """Each table's rows classified and quarantined, and its loaded rows normalised: (kind, rows, loaded)."""
    out = {}
    for name, kind in KINDS.items():
        rows = _process_kind(kind, frames[name], ref, today)
        frames[name] = []  # the tables' parts are freed once put together
        loaded = normalise.normalise_values(
            rows.filter(pl.col("_ignore").is_null() & pl.col("_motif").is_null()), kind, ref, hasher
        )
        if name == "demandes":
            loaded = derive.commune_keys(loaded, geo)
        out[name] = (kind, rows, loaded)
    return out


def merge_kinds(
    normalised: dict[str, tuple[Kind, pl.DataFrame, pl.DataFrame]], ref: Referential, geo: Geography
) -> tuple[dict[str, KindResult], list[dict]]:
    """Records merged by identifier (merged records breaking a date rule quarantined), then derived; with the
    identifier notes (ids that differ by case or leading zeros only)."""
    results: dict[str, KindResult] = {}
    notes: list[dict] = []
    for name, (kind, rows, loaded) in normalised.items():
        if kind.record_id:
            rows, loaded = _quarantine_merged(rows, loaded, kind)
            records, conflicts = merge_records(loaded, kind.record_id, kind.evolving)
            notes.extend(
                {
                    "table": name,
                    "identifiants": ids,
                    "motif": "identifiants qui ne diffèrent que par les majuscules ou par des zéros en tête : "
                    "ce sont des enregistrements distincts ; vérifiez qu'il ne s'agit pas du même",
                }
                for ids in case_variants(records, kind.record_id)
            )
            if name == "demandes":
                conflicts = derive.name_commune_conflicts(conflicts, geo)
        else:
            records, conflicts = loaded, _empty_like(kind)
        results[name] = KindResult(kind, rows, loaded, records, conflicts)
    demandes = derive.derive_demandes(results["demandes"].records, ref, geo)
    results["demandes"].records = demandes
    results["mesures"].records = derive.derive_mesures(results["mesures"].records, demandes)
    results["passages_gts"].records = derive.derive_passages(results["passages_gts"].records)
    return results, notes


def run_kinds(
    raw_dir: Path, ref: Referential, geo: Geography, hasher: Hasher, today: dt.date, roots: tuple[Path, ...] = ()
) -> tuple[dict[str, KindResult], list[dict], list[dict]]:
    """The tables of raw_dir read, quarantined, merged and derived; with the files' entries of the report and
    the identifier notes."""
    frames, files = _read_tables(raw_dir, ref, roots)
    results, notes = merge_kinds(normalise_kinds(frames, ref, geo, hasher, today), ref, geo)
    return results, files, notes


def _files_seen(files: list[dict], limit: int = 10) -> str:
    """What was found instead, for the message of an unusable folder."""
    if not files:
        return " Le dossier ne contient aucun fichier."
    lines = [
        f"\n  {f['fichier']}" + (f" [{f['feuille']}]" if f.get("feuille") else "") + f" : {f['statut']} — "
        f"{f.get('motif') or ''}"
        for f in files[:limit]
    ]
    more = f"\n  … et {len(files) - limit} autres" if len(files) > limit else ""
    return "\nFichiers examinés :" + "".join(lines) + more


# At most this many characters of a raw value are kept in the report (a 50 MB cell is not copied whole);
# the warehouse keeps the value whole.
RAW_CHARS = 300


def clip(text: str, limit: int = RAW_CHARS) -> str:
    """A raw value cut to `limit` characters, its full length said: `Angoulême xxx… (100 000 caractères)`."""
    return text if len(text) <= limit else f"{text[:limit]}… ({number(len(text))} caractères)"


def _clip_report(report: dict) -> dict:
    """The raw values of the report cut to RAW_CHARS characters, with an ellipsis."""
    for row in report["quarantine"]:
        row["valeurs_brutes"] = {k: clip(v) if isinstance(v, str) else v for k, v in row["valeurs_brutes"].items()}
    for item in report["unrecognised"]:
        if isinstance(item.get("valeur_brute"), str):
            item["valeur_brute"] = clip(item["valeur_brute"])
    for item in report["conflicts"]:
        item["valeurs"] = [clip(v) if isinstance(v, str) else v for v in item["valeurs"]]
        if isinstance(item.get("retenue"), str):
            item["retenue"] = clip(item["retenue"])
    return report


def _build(
    raw_dir: Path,
    *,
    today: dt.date | None,
    key: str | None,
    reference: Path | None,
    roots: tuple[Path, ...] = (),
    shown_as: Path | None = None,
) -> tuple[dict, dict[str, pl.DataFrame]]:
    """Reads, normalises, merges and derives raw_dir: the report and the tables to publish.
    Writes nothing (the hashing key aside, generated on first use as `ingest` does).

    `roots`: other folders that links inside raw_dir may lead to (a preview's staged uploads);
    `shown_as`: the folder named in messages and the report when raw_dir is a stand-in for it."""
    raw_dir = Path(raw_dir)
    shown = readable_name(str(shown_as or raw_dir))
    if not raw_dir.is_dir():
        raise UnusableInput(f"Le dossier « {shown} » n'existe pas ou n'est pas un dossier.")
    today = today or dt.date.today()
    ref = load_referential(reference)
    geo = load_geography(reference)
    try:
        hasher = Hasher(hash_key(key))
    except KeyRefused as exc:
        raise UnusableInput(str(exc)) from exc
    results, files, notes = run_kinds(raw_dir, ref, geo, hasher, today, tuple(Path(r) for r in roots))
    if not any(r.rows.height for r in results.values()) and not any(f.get("table") for f in files):
        raise UnusableInput(
            f"Aucun tableau reconnu dans « {shown} » : aucun fichier .xlsx, .csv ou .txt n'a un en-tête "
            "de demandes, de mesures, de passages en GTS ou de mutualisations." + _files_seen(files)
        )
    quarantine = quarantine_table(results, hasher)
    report = _clip_report(build_report(results, files, quarantine, today, Path(shown)))
    report["identifiants"] = notes
    return report, warehouse_tables(results, quarantine, ref, geo)


def preview(
    raw_dir: Path,
    today: dt.date | None = None,
    key: str | None = None,
    *,
    reference: Path | None = None,
    roots: tuple[Path, ...] = (),
    shown_as: Path | None = None,
    warehouse: Path | None = None,
) -> dict:
    """The report `ingest` would give for raw_dir, without touching any warehouse; with `disparus` (the
    records of `warehouse`'s version in force that would vanish) when a warehouse is given."""
    report, tables = _build(raw_dir, today=today, key=key, reference=reference, roots=roots, shown_as=shown_as)
    report["disparus"] = vanished(Path(warehouse), tables) if warehouse is not None else None
    return report


def ingest(
    raw_dir: Path,
    warehouse: Path,
    *,
    today: dt.date | None = None,
    key: str | None = None,
    reference: Path | None = None,
    replace: bool = True,
    roots: tuple[Path, ...] = (),
    shown_as: Path | None = None,
    who: str | None = None,
) -> dict:
    """Ingests raw_dir into a new warehouse version; returns the ingest report (with `disparus`: the records
    of the previous version no longer present). With replace=False, raises TooManyVanish (nothing
    published) when more than a tenth of the previous records would vanish."""
    report, tables = _build(raw_dir, today=today, key=key, reference=reference, roots=roots, shown_as=shown_as)
    warehouse = Path(warehouse)
    with ingest_lock(warehouse):
        counts = vanished(warehouse, tables)
        report["disparus"] = counts
        if not replace and too_many(counts):
            journal.record_import(
                warehouse, raw_dir, list_files(raw_dir), report, who=who, version=None, replace=False, published=False
            )
            raise TooManyVanish(
                f"{vanished_text(counts)} C'est plus d'un dixième : l'entrepôt n'a pas été modifié. Si ce dossier "
                "doit bien remplacer tout l'entrepôt, relancez avec --remplacer.",
                counts,  # type: ignore[arg-type]  # too_many(None) is False
            )
        report["nettoyage"] = clean_leftovers(warehouse)
        fiches, extra = carried_over(warehouse)  # the partners' fiches stay loaded across ingests
        version = publish(warehouse, tables | fiches, report, extra)
        journal.record_import(
            warehouse, raw_dir, list_files(raw_dir), report, who=who, version=version.name, replace=replace
        )
    return report


__all__ = ["NON_RECONNU", "TooManyVanish", "UnusableInput", "ingest", "preview"]
