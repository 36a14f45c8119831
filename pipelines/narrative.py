"""Generated French sentences in the register of the activity report (dashboard and reports).

A sentence is a list of plain text and `Fig` segments: `str(sentence)` is the plain French text
the dashboard shows; the reports render each `Fig` with the id of the indicator it comes from,
so that every number can be traced and tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fmt
from .stats import change_pct

# Below this relative change (in %), a count is called stable.
STABLE_BELOW = 1.0


@dataclass(frozen=True)
class Fig:
    """A number in a sentence, formatted, with the indicator (and key, and year) it comes from.

    `kind` says how the number follows from the indicator: `valeur` (the value, or the value of
    `key`), `part` (the share of `key` in the breakdown's total, in %), `evolution` (the change of
    the value from `base_year` to `year`, in %).
    """

    text: str
    indicator: str | None = None
    key: str | None = None
    value: float | None = None
    year: int | None = None
    kind: str = "valeur"
    base_year: int | None = None


class Sentence(list):
    """Segments of text and figures; `str()` gives the plain sentence."""

    def __str__(self) -> str:
        return "".join(s.text if isinstance(s, Fig) else s for s in self)


def count(value: float | None, indicator: str | None = None, key: str | None = None, decimals: int = 0,
          year: int | None = None) -> Fig:
    return Fig(fmt.number(value, decimals), indicator, key, value, year)


def pct(value: float | None, indicator: str | None = None, key: str | None = None, signed: bool = False,
        year: int | None = None, kind: str = "valeur", base_year: int | None = None) -> Fig:
    return Fig(fmt.percent(value, signed=signed), indicator, key, value, year, kind, base_year)


def months(value: float | None, indicator: str | None = None, year: int | None = None) -> Fig:
    return Fig(fmt.months(value), indicator, None, value, year)


def direction(change: float | None) -> str:
    """`en hausse`, `en baisse` or `stable`."""
    if change is None or abs(change) < STABLE_BELOW:
        return "stable"
    return "en hausse" if change > 0 else "en baisse"


def evolution(year: int, base_year: int, subject: str, current: float | None, previous: float | None,
              indicator: str | None = None, key: str | None = None) -> Sentence:
    """`En 2024, le nombre de commandes d'ASSLL est en hausse par rapport à 2023 (+13,8 %).`"""
    if current is None:
        return Sentence([f"En {year}, {subject} n'est pas connu."])
    change = change_pct(current, previous)
    if previous in (None, 0):
        return Sentence([f"En {year}, {subject} est de ", count(current, indicator, key, year=year),
                         f" (aucune donnée de comparaison pour {base_year})."])
    word = direction(change)
    if word == "stable":
        return Sentence([f"En {year}, {subject} est stable par rapport à {base_year} (",
                         count(current, indicator, key, year=year), " contre ",
                         count(previous, indicator, key, year=base_year), ")."])
    return Sentence([f"En {year}, {subject} est {word} par rapport à {base_year} (",
                     pct(change, indicator, key, signed=True, year=year, kind="evolution", base_year=base_year),
                     ")."])


def share(year: int, base_year: int, lead: str, tail: str, value: float | None, number: int | None,
          previous_pct: float | None, indicator: str | None = None, key: str | None = None) -> Sentence:
    """`En 2024, les travailleurs sociaux ont été à l'origine de 78,0 % des demandes d'ASSLL, soit 135
    (contre 71,7 % en 2023).`  `lead` comes before the percentage, `tail` after it; the percentage is
    the share of `key` in the breakdown `indicator`, and `number` its count."""
    if value is None:
        return Sentence()
    parts: list = [f"En {year}, {lead} ", pct(value, indicator, key, year=year, kind="part"), f" {tail}".rstrip()]
    if number is not None:
        parts += [", soit ", count(number, indicator, key, year=year)]
    if previous_pct is not None:
        parts += [" (contre ", pct(previous_pct, indicator, key, year=base_year, kind="part"), f" en {base_year})"]
    return Sentence([*parts, "."])
