"""The warehouse's own fiche (`assll comparatif export`) and the empty fiche for a partner (`modele`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipelines.comparatif import departements
from pipelines.comparatif.figures import COUNT, figures
from pipelines.comparatif.values import GIVEN, MASKED, MISSING
from pipelines.comparatif.writer import Row, write
from pipelines.indicators import Indicators
from pipelines.published import MASK_COUNT, Published


@dataclass(frozen=True)
class Own:
    """One figure of the warehouse's département: its state, value, and the counts a share rests on."""

    etat: str
    valeur: float | None
    numerateur: float | None = None
    denominateur: float | None = None


def own_figures(indicators: Indicators, year: int, *, masked: bool = False) -> dict[str, Own]:
    """The ten figures computed from the catalogue's definitions, as the published layer gives them;
    `masked` (diffusion): counts of 1 to 4 and the figures computed on them are masked."""
    pub = Published.of(indicators, diffusion_on=masked)
    out = {}
    for ind_id in figures():
        fig = pub.value(ind_id, year)
        if fig.masked:
            out[ind_id] = Own(MASKED, None)
        elif fig.value is None or isinstance(fig.value, dict):
            out[ind_id] = Own(MISSING, None)
        else:
            out[ind_id] = Own(GIVEN, float(fig.value), fig.numerator, fig.denominator)
    return out


def _cell(own: Own, nature: str) -> float | str | None:
    if own.etat == MASKED:
        return MASK_COUNT
    if own.etat == MISSING or own.valeur is None:
        return "nc"
    return own.valeur if nature == COUNT else round(own.valeur, 1 if nature != "etp" else 2)


def export_fiche(
    indicators: Indicators, home: str, year: int, out: Path, *, masked: bool = False, today: dt.date | None = None
) -> Path:
    today = today or dt.date.today()
    name = departements.names().get(home, home)
    own = own_figures(indicators, year, masked=masked)
    titles = [
        f"Fiche comparative ASSLL — {name} ({home}) — année {year}",
        f"Produite le {today.strftime('%d/%m/%Y')} par ASSLL Observatoire, avec les définitions de son "
        "catalogue d'indicateurs.",
    ]
    if masked:
        titles.append(
            "Version diffusion : les effectifs de 1 à 4 sont masqués (« < 5 »), ainsi que les parts calculées sur eux."
        )
    rows = [Row(home, year, f.id, _cell(own[f.id], f.nature), "", f.libelle, f.definition) for f in figures().values()]
    return write(out, titles, rows)


def modele(home: str, year: int, out: Path) -> Path:
    """An empty fiche for the partner `home`: one line per figure with its label and definition."""
    name = departements.names()[home]
    titles = [
        f"Fiche comparative ASSLL — {name} ({home}) — année {year}",
        "Remplissez la colonne « Valeur » : un nombre (12 ; 12,5 ; 45 %), « nc » si le chiffre n'est pas "
        "connu, « < 5 » pour un petit effectif masqué. Une remarque va dans « Commentaire ».",
        "Ne modifiez pas les colonnes Département, Année et Indicateur ; une valeur inconnue peut rester vide.",
    ]
    rows = [Row(home, year, f.id, None, "", f.libelle, f.definition) for f in figures().values()]
    return write(out, titles, rows, text_values=True)
