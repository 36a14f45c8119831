"""Generated French sentences in the register of the activity report (dashboard and reports).

Pure functions of numbers: the words for up, down and stable, the comparison year and the
figure, in French formats (`+13,8 %`, `contre 152 en 2023`).
"""

from __future__ import annotations

from . import fmt
from .stats import change_pct

# Below this relative change (in %), a count is called stable.
STABLE_BELOW = 1.0


def direction(change: float | None) -> str:
    """`en hausse`, `en baisse` or `stable`."""
    if change is None or abs(change) < STABLE_BELOW:
        return "stable"
    return "en hausse" if change > 0 else "en baisse"


def evolution(year: int, base_year: int, subject: str, current: float | None, previous: float | None) -> str:
    """`En 2024, le nombre de commandes d'ASSLL est en hausse par rapport à 2023 (+13,8 %).`"""
    if current is None:
        return f"En {year}, {subject} n'est pas connu."
    change = change_pct(current, previous)
    if previous in (None, 0):
        return f"En {year}, {subject} est de {fmt.number(current)} (aucune donnée de comparaison pour {base_year})."
    word = direction(change)
    if word == "stable":
        return (f"En {year}, {subject} est stable par rapport à {base_year} "
                f"({fmt.number(current)} contre {fmt.number(previous)}).")
    return f"En {year}, {subject} est {word} par rapport à {base_year} ({fmt.percent(change, signed=True)})."


def share(year: int, base_year: int, lead: str, tail: str, pct: float | None, count: int | None,
          previous_pct: float | None) -> str:
    """`En 2024, les travailleurs sociaux ont été à l'origine de 78,0 % des demandes d'ASSLL, soit 135
    (contre 71,7 % en 2023).`  `lead` comes before the percentage, `tail` after it."""
    if pct is None:
        return ""
    text = f"En {year}, {lead} {fmt.percent(pct)} {tail}".rstrip()
    if count is not None:
        text += f", soit {fmt.number(count)}"
    if previous_pct is not None:
        text += f" (contre {fmt.percent(previous_pct)} en {base_year})"
    return text + "."


def count_with_previous(value: float | None, previous: float | None, base_year: int, unit: str = "") -> str:
    """`188 (contre 180 en 2023)`."""
    text = fmt.number(value) + (f" {unit}" if unit else "")
    if previous is not None:
        text += f" (contre {fmt.number(previous)} en {base_year})"
    return text
