"""Key figures of the time-to-event indicators (a median, a Kaplan–Meier share) on the pages: the value,
its 95 % interval below it, and the year-on-year word that respects chance as its delta."""

from __future__ import annotations

from pipelines.published import Published, durees, fmt, sentences

CHANCE = (
    "« En hausse » ou « en baisse » seulement quand les deux intervalles de confiance à 95 % ne se "
    "chevauchent pas ; « stable » sinon."
)


def main_text(fig) -> str:
    """The value alone (« 3,8 mois », « 73,6 % », « 12 jours »), or the figure's text when none is shown."""
    if not fig.shown:
        return fig.text.split(" (")[0]
    if fig.unit == "%":
        return fmt.percent(fig.value)
    return fig.text.split(" (")[0]


def metric(pub: Published, column, ind_id: str, label: str, year: int, base: int) -> None:
    now, before = pub.value(ind_id, year), pub.value(ind_id, base)
    word = sentences.trend_word(now, before) if base != year else None
    bounds = durees.interval_text(*(now.interval or (None, None)), now.unit)
    help_ = pub.definition(ind_id).definition
    if word:
        help_ += f"\n\n{year} : {now.text} ; {base} : {before.text}. {CHANCE}"
    column.metric(
        label,
        main_text(now),
        delta=word,
        delta_color="off",
        # A word has no sign for Streamlit to read: its arrow is said explicitly.
        delta_arrow={"en hausse": "up", "en baisse": "down"}.get(word or "", "off"),
        delta_description=f"par rapport à {base}" if word else None,
        border=True,
        help=help_,
    )
    if bounds:
        column.caption(bounds)
    elif now.text.startswith("non atteinte"):
        column.caption("Non atteinte : " + now.text.removeprefix("non atteinte").strip(" ()"))
