"""One colour per category, the same on every page, in the presentation and in every report.

Every colour keeps a contrast of at least 3:1 against white (WCAG 2.1, graphics) and the sequence
stays distinguishable with the usual colour-vision deficiencies (Okabe–Ito and Paul Tol, darkened
where needed). A category that several domains share (COMMISSION_FSL as a prescripteur and as an
instance, TRAVAIL_POSSIBLE in bars and in curves) has its colour fixed in
`data/reference/couleurs.csv` (read by `pipelines.reference.couleurs`, passed in by the callers: this
package reads no file of the product); the others take the sequence in their canonical order.
"""

from __future__ import annotations

from collections.abc import Mapping

SEQUENCE = (
    "#0072B2",
    "#CC3311",
    "#117733",
    "#A6611A",
    "#6F4E9C",
    "#AA3377",
    "#0F6E82",
    "#666600",
    "#332288",
    "#882255",
    "#B35806",
    "#1B7837",
    "#5F6B7A",
    "#7A5195",
    "#8A5A00",
    "#C44E52",
)
CATCH_ALL_COLOURS = {"NON_RECONNU": "#6B7280", "NON_RENSEIGNE": "#949494"}
# Sequential scale for maps (light to dark blue, readable in grey too).
SEQUENTIAL = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
BRAND = "#1B5E8C"
NEUTRAL = "#5F6B7A"
ALERT = "#B2182B"  # an overloaded sector
ACCENT = "#B35806"  # a high load without waiting requests
GOOD = "#1B7837"  # capacity
ASSLL = "#0072B2"
DIAGNOSTIC = "#A6611A"


def colour_map(keys: list[str], fixed: Mapping[str, str]) -> dict[str, str]:
    """Colours for the keys of one domain, in canonical order: the `fixed` colour where the key has one (from
    couleurs.csv), else the next colour of the sequence that no other key of the chart already has."""
    pinned = {**CATCH_ALL_COLOURS, **fixed}
    colours = {k: pinned[k] for k in keys if k in pinned}
    taken = set(colours.values())
    free = [c for c in SEQUENCE if c not in taken]
    i = 0
    for key in keys:
        if key in colours:
            continue
        colours[key] = free[i % len(free)] if free else SEQUENCE[i % len(SEQUENCE)]
        i += 1
    return colours
