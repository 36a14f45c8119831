"""The close of the year, step by step: each step's state and, when it is not done, one French sentence
saying what is missing. Pure functions of the ingest report, the months covered, the acknowledgements and
the editions; the page (`app_pages/cloture.py`) lays them out and holds the buttons."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.published.fmt import MONTHS_LONG
from pipelines.reference.french import number
from pipelines.reference.schema import KINDS

DONE, TODO, WARN = "fait", "à faire", "à vérifier"
KIND_LABELS = {
    "demandes": "demandes",
    "mesures": "mesures",
    "passages_gts": "passages en GTS",
    "mutualisations": "mutualisations",
}


@dataclass(frozen=True)
class Step:
    title: str
    state: str
    sentence: str = ""

    @property
    def done(self) -> bool:
        return self.state == DONE


@dataclass(frozen=True)
class Item:
    """A quality item to acknowledge: its key names its count, so a new count asks again."""

    key: str
    label: str
    count: int


def months_text(months: list[int]) -> str:
    if not months:
        return "aucun mois"
    if months == list(range(months[0], months[-1] + 1)):
        first, last = MONTHS_LONG[months[0] - 1], MONTHS_LONG[months[-1] - 1]
        return first if first == last else f"{first} à {last}"
    return ", ".join(MONTHS_LONG[m - 1] for m in months)


def files_by_kind(report: dict) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for entry in report.get("files", []):
        if entry.get("table") in counts and entry.get("statut") == "lu":
            counts[entry["table"]] += 1
    return counts


def exports_step(year: int, report: dict, months: dict[str, list[int]]) -> Step:
    """Every kind of export has records in the year; the requests cover the twelve months."""
    missing = [KIND_LABELS[k] for k in KINDS if not months.get(k)]
    if missing:
        return Step(
            "Exports importés",
            TODO,
            f"Aucun export de {', '.join(missing)} pour {year} : déposez-le sur la page « Importer des exports ».",
        )
    covered = months.get("demandes", [])
    if covered != list(range(1, 13)):
        return Step(
            "Exports importés",
            WARN,
            f"Les demandes de {year} ne couvrent que {months_text(covered)} : "
            "vérifiez que l'export de l'année est complet.",
        )
    return Step("Exports importés", DONE)


def quality_items(report: dict) -> list[Item]:
    quarantined = sum(int(t.get("quarantined", 0)) for t in report.get("tables", {}).values())
    vanished = int((report.get("disparus") or {}).get("disparus", 0) or 0)
    lookalikes = len(report.get("identifiants") or [])
    return [
        Item(f"{key}:{n}", one if n == 1 else many, n)
        for key, one, many, n in (
            ("quarantaine", "ligne en quarantaine", "lignes en quarantaine", quarantined),
            (
                "disparus",
                "enregistrement disparu depuis l'import précédent",
                "enregistrements disparus depuis l'import précédent",
                vanished,
            ),
            ("identifiants", "identifiant semblable à vérifier", "identifiants semblables à vérifier", lookalikes),
        )
        if n
    ]


def quality_step(items: list[Item], acknowledged: dict) -> Step:
    waiting = [i for i in items if i.key not in acknowledged]
    if waiting:
        listed = ", ".join(f"{number(i.count)} {i.label}" for i in waiting)
        return Step("Qualité vérifiée", TODO, f"À examiner (page « Qualité des données ») puis à acquitter : {listed}.")
    return Step("Qualité vérifiée", DONE)


def diffusion_step(masked: list[str], acknowledged: dict) -> Step:
    key = diffusion_key(masked)
    if key not in acknowledged:
        return Step(
            "Diffusion vérifiée",
            TODO,
            f"{number(len(masked))} chiffre(s) masqué(s) en mode diffusion : relisez la liste et acquittez-la.",
        )
    return Step("Diffusion vérifiée", DONE)


def diffusion_key(masked: list[str]) -> str:
    return f"diffusion:{len(masked)}"


def preview_key(version: str) -> str:
    return f"apercu:{version}"


def preview_step(version: str, acknowledged: dict) -> Step:
    if preview_key(version) not in acknowledged:
        return Step("Rapport prévisualisé", TODO, "Générez l'aperçu du rapport pour diffusion et relisez-le.")
    return Step("Rapport prévisualisé", DONE)


def edition_step(year: int, edition_name: str | None, edition_version: str | None, version: str, moved: int) -> Step:
    if edition_name is None:
        return Step(
            "Édition publiée", TODO, f"{year} n'est pas encore publiée : « Publier » fige ses chiffres et ses rapports."
        )
    if edition_version != version and moved:
        return Step(
            "Édition publiée",
            WARN,
            f"L'édition {edition_name} est publiée ; {number(moved)} chiffre(s) ont "
            "changé depuis (voir « Révisions ») : republiez si besoin.",
        )
    return Step("Édition publiée", DONE)


def handout_step(edition_name: str | None) -> Step:
    if edition_name is None:
        return Step("Fichiers remis", TODO, "Les fichiers à remettre seront disponibles une fois l'édition publiée.")
    return Step("Fichiers remis", DONE)


def blockers(steps: list[Step]) -> list[str]:
    """Why « Publier » is refused: the quality and diffusion steps not acknowledged."""
    return [s.sentence for s in steps if s.title in ("Qualité vérifiée", "Diffusion vérifiée") and not s.done]
