"""The 101 départements: reference figures, codes and names, and the similarity rule (COMPARATIF.md §3)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from pipelines.reference import settings
from pipelines.reference.text import fold

FILE = "departements.csv"
PEERS = 5


@lru_cache(maxsize=1)
def reference() -> pl.DataFrame:
    """code_departement, departement, communes, population, superficie_km2, densite,
    part_population_communes_moins_2000_pct: one row per département, in code order."""
    return pl.read_csv(settings.REFERENCE_DIR / FILE, schema_overrides={"code_departement": pl.String})


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    return dict(reference().select("code_departement", "departement").iter_rows())


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, name in names().items():
        table[fold(name)] = code
        table[fold(code)] = code
        if code.isdigit() and len(code) == 2:
            table[str(int(code))] = code  # `1` for `01`, as a spreadsheet shows a number
    return table


def resolve(text: str) -> str | None:
    """The INSEE code of a département given by code (`16`, `2A`, `971`, `1`) or name (folded); None if unknown."""
    folded = fold(text)
    if folded.endswith(" 0") and folded[:-2].isdigit():  # `16.0`: a code read from a number cell
        folded = folded[:-2]
    return _lookup().get(folded)


def features(frame: pl.DataFrame | None = None) -> pl.DataFrame:
    """z-scores over the 101 of log population, log density and rural share."""
    frame = reference() if frame is None else frame
    raw = frame.select(
        "code_departement",
        pl.col("population").cast(pl.Float64).log().alias("log_population"),
        pl.col("densite").cast(pl.Float64).log().alias("log_densite"),
        pl.col("part_population_communes_moins_2000_pct").cast(pl.Float64).alias("part_rurale"),
    )
    cols = ["log_population", "log_densite", "part_rurale"]
    # Population standard deviation (ddof=0): the z-scores describe the 101 themselves, not a sample.
    return raw.with_columns(((pl.col(c) - pl.col(c).mean()) / pl.col(c).std(ddof=0)).alias(c) for c in cols)


def distances(home: str, frame: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every département with its Euclidean distance to `home` on the standardised features, nearest first
    (home itself first, at 0); columns code_departement, departement, distance, rang."""
    frame = reference() if frame is None else frame
    z = features(frame)
    origin = z.filter(pl.col("code_departement") == home)
    if origin.height != 1:
        raise KeyError(f"département inconnu : {home}")
    o = origin.row(0, named=True)
    cols = ["log_population", "log_densite", "part_rurale"]
    dist = pl.sum_horizontal((pl.col(c) - o[c]) ** 2 for c in cols).sqrt()
    out = z.select("code_departement", dist.alias("distance")).join(
        frame.select("code_departement", "departement"), on="code_departement"
    )
    out = out.sort("distance", "code_departement").with_row_index("rang")
    return out.select("code_departement", "departement", "distance", pl.col("rang").cast(pl.Int32))


def nearest(home: str, n: int = PEERS) -> list[str]:
    """The n départements nearest to home (home excluded)."""
    table = distances(home)
    return table.filter(pl.col("code_departement") != home)["code_departement"].head(n).to_list()
