"""Property 1 of the normaliser: any writing of the same records gives the canonical clean tables."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.property_helpers import (
    CANONICAL_FORMAT,
    PROPERTY_SETTINGS,
    Dataset,
    assert_same,
    clean_tables,
    datasets,
    formats,
    write_dataset,
)

# --- property 1: any writing, same clean tables ------------------------------------------------


@PROPERTY_SETTINGS
@given(data=datasets(), seed=st.integers(0, 2**32 - 1), fmts=st.tuples(formats, formats))
def test_any_writing_gives_the_canonical_clean_tables(data: Dataset, seed: int, fmts: tuple[dict, dict]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        written = write_dataset(base / "brut", data, random.Random(seed), fmts)
        report, tables = clean_tables(base / "brut", base)
        # A column the writing left out is a column of empty cells in the canonical writing.
        kept = {name: set(w.columns) for name, w in written.items()}
        canonical = Dataset(
            [{k: (v if k in kept["demandes"] else None) for k, v in r.items()} for r in data.demandes],
            [{k: (v if k in kept.get("mesures", ()) else None) for k, v in r.items()} for r in data.mesures],
        )
        write_dataset(base / "canonique", canonical, None, (CANONICAL_FORMAT, CANONICAL_FORMAT))
        canonical_report, expected = clean_tables(base / "canonique", base)
        context = f"graine {seed}, formats {fmts}"
        assert report["quarantine"] == canonical_report["quarantine"] == [], (report["quarantine"], context)
        for name in ("demandes", "mesures"):
            assert_same(tables[name], expected[name], f"{name} : {context}")
            t = report["tables"][name]
            assert (t["loaded"], t["quarantined"], t["records"]) == (
                len(getattr(data, name)),
                0,
                len(getattr(data, name)),
            ), context
            assert t["read"] == t["loaded"] + t["ignored"], context
        assert report["conflicts"] == canonical_report["conflicts"] == []
        assert report["unrecognised"] == canonical_report["unrecognised"] == [], context
