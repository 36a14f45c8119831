"""The ingest report as tables with French headers, for the Qualité and Importer pages (no Streamlit).

Every function takes the report dict that `pipelines.ingest.pipeline.ingest` / `preview` return (or its
JSON copy `ingest_report.json`) and gives a small polars DataFrame; counts stay numbers, so that
the CSV and Excel downloads can be summed.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from pipelines.ingest.headers import column_label
from pipelines.published import fmt
from pipelines.reference.schema import KINDS

TABLE_LABELS = {
    "demandes": "Demandes",
    "mesures": "Mesures",
    "passages_gts": "Passages en GTS",
    "mutualisations": "Mutualisations",
}
STATUS_LABELS = {"lu": "lu", "ignoré": "ignoré", "illisible": "illisible"}
# Raw columns never shown: a pseudonymised household number says nothing to the reader.
HIDDEN_RAW = ("id_menage",)
SEARCH = "_recherche"

FILES_SCHEMA = {
    "Fichier": pl.String,
    "Feuille": pl.String,
    "Table": pl.String,
    "Statut": pl.String,
    "Motif": pl.String,
    "Lues": pl.Int64,
    "Chargées": pl.Int64,
    "Quarantaine": pl.Int64,
    "Ignorées": pl.Int64,
    "Colonnes inconnues écartées": pl.String,
}
TABLES_SCHEMA = {
    "Table": pl.String,
    "Lues": pl.Int64,
    "Chargées": pl.Int64,
    "Quarantaine": pl.Int64,
    "Ignorées": pl.Int64,
    "Contrôle": pl.String,
    "Enregistrements distincts": pl.Int64,
    "Lignes ignorées par motif": pl.String,
}
QUARANTINE_SCHEMA = {
    "Table": pl.String,
    "Fichier": pl.String,
    "Feuille": pl.String,
    "Ligne": pl.Int64,
    "Motif": pl.String,
    "Valeurs brutes": pl.String,
}
UNRECOGNISED_SCHEMA = {
    "Table": pl.String,
    "Colonne": pl.String,
    "Valeur brute": pl.String,
    "Lignes": pl.Int64,
    "Exemple (fichier:ligne)": pl.String,
}
CONFLICTS_SCHEMA = {
    "Table": pl.String,
    "Identifiant": pl.String,
    "Colonne": pl.String,
    "Valeurs rencontrées": pl.String,
    "Valeur retenue": pl.String,
}


def _blank(frame: pl.DataFrame) -> pl.DataFrame:
    """Empty text rather than a null, which the table would show as « None »."""
    return frame.with_columns(pl.col(pl.String).fill_null(""))


def table_label(name: str | None) -> str | None:
    return TABLE_LABELS.get(name, name) if name else None


def import_date(report: dict) -> str:
    """`26/11/2026`, or the text as written when it is not an ISO date."""
    text = str(report.get("date_import") or "")
    try:
        return fmt.short_date(dt.date.fromisoformat(text))
    except ValueError:
        return text or "date inconnue"


def totals(report: dict) -> dict[str, int]:
    """Rows read, loaded, quarantined and ignored over every table."""
    keys = ("read", "loaded", "quarantined", "ignored", "records")
    return {k: sum(int(t.get(k) or 0) for t in report.get("tables", {}).values()) for k in keys}


def files_frame(report: dict, only: set[str] | None = None) -> pl.DataFrame:
    """One row per file or sheet read (only the given relative paths when `only` is set)."""
    rows = []
    for f in report.get("files", []):
        if only is not None and f.get("fichier") not in only:
            continue
        unknown = f.get("colonnes_inconnues") or []
        rows.append(
            {
                "Fichier": f.get("fichier"),
                "Feuille": f.get("feuille"),
                "Table": table_label(f.get("table")),
                "Statut": STATUS_LABELS.get(f.get("statut"), f.get("statut")),
                "Motif": f.get("motif"),
                # A file or sheet that is not read adds no row to any table: 0 keeps the sums per table.
                "Lues": f.get("lues") or 0,
                "Chargées": f.get("chargees") or 0,
                "Quarantaine": f.get("quarantaine") or 0,
                "Ignorées": f.get("ignorees") or 0,
                "Colonnes inconnues écartées": ", ".join(unknown) or None,
            }
        )
    return _blank(pl.DataFrame(rows, schema=FILES_SCHEMA))


def _check(read: int, loaded: int, quarantined: int, ignored: int) -> str:
    ok = read == loaded + quarantined + ignored
    sums = f"{fmt.number(read)} = {fmt.number(loaded)} + {fmt.number(quarantined)} + {fmt.number(ignored)}"
    return f"✓ {sums}" if ok else f"✗ {fmt.number(read)} ≠ {fmt.number(loaded + quarantined + ignored)}"


def tables_frame(report: dict) -> pl.DataFrame:
    """Per table, then a total line: lues = chargées + quarantaine + ignorées."""
    rows = []
    for name, t in report.get("tables", {}).items():
        counts = [int(t.get(k) or 0) for k in ("read", "loaded", "quarantined", "ignored")]
        reasons = t.get("ignored_by_reason") or {}
        rows.append(
            {
                "Table": table_label(name),
                "Lues": counts[0],
                "Chargées": counts[1],
                "Quarantaine": counts[2],
                "Ignorées": counts[3],
                "Contrôle": _check(*counts),
                "Enregistrements distincts": t.get("records"),
                "Lignes ignorées par motif": " ; ".join(f"{k} : {fmt.number(v)}" for k, v in reasons.items()) or None,
            }
        )
    if rows:
        total = totals(report)
        counts = [total[k] for k in ("read", "loaded", "quarantined", "ignored")]
        rows.append(
            {
                "Table": "Total",
                "Lues": counts[0],
                "Chargées": counts[1],
                "Quarantaine": counts[2],
                "Ignorées": counts[3],
                "Contrôle": _check(*counts),
                "Enregistrements distincts": total["records"],
                "Lignes ignorées par motif": None,
            }
        )
    return _blank(pl.DataFrame(rows, schema=TABLES_SCHEMA))


def _shown_values(values: dict | str | None) -> dict | str:
    """The raw values of a quarantined row (a dict, or text that was not JSON), hidden ones left out."""
    if isinstance(values, str):
        try:
            values = json.loads(values)
        except json.JSONDecodeError:
            return values
    if not isinstance(values, dict):
        return {}
    return {k: v for k, v in values.items() if v not in (None, "") and k not in HIDDEN_RAW}


def raw_values_text(values: dict | str | None) -> str:
    """`type de mesure : Médiation familiale · commune : Aunac` (empty cells left out)."""
    shown = _shown_values(values)
    if isinstance(shown, str):
        return shown
    return " · ".join(f"{column_label(k)} : {v}" for k, v in shown.items())


def _values_only(values: dict | str | None) -> str:
    shown = _shown_values(values)
    if isinstance(shown, str):
        return shown
    return " ".join(str(v) for v in shown.values())


def quarantine_frame(report: dict, only: set[str] | None = None) -> pl.DataFrame:
    """The quarantined rows; the hidden column SEARCH holds the raw values alone, for `filter_text`."""
    rows = [
        {
            "Table": table_label(q.get("table")),
            "Fichier": q.get("fichier"),
            "Feuille": q.get("feuille"),
            "Ligne": q.get("ligne"),
            "Motif": q.get("motif"),
            "Valeurs brutes": raw_values_text(q.get("valeurs_brutes")),
            SEARCH: _values_only(q.get("valeurs_brutes")),
        }
        for q in report.get("quarantine", [])
        if only is None or q.get("fichier") in only
    ]
    return _blank(pl.DataFrame(rows, schema=QUARANTINE_SCHEMA | {SEARCH: pl.String}))


def visible(frame: pl.DataFrame) -> pl.DataFrame:
    """Without the hidden helper columns (named `_…`)."""
    return frame.drop([c for c in frame.columns if c.startswith("_")])


def filter_text(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """Rows where a text column contains `text`, ignoring case. When the frame has a SEARCH column, the raw
    values are searched there (without their column names, which every row has)."""
    needle = text.strip().lower()
    if not needle or frame.is_empty():
        return frame
    columns = [c for c, t in frame.schema.items() if t == pl.String]
    if SEARCH in columns:
        columns.remove("Valeurs brutes")
    return frame.filter(
        pl.any_horizontal(
            pl.col(c).fill_null("").str.to_lowercase().str.contains(needle, literal=True) for c in columns
        )
    )


def unrecognised_frame(report: dict) -> pl.DataFrame:
    rows = [
        {
            "Table": table_label(u.get("table")),
            "Colonne": u.get("libelle") or column_label(u.get("colonne", "")),
            "Valeur brute": u.get("valeur_brute"),
            "Lignes": u.get("lignes"),
            "Exemple (fichier:ligne)": u.get("exemple"),
        }
        for u in report.get("unrecognised", [])
    ]
    return _blank(pl.DataFrame(rows, schema=UNRECOGNISED_SCHEMA))


def new_unrecognised(after: dict, before: dict | None) -> pl.DataFrame:
    """The unrecognised values of `after` with a column telling those that `before` did not have."""
    seen = {(u.get("table"), u.get("colonne"), u.get("valeur_brute")) for u in (before or {}).get("unrecognised", [])}
    flags = [
        "oui" if (u.get("table"), u.get("colonne"), u.get("valeur_brute")) not in seen else "non"
        for u in after.get("unrecognised", [])
    ]
    return unrecognised_frame(after).with_columns(pl.Series("Nouvelle", flags, dtype=pl.String))


def _value_label(table: str, column: str, value: str) -> str:
    kind = KINDS.get(table)
    domain = kind.categorical.get(column, column) if kind else column
    return fmt.label(domain, value)


def conflicts_frame(report: dict) -> pl.DataFrame:
    rows = []
    for c in report.get("conflicts", []):
        table, column = c.get("table", ""), c.get("colonne", "")
        rows.append(
            {
                "Table": table_label(table),
                "Identifiant": c.get("id"),
                "Colonne": column_label(column),
                "Valeurs rencontrées": " / ".join(_value_label(table, column, str(v)) for v in c.get("valeurs") or []),
                "Valeur retenue": _value_label(table, column, str(c["retenue"])) if c.get("retenue") else None,
            }
        )
    return _blank(pl.DataFrame(rows, schema=CONFLICTS_SCHEMA))


def before_after(after: dict, before: dict | None) -> pl.DataFrame:
    """Distinct records per table in the warehouse in force and after the import."""
    rows = []
    for name, t in after.get("tables", {}).items():
        old = ((before or {}).get("tables", {}).get(name) or {}).get("records") or 0  # no warehouse: nothing
        new = t.get("records") or 0
        rows.append(
            {"Table": table_label(name), "Dans l'entrepôt actuel": old, "Après l'import": new, "Différence": new - old}
        )
    return pl.DataFrame(
        rows,
        schema={
            "Table": pl.String,
            "Dans l'entrepôt actuel": pl.Int64,
            "Après l'import": pl.Int64,
            "Différence": pl.Int64,
        },
    )
