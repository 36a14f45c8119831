"""The French summary printed at the end of `assll ingest`."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.ingest.vanished import vanished_text
from pipelines.reference.french import number

TABLE_LABELS = {
    "demandes": "demandes",
    "mesures": "mesures",
    "passages_gts": "passages en GTS",
    "mutualisations": "mutualisations",
}


SHOWN_CHARS = 120
_CLIPPED = re.compile(r"… \(([\d\s\u202f\u00a0]+) caractères\)$")


def _short(text: object, limit: int = SHOWN_CHARS) -> str:
    """A raw value as shown on screen: a cell of 100 000 characters is cut, its length said."""
    text = str(text)
    if len(text) <= limit:
        return text
    clipped = _CLIPPED.search(text)  # already cut in the report: its original length is the one to tell
    return f"{text[:limit]}… ({clipped.group(1) if clipped else number(len(text))} caractères)"


def _plural(n: int, one: str, many: str) -> str:
    """French agreement: singular for 0 and 1."""
    return f"{number(n)} {one if n <= 1 else many}"


def _counts(lues: int, chargees: int, quarantaine: int, ignorees: int) -> str:
    return (
        f"{_plural(lues, 'lue', 'lues')}, {_plural(chargees, 'chargée', 'chargées')}, "
        f"{number(quarantaine)} en quarantaine, {_plural(ignorees, 'ignorée', 'ignorées')}"
    )


def ingest_summary(report: dict, warehouse: Path) -> str:
    out: list[str] = [f"Import du dossier {report['dossier']} (date d'import : {report['date_import']})", ""]
    out.append("Fichiers")
    for f in report["files"]:
        where = f["fichier"] + (f" [{f['feuille']}]" if f.get("feuille") else "")
        if f.get("feuille_masquee"):
            where += f" (feuille {f['feuille_masquee']} dans le classeur)"
        if f.get("table"):
            counts = _counts(f["lues"], f["chargees"], f["quarantaine"], f["ignorees"])
            out.append(f"  {where} : {TABLE_LABELS[f['table']]} — {counts}")
            if f.get("colonnes_inconnues"):
                out.append(f"      colonnes inconnues écartées : {_short(', '.join(f['colonnes_inconnues']), 400)}")
            for warning in f.get("avertissements") or []:
                out.append(f"      attention : {warning}")
        else:
            out.append(f"  {where} : {f['statut']} — {f['motif']}")
    out += ["", "Bilan par table (lues = chargées + quarantaine + ignorées)"]
    for name, t in report["tables"].items():
        out.append(
            f"  {TABLE_LABELS[name]} : {_plural(t['read'], 'lue', 'lues')} = "
            f"{_plural(t['loaded'], 'chargée', 'chargées')} + {number(t['quarantined'])} en quarantaine + "
            f"{_plural(t['ignored'], 'ignorée', 'ignorées')} ; "
            f"{_plural(t['records'], 'enregistrement distinct', 'enregistrements distincts')}"
        )
    if report["unrecognised"]:
        out += ["", "Valeurs non reconnues (chargées comme NON_RECONNU, texte d'origine conservé)"]
        for u in report["unrecognised"]:
            out.append(
                f"  {TABLE_LABELS[u['table']]}, {u['libelle']} : « {_short(u['valeur_brute'])} » "
                f"({_plural(u['lignes'], 'ligne', 'lignes')}, ex. {u['exemple']})"
            )
    if report["conflicts"]:
        out += ["", "Conflits (valeurs différentes pour un même identifiant ; la plus récente est retenue)"]
        for c in report["conflicts"]:
            out.append(
                f"  {TABLE_LABELS[c['table']]} {c['id']}, {c['colonne']} : "
                f"{_short(' / '.join(c['valeurs']))} → {_short(c['retenue'])}"
            )
    if report["quarantine"]:
        out += ["", "Lignes en quarantaine"]
        for q in report["quarantine"]:
            where = q["fichier"] + (f" [{q['feuille']}]" if q.get("feuille") else "")
            out.append(f"  {where}, ligne {q['ligne']} : {_short(q['motif'], 400)}")
    if report.get("identifiants"):
        out += ["", "Identifiants à vérifier"]
        for n in report["identifiants"]:
            out.append(f"  {TABLE_LABELS[n['table']]} {' / '.join(n.get('identifiants') or [])} : {n['motif']}")
    if "disparus" in report:
        out += ["", "Version précédente de l'entrepôt : " + vanished_text(report["disparus"])]
    if report.get("mesures_sans_demande"):
        out += [
            "",
            f"{_plural(report['mesures_sans_demande'], 'mesure renvoie', 'mesures renvoient')} "
            "à une demande absente des exports.",
        ]
    out += ["", f"Entrepôt mis à jour : {warehouse}", ""]
    return "\n".join(out)
