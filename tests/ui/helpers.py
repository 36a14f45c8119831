"""Helpers shared by the page tests (AppTest does not expose a dataframe's key)."""

from __future__ import annotations

from pipelines.published import fmt


def tables(at, first_column: str, contains: str | None = None) -> list:
    """The data tables (pandas) whose first header is `first_column` (and one header contains `contains`)."""
    found = [
        d.value
        for d in at.dataframe
        if list(d.value.columns)[:1] == [first_column]
        and (contains is None or any(contains in str(c) for c in d.value.columns))
    ]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found


def table(at, first_column: str, contains: str | None = None):
    return tables(at, first_column, contains)[0]


def rounded(value: float) -> float:
    """A share as the page shows it: rounded half-up to one decimal."""
    return float(fmt.round_half_up(value, 1))


def metrics(at) -> dict[str, str]:
    """The key figures shown, label -> text."""
    return {m.label: m.value for m in at.metric}


def open_until(app, page: str, end: int):
    """The page with the period ending in `end`, chosen in the sidebar as a user would."""
    at = app(page)
    at.sidebar.select_slider(key="f_periode").set_value((2014, end)).run()
    assert not at.exception
    return at
