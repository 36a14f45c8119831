"""How the command line writes an adhesion indicator (adhesion.py) in CSV and French text.

A profile is dimension → value → {clotures, travail_possible, part_pct, borne_basse, borne_haute}; a gap is
{value, borne_basse, borne_haute, n_a, n_b | n, motif}. durees_text.py hands these indicators over here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pipelines.indicators.catalogue import IndicatorDef
from pipelines.indicators.values import IndicatorValue
from pipelines.published import fmt

if TYPE_CHECKING:
    from pipelines.indicators.adhesion import Profile, ShareEntry

DIMENSIONS = {
    "instance": "instance",
    "prescripteur": "prescripteur",
    "dispositif": "dispositif",
    "aide_financiere": "aide financière",
    "statut_occupation": "statut d'occupation",
    "objectif": "objectif",
    "secteur": "secteur",
    "evaluation_conjointe": "évaluation conjointe",
}


ADHESION_IDS = (
    "adhesion_par_profil",
    "ecart_adhesion_fsl_gts_brut_points",
    "ecart_adhesion_fsl_gts_ajuste_points",
    "ecart_adhesion_conjointe_ajuste_points",
)


def is_adhesion(ind: IndicatorDef) -> bool:
    return ind.forme in ("profil", "ecart")


def json_details(value: IndicatorValue) -> dict[str, float | int | None]:
    """Beside a profile: its closures with a work possible and all its closures; beside a gap: the closures of
    the exposed side (A) and of the sample."""
    if value.id == "adhesion_par_profil":
        return {"travail_possible": value.numerator, "clotures": value.denominator}
    return {"clotures_a": value.numerator, "clotures": value.denominator}


def _blank(v: object) -> object:
    return "" if v is None else v


def csv_rows(ind: IndicatorDef, year: int, value: IndicatorValue) -> list[list[object]]:
    """`indicateur;annee;cle;valeur;numerateur;denominateur`: a profile's share per « dimension / value » with
    its TRAVAIL_POSSIBLE closures and closures, its bounds on rows of their own; a gap's value, bounds, sizes
    and reason (`motif`, in the value column) on rows of their own."""
    got = value.value if isinstance(value.value, dict) else {}
    rows: list[list[object]] = []
    if ind.forme == "profil":
        for dim, entries in cast("Profile", got).items():
            for key, e in entries.items():
                prefix = f"{dim} / {key}"
                rows.append([ind.id, year, prefix, _blank(e["part_pct"]), e["travail_possible"], e["clotures"]])
                rows += [
                    [ind.id, year, f"{prefix} / {bound}", _blank(e[bound]), "", ""]
                    for bound in ("borne_basse", "borne_haute")
                ]
        return rows
    rows.append([ind.id, year, "", _blank(got.get("value")), _blank(value.numerator), _blank(value.denominator)])
    rows += [[ind.id, year, k, _blank(v), "", ""] for k, v in got.items() if k != "value"]
    return rows


def signed_number(value: float, decimals: int = 1) -> str:
    """« −14,0 », « +3,2 », « 0,0 » (a true minus sign)."""
    rounded = fmt.round_half_up(value, decimals)
    sign = "\u2212" if rounded < 0 else "+" if rounded > 0 else ""
    return sign + fmt.number(abs(value), decimals)


def points(value: float | None, signed: bool = True) -> str:
    """« −14,0 points », « 1,5 point » (singular below 2, as French writes it)."""
    if value is None:
        return fmt.MISSING
    word = "point" if abs(fmt.round_half_up(value, 1)) < 2 else "points"
    text = signed_number(value) if signed else fmt.number(abs(value), 1)
    return f"{text}{fmt.NBSP}{word}"


def share_text(entry: ShareEntry) -> str:
    """« 37,5 % (IC 95 % : 31,2 à 44,4 %) sur 205 clôtures »."""
    if not entry["clotures"]:
        return "aucune clôture"
    return (
        f"{fmt.percent(entry['part_pct'])} (IC 95\u00a0% : {fmt.number(entry['borne_basse'], 1)} à "
        f"{fmt.percent(entry['borne_haute'])}) sur {fmt.number(entry['clotures'])} clôtures"
    )


def gap_text(gap: dict[str, Any]) -> str:
    """« −14,0 points (IC 95 % : −23,5 à −4,5) » or « non calculé : <motif> »."""
    if gap.get("value") is None:
        return f"non calculé : {gap.get('motif') or 'aucune donnée'}"
    return (
        f"{points(gap['value'])} (IC 95\u00a0% : {signed_number(gap['borne_basse'])} à "
        f"{signed_number(gap['borne_haute'])})"
    )


def display_lines(ind: IndicatorDef, value: IndicatorValue) -> list[tuple[str, str]]:
    got = value.value if isinstance(value.value, dict) else {}
    if ind.forme == "profil":
        return [
            (f"{DIMENSIONS.get(dim, dim)} — {fmt.label(dim, key)}", share_text(e))
            for dim, entries in cast("Profile", got).items()
            for key, e in entries.items()
        ]
    return [("", gap_text(got))]
