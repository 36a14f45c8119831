"""The app's DuckDB connection reads nothing from disk, writes nothing, loads nothing, and cannot be
unlocked; the values users pick in the filters reach SQL as bound values, never as SQL text.

(`ATTACH ':memory:'` is allowed by DuckDB: it touches no file. The in-memory tables can be written by
SQL run on the connection, but the app runs only its own SQL files, with every user value bound.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.indicators import Filters, Indicators

HOSTILE = "x') OR 1=1 --"


@pytest.fixture(scope="module")
def ind(demo_warehouse: Path) -> Iterator[Indicators]:
    indicators = Indicators(demo_warehouse)
    yield indicators
    indicators.close()


@pytest.fixture(params=["connection", "cursor"])
def con(request: pytest.FixtureRequest, ind: Indicators) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection the object was built on, and a cursor as every query of the app takes one."""
    if request.param == "connection":
        yield ind.con
    else:
        cur = ind.cursor(Filters(secteurs=("Cognac",)))
        yield cur
        cur.close()


def statements(tmp: Path, version: Path) -> dict[str, str]:
    return {
        "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
        "read_text": "SELECT * FROM read_text('/etc/passwd')",
        "glob": "SELECT * FROM glob('/etc/*')",
        "read_parquet": f"SELECT * FROM read_parquet('{version / 'demandes.parquet'}')",  # even its own files
        "copy_to": f"COPY (SELECT * FROM v_demandes) TO '{tmp / 'fuite.csv'}'",
        "copy_to_parquet": f"COPY (SELECT 1 AS x) TO '{tmp / 'fuite.parquet'}' (FORMAT parquet)",
        "export": f"EXPORT DATABASE '{tmp / 'export'}'",
        "attach": f"ATTACH '{tmp / 'autre.duckdb'}' AS autre",
        "install": "INSTALL httpfs",
        "load": "LOAD httpfs",
        "set_access": "SET enable_external_access = true",
        "reset_access": "RESET enable_external_access",
        "pragma_access": "PRAGMA enable_external_access = true",
        "unlock": "SET lock_configuration = false",
        "other_setting": "SET memory_limit = '64GB'",
    }


@pytest.mark.parametrize("kind", list(statements(Path("/x"), Path("/v"))))
def test_no_file_access_no_extension_no_unlock(
    ind: Indicators, con: duckdb.DuckDBPyConnection, kind: str, tmp_path: Path
) -> None:
    with pytest.raises((duckdb.PermissionException, duckdb.InvalidInputException)) as failure:
        con.execute(statements(tmp_path, ind.version)[kind]).fetchall()
    assert ("disabled" in str(failure.value)) or ("Cannot change configuration" in str(failure.value))
    assert not any(tmp_path.iterdir())  # nothing written either
    # and the settings are still the locked ones
    assert con.execute(
        "SELECT current_setting('enable_external_access'), current_setting('lock_configuration')"
    ).fetchone() == (False, True)


def test_hostile_filter_value_is_a_plain_value(ind: Indicators) -> None:
    hostile = Filters(secteurs=(HOSTILE,))
    assert ind.compute("commandes_total", 2024).value > 0
    assert ind.compute("commandes_total", 2024, hostile).value == 0
    assert not any(ind.compute("commandes_par_secteur", 2024, hostile).value.values())
    assert ind.query("SELECT count(*) AS n FROM f_demandes()", filters=hostile)["n"][0] == 0
    # a value in every filter at once, quotes and semicolons included
    everywhere = Filters(*[(HOSTILE, "'; DROP TABLE demandes; --") for _ in range(6)])
    assert ind.compute_all(2024, everywhere)["commandes_total"].value == 0
    # the dashboard's own queries bind their parameters too
    assert ind.query("SELECT count(*) AS n FROM v_demandes WHERE secteur = $s", {"s": HOSTILE})["n"][0] == 0
    assert ind.query("SELECT count(*) AS n FROM demandes")["n"][0] > 0  # nothing was dropped
    assert ind.compute("commandes_total", 2024).value > 0
