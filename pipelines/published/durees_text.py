"""How the command line writes a time-to-event indicator (survival.py) in JSON, CSV and French text.

A median is {"valeur", "borne_basse", "borne_haute"} (None when not reached or without subject); its
numerator is the number of events and its denominator the number of subjects followed.
"""

from __future__ import annotations

from typing import Any, cast

from pipelines.indicators.catalogue import IndicatorDef
from pipelines.indicators.values import IndicatorValue, Median
from pipelines.published import adhesion_text, fmt

CI = "intervalle de confiance à 95\u00a0%"


def _counts(events: float | int | None, subjects: float | int | None) -> dict[str, float | int | None]:
    return {"evenements": events, "sujets": subjects}


def json_details(value: IndicatorValue) -> dict[str, Any]:
    """Events and subjects beside the value (per key too, for a map)."""
    if value.id in adhesion_text.ADHESION_IDS:
        return adhesion_text.json_details(value)
    details: dict[str, Any] = _counts(value.numerator, value.denominator)
    if value.details:
        details["par_cle"] = {k: _counts(*v) for k, v in value.details.items()}
    return details


def csv_rows(ind: IndicatorDef, year: int, value: IndicatorValue) -> list[list[object]]:
    """Rows of `indicateur;annee;cle;valeur;numerateur;denominateur`: a median's bounds on rows of their own
    (key `borne_basse` / `borne_haute`, after the group's name for a map). Adhesion indicators: adhesion_text."""
    if adhesion_text.is_adhesion(ind):
        return adhesion_text.csv_rows(ind, year, value)

    def blank(v: object) -> object:
        return "" if v is None else v

    def median_rows(prefix: str, median: Median | None, events: object, subjects: object) -> list[list[object]]:
        median = median or {}
        rows = [[ind.id, year, prefix, blank(median.get("valeur")), blank(events), blank(subjects)]]
        for bound in ("borne_basse", "borne_haute"):
            key = f"{prefix} / {bound}" if prefix else bound
            rows.append([ind.id, year, key, blank(median.get(bound)), "", ""])
        return rows

    got = value.value
    details = value.details or {}
    if ind.forme == "mediane" and ind.domaine:
        assert isinstance(got, dict)
        return [
            row
            for k, m in cast("dict[str, Median | None]", got).items()
            for row in median_rows(k, m, *details.get(k, (None, None)))
        ]
    if ind.forme == "mediane":
        assert got is None or isinstance(got, dict)
        return median_rows("", cast("Median | None", got), value.numerator, value.denominator)
    if isinstance(got, dict):
        return [[ind.id, year, k, blank(v), *(blank(x) for x in details.get(k, (None, None)))] for k, v in got.items()]
    return [[ind.id, year, "", blank(got), blank(value.numerator), blank(value.denominator)]]


def _amount(value: float | None, unite: str) -> str:
    if unite == "mois":
        return fmt.months(value)
    return f"{fmt.number(value)}\u00a0jours" if value is not None else fmt.number(None)


def median_text(median: Median | None, unite: str, subjects: float | int | None) -> str:
    """« 7,9 mois (intervalle de confiance à 95 % : 5,7 à 10,5 mois) », « non atteinte (…) »."""
    if median is None:
        if not subjects:
            return "aucune donnée"
        return f"non atteinte : moins de la moitié des {fmt.number(subjects)} suivis ont franchi l'étape"
    low, high = median.get("borne_basse"), median.get("borne_haute")
    if low is None and high is None:
        interval = ""
    elif high is None:
        interval = f" ({CI} : au moins {_amount(low, unite)})"
    elif low is None:
        interval = f" ({CI} : au plus {_amount(high, unite)})"
    else:
        interval = f" ({CI} : {fmt.number(low, 1 if unite == 'mois' else 0)} à {_amount(high, unite)})"
    return _amount(median["valeur"], unite) + interval


def display_lines(ind: IndicatorDef, value: IndicatorValue) -> list[tuple[str, str]]:
    """The value in French, one (key, text) line per key of a map, one ("", text) line otherwise."""
    if adhesion_text.is_adhesion(ind):
        return adhesion_text.display_lines(ind, value)
    got = value.value
    details = value.details or {}
    if ind.forme == "mediane" and ind.domaine:
        assert isinstance(got, dict)
        return [
            (fmt.label(ind.domaine, k), median_text(m, ind.unite, details.get(k, (None, None))[1]))
            for k, m in cast("dict[str, Median | None]", got).items()
        ]
    if ind.forme == "mediane":
        assert got is None or isinstance(got, dict)
        return [("", median_text(cast("Median | None", got), ind.unite, value.denominator))]
    if isinstance(got, dict):
        return [(fmt.label(ind.domaine, k), fmt.percent(v)) for k, v in cast("dict[str, float | None]", got).items()]
    if ind.forme == "part":
        assert not isinstance(got, dict)
        if not value.denominator:
            return [("", "aucune donnée")]
        return [
            (
                "",
                f"{fmt.percent(got)} (estimation sur {fmt.number(value.denominator)} suivis ; "
                f"{fmt.number(value.numerator)} observés dans le délai)",
            )
        ]
    assert not isinstance(got, dict)
    return [("", fmt.number(got))]
