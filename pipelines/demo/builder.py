"""Build the clean records: requests, decisions, measures (closures are in `closures`).

Order matters because figures are pinned on several axes at once: requests are drawn
first with their exact yearly breakdowns, the GTS examination count is then fixed by
choosing which social-worker requests go to the GTS, decisions follow the meeting
calendars, and only then do the accepted requests get their measures.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from pipelines.demo import calendrier as cal
from pipelines.demo import calibration as cfg
from pipelines.demo import referentiel
from pipelines.demo.records import (
    ASSLL,
    CCAPEX,
    DIAGNOSTIC,
    FSL,
    GTS,
    NON_RECONNU,
    NON_RENSEIGNE,
    Demande,
    Mesure,
)


class CalibrationError(RuntimeError):
    """The building plan cannot be met for this seed (the message says where)."""


YEARS = list(range(cal.FIRST_YEAR, cal.LAST_YEAR + 1))
DAY = timedelta(days=1)

# Surnames and first names for the fake `Nom usager` column; none of them occurs in a
# commune, sector or alias name, so a leak scan cannot be fooled by the referential.
NOMS = [
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "RICHARD",
    "PETIT",
    "LEROY",
    "LEFEBVRE",
    "GARCIA",
    "DAVID",
    "BERTRAND",
    "FOURNIER",
    "MOREL",
    "GIRARD",
    "MERCIER",
    "DUPONT",
    "LAMBERT",
    "FRANCOIS",
    "MARTINEZ",
    "LEGRAND",
    "GARNIER",
    "FAURE",
    "ROUSSEAU",
    "BLANC",
    "GUERIN",
    "MULLER",
    "HENRY",
    "ROUSSEL",
    "NICOLAS",
    "PERRIN",
    "MORIN",
    "MATHIEU",
    "CLEMENT",
    "GAUTHIER",
    "DUMONT",
    "LOPEZ",
    "CHEVALIER",
    "ROBIN",
    "MASSON",
    "SANCHEZ",
    "GERARD",
    "NGUYEN",
    "DENIS",
    "LEMAIRE",
    "DUVAL",
    "JOLY",
    "GAUTIER",
    "ROGER",
    "MEYER",
    "LUCAS",
    "MEUNIER",
    "PEREZ",
    "MARCHAND",
    "DUFOUR",
    "BLANCHARD",
    "BARBIER",
    "DUMAS",
    "BRUNET",
    "SCHMITT",
    "LEROUX",
    "COLIN",
    "FERNANDEZ",
    "RENARD",
    "ARNAUD",
    "ROLLAND",
    "CARON",
    "AUBERT",
    "GIRAUD",
    "LECLERC",
    "VIDAL",
    "BOURGEOIS",
    "RENAUD",
    "LEMOINE",
    "PICARD",
    "GAILLARD",
    "LACROIX",
    "FABRE",
    "DUPUIS",
    "OLIVIER",
    "RODRIGUEZ",
    "HUBERT",
    "GUILLOT",
    "GUILLAUME",
    "GONZALEZ",
    "BERGER",
    "LECOMTE",
    "MENARD",
    "FLEURY",
    "DESCHAMPS",
    "CARPENTIER",
    "BENOIT",
    "MAILLARD",
    "MARCHAL",
    "AUBRY",
    "VASSEUR",
    "RENAULT",
    "JACQUET",
    "COLLET",
    "PREVOST",
    "POIRIER",
    "CHARPENTIER",
    "ROYER",
    "HUET",
    "DUPUY",
    "PONS",
]
PRENOMS = [
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Valérie",
    "Christine",
    "Sandrine",
    "Stéphanie",
    "Céline",
    "Aurélie",
    "Émilie",
    "Laetitia",
    "Karine",
    "Nadia",
    "Fatima",
    "Mélanie",
    "Jessica",
    "Amandine",
    "Philippe",
    "Alain",
    "Nicolas",
    "Stéphane",
    "Patrick",
    "Frédéric",
    "Sébastien",
    "David",
    "Olivier",
    "Thierry",
    "Pascal",
    "Éric",
    "Jérôme",
    "Mickaël",
    "Kévin",
    "Anthony",
    "Dylan",
    "Mohamed",
    "Karim",
    "Yannick",
    "Ludovic",
    "Cédric",
]

# Sector weights for the years whose breakdown is not published.
POIDS_SECTEURS = {
    "Angoulême Centre-Soyaux": 0.2,
    "Angoulême Nord-Gond-Pontouvre": 0.08,
    "Angoulême Sud-La Couronne": 0.16,
    "Cognac": 0.13,
    "Ruffécois": 0.12,
    "Charente Limousine": 0.12,
    "Horte et Tardoire": 0.1,
    "Sud-Charente": 0.09,
}
POIDS_PRESCRIPTEURS = {
    "TRAVAILLEUR_SOCIAL": 0.69,
    "COMMISSION_FSL": 0.22,
    CCAPEX: 0.03,
    "BAILLEUR": 0.025,
    "CELLULE_DIOGENE": 0.02,
    "USAGER": 0.015,
}
POIDS_DISPOSITIFS = {
    "ACCES": 0.2,
    "MAINTIEN": 0.29,
    "ENERGIE": 0.22,
    "DETTES_MULTIPLES": 0.12,
    "PIG_INSALUBRITE": 0.06,
    "DIOGENE": 0.05,
    "DALO": 0.06,
}
POIDS_STATUTS = {
    "LOCATAIRE_PRIVE": 0.45,
    "LOCATAIRE_PUBLIC": 0.33,
    "PROPRIETAIRE": 0.06,
    "HEBERGE": 0.08,
    "SANS_LOGEMENT": 0.03,
    "AUTRE": 0.04,
    NON_RENSEIGNE: 0.01,
}
POIDS_OBJECTIFS = {
    "BUDGET": 0.28,
    "PREVENTION_EXPULSION": 0.12,
    "APPROPRIATION": 0.18,
    "PROJET_LOGEMENT": 0.12,
    "INSTALLATION": 0.08,
    "ENTRETIEN": 0.08,
    "INTEGRATION": 0.04,
    "DETTES": 0.1,
}
SECTEURS_CHARGES = ("Angoulême Centre-Soyaux", "Angoulême Sud-La Couronne", "Cognac")
SECTEURS_AGGLO = ("Angoulême Centre-Soyaux", "Angoulême Nord-Gond-Pontouvre", "Angoulême Sud-La Couronne")
SECTEURS_MIXTES = ("Cognac", "Horte et Tardoire")  # part agglomeration, part not


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def exact_list(rng: random.Random, counts: dict[str, int]) -> list[str]:
    values = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(values)
    return values


def weekday(day: date) -> date:
    """Measures start on a working day."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


class Builder:
    def __init__(self, seed: int | str) -> None:
        self.rng = random.Random(seed)
        self.ref = referentiel.load()
        self.demandes: list[Demande] = []
        self.mesures: list[Mesure] = []
        self.journal: list[str] = []
        self._seq = 0
        self._menages: set[str] = set()

    # ---------------------------------------------------------------- helpers
    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _new_menage(self) -> tuple[str, str]:
        while True:
            ident = f"{self.rng.randint(1, 99999):06d}"
            if ident not in self._menages:
                self._menages.add(ident)
                break
        nom = f"{self.rng.choice(NOMS)} {self.rng.choice(PRENOMS)}"
        return ident, nom

    def _new_demande(self, day: date, type_mesure: str, prescripteur: str, secteur: str) -> Demande:
        d = Demande(
            seq=self._next_seq(), date_demande=day, type_mesure=type_mesure, prescripteur=prescripteur, secteur=secteur
        )
        self.demandes.append(d)
        return d

    # ---------------------------------------------------------------- step 1
    def draw_requests(self) -> None:
        rng = self.rng
        previous: list[Demande] = []
        for year in YEARS:
            n_assll, n_diag = cfg.REQUESTS[year]
            n_ts_diag = cfg.TS_DIAGNOSTICS[year]
            n_fsl_diag = n_diag - cfg.GTS_DIAGNOSTICS[year] - n_ts_diag
            days = cal.jours_ouvres(year)
            commissions = [c for c in cal.commissions_fsl() if c.year == year]

            if year in cfg.PRESCRIPTEURS_ASSLL:
                prescripteurs = exact_list(rng, cfg.PRESCRIPTEURS_ASSLL[year])
            else:
                # The CCAPEX stopped prescribing itself after 2020 (it goes through the TS).
                poids = {k: v for k, v in POIDS_PRESCRIPTEURS.items() if k != CCAPEX or year <= 2020}
                prescripteurs = [weighted(rng, poids) for _ in range(n_assll)]
            if year in cfg.SECTEURS_TOUTES:
                secteurs = exact_list(rng, cfg.SECTEURS_TOUTES[year])[:n_assll]
            else:
                secteurs = [weighted(rng, POIDS_SECTEURS) for _ in range(n_assll)]
            statuts = (
                exact_list(rng, cfg.STATUTS_ASSLL[year])
                if year in cfg.STATUTS_ASSLL
                else [weighted(rng, POIDS_STATUTS) for _ in range(n_assll)]
            )
            objectifs = (
                exact_list(rng, cfg.OBJECTIFS_ASSLL[year])
                if year in cfg.OBJECTIFS_ASSLL
                else [weighted(rng, POIDS_OBJECTIFS) for _ in range(n_assll)]
            )
            if year in cfg.DISPOSITIFS_ASSLL:
                dispositifs = self._dispositifs_exacts(year, prescripteurs)
            else:
                dispositifs = [weighted(rng, POIDS_DISPOSITIFS) for _ in range(n_assll)]

            batch: list[Demande] = []
            for i in range(n_assll):
                day = rng.choice(days)
                if prescripteurs[i] == "COMMISSION_FSL":
                    # The commission prescribes on the day it sits.
                    day = min(commissions, key=lambda c, d=day: (abs((c - d).days), c))
                d = self._new_demande(day, ASSLL, prescripteurs[i], secteurs[i])
                d.dispositif = dispositifs[i]
                d.statut_occupation = statuts[i]
                d.objectifs = self._objectifs(objectifs[i])
                batch.append(d)
            diag_prescripteurs = ["COMMISSION_FSL"] * n_fsl_diag + ["TRAVAILLEUR_SOCIAL"] * n_ts_diag
            for prescripteur in diag_prescripteurs:
                day = rng.choice(commissions if prescripteur == "COMMISSION_FSL" else days)
                secteur = "" if year in cfg.SECTEURS_TOUTES else weighted(rng, POIDS_SECTEURS)
                d = self._new_demande(day, DIAGNOSTIC, prescripteur, secteur)
                d.dispositif = weighted(rng, POIDS_DISPOSITIFS)
                d.statut_occupation = weighted(rng, POIDS_STATUTS)
                d.objectifs = self._objectifs(weighted(rng, POIDS_OBJECTIFS)) if rng.random() < 0.5 else []
                batch.append(d)
            for d in batch:
                self._assign_menage(d, previous)
            previous.extend(batch)
        self._unknown_request_values()

    def _dispositifs_exacts(self, year: int, prescripteurs: list[str]) -> list[str]:
        """FSL commissions prescribe after an aid request: never for habitat/DALO."""
        rng = self.rng
        values = exact_list(rng, cfg.DISPOSITIFS_ASSLL[year])
        fsl_ok = [v for v in values if cfg.GROUPES_DISPOSITIF[v] != "HABITAT_DALO"]
        others = [v for v in values if cfg.GROUPES_DISPOSITIF[v] == "HABITAT_DALO"]
        n_fsl = prescripteurs.count("COMMISSION_FSL")
        for_fsl, rest = fsl_ok[:n_fsl], fsl_ok[n_fsl:] + others
        rng.shuffle(rest)
        it_fsl, it_rest = iter(for_fsl), iter(rest)
        return [next(it_fsl) if p == "COMMISSION_FSL" else next(it_rest) for p in prescripteurs]

    def _objectifs(self, main: str) -> list[str]:
        if main == NON_RENSEIGNE:
            return []
        out = [main]
        if self.rng.random() < 0.3:
            second = weighted(self.rng, POIDS_OBJECTIFS)
            if second != main:
                out.append(second)
        return out

    def _assign_menage(self, d: Demande, previous: list[Demande]) -> None:
        # A few households come back years later: same number, same name.
        if previous and self.rng.random() < 0.06:
            old = self.rng.choice(previous)
            if (d.date_demande - old.date_demande).days > 200 and old.secteur == d.secteur:
                d.id_menage, d.nom_usager = old.id_menage, old.nom_usager
                return
        d.id_menage, d.nom_usager = self._new_menage()

    def _unknown_request_values(self) -> None:
        """Optional values no alias knows: they load as NON_RECONNU. Placed in years or
        categories whose published figures already count them (see calibration)."""
        rng = self.rng

        def pick(year: int, type_mesure: str, cond=lambda d: True) -> Demande:
            cands = [
                d
                for d in self.demandes
                if d.date_demande.year == year and d.type_mesure == type_mesure and cond(d) and not d.raw
            ]
            return rng.choice(cands)

        for year, texte in ((2019, "Mairie"), (2021, "CCAS"), (2025, "Mission locale")):
            d = pick(year, ASSLL, lambda d: d.prescripteur == "TRAVAILLEUR_SOCIAL")
            d.prescripteur, d.raw["prescripteur"] = NON_RECONNU, texte
            self.journal.append(f"prescripteur inconnu '{texte}' -> NON_RECONNU ({year})")
        for year in (2023, 2024):
            d = next(
                d
                for d in self.demandes
                if d.date_demande.year == year and d.type_mesure == ASSLL and d.statut_occupation == NON_RECONNU
            )
            d.raw["statut_occupation"] = "Colocation"
            d = next(
                d
                for d in self.demandes
                if d.date_demande.year == year and d.type_mesure == ASSLL and d.objectif == NON_RECONNU
            )
            d.objectifs = [NON_RECONNU, "BUDGET"]
            d.raw["objectif_inconnu"] = "Santé"
        d = pick(2018, ASSLL, lambda d: d.statut_occupation == "AUTRE")
        d.statut_occupation, d.raw["statut_occupation"] = NON_RECONNU, "Caravane"
        d = pick(2024, DIAGNOSTIC)
        d.dispositif, d.raw["dispositif"] = NON_RECONNU, "Commission logement"
        d = pick(2021, ASSLL, lambda d: d.prescripteur == "TRAVAILLEUR_SOCIAL")
        d.dispositif, d.raw["dispositif"] = NON_RECONNU, "Commission logement"
        d = pick(2021, ASSLL, lambda d: d.secteur == "Angoulême Centre-Soyaux")
        d.secteur, d.raw["secteur"] = NON_RECONNU, "Angoulême Est"
        d = pick(2017, DIAGNOSTIC)
        d.secteur, d.raw["secteur"] = NON_RECONNU, "Montbron"
        self.journal += [
            "statut 'Colocation' -> NON_RECONNU (2023, 2024: inside the non-tenant counts)",
            "statut 'Caravane' -> NON_RECONNU (2018)",
            "objectif 'Santé / Budget' -> main objective NON_RECONNU (2023, 2024)",
            "dispositif 'Commission logement' -> NON_RECONNU (2021 ASSLL, 2024 diagnostic)",
            "secteur 'Angoulême Est' (2021) and 'Montbron' (2017) -> NON_RECONNU",
        ]

    # ---------------------------------------------------------------- step 2
    def assign_instances(self) -> None:
        rng = self.rng
        seances = cal.seances_gts()
        for d in self.demandes:
            d.seance_nd = cal.next_on_or_after(seances, d.date_demande + 7 * DAY)
            if d.type_mesure == DIAGNOSTIC:
                d.instance = FSL if d.prescripteur == "COMMISSION_FSL" else GTS
                continue
            year = d.date_demande.year
            if d.prescripteur == "COMMISSION_FSL":
                d.instance = FSL
            elif d.prescripteur == CCAPEX:
                d.instance = CCAPEX
            elif d.prescripteur == "TRAVAILLEUR_SOCIAL":
                r = rng.random()
                if r < cfg.PART_TS_EN_GTS[year]:
                    d.instance = GTS
                elif 2020 <= year <= 2022 and r > 0.965:
                    d.instance = CCAPEX
                else:
                    d.instance = FSL
            else:
                d.instance = GTS
        for year, target in cfg.GTS_NOUVELLES_DEMANDES.items():
            in_year = [d for d in self.demandes if d.type_mesure == ASSLL and d.seance_nd.year == year]
            current = [d for d in in_year if d.instance == GTS]
            if len(current) > target:
                flip = [d for d in current if d.prescripteur == "TRAVAILLEUR_SOCIAL"]
                for d in rng.sample(flip, len(current) - target):
                    d.instance = FSL
            elif len(current) < target:
                flip = [d for d in in_year if d.instance == FSL and d.prescripteur == "TRAVAILLEUR_SOCIAL"]
                if len(flip) < target - len(current):
                    raise CalibrationError(f"not enough requests to examine {target} in GTS {year}")
                for d in rng.sample(flip, target - len(current)):
                    d.instance = GTS
        d = rng.choice(
            [
                d
                for d in self.demandes
                if d.date_demande.year == 2019 and d.type_mesure == ASSLL and d.instance == FSL and not d.raw
            ]
        )
        d.instance, d.raw["instance"] = NON_RECONNU, "Commission DALO"
        self.journal.append("instance 'Commission DALO' -> NON_RECONNU (2019)")
        for d in self.demandes:
            if d.instance in (FSL, NON_RECONNU):
                d.aide_financiere = weighted(rng, {"REFUSEE": 0.4, "ACCORDEE": 0.45, "EN_ATTENTE": 0.15})
            elif d.instance == CCAPEX:
                d.aide_financiere = weighted(rng, {"SANS": 0.6, "ACCORDEE": 0.4})
            else:
                d.aide_financiere = "SANS"
        d = rng.choice(
            [
                d
                for d in self.demandes
                if d.date_demande.year == 2021 and d.instance == FSL and d.type_mesure == ASSLL and not d.raw
            ]
        )
        d.aide_financiere, d.raw["aide_financiere"] = NON_RECONNU, "Prêt"
        self.journal.append("aide financière 'Prêt' -> NON_RECONNU (2021)")

    # ---------------------------------------------------------------- step 3
    def examine_and_decide(self) -> None:
        """GTS examinations of new requests, diagnostics asked by the GTS, complements,
        then every request's final decision date."""
        rng = self.rng
        seances = cal.seances_gts()
        gts_requests = [
            d for d in self.demandes if d.type_mesure == ASSLL and d.instance == GTS and d.seance_nd <= cal.END
        ]
        for year in YEARS:
            in_year = [d for d in gts_requests if d.seance_nd.year == year]
            n_diag, n_comp = cfg.GTS_DIAGNOSTICS[year], cfg.GTS_COMPLEMENTS[year]
            chosen = rng.sample(in_year, n_diag + n_comp)
            for d in chosen[:n_diag]:
                d.decision_nd = "DIAGNOSTIC"
                diag = self._new_demande(d.seance_nd, DIAGNOSTIC, GTS, d.secteur)
                diag.parent = d
                diag.instance, diag.aide_financiere = GTS, "SANS"
                diag.dispositif, diag.statut_occupation = d.dispositif, d.statut_occupation
                # Same household, same words: unknown texts travel with the values.
                diag.raw = {k: v for k, v in d.raw.items() if k in ("dispositif", "statut_occupation", "secteur")}
                diag.id_menage, diag.nom_usager = d.id_menage, d.nom_usager
                diag.decision, diag.date_decision = "ACCORD", d.seance_nd
                start = weekday(d.seance_nd + rng.randint(7, 21) * DAY)
                end = start + rng.randint(30, 75) * DAY
                if start <= cal.END:
                    m = self._new_mesure(diag, start)
                    m.date_fin = end if end <= cal.END else None
                d.date_retour = cal.next_on_or_after(seances, end + 4 * DAY)
            for d in chosen[n_diag:]:
                d.decision_nd = "COMPLEMENT"
                d.date_retour = cal.next_on_or_after(seances, d.seance_nd + rng.randint(20, 45) * DAY)
        commissions, ccapex = cal.commissions_fsl(), cal.ccapex()
        for d in self.demandes:
            if d.type_mesure == DIAGNOSTIC:
                continue
            if d.instance == GTS:
                final = d.date_retour if d.decision_nd else d.seance_nd
            elif d.prescripteur == "COMMISSION_FSL":
                final = d.date_demande
            elif d.instance == CCAPEX:
                final = cal.next_on_or_after(ccapex, d.date_demande + 10 * DAY)
            else:
                final = cal.next_on_or_after(commissions, d.date_demande + 10 * DAY)
            if final <= cal.END:
                d.date_decision = final
            if d.decision_nd and d.seance_nd <= cal.END:
                d.decision_initiale = "DIAGNOSTIC_PREALABLE" if d.decision_nd == "DIAGNOSTIC" else "COMPLEMENT"
                d.date_decision_initiale = d.seance_nd
            if d.date_decision is None:
                # Still waiting at the end of 2025: the intermediate state is the final one.
                d.decision = d.decision_initiale or "EN_ATTENTE"
                d.date_decision = d.date_decision_initiale
                d.decision_initiale = d.date_decision_initiale = None
        self._finalise_secteurs()

    def _finalise_secteurs(self) -> None:
        """Diagnostics not asked by the GTS take the sectors left by the pinned totals."""
        rng = self.rng
        for year in cfg.SECTEURS_TOUTES:
            reste = Counter(cfg.SECTEURS_TOUTES[year])
            for d in self.demandes:
                if d.date_demande.year == year and d.secteur:
                    reste[d.secteur] -= 1
            missing = [s for s, n in reste.items() if n < 0]
            for secteur in missing:
                self._swap_parent_sector(year, secteur, -reste[secteur], reste)
            free = [d for d in self.demandes if d.date_demande.year == year and not d.secteur]
            values = exact_list(rng, {s: n for s, n in reste.items() if n > 0})
            if len(values) != len(free):
                raise CalibrationError(f"sector totals of {year} cannot be met")
            for d, s in zip(free, values, strict=True):
                d.secteur = s

    def _swap_parent_sector(self, year: int, secteur: str, n: int, reste: Counter) -> None:
        """Too many GTS diagnostics in a small sector: move their parent request (and the
        diagnostic with it) to a sector with room, swapping with a request of the parent's
        year so that year's counts stay as they are."""
        children = [d for d in self.demandes if d.date_demande.year == year and d.parent and d.secteur == secteur]
        for child in children[:n]:
            parent = child.parent
            roomy = max(reste, key=lambda s: (reste[s], s))
            partner = next(
                (
                    p
                    for p in self.demandes
                    if p.type_mesure == ASSLL
                    and p.date_demande.year == parent.date_demande.year
                    and p.secteur == roomy
                    and not any(c.parent is p for c in self.demandes)
                ),
                None,
            )
            if partner is None:
                raise CalibrationError(f"cannot rebalance sector {secteur} in {year}")
            partner.secteur, parent.secteur = parent.secteur, roomy
            child.secteur = roomy
            reste[secteur] += 1
            reste[roomy] -= 1
            # The partner's own year may be pinned too, but a swap inside one year keeps
            # that year's totals.

    # ---------------------------------------------------------------- step 4
    def settle_decisions(self) -> None:
        rng = self.rng
        motifs = self.ref.canonical_values("motif_refus")
        decided = [
            d
            for d in self.demandes
            if d.type_mesure == ASSLL and d.decision == "EN_ATTENTE" and d.date_decision is not None
        ]
        for year in YEARS:
            cands = [d for d in decided if d.date_decision.year == year and d.prescripteur != "COMMISSION_FSL"]
            if year in cfg.REFUS:
                motif_list = exact_list(rng, cfg.REFUS[year])
            else:
                motif_list = [rng.choice(motifs) for _ in range(rng.randint(8, 15))]
            if len(cands) < len(motif_list):
                raise CalibrationError(f"{year}: {len(cands)} decisions for {len(motif_list)} refusals")
            weights = [4 if d.instance == GTS else 1 for d in cands]
            refused: list[Demande] = []
            while len(refused) < len(motif_list):
                d = rng.choices(cands, weights=weights)[0]
                if d not in refused:
                    refused.append(d)
            for d, motif in zip(refused, motif_list, strict=True):
                d.decision, d.motif_refus = "REFUS", motif
            rest = [d for d in cands if d.decision == "EN_ATTENTE" and d.instance != GTS]
            for d in rng.sample(rest, min(len(rest), rng.randint(1, 3))):
                d.decision = "SANS_SUITE"
        for d in decided:
            if d.decision == "EN_ATTENTE":
                d.decision = "ACCORD"
        d = next(d for d in self.demandes if d.date_demande.year == 2022 and d.decision == "REFUS")
        d.motif_refus, d.raw["motif_refus"] = NON_RECONNU, "Hors critères"
        d = next(d for d in self.demandes if d.date_demande.year == 2019 and d.decision == "REFUS")
        d.motif_refus = None
        d = rng.choice(
            [d for d in self.demandes if d.date_demande.year == 2020 and d.decision == "SANS_SUITE"]
            or [
                d for d in self.demandes if d.date_demande.year == 2020 and d.decision == "ACCORD" and d.instance == FSL
            ]
        )
        d.decision, d.raw["decision"] = NON_RECONNU, "Réorientation"
        self.journal += [
            "motif de refus 'Hors critères' -> NON_RECONNU (2022); one 2019 refusal without motif",
            "décision 'Réorientation' -> NON_RECONNU (2020, no measure)",
        ]
        # Diagnostics not asked by the GTS: decided by the commission that asked them.
        for d in self.demandes:
            if d.type_mesure != DIAGNOSTIC or d.parent is not None:
                continue
            if rng.random() < 0.03:
                d.decision, d.date_decision = "SANS_SUITE", d.date_demande + rng.randint(10, 40) * DAY
            else:
                delay = 0 if d.prescripteur == "COMMISSION_FSL" else rng.randint(3, 15)
                d.decision, d.date_decision = "ACCORD", d.date_demande + delay * DAY
            if d.date_decision > cal.END:
                d.decision, d.date_decision = "EN_ATTENTE", None

    # ---------------------------------------------------------------- step 5
    def _new_mesure(self, demande: Demande | None, start: date, secteur: str = "") -> Mesure:
        m = Mesure(
            seq=self._next_seq(),
            demande=demande,
            date_debut=start,
            secteur_intervenant=secteur or (demande.secteur if demande else ""),
        )
        self.mesures.append(m)
        return m

    def start_measures(self) -> None:
        rng = self.rng
        for d in self.demandes:
            if d.decision != "ACCORD" or d.parent is not None:
                continue
            if d.type_mesure == ASSLL:
                late = d.date_decision >= date(2025, 9, 1) and d.secteur in SECTEURS_CHARGES
                delay = rng.randint(30, 110) if late else rng.randint(14, 56)
                start = weekday(d.date_decision + delay * DAY)
                if start <= cal.END:
                    self._new_mesure(d, start)
            else:
                start = weekday(d.date_decision + rng.randint(7, 21) * DAY)
                if start <= cal.END:
                    m = self._new_mesure(d, start)
                    end = start + rng.randint(28, 80) * DAY
                    m.date_fin = end if end <= cal.END else None
        self._keep_some_waiting()
        # A few measures of 2013 were still running when the 2014 workbook was made; their
        # requests belong to the 2013 register, which is not part of the exports.
        for i in range(3):
            secteur = rng.choice(self.ref.secteurs)
            m = self._new_mesure(None, date(2013, 9, 2) + rng.randint(0, 110) * DAY, secteur)
            m.id_demande_orpheline = f"13{rng.randint(100, 399) + i * 200:03d}"
            m.date_fin = date(2014, 2, 1) + rng.randint(0, 120) * DAY
        self.journal.append(
            "3 measures started in late 2013 (in the 2014 workbook), whose "
            "requests are not in any export: orphan references, type unknown"
        )

    def _keep_some_waiting(self, minimum: int = 2) -> None:
        """Every sector ends 2025 with a couple of accepted requests not started yet, so
        the sector-balance page has something to show: the latest starts wait instead."""
        started = {id(m.demande) for m in self.mesures if m.demande is not None}
        for secteur in self.ref.secteurs:
            waiting = [
                d
                for d in self.demandes
                if d.secteur == secteur and d.type_mesure == ASSLL and d.decision == "ACCORD" and id(d) not in started
            ]
            latest = sorted(
                (
                    m
                    for m in self.mesures
                    if m.demande is not None
                    and m.demande.type_mesure == ASSLL
                    and m.demande.secteur == secteur
                    and m.date_debut >= date(2025, 10, 1)
                ),
                key=lambda m: (m.date_debut, m.seq),
                reverse=True,
            )
            for m in latest[: max(0, minimum - len(waiting))]:
                self.mesures.remove(m)

    # ---------------------------------------------------------------- step 6
    def mutualise(self) -> list[tuple[date, Mesure, str, str]]:
        rng = self.rng
        out: list[tuple[date, Mesure, str, str]] = []
        poids = {s: (3 if s in SECTEURS_CHARGES else 1) for s in self.ref.secteurs}
        for year in YEARS:
            cands = [
                m
                for m in self.mesures
                if m.demande is not None
                and m.demande.type_mesure == ASSLL
                and m.date_debut.year == year
                and m.date_debut >= date(year, 1, 12)
                and m.demande.secteur in poids
            ]
            chosen: list[Mesure] = []
            while len(chosen) < cfg.MUTUALISATIONS[year]:
                m = rng.choices(cands, weights=[poids[c.demande.secteur] for c in cands])[0]
                if m not in chosen:
                    chosen.append(m)
            for m in sorted(chosen, key=lambda m: (m.date_debut, m.seq)):
                origine = m.demande.secteur
                accueil = rng.choice([s for s in self.ref.secteurs if s != origine and s not in SECTEURS_CHARGES])
                m.secteur_intervenant, m.mutualisee = accueil, True
                out.append((m.date_debut - rng.randint(0, 10) * DAY, m, origine, accueil))
        return out

    # ---------------------------------------------------------------- communes
    def assign_communes(self) -> None:
        rng = self.rng
        for year in YEARS:
            reqs = [d for d in self.demandes if d.date_demande.year == year]
            inherited = [d for d in reqs if d.parent is not None and d.parent.date_demande.year < year]
            for d in inherited:
                d.code_insee = d.parent.code_insee
            children = {id(d.parent): d for d in reqs if d.parent is not None and d not in inherited}
            units = [d for d in reqs if d.parent is None]
            weight = {id(d): 2 if id(d) in children else 1 for d in units}
            agglo: dict[int, bool] = {}
            if year in cfg.AGGLOMERATIONS:
                need = cfg.AGGLOMERATIONS[year] - sum(self.ref.is_agglo(d.code_insee) for d in inherited)
                for d in units:
                    if d.secteur in SECTEURS_AGGLO:
                        agglo[id(d)] = True
                        need -= weight[id(d)]
                swing = [d for d in units if d.secteur in SECTEURS_MIXTES]
                rng.shuffle(swing)
                # Cognac is mostly Grand Cognac: try its requests first.
                swing.sort(key=lambda d: (d.secteur != "Cognac", -weight[id(d)]))
                for d in swing:
                    take = weight[id(d)] <= need
                    agglo[id(d)] = take
                    need -= weight[id(d)] if take else 0
                if need != 0:
                    raise CalibrationError(f"agglomeration share of {year} cannot be met ({need})")
            else:
                for d in units:
                    if d.secteur in SECTEURS_AGGLO:
                        agglo[id(d)] = True
                    elif d.secteur == "Cognac":
                        agglo[id(d)] = rng.random() < 0.86
                    elif d.secteur == "Horte et Tardoire":
                        agglo[id(d)] = rng.random() < 0.3
            for d in units:
                d.code_insee = self._commune_for(d.secteur, agglo.get(id(d), False))
                child = children.get(id(d))
                if child is not None:
                    child.code_insee = d.code_insee
        self._commune_exceptions()

    def _commune_for(self, secteur: str, agglo: bool) -> str | None:
        if secteur in self.ref.communes_by_secteur:
            candidates = self.ref.communes_by_secteur[secteur]
        else:  # unknown sector text: the commune itself is still a known one
            candidates = list(self.ref.communes.values())
        communes = [c for c in candidates if self.ref.is_agglo(c.code_insee) == agglo]
        # Flattened population weights: towns dominate without hiding the villages.
        weights = [c.population**0.7 for c in communes]
        return self.rng.choices(communes, weights=weights)[0].code_insee

    def _commune_exceptions(self) -> None:
        rng = self.rng
        non_agglo = ("Ruffécois", "Charente Limousine", "Sud-Charente")
        d = rng.choice(
            [
                d
                for d in self.demandes
                if d.date_demande.year == 2024
                and d.secteur == "Sud-Charente"
                and d.parent is None
                and not any(c.parent is d for c in self.demandes)
            ]
        )
        d.code_insee, d.raw["commune"] = None, "Bordeaux"
        d = rng.choice(
            [
                d
                for d in self.demandes
                if d.date_demande.year == 2023
                and d.secteur in non_agglo
                and d.parent is None
                and not any(c.parent is d for c in self.demandes)
            ]
        )
        d.code_insee, d.raw["commune"] = None, ""
        d = rng.choice(
            [
                d
                for d in self.demandes
                if d.date_demande.year == 2022 and d.secteur == "Charente Limousine" and d.parent is None
            ]
        )
        d.code_insee, d.raw["commune"] = None, "Lieu-dit La Grange"
        d = rng.choice(
            [d for d in self.demandes if d.date_demande.year == 2021 and d.secteur == "Cognac" and d.parent is None]
        )
        d.code_insee = self._commune_for("Ruffécois", False)
        self.journal += [
            "commune 'Bordeaux' -> NON_RECONNU (2024, Sud-Charente: outside the agglomerations)",
            "commune empty -> NON_RENSEIGNE (2023, a rural sector)",
            "commune 'Lieu-dit La Grange' -> NON_RECONNU (2022)",
            "a 2021 Cognac request living in the Ruffécois (commune outside its sector)",
        ]
