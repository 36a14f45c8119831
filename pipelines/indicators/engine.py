"""Computes indicators with DuckDB over one version of the warehouse.

The tables of the version are loaded once into an in-memory database, which is then locked:
no file access, no configuration change. Each query runs on its own cursor, so one
`Indicators` object can serve many threads (one Streamlit session each). Once loaded it needs
nothing on disk: it keeps answering for its version after newer ingests have pruned it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.indicators.catalogue import HERE, IndicatorDef, load_catalogue
from pipelines.indicators.values import Filters, IndicatorValue
from pipelines.store.warehouse import VERSIONS, WarehouseMissing, current_version

if TYPE_CHECKING:
    import polars as pl

TABLES = (
    "demandes",
    "mesures",
    "passages_gts",
    "mutualisations",
    "quarantaine",
    "conflits",
    "ref_secteurs",
    "ref_etp",
    "ref_communes",
    "ref_epci",
    "ref_valeurs",
    "ref_groupes_dispositif",
)
_PARAM = re.compile(r"\$([a-z_]+)")
DOMAIN_KEYS_SQL = (HERE / "domain_keys.sql").read_text(encoding="utf-8")
YEARS_SQL = (HERE / "annees.sql").read_text(encoding="utf-8")
OPEN_ATTEMPTS = 5


class WarehouseError(Exception):
    """The warehouse is missing or unreadable; the message is French and shown as is."""


class VersionGone(WarehouseError):
    """The version asked for by name is no longer in the warehouse (pruned after newer ingests)."""


def no_warehouse_text(warehouse: Path) -> str:
    """What to run when there is no warehouse yet: the commands that build one (`assll demo` writes exports only)."""
    from pipelines.reference.settings import warehouse_dir

    where = "" if Path(warehouse).resolve() == warehouse_dir().resolve() else f" --warehouse {warehouse}"
    return (
        f"Aucun entrepôt de données dans « {warehouse} ». Importez d'abord des exports : « assll ingest "
        f"DOSSIER{where} » ; pour essayer sur les données de démonstration : « assll demo » puis « assll ingest "
        f"data/raw/demo{where} » (ou « python3 run.py », qui fait les deux puis ouvre le tableau de bord)."
    )


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of the year, or today while that year is running."""
    today = today or dt.date.today()
    end = dt.date(year, 12, 31)
    return today if year == today.year and today < end else end


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


class Indicators:
    def __init__(self, warehouse: Path, version: str | None = None) -> None:
        """The version named, else the one in force.

        The one in force can be pruned between reading CURRENT and loading its tables (newer ingests
        published meanwhile): then the new one in force is loaded. A named version that is gone raises
        VersionGone."""
        self.warehouse = Path(warehouse)
        self.catalogue = load_catalogue()
        self._lock = threading.Lock()
        for attempt in range(OPEN_ATTEMPTS):
            self.version = self._locate(version)
            try:
                self.con = self._load_tables(self.version)
                break
            except duckdb.Error as exc:
                if self.version.is_dir():
                    raise WarehouseError(
                        f"L'entrepôt de données « {self.version.name} » est endommagé ou incomplet "
                        f"({exc.__class__.__name__}). Relancez l'import pour le reconstruire."
                    ) from exc
                if version is not None or attempt == OPEN_ATTEMPTS - 1:
                    raise VersionGone(
                        f"La version « {self.version.name} » de l'entrepôt a été remplacée pendant son "
                        "ouverture. Rechargez la page."
                    ) from exc
        for script in ("views.sql", "cohorts.sql", "adhesion.sql"):
            self.con.execute((HERE / script).read_text(encoding="utf-8"))
        # From here on the database reads nothing from disk and its settings cannot change.
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    def _locate(self, name: str | None) -> Path:
        if name is not None:
            path = self.warehouse / VERSIONS / name
            if not path.is_dir():
                raise VersionGone(f"La version « {name} » n'est plus dans l'entrepôt « {self.warehouse} ».")
            return path
        try:
            return current_version(self.warehouse)
        except WarehouseMissing as exc:
            raise WarehouseError(no_warehouse_text(self.warehouse)) from exc

    @staticmethod
    def _load_tables(version: Path) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        try:
            for table in TABLES:
                literal = str(version / f"{table}.parquet").replace("'", "''")
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{literal}')")
            # Versions written before the optional column evaluation_conjointe existed: not recorded.
            con.execute(
                "ALTER TABLE demandes ADD COLUMN IF NOT EXISTS evaluation_conjointe VARCHAR DEFAULT 'NON_RENSEIGNE'"
            )
        except BaseException:
            con.close()
            raise
        return con

    def cursor(self, filters: Filters | None = None) -> duckdb.DuckDBPyConnection:
        with self._lock:
            cur = self.con.cursor()
        for name, value in (filters or Filters()).variables().items():
            cur.execute(f"SET VARIABLE {name} = $v", {"v": value})
        return cur

    def definition(self, indicator_id: str) -> IndicatorDef:
        try:
            return self.catalogue[indicator_id]
        except KeyError as exc:
            raise KeyError(f"indicateur inconnu : {indicator_id}") from exc

    def compute(
        self,
        indicator_id: str,
        year: int,
        filters: Filters | None = None,
        as_of: dt.date | None = None,
        cursor: duckdb.DuckDBPyConnection | None = None,
        cohorts: dict[tuple[object, ...], dict[str, Any]] | None = None,
    ) -> IndicatorValue:
        """`cohorts`: a cache of the cohorts already read with the same cursor (compute_all), shared by
        the time-to-event indicators of one cohort."""
        ind = self.definition(indicator_id)
        params: dict[str, object] = {}
        names = set(_PARAM.findall(ind.sql))
        if "annee" in names:
            params["annee"] = year
        if "date" in names:
            params["date"] = as_of or default_as_of(year)
        cur = cursor or self.cursor(filters)
        if ind.estimateur:
            return self._estimate(ind, cur, params, {} if cohorts is None else cohorts)
        result = cur.execute(ind.sql, params)
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
        if ind.forme == "repartition":
            value = {row[0]: _number(row[1]) for row in rows}
            details = {}
            if "numerateur" in columns:
                i, j = columns.index("numerateur"), columns.index("denominateur")
                details = {row[0]: (_number(row[i]), _number(row[j])) for row in rows}
            return IndicatorValue(indicator_id, value, details=details)
        row = dict(zip(columns, rows[0], strict=True)) if rows else {"valeur": None}
        return IndicatorValue(
            indicator_id, _number(row["valeur"]), _number(row.get("numerateur")), _number(row.get("denominateur"))
        )

    def _estimate(
        self,
        ind: IndicatorDef,
        cur: duckdb.DuckDBPyConnection,
        params: dict[str, object],
        cohorts: dict[tuple[object, ...], dict[str, Any]],
    ) -> IndicatorValue:
        from pipelines.indicators import adhesion, survival  # numpy estimators: only when needed

        key = (ind.sql.strip(), tuple(sorted(params.items())))
        if key not in cohorts:
            # numpy columns rather than a polars frame: the command line need not import polars (issue 13).
            cohorts[key] = cur.sql(ind.sql, params=params).fetchnumpy()
        if adhesion.handles(ind):
            return adhesion.estimate(ind, cohorts[key], lambda domaine: self._domain_keys(cur, domaine))
        canonical: list[str] = []
        if ind.domaine:
            rows = cur.execute(DOMAIN_KEYS_SQL, {"domaine": ind.domaine}).fetchall()
            canonical = [row[0] for row in rows]
        return survival.estimate(ind, cohorts[key], canonical)

    @staticmethod
    def _domain_keys(cur: duckdb.DuckDBPyConnection, domaine: str) -> list[str]:
        return [row[0] for row in cur.execute(DOMAIN_KEYS_SQL, {"domaine": domaine}).fetchall()]

    def compute_all(
        self, year: int, filters: Filters | None = None, as_of: dt.date | None = None, ids: list[str] | None = None
    ) -> dict[str, IndicatorValue]:
        cur = self.cursor(filters)
        cohorts: dict[tuple[object, ...], dict[str, Any]] = {}
        try:
            return {
                i: self.compute(i, year, as_of=as_of, cursor=cur, cohorts=cohorts)
                for i in (ids or list(self.catalogue))
            }
        finally:
            cur.close()

    def years(self) -> list[int]:
        """The years with data (requests, GTS examinations, closures): the one definition the command line,
        the dashboard and the reports share."""
        cur = self.cursor()
        try:
            return [int(row[0]) for row in cur.sql(YEARS_SQL).fetchall()]
        finally:
            cur.close()

    def query(self, sql: str, params: dict[str, Any] | None = None, filters: Filters | None = None) -> pl.DataFrame:
        """For the product's own SQL files (dashboard data access); values are always bound."""
        cur = self.cursor(filters)
        try:
            frame: pl.DataFrame = cur.sql(sql, params=params or {}).pl()
            return frame
        finally:
            cur.close()

    def close(self) -> None:
        self.con.close()
