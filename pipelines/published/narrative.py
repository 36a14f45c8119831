"""Generated French sentences: their parts and the rules for wording figures inside a sentence.

A sentence is a list of plain text and `Figure` segments: `str(sentence)` is the plain French text
the dashboard shows; the reports render each figure with the id of the indicator it comes from,
so that every number can be traced and tested. A masked figure is never written as a number: a
masked count reads « moins de 5 » and a comparison with a masked or missing figure is left out.
The sentences themselves are in `pipelines.published.sentences`.
"""

from __future__ import annotations

from dataclasses import replace

from pipelines.published.figure import Figure

Fig = Figure  # the reports' renderers know a sentence's figures by this name
IN_WORDS = "moins de 5"
# Below this relative change (in %), a count is called stable.
STABLE_BELOW = 1.0


class Sentence(list[str | Figure]):
    """Segments of text and figures; `str()` gives the plain sentence."""

    def __str__(self) -> str:
        return "".join(s.text if isinstance(s, Figure) else s for s in self)


def words(fig: Figure) -> Figure:
    """A figure as written in a sentence: a masked count reads « moins de 5 », never a number."""
    if fig.masked and fig.kind == "valeur":
        return replace(fig, text=IN_WORDS)
    return fig


def plural(fig: Figure, one: str, several: str) -> str:
    """`situation` for 0 or 1, `situations` from 2 (and for « moins de 5 »)."""
    if fig.masked or fig.value is None:
        return several
    return several if abs(fig.value) >= 2 else one


def against(fig: Figure, base_year: int, compare: bool = True) -> list[str | Figure]:
    """` (contre 43 en 2023)`; nothing when there is no comparison or the figure is masked or missing."""
    if not compare or not fig.shown:
        return []
    return [" (contre ", fig, f" en {base_year})"]


def direction(change: float | None) -> str:
    """`en hausse`, `en baisse` or `stable`."""
    if change is None or abs(change) < STABLE_BELOW:
        return "stable"
    return "en hausse" if change > 0 else "en baisse"


def enumerate_parts(pieces: list[list[str | Figure]]) -> list[str | Figure]:
    """`a, b et c` from pieces of sentence."""
    joined: list[str | Figure] = []
    for i, piece in enumerate(pieces):
        if i:
            joined.append(" et " if i == len(pieces) - 1 else ", ")
        joined += piece
    return joined
