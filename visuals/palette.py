"""One colour per category, the same on every page and in every report (colour-blind safe).

Categories are coloured in their canonical order from the Okabe–Ito palette, extended with
Paul Tol's muted palette; the catch-all keys are always grey.
"""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
SEQUENCE = OKABE_ITO + TOL_MUTED
CATCH_ALL_COLOURS = {"NON_RECONNU": "#B0B0B0", "NON_RENSEIGNE": "#D9D9D9"}
# Sequential scale for maps (light to dark blue, readable in grey too).
SEQUENTIAL = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
BRAND = "#1B5E8C"
ACCENT = "#E69F00"
NEUTRAL = "#5F6B7A"
ALERT = "#D55E00"
GOOD = "#009E73"
ASSLL = "#0072B2"
DIAGNOSTIC = "#E69F00"


def colour_map(keys: list[str]) -> dict[str, str]:
    """Colours for the keys of one domain, in canonical order."""
    colours: dict[str, str] = {}
    i = 0
    for key in keys:
        if key in CATCH_ALL_COLOURS:
            colours[key] = CATCH_ALL_COLOURS[key]
        else:
            colours[key] = SEQUENCE[i % len(SEQUENCE)]
            i += 1
    return colours
