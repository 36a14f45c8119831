"""Property 2 of the normaliser: one corrupted field changes that row only."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import polars as pl
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.dates import parse_date
from pipelines.reference.schema import DEMANDES, MESURES
from pipelines.reference.text import fold, is_total_label
from tests.property_helpers import (
    DOMAINS,
    PROPERTY_SETTINGS,
    REF,
    Dataset,
    assert_same,
    clean_tables,
    datasets,
    formats,
    write_dataset,
)

# --- property 2: one corrupted field ---------------------------------------------------------------

UNREADABLE_DATES = [
    "31/02/2024",
    "2024-13-01",
    "00/00/0000",
    "32/01/2024",
    "bientôt",
    "2024/01/15",
    "15/01",
    "n.c.",
    "1er mars 2024",
    "45306,5,1",
]
IMPOSSIBLE_DATES = [("15/01/1985", "antérieure au 31/05/1990"), ("01/04/2025", "postérieure à la date d'import")]
UNKNOWN_VALUES = ["Valeur inconnue", "Mairie de quartier", "Zzz", "Médiation familiale", "?", "autre chose encore"]
# Optional categoricals whose value no other column derives from: an unknown one changes that field alone.
OPTIONAL = {
    "demandes": [
        "prescripteur",
        "dispositif",
        "instance",
        "aide_financiere",
        "statut_occupation",
        "decision",
        "motif_refus",
        "tas",
    ],
    "mesures": ["motif_arret", "resultat_objectifs"],
}
DATE_COLUMNS = {"demandes": ["date_demande", "date_decision"], "mesures": ["date_debut", "date_fin"]}
REQUIRED = {
    "demandes": ["id_demande", "date_demande", "type_mesure", "secteur"],
    "mesures": ["id_mesure", "id_demande", "date_debut"],
}
# Columns of mesures derived from the request: they change when a request is quarantined.
FROM_REQUEST = ("demande_connue", "secteur_intervenant", "mutualisee")


@st.composite
def corruptions(draw: st.DrawFn, data: Dataset) -> tuple[str, int, str, str, str]:
    """(table, record index, column, raw text, what is expected: a reason's words or NON_RECONNU)."""
    table = draw(st.sampled_from(["demandes", "mesures"] if data.mesures else ["demandes"]))
    records = getattr(data, table)
    index = draw(st.integers(0, len(records) - 1))
    how = draw(st.sampled_from(["unreadable date", "impossible date", "empty required", "unknown type", "unknown"]))
    if how == "unreadable date":
        text = draw(st.sampled_from(UNREADABLE_DATES))
        assert parse_date(text, TODAY.year) is None and not is_total_label(text)
        return table, index, draw(st.sampled_from(DATE_COLUMNS[table])), text, "date illisible"
    if how == "impossible date":
        text, words = draw(st.sampled_from(IMPOSSIBLE_DATES))
        return table, index, draw(st.sampled_from(DATE_COLUMNS[table])), text, f"date impossible|{words}"
    if how == "empty required":
        return (
            table,
            index,
            draw(st.sampled_from(REQUIRED[table])),
            draw(st.sampled_from(["", "   "])),
            "valeur obligatoire manquante",
        )
    if how == "unknown type" and table == "demandes":
        return table, index, "type_mesure", draw(st.sampled_from(UNKNOWN_VALUES)), "type de mesure non reconnu"
    column = draw(st.sampled_from(OPTIONAL[table]))
    text = draw(st.sampled_from(UNKNOWN_VALUES))
    assert fold(text) not in REF.values[DOMAINS[column]]
    return table, index, column, text, "NON_RECONNU"


@PROPERTY_SETTINGS
@given(data=datasets(), seed=st.integers(0, 2**32 - 1), fmts=st.tuples(formats, formats), choice=st.data())
def test_one_corrupted_field_changes_that_row_only(
    data: Dataset, seed: int, fmts: tuple[dict, dict], choice: st.DataObject
) -> None:
    table, index, column, text, expected = choice.draw(corruptions(data))
    kind = DEMANDES if table == "demandes" else MESURES
    record = getattr(data, table)[index]
    record_id = str(record[kind.record_id])
    # Every column is written, so that the corrupted one is in the header.
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        before_written = write_dataset(base / "avant", data, random.Random(seed), fmts, keep_all=True)
        before_report, before = clean_tables(base / "avant", base)
        written = write_dataset(
            base / "apres", data, random.Random(seed), fmts, corrupt=(table, index, column, text), keep_all=True
        )
        report, after = clean_tables(base / "apres", base)
        assert before_report["quarantine"] == []
        assert written[table].lines == before_written[table].lines
        context = f"{table} {record_id} {column} = « {text} », graine {seed}, formats {fmts}"
        counts, counts_before = report["tables"][table], before_report["tables"][table]
        assert counts["read"] == counts_before["read"], context
        key = kind.record_id
        if expected == "NON_RECONNU":
            assert report["quarantine"] == [], context
            assert counts["loaded"] == counts_before["loaded"], context
            wanted = before[table].with_columns(
                pl.when(pl.col(key) == record_id).then(pl.lit("NON_RECONNU")).otherwise(pl.col(column)).alias(column)
            )
            assert_same(after[table], wanted, context)
            listed = {(u["table"], u["colonne"], u["valeur_brute"]) for u in report["unrecognised"]}
            assert (table, column, text) in listed, context
            other = "mesures" if table == "demandes" else "demandes"
            assert_same(after[other], before[other], context)
            return
        # quarantined: exactly that row, with its file, line and a French reason
        [q] = report["quarantine"]
        where = written[table]
        assert (q["table"], q["fichier"], q["feuille"], q["ligne"]) == (
            table,
            where.file,
            where.sheet,
            where.lines[record_id],
        ), context
        for words in expected.split("|"):
            assert fold(words) in fold(q["motif"]), (q["motif"], context)
        assert (counts["loaded"], counts["quarantined"]) == (counts_before["loaded"] - 1, 1), context
        assert_same(after[table], before[table].filter(pl.col(key) != record_id), context)
        if table == "mesures":
            assert_same(after["demandes"], before["demandes"], context)
        else:
            keep = [c for c in before["mesures"].columns if c not in FROM_REQUEST]
            assert_same(after["mesures"].select(keep), before["mesures"].select(keep), context)
