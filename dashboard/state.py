"""The dashboard's shared filters: one immutable value, round-tripped through the URL.

Pure functions only (no Streamlit), so the round trip is tested directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from pipelines.indicators import Filters

MULTI = ("type", "secteur", "tas", "epci", "prescripteur", "instance")


@dataclass(frozen=True)
class ViewState:
    debut: int
    fin: int
    comparaison: int
    type: tuple[str, ...] = ()
    secteur: tuple[str, ...] = ()
    tas: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    prescripteur: tuple[str, ...] = ()
    instance: tuple[str, ...] = ()
    diffusion: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def annee(self) -> int:
        """The year whose key figures are shown: the end of the range."""
        return self.fin

    @property
    def annees(self) -> list[int]:
        return list(range(self.debut, self.fin + 1))

    def filters(self) -> Filters:
        return Filters(
            secteurs=self.secteur,
            tas=self.tas,
            epci=self.epci,
            types=self.type,
            prescripteurs=self.prescripteur,
            instances=self.instance,
        )

    def has_filters(self) -> bool:
        return any(getattr(self, name) for name in MULTI)


def default_comparison(fin: int, years: Sequence[int]) -> int:
    """The year before the end of the period, when there is one."""
    return fin - 1 if fin - 1 in years else fin


def default_state(years: Sequence[int]) -> ViewState:
    last = max(years)
    return ViewState(debut=min(years), fin=last, comparaison=default_comparison(last, years))


def to_query(state: ViewState, years: Sequence[int]) -> dict[str, str | list[str]]:
    """Only what differs from the default view, so a plain link stays plain."""
    default = default_state(years)
    query: dict[str, str | list[str]] = {}
    for name in ("debut", "fin"):
        if getattr(state, name) != getattr(default, name):
            query[name] = str(getattr(state, name))
    if state.comparaison != default_comparison(state.fin, years):
        query["comparaison"] = str(state.comparaison)
    for name in MULTI:
        values = getattr(state, name)
        if values:
            query[name] = list(values)
    if state.diffusion:
        query["diffusion"] = "1"
    return query


def _year(raw: Sequence[str] | None, years: Sequence[int]) -> int | None:
    """The last value given when it is a plain year among `years` (`2024`, not `2024.0`, `abc` or `10**20`)."""
    if not raw:
        return None
    text = str(raw[-1]).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        return None
    value = int(text)
    return value if value in years else None


def years_without_data(params: Mapping[str, Sequence[str]], years: Sequence[int]) -> list[int]:
    """The plain years of the URL's period (`debut`, `fin`, `comparaison`) for which no request is imported: the
    view falls back to its default, and the page says so as `assll indicators` and `assll report` do."""
    asked = {
        int(v[-1])
        for v in (params.get(n) for n in ("debut", "fin", "comparaison"))
        if v and str(v[-1]).strip().isascii() and str(v[-1]).strip().isdigit() and len(str(v[-1]).strip()) == 4
    }
    return sorted(asked - set(years))


def no_data_text(missing: Sequence[int], years: Sequence[int]) -> str:
    """`Aucune demande importée pour 2030 (années disponibles : 2014, …, 2025) : …`, as the command line says it."""
    return (
        f"Aucune demande importée pour {', '.join(str(y) for y in missing)} (années disponibles : "
        f"{', '.join(str(y) for y in years)}) : la période par défaut est affichée."
    )


def year_param(raw: str | None, years: Sequence[int], default: int) -> int:
    """A year from one URL parameter (`?annee=`), the default when it is not a year with data."""
    return _year([raw] if raw is not None else None, years) or default


def from_query(
    params: Mapping[str, Sequence[str]], years: Sequence[int], options: Mapping[str, Sequence[str]]
) -> ViewState:
    """A state from URL parameters; anything unknown or out of range falls back to the default."""
    state = default_state(years)
    debut = _year(params.get("debut"), years) or state.debut
    fin = _year(params.get("fin"), years) or state.fin
    if debut > fin:
        debut, fin = fin, debut
    comparaison = _year(params.get("comparaison"), years)
    if comparaison is None:
        comparaison = default_comparison(fin, years)
    values = {}
    for name in MULTI:
        allowed = set(options.get(name, ()))
        values[name] = tuple(dict.fromkeys(v for v in params.get(name, ()) if v in allowed))
    diffusion = (params.get("diffusion") or ["0"])[-1] in ("1", "oui", "true")
    return replace(state, debut=debut, fin=fin, comparaison=comparaison, diffusion=diffusion, **values)  # type: ignore[arg-type]  # MULTI: tuple fields only
