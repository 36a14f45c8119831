"""Meeting calendars: dates of the decisions the records hang on."""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from functools import lru_cache

FIRST_YEAR = 2014
LAST_YEAR = 2025
END = date(LAST_YEAR, 12, 31)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


@lru_cache(maxsize=1)
def seances_gts() -> list[date]:
    """The GTS meets monthly (third Thursday), except in August. Runs into 2026 so that
    a late-2025 request can be found no meeting within the covered years."""
    return [_nth_weekday(y, m, 3, 3) for y in range(FIRST_YEAR, LAST_YEAR + 2) for m in range(1, 13) if m != 8]


@lru_cache(maxsize=1)
def commissions_fsl() -> list[date]:
    """FSL commissions: second and fourth Tuesday."""
    return sorted(
        _nth_weekday(y, m, 1, n) for y in range(FIRST_YEAR, LAST_YEAR + 2) for m in range(1, 13) for n in (2, 4)
    )


@lru_cache(maxsize=1)
def ccapex() -> list[date]:
    """CCAPEX: first Monday of the month."""
    return [_nth_weekday(y, m, 0, 1) for y in range(FIRST_YEAR, LAST_YEAR + 2) for m in range(1, 13)]


def next_on_or_after(dates: list[date], day: date) -> date:
    return dates[bisect.bisect_left(dates, day)]


def last_on_or_before(dates: list[date], day: date) -> date:
    return dates[bisect.bisect_right(dates, day) - 1]


def jours_ouvres(year: int) -> list[date]:
    day, out = date(year, 1, 2), []
    while day.year == year:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out
