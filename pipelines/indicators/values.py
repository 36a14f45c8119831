"""What an indicator is asked with (`Filters`) and what it gives (`IndicatorValue`): the types shared by the
SQL engine (engine.py) and the estimators applied to cohorts (survival.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Filters", "IndicatorValue", "Median"]


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters, as canonical values; an empty tuple keeps everything."""

    secteurs: tuple[str, ...] = ()
    tas: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    prescripteurs: tuple[str, ...] = ()
    instances: tuple[str, ...] = ()

    def variables(self) -> dict[str, list[str] | None]:
        return {f"f_{name}": (list(value) or None) for name, value in self.__dict__.items()}

    def is_empty(self) -> bool:
        return not any(self.__dict__.values())


Median = dict[str, float | None]  # {"valeur", "borne_basse", "borne_haute"}


@dataclass(frozen=True)
class IndicatorValue:
    """A number, or a map key -> number; shares carry their numerator and denominator.

    A time-to-event indicator (survival.py) may be a median {"valeur", "borne_basse", "borne_haute"}
    or a map key -> median; its numerator is the number of events, its denominator the number of
    subjects (`details`: the same per key)."""

    id: str
    value: float | int | dict[str, float | int | None] | Median | dict[str, Median | None] | None
    numerator: float | int | None = None
    denominator: float | int | None = None
    details: dict[str, tuple[float | int | None, float | int | None]] = field(default_factory=dict)
