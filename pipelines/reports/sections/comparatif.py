"""The optional « Comparaison avec des départements similaires » section of the activity report (and its
slide), present only when partners' fiches are loaded for the year.

content.build adds it just before the perspectives (which then move up one number) when `section()` gives one.
"""

from __future__ import annotations

import polars as pl

from pipelines.comparatif import departements, display
from pipelines.comparatif.compare import comparison
from pipelines.comparatif.export import own_figures
from pipelines.comparatif.load import departement_of
from pipelines.indicators import Indicators
from pipelines.published.narrative import Fig, Sentence
from pipelines.reports.model import Chart, Markdown, Paragraph, Section, Table
from pipelines.store import fiches as fiche_store

CHART_KEY = "comparaison_commandes_etp"
PER_10000 = "commandes_assll_pour_10000_hab"
# Drawn per ETP (about 30): bar labels show whole numbers, which would blur rates near 5 per 10,000.
PER_ETP = "commandes_assll_par_etp"
PEERS = departements.PEERS
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
HOME_COLOUR, PEER_COLOUR = "#1B5E8C", "#5F6B7A"


def _number(value: float | None, ind: str = PER_10000) -> str:
    return display.text(ind, "valeur" if value is not None else "non_communique", value)


def section(indicators: Indicators, year: int, masked: bool) -> Section | None:
    """The section, or None when no partner's fiche gives a figure for the year."""
    fiches = fiche_store.read_table(indicators.version).filter(pl.col("annee") == year)
    if fiches.is_empty():
        return None
    home = departement_of(indicators.version)
    given = set(fiches["departement"].to_list())
    ranked = departements.distances(home)["code_departement"].to_list()
    peers = [c for c in ranked if c in given][:PEERS]  # the nearest of the départements that sent a fiche
    frame = comparison(home, own_figures(indicators, year, masked=masked), fiches, year, peers)
    side = display.side_by_side(frame)
    # Lists where the report model declares tuples (the type: ignore below): left as they are, tuples would
    # change the data built.
    table = Table(f"Chiffres {year} de la Charente et des départements comparés", side.columns, side.rows())  # type: ignore[arg-type]
    rates = frame.filter(pl.col("indicateur") == PER_10000)
    per_etp = frame.filter(pl.col("indicateur") == PER_ETP)
    names = [f"{r['nom']} ({r['departement']})" for r in per_etp.iter_rows(named=True)]
    chart = Chart(
        CHART_KEY,
        f"Commandes par ETP — {year}",
        "bar",
        names,  # type: ignore[arg-type]
        {"Commandes par ETP": per_etp["valeur"].to_list()},  # type: ignore[dict-item]
        [HOME_COLOUR if c == home else PEER_COLOUR for c in per_etp["departement"]],  # type: ignore[arg-type]
        ["commandes_assll", "etp_total"],  # type: ignore[arg-type]
        table=Table(
            f"Commandes par ETP — {year}",
            ["Département", "Commandes par ETP"],  # type: ignore[arg-type]
            [[n, _number(v, PER_ETP)] for n, v in zip(names, per_etp["valeur"], strict=True)],  # type: ignore[arg-type]
        ),
    )
    own_rate = rates.filter(pl.col("departement") == home)["valeur"][0]
    others = [v for c, v in zip(rates["departement"], rates["valeur"], strict=True) if c != home and v is not None]
    sentence = Sentence(
        [
            f"En {year}, la {departements.names()[home]} a reçu ",
            Fig(_number(own_rate), None, value=own_rate, year=year),
            " commandes pour 10 000 habitants",
        ]
    )
    if others:
        sentence += [
            f" ; les {len(others)} départements comparés qui donnent ce chiffre en ont reçu de ",
            Fig(_number(min(others)), None, value=min(others), year=year),
            " à ",
            Fig(_number(max(others)), None, value=max(others), year=year),
            ".",
        ]
    else:
        sentence.append(".")
    blocks: list = [Paragraph([sentence])]  # type: ignore[arg-type]
    if bool(fiches["fictif"].any()):
        blocks.insert(
            0,
            Markdown(
                "**Données fictives** : les fiches des départements comparés sont des fiches de "
                "démonstration aux chiffres inventés."
            ),
        )
    blocks += [
        chart,
        table,
        Markdown(
            "Départements comparés : les plus proches de la Charente par la population, la densité et la part de la "
            "population vivant dans une commune de moins de 2 000 habitants, parmi ceux qui ont envoyé leur fiche. "
            "Leurs chiffres sont ceux de leurs fiches ; « masqué » : petit effectif caché, « non communiqué » : "
            "chiffre absent."
        ),
    ]
    return Section("", "Comparaison avec des départements similaires", blocks)  # type: ignore[arg-type]
