"""The shipped map shapes of Charente (EPCI and communes), read once per process.

The GeoJSON files are versioned in data/reference (see SOURCES.md); they are parsed on first use
and kept in memory, so a page rerun never reads them again. Nothing is fetched from the network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go

from pipelines.reference import settings
from visuals import charts

# level -> (file name, property holding the code of each area)
LEVELS = {
    "epci": ("charente_epci.geojson", "code_epci"),
    "commune": ("charente_communes.geojson", "code_insee"),
}


class MapUnavailable(Exception):
    """The shape file is missing or unreadable; the message is French and shown as is."""


def _path(file_name: str) -> Path:
    """The user's referential when it holds the file, else the shipped copy."""
    own = settings.reference_dir() / file_name
    return own if own.is_file() else settings.REFERENCE_DIR / file_name


@lru_cache(maxsize=4)
def _read(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def shapes(level: str) -> tuple[dict, str]:
    """(GeoJSON FeatureCollection, code property) of `epci` or `commune`; parsed once and cached.

    The returned dict is shared: callers must not modify it.
    """
    file_name, key = LEVELS[level]
    path = _path(file_name)
    try:
        geojson = _read(str(path))
    except (OSError, ValueError) as exc:
        raise MapUnavailable(
            f"Le fond de carte « {file_name} » est introuvable ou illisible : la carte ne peut "
            "pas être dessinée (les chiffres restent dans le tableau)."
        ) from exc
    if not isinstance(geojson, dict) or not isinstance(geojson.get("features"), list):
        raise MapUnavailable(f"Le fond de carte « {file_name} » n'est pas un fichier GeoJSON valide.")
    return geojson, key


@lru_cache(maxsize=4)
def codes(level: str) -> frozenset[str]:
    """The codes of the areas drawn on the map of `level`."""
    geojson, key = shapes(level)
    return frozenset(feature["properties"][key] for feature in geojson["features"])


@lru_cache(maxsize=4)
def parents(level: str = "commune", parent: str = "code_epci") -> dict[str, str]:
    """A property of each area by its code (by default: the EPCI of each commune). Shared: do not modify."""
    geojson, key = shapes(level)
    return {f["properties"][key]: f["properties"].get(parent, "") for f in geojson["features"]}


def choropleth(
    level: str,
    values: Mapping[str, float | None],
    names: Mapping[str, str],
    title: str,
    unit: str = "demandes",
    masked: tuple[str, ...] = (),
) -> go.Figure:
    """`charts.choropleth` on the shipped shapes of `level`, only for the areas drawn (other keys are ignored).

    The drawing is cached on its inputs (the commune map takes some 30 ms to build); each call gets its own
    figure, so no session can change what another one is shown.
    """
    drawn = codes(level)
    spec = _choropleth(
        level,
        tuple(sorted((k, v or 0) for k, v in values.items() if k in drawn)),
        tuple(sorted((k, v) for k, v in names.items() if k in drawn)),
        title,
        unit,
        tuple(sorted(k for k in masked if k in drawn)),
    )
    return go.Figure(spec)


@lru_cache(maxsize=64)
def _choropleth(
    level: str,
    values: tuple[tuple[str, float], ...],
    names: tuple[tuple[str, str], ...],
    title: str,
    unit: str,
    masked: tuple[str, ...],
) -> dict:
    geojson, key = shapes(level)
    return charts.choropleth(geojson, key, dict(values), dict(names), title, unit=unit, masked=masked).to_dict()
