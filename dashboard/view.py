"""What every page needs from the frame: the view state, labels, colours and titles."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.state import ViewState
from pipelines.published import Breakdown, fmt
from pipelines.reference import couleurs
from visuals import layout, palette
from visuals.charts import Item

VIEW_KEY = "_vue"
TYPE_LABELS = {"ASSLL": "ASSLL", "DIAGNOSTIC": "diagnostics"}


@dataclass(frozen=True)
class View:
    state: ViewState
    keys: dict[str, list[str]]
    names: dict[str, dict[str, str]]

    def label(self, domain: str, key: str) -> str:
        if domain in self.names and key in self.names[domain]:
            return self.names[domain][key]
        return fmt.label(domain, key)

    def colours(self, domain: str) -> dict[str, str]:
        return palette.colour_map([*self.keys.get(domain, []), "NON_RECONNU", "NON_RENSEIGNE"], couleurs.fixed())

    def filters_text(self) -> str:
        s = self.state
        parts = []
        if s.type:
            parts.append(", ".join(TYPE_LABELS.get(t, t) for t in s.type))
        for name, domain in (
            ("secteur", "secteur"),
            ("tas", "tas"),
            ("epci", "epci"),
            ("prescripteur", "prescripteur"),
            ("instance", "instance"),
        ):
            values = getattr(s, name)
            if values:
                parts.append(", ".join(self.label(domain, v) for v in values))
        return " · ".join(parts)

    def title(self, base: str, year: int | None = None, *, period: bool = False, wide: bool = False) -> str:
        """Chart titles state the year (or the period) and the filters in force; `wide` for a chart across the
        page (twice the characters to a line of a half-width one)."""
        when = f"{self.state.debut}–{self.state.fin}" if period else str(year or self.state.annee)
        filters = self.filters_text()
        # Lines that fit a half-width column, the filters on a line of their own: Plotly cuts a long title.
        width = layout.TITLE_LINE * (2 if wide else 1)
        title = layout.wrap_title(base, width, when=when)
        if filters:  # in smaller type (<sup>): more characters to a line
            title += "".join(f"<br><sup>{line}</sup>" for line in layout.wrap_lines(filters, int(width * 1.4)))
        return title

    def items(self, b: Breakdown, domain: str, *, shares: bool = False, hide_zero: bool = False) -> list[Item]:
        """Bars of a breakdown in canonical order (the catch-all keys only when not zero); a masked count is
        a masked item (drawn as « < 5 »); with `shares`, each bar reads `51 (21,5 %)`."""
        items = []
        for key in b.shown_keys():
            fig = b[key]
            if hide_zero and not fig.masked and not fig.value:
                continue
            part = b.part(key)
            # Every bar carries its value (and its share): the figure is read, not guessed from the axis.
            text = (
                f"{fig.text} ({part.text})"
                if shares and fig.shown and part.shown
                else (fig.text if fig.shown else None)
            )
            items.append(Item(key, self.label(domain, key), fig.value, text=text, masked=fig.masked))
        return items


def current() -> View:
    return st.session_state[VIEW_KEY]
