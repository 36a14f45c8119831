"""The fiche import report in French, as `assll comparatif import` prints it."""

from __future__ import annotations

from pipelines.comparatif import departements
from pipelines.published import fmt


def _n(value: int, one: str, many: str) -> str:
    return f"{fmt.number(value)} {one if value <= 1 else many}"


def import_summary(report: dict, warehouse: str) -> str:
    files = report["files"]
    loaded = sum(f["loaded"] for f in files)
    rejected = sum(f["rejected"] for f in files)
    ignored = sum(f["ignored"] for f in files)
    read = sum(f["read"] for f in files)
    out = [
        f"Fiches comparatives importées dans {warehouse} : {_n(len(files), 'fichier', 'fichiers')}, "
        f"{_n(read, 'ligne lue', 'lignes lues')} = {_n(loaded, 'chargée', 'chargées')} + "
        f"{_n(rejected, 'rejetée', 'rejetées')} + {_n(ignored, 'ignorée', 'ignorées')}."
    ]
    if report.get("fictif"):
        out.append("Attention : des fiches portent la mention « données fictives » (démonstration).")
    out.append("")
    out.append("Par fichier :")
    for f in files:
        line = (
            f"  {f['file']} : {f['read']} lues, {f['loaded']} chargées, {f['rejected']} rejetées, "
            f"{f['ignored']} ignorées"
        )
        out.append(line + (f" — {f['reason']}" if f.get("reason") else ""))
    if report["rejected"]:
        out.append("")
        out.append("Lignes rejetées :")
        for r in report["rejected"]:
            out.append(f"  {r['file']}, ligne {r['line']} : {r['reason']}")
    if report["conflicts"]:
        out.append("")
        out.append("Chiffres donnés plusieurs fois (le fichier venant en dernier dans l'ordre des chemins l'emporte) :")
        names = departements.names()
        for c in report["conflicts"]:
            given = " ; ".join(f"« {v['value']} » ({v['file']}, ligne {v['line']})" for v in c["values"])
            out.append(
                f"  {names.get(c['departement'], c['departement'])} {c['annee']}, {c['indicateur']} : {given} "
                f"→ retenu : {c['kept']['file']}, ligne {c['kept']['line']}"
            )
    return "\n".join(out) + "\n"
