"""How the exports spell things: headers, values, communes, dates, and the deliberate
anomalies (rows to quarantine, duplicates, corrections across files).

Spellings come from the alias CSVs of `data/reference/aliases`, so every variant written
here is one the pipeline is configured to accept (or, on purpose, one it must flag).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pipelines.demo import calendrier as cal
from pipelines.demo import conjointe, referentiel
from pipelines.demo.records import (
    ASSLL,
    NON_RECONNU,
    NON_RENSEIGNE,
    TP,
    Demande,
    LigneAnomalie,
    Mesure,
    Records,
)
from pipelines.demo.referentiel import strip_accents

OBSERVATIONS = [
    "RAS",
    "Relance du TS référent",
    "Dossier complet",
    "Mme {nom} injoignable au téléphone",
    "M. {nom} : rdv annulé; à reprogrammer",
    "Suivi conjoint avec le CCAS",
    "Orienté par le bailleur\nrelance faite le mois suivant",
    "Attente pièces justificatives",
    "Famille {nom} hébergée chez un parent",
    "Voir rapport social",
]

LEGACY_YEARS = range(2014, 2020)
CSV_YEARS = range(2020, 2026)
NUMERIC_ID_YEARS = range(2014, 2017)
CODE_INSEE_YEARS = {2016, 2017, 2018, 2019, 2021, 2023, 2024, 2025}
TAS_YEARS = {2014, 2015, 2017, 2020, 2022, 2024}
OBSERVATIONS_YEARS = {2015, 2018, 2020, 2022, 2023, 2025}
TOTAL_ROW = {  # (table, year) pairs whose export ends with a total row
    ("demandes", 2014),
    ("demandes", 2016),
    ("demandes", 2018),
    ("mesures", 2015),
    ("passages_gts", 2017),
    ("mutualisations", 2019),
    ("demandes", 2021),
    ("passages_gts", 2022),
    ("mutualisations", 2023),
    ("demandes", 2025),
}
REPEATED_HEADER = {("demandes", 2021)}
DOUBLON_YEAR = 2020

EXTRA_HEADERS = {
    "nom_usager": ["Nom usager", "NOM USAGER", "Nom de l'usager", "Usager (nom)"],
    "observations": ["Observations", "OBSERVATIONS", "Commentaire", "Remarques"],
}

TABLE_COLUMNS = {
    "mesures": [
        "id_mesure",
        "id_demande",
        "date_debut",
        "date_fin",
        "intervenant",
        "secteur_intervenant",
        "motif_arret",
        "resultat_objectifs",
        "nb_renouvellements",
    ],
    "passages_gts": ["date_seance", "id_demande", "id_mesure", "objet", "decision_gts"],
    "mutualisations": ["date_mutualisation", "id_mesure", "secteur_origine", "secteur_accueil"],
}
DATE_COLUMNS = {"date_demande", "date_decision", "date_debut", "date_fin", "date_seance", "date_mutualisation"}
KEY_COLUMN = {
    "demandes": "id_demande",
    "mesures": "id_mesure",
    "passages_gts": "date_seance",
    "mutualisations": "date_mutualisation",
}

CSV_DATE_FORMATS = ["dd/mm/yyyy", "dd/mm/yyyy", "yyyy-mm-dd", "dd.mm.yyyy", "d/m/yyyy", "dd-mm-yyyy", "dd/mm/yy"]
LEGACY_RESULTS = {
    "ATTEINTS": "Objectifs atteints",
    "PARTIELLEMENT_ATTEINTS": "Objectifs partiellement atteints",
    "NON_ATTEINTS": "Objectifs non atteints",
}


def format_date(day: date, fmt: str) -> str:
    if fmt == "dd/mm/yyyy":
        return day.strftime("%d/%m/%Y")
    if fmt == "yyyy-mm-dd":
        return day.isoformat()
    if fmt == "dd.mm.yyyy":
        return day.strftime("%d.%m.%Y")
    if fmt == "d/m/yyyy":
        return f"{day.day}/{day.month}/{day.year}"
    if fmt == "dd-mm-yyyy":
        return day.strftime("%d-%m-%Y")
    if fmt == "dd/mm/yy":
        return day.strftime("%d/%m/%y")
    raise ValueError(fmt)


def id_demande(year: int, n: int) -> str:
    """Register number. Before 2017 the register was a plain number (stored as a number
    in the workbooks); then `yy-nnnn`."""
    if year in NUMERIC_ID_YEARS:
        return str((year % 100) * 1000 + n)
    return f"{year % 100:02d}-{n:04d}"


def id_mesure(n: int) -> str:
    return f"{n:05d}"


@dataclass
class Layout:
    table: str
    year: int
    columns: list[str]  # canonical names, plus nom_usager / observations
    headers: list[str]
    date_format: str  # for CSV cells


class Renderer:
    def __init__(self, seed: int) -> None:
        # A stream of its own, so spellings never shift the records themselves.
        self.rng = random.Random(f"rendu-{seed}")
        self.seed = seed
        self.ref = referentiel.load()
        self._layouts: dict[tuple[str, int], Layout] = {}

    # ------------------------------------------------------------------ spellings
    def mess(self, text: str, rate: float = 1.0) -> str:
        r = self.rng.random() / rate
        if r < 0.62 or r >= 1:
            return text
        if r < 0.74:
            return text.upper()
        if r < 0.82:
            return text.lower()
        if r < 0.9:
            return strip_accents(text)
        if r < 0.95:
            return f" {text}  "
        return text.replace(" ", "  ", 1) if " " in text else f"{text} "

    def alias(self, domain: str, canonical: str, legacy: bool = False) -> str:
        aliases = self.ref.value_aliases[(domain, canonical)]
        if domain == "motif_arret":
            aliases = [a for a in aliases if not a.startswith("Objectifs")]
        # Legacy exports favour the older wordings (later in the alias lists).
        weights = [1 + (i if legacy else 0) for i in range(len(aliases))]
        weights[0] += 3
        return self.mess(self.rng.choices(aliases, weights=weights)[0])

    def secteur(self, secteur: str) -> str:
        aliases = self.ref.sector_aliases[secteur]
        return self.mess(self.rng.choices(aliases, weights=[4] + [1] * (len(aliases) - 1))[0])

    def tas(self, secteur: str) -> str:
        tas = self.ref.tas_of_secteur.get(secteur, "")
        if tas and self.rng.random() < 0.3:
            tas = tas.replace(" ", "-")
        return self.mess(tas)

    # ------------------------------------------------------------------ layouts
    def layout(self, table: str, year: int) -> Layout:
        key = (table, year)
        if key not in self._layouts:
            self._layouts[key] = self._make_layout(table, year)
        return self._layouts[key]

    def _make_layout(self, table: str, year: int) -> Layout:
        rng = self.rng
        legacy = year in LEGACY_YEARS
        if table == "demandes":
            columns = self._demandes_columns(year)
        else:
            columns = list(TABLE_COLUMNS[table])
            if table == "mesures" and legacy:
                columns.remove("resultat_objectifs")
        style = rng.choice(["as-is", "as-is", "upper", "lower", "no-accents", "capitalize"])
        headers = []
        for col in columns:
            if col in EXTRA_HEADERS:
                header = rng.choice(EXTRA_HEADERS[col])
            elif table == "mesures" and col == "motif_arret" and legacy:
                header = "Motif de fin"
            elif table == "mesures" and col == "resultat_objectifs" and year == 2021:
                header = "Objectifs atteints"
            else:
                aliases = self.ref.column_aliases[(table, col)]
                if table == "mesures" and col == "motif_arret":
                    aliases = [a for a in aliases if a != "Motif de fin"]
                if table == "mesures" and col == "resultat_objectifs":
                    aliases = [a for a in aliases if a != "Objectifs atteints"]
                header = rng.choice(aliases)
            headers.append(self._header_style(header, style))
        date_format = rng.choice(CSV_DATE_FORMATS)
        if table == "demandes" and year >= conjointe.FIRST_YEAR:
            # Drawn apart, after the others: the layouts of every other column stay as they were.
            at = columns.index("observations") if "observations" in columns else len(columns)
            columns.insert(at, "evaluation_conjointe")
            headers.insert(
                at, conjointe.header(self.ref.column_aliases[("demandes", "evaluation_conjointe")], self.seed)
            )
        return Layout(table, year, columns, headers, date_format)

    def _header_style(self, header: str, style: str) -> str:
        if style == "upper":
            header = header.upper()
        elif style == "lower":
            header = header.lower()
        elif style == "no-accents":
            header = strip_accents(header)
        elif style == "capitalize":
            header = header[:1].upper() + header[1:].lower()
        if self.rng.random() < 0.08:
            header = f" {header} "
        return header

    def _demandes_columns(self, year: int) -> list[str]:
        has_code, has_tas = year in CODE_INSEE_YEARS, year in TAS_YEARS
        geo = (["code_insee"] if has_code else []) + ["commune", "secteur"] + (["tas"] if has_tas else [])
        if year in LEGACY_YEARS:
            cols = [
                "date_demande",
                "id_demande",
                "type_mesure",
                "prescripteur",
                "dispositif",
                "instance",
                "aide_financiere",
                *geo,
                "statut_occupation",
                "objectif",
                "decision",
                "motif_refus",
                "date_decision",
                "id_menage",
                "nom_usager",
            ]
        elif year % 2 == 0:
            cols = [
                "id_demande",
                "date_demande",
                "type_mesure",
                "prescripteur",
                "dispositif",
                "instance",
                "aide_financiere",
                *geo,
                "statut_occupation",
                "objectif",
                "decision",
                "motif_refus",
                "date_decision",
                "id_menage",
                "nom_usager",
            ]
        else:
            cols = [
                "id_demande",
                "date_demande",
                "nom_usager",
                "id_menage",
                *geo,
                "type_mesure",
                "prescripteur",
                "dispositif",
                "statut_occupation",
                "objectif",
                "instance",
                "aide_financiere",
                "decision",
                "date_decision",
                "motif_refus",
            ]
        if year in OBSERVATIONS_YEARS:
            cols.append("observations")
        return cols

    @staticmethod
    def commune_name(code: str) -> str:
        """Name of the commune a code stands for (today's code or a former one)."""
        ref = referentiel.load()
        if code in ref.communes:
            return ref.communes[code].nom
        for anciennes in ref.anciennes_by_code.values():
            for a in anciennes:
                if a.code_ancien == code:
                    return ref.communes[a.code_insee].nom
        return ""

    # ------------------------------------------------------------------ record cells
    def prepare(self, records: Records) -> None:
        """Choose, once per record, the spellings every listing of it will reuse."""
        for d in records.demandes:
            self._prepare_demande(d)
        for m in records.mesures:
            self._prepare_mesure(m)
        for p in records.passages:
            legacy = p.date_seance.year in LEGACY_YEARS
            p.raw.setdefault("objet", self.alias("objet", p.objet, legacy))
            if p.decision_gts is None:
                p.raw.setdefault("decision_gts", "")
            elif p.decision_gts != NON_RECONNU:
                p.raw.setdefault("decision_gts", self.alias("decision_gts", p.decision_gts, legacy))

    def _prepare_demande(self, d: Demande) -> None:
        legacy = d.date_demande.year in LEGACY_YEARS
        raw = d.raw
        raw.setdefault("type_mesure", self.alias("type_mesure", d.type_mesure, legacy))
        for domain in ("prescripteur", "dispositif", "instance", "statut_occupation", "motif_refus"):
            value = getattr(d, domain)
            if domain in raw:
                continue
            if value in (None, NON_RENSEIGNE):
                raw[domain] = ""
            else:
                raw[domain] = self.alias(domain, value, legacy)
        if "aide_financiere" not in raw:
            empty = d.aide_financiere == "SANS" and self.rng.random() < 0.6
            raw["aide_financiere"] = "" if empty else self.alias("aide_financiere", d.aide_financiere, legacy)
        if "secteur" not in raw:
            raw["secteur"] = self.secteur(d.secteur)
        raw["tas"] = self.tas(d.secteur) if d.secteur in self.ref.tas_of_secteur else ""
        raw["objectif"] = self._objectifs(d, legacy)
        for field in ("decision", "decision_initiale"):
            value = getattr(d, field)
            if field == "decision" and "decision" in d.raw:
                continue
            raw[field] = "" if value in (None, "EN_ATTENTE") else self.alias("decision", value, legacy)
        d.commune_cells = self._commune_cells(d)
        if self.rng.random() < 0.35:
            d.observation = self.rng.choice(OBSERVATIONS).format(nom=d.nom_usager.split()[0])

    def _objectifs(self, d: Demande, legacy: bool) -> str:
        parts = []
        for obj in d.objectifs:
            if obj == NON_RECONNU:
                parts.append(d.raw.get("objectif_inconnu", "Autre"))
            else:
                parts.append(self.alias("objectif", obj, legacy))
        sep = self.rng.choice([" / ", "/", ", ", " + ", "; "])
        return sep.join(p.strip() for p in parts)

    def _commune_cells(self, d: Demande) -> tuple[str, str]:
        rng = self.rng
        if "commune" in d.raw:
            return ("", d.raw["commune"])
        commune = self.ref.communes[d.code_insee]
        has_code = d.date_demande.year in CODE_INSEE_YEARS
        anciennes = self.ref.anciennes_by_code.get(commune.code_insee, [])
        named = [a for a in anciennes if a.nom_ancien]
        codes_only = [a for a in anciennes if not a.nom_ancien and a.code_ancien != commune.code_insee]
        nom = commune.nom
        options = ["nom"] * 50 + ["upper"] * 10 + ["no-accents"] * 8
        if nom.startswith(("Saint-", "Sainte-")):
            options += ["st"] * 30
        if has_code:
            options += ["code"] * 7 + ["code+nom"] * 12
            if codes_only:
                options += ["ancien-code"] * 6
        if named:
            options += ["ancien-nom"] * 12
        if has_code and commune.code_insee == "16015":
            options += ["code-postal"] * 6
        style = rng.choice(options)
        if style == "upper":
            return ("", nom.upper())
        if style == "no-accents":
            return ("", strip_accents(nom))
        if style == "st":
            short = nom.replace("Sainte-", "Ste ", 1).replace("Saint-", "St ", 1)
            return ("", short.replace("-", " ") if rng.random() < 0.5 else short)
        if style == "code":
            return (commune.code_insee, "")
        if style == "code+nom":
            return (commune.code_insee, nom)
        if style == "ancien-code":
            return (rng.choice(codes_only).code_ancien, "")
        if style == "ancien-nom":
            return ("", rng.choice(named).nom_ancien)
        if style == "code-postal":
            return ("16000", nom)  # a postal code in the INSEE column: the name must win
        return ("", nom)

    def _prepare_mesure(self, m: Mesure) -> None:
        raw = m.raw
        if m.secteur_intervenant not in self.ref.tas_of_secteur:
            # Request in an unknown sector: the export leaves the worker's columns empty.
            raw["secteur_intervenant"], raw["intervenant"] = "", ""
        else:
            if m.mutualisee or m.demande is None or self.rng.random() < 0.75:
                raw["secteur_intervenant"] = self.secteur(m.secteur_intervenant)
            else:
                raw["secteur_intervenant"] = ""  # empty: the request's sector applies
            raw["intervenant"] = f"TS{self.ref.secteurs.index(m.secteur_intervenant) + 1:02d}"
        m.intervenant = raw["intervenant"]
        self._prepare_motif(m)

    def _prepare_motif(self, m: Mesure) -> None:
        raw = m.raw
        fin_legacy = m.date_fin is not None and m.date_fin.year in LEGACY_YEARS
        if m.motif_arret is None:
            raw["motif_arret"], raw["resultat_objectifs"] = "", ""
        elif m.motif_arret == NON_RECONNU:
            raw["resultat_objectifs"] = ""
        elif fin_legacy and m.motif_arret == TP and m.resultat_objectifs:
            # Legacy workbooks have one column: the result stands for "travail possible".
            raw["motif_arret"], raw["resultat_objectifs"] = LEGACY_RESULTS[m.resultat_objectifs], ""
        else:
            raw["motif_arret"] = self.alias("motif_arret", m.motif_arret, fin_legacy)
            raw["resultat_objectifs"] = (
                self.alias("resultat_objectifs", m.resultat_objectifs)
                if m.resultat_objectifs and not fin_legacy
                else ""
            )
        if m.date_fin is not None and m.date_fin.year == 2021 and m.resultat_objectifs:
            # That year's export used a yes/no "Objectifs atteints" column.
            raw["resultat_objectifs"] = {
                "ATTEINTS": "Oui",
                "PARTIELLEMENT_ATTEINTS": "En partie",
                "NON_ATTEINTS": "Non",
            }[m.resultat_objectifs]


# ---------------------------------------------------------------------- anomalies


def plan_anomalies(records: Records, seed: int) -> None:
    """Extra rows that must not load (2-5 a year), one exact duplicate, two corrections
    across files. They carry ids of their own, so no calibrated record is touched."""
    rng = random.Random(f"anomalies-{seed}")
    next_n: dict[int, int] = {}
    for d in records.demandes:
        year = d.date_demande.year
        next_n[year] = next_n.get(year, 0) + 1
    max_mesure = max(int(m.id_mesure) for m in records.mesures)
    templates = [
        "secteur_vide",
        "date_illisible",
        "type_inconnu",
        "decision_avant_demande",
        "fin_avant_debut",
        "debut_illisible",
        "objet_inconnu",
        "seance_vide",
        "accueil_vide",
    ]
    out: list[LigneAnomalie] = []
    for i, year in enumerate(range(cal.FIRST_YEAR, cal.LAST_YEAR + 1)):
        count = 3 + (i % 3 == 1) + (i % 4 == 2)  # 3 to 5 a year
        start = (i * 2) % len(templates)
        chosen = [templates[(start + k) % len(templates)] for k in range(count)]
        same_year = [d for d in records.demandes if d.date_demande.year == year and d.type_mesure == ASSLL]
        for kind in chosen:
            base = rng.choice(same_year)
            day = date(year, 1, 1) + timedelta(days=rng.randint(20, 330))
            if kind in ("fin_avant_debut", "debut_illisible"):
                max_mesure += 1
                ident = id_mesure(max_mesure)
                values: dict[str, object] = {
                    "id_mesure": ident,
                    "id_demande": base.id_demande,
                    "intervenant": "",
                    "secteur_intervenant": base.raw.get("secteur", base.secteur),
                }
                if kind == "fin_avant_debut":
                    values.update(
                        date_debut=day,
                        date_fin=day - timedelta(days=rng.randint(20, 90)),
                        motif_arret="Travail possible",
                    )
                    out.append(
                        LigneAnomalie("mesures", year, values, "quarantaine", "date de fin antérieure au début", ident)
                    )
                else:
                    values.update(date_debut=f"30/02/{year}")
                    out.append(LigneAnomalie("mesures", year, values, "quarantaine", "date de début illisible", ident))
            elif kind in ("objet_inconnu", "seance_vide"):
                seance = cal.next_on_or_after(cal.seances_gts(), day)
                if kind == "objet_inconnu":
                    values = {
                        "date_seance": seance,
                        "id_demande": base.id_demande,
                        "objet": "Point d'information",
                        "decision_gts": "",
                    }
                    out.append(
                        LigneAnomalie("passages_gts", year, values, "quarantaine", "objet inconnu", base.id_demande)
                    )
                else:
                    values = {
                        "date_seance": "",
                        "id_demande": base.id_demande,
                        "objet": "Bilan",
                        "decision_gts": "Renouvellement",
                    }
                    out.append(
                        LigneAnomalie(
                            "passages_gts", year, values, "quarantaine", "date de séance manquante", base.id_demande
                        )
                    )
            elif kind == "accueil_vide":
                values = {
                    "date_mutualisation": day,
                    "id_mesure": "",
                    "secteur_origine": base.raw.get("secteur", base.secteur),
                    "secteur_accueil": "",
                }
                out.append(
                    LigneAnomalie("mutualisations", year, values, "quarantaine", "secteur d'accueil manquant", "")
                )
            else:
                next_n[year] += 1
                ident = id_demande(year, next_n[year])
                values = _demande_copy(base, ident, day)
                reason = ""
                if kind == "secteur_vide":
                    values["secteur"], values["tas"] = "", ""
                    reason = "secteur vide"
                elif kind == "date_illisible":
                    values["date_demande"] = f"31/02/{year}" if year % 2 else f"31/02/{year % 100:02d}"
                    reason = "date de demande illisible"
                elif kind == "type_inconnu":
                    values["type_mesure"] = "Médiation familiale"
                    reason = "type de mesure inconnu"
                else:
                    values["date_decision"] = day - timedelta(days=rng.randint(5, 30))
                    values["decision"] = "Accord"
                    reason = "date de décision antérieure à la demande"
                out.append(LigneAnomalie("demandes", year, values, "quarantaine", reason, ident))
    doublon = rng.choice(
        [
            d
            for d in records.demandes
            if d.date_demande.year == DOUBLON_YEAR
            and d.decision_initiale is None
            and d.date_decision is not None
            and d.date_decision.year == DOUBLON_YEAR
        ]
    )
    out.append(
        LigneAnomalie("demandes", DOUBLON_YEAR, {}, "doublon", "ligne recopiée à l'identique", doublon.id_demande)
    )
    records.anomalies = out
    _plan_corrections(records, rng)


def _demande_copy(base: Demande, ident: str, day: date) -> dict[str, object]:
    return {
        "id_demande": ident,
        "date_demande": day,
        "type_mesure": base.raw["type_mesure"],
        "prescripteur": base.raw["prescripteur"],
        "dispositif": base.raw["dispositif"],
        "instance": base.raw["instance"],
        "aide_financiere": base.raw["aide_financiere"],
        "code_insee": base.commune_cells[0],
        "commune": base.commune_cells[1],
        "secteur": base.raw["secteur"],
        "tas": base.raw["tas"],
        "statut_occupation": base.raw["statut_occupation"],
        "objectif": base.raw["objectif"],
        "decision": "",
        "motif_refus": "",
        "date_decision": "",
        "id_menage": base.id_menage,
        "nom_usager": base.nom_usager,
        "observations": "",
    }


def _plan_corrections(records: Records, rng: random.Random) -> None:
    """A later export corrects an earlier one: the later non-empty value wins (conflict)."""

    def relisted(year: int) -> list[Demande]:
        return [
            d
            for d in records.demandes
            if d.date_demande.year == year
            and d.type_mesure == ASSLL
            and (d.date_decision is None or d.date_decision.year > year)
            and not d.valeurs_anterieures
        ]

    d = rng.choice(relisted(2021))
    d.valeurs_anterieures["statut_occupation"] = (
        "Hébergé chez un tiers" if d.statut_occupation != "HEBERGE" else "Locataire parc privé"
    )
    d = rng.choice([x for x in relisted(2022) if x.code_insee is not None])
    d.valeurs_anterieures["commune"] = "Cognac" if d.secteur != "Cognac" else "Ruffec"
    # The later export names the right commune, so the two names really disagree.
    d.commune_cells = ("", referentiel.load().communes[d.code_insee].nom)
