"""Write the records as the coordination's exports: legacy workbooks, then CSV files."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from pipelines.demo import mess
from pipelines.demo.mess import DATE_COLUMNS, KEY_COLUMN, Layout, Renderer, format_date
from pipelines.demo.records import Demande, Mesure, Records

Cell = str | int | date
EXCEL_EPOCH = date(1899, 12, 30)
KINDS = ("demandes", "mesures", "passages_gts", "mutualisations")
CSV_NAMES = {"demandes": "demandes", "mesures": "mesures", "passages_gts": "gts", "mutualisations": "mutualisations"}
SHEET_NAMES = {"demandes": "Demandes", "mesures": "Mesures", "passages_gts": "GTS", "mutualisations": "Mutualisations"}
TITLES = {
    "demandes": "Tableau de suivi ASSLL {y}",
    "mesures": "Mesures ASSLL {y} - suivi",
    "passages_gts": "GTS {y} - situations examinées",
    "mutualisations": "Mutualisations {y}",
}


def write_all(records: Records, renderer: Renderer, out_dir: Path) -> list[Path]:
    rng = random.Random(f"ecriture-{records.seed}")
    paths: list[Path] = []
    for year in mess.LEGACY_YEARS:
        paths.append(_write_workbook(records, renderer, out_dir, year, rng))
    for year in mess.CSV_YEARS:
        for kind in KINDS:
            paths.append(_write_csv(records, renderer, out_dir, year, kind, rng))
    return paths


# ------------------------------------------------------------------------------ rows


def table_rows(records: Records, renderer: Renderer, kind: str, year: int, rng: random.Random) -> list[dict[str, Cell]]:
    """The data rows of one export (anomalies included), in export order."""
    legacy = year in mess.LEGACY_YEARS
    if kind == "demandes":
        listed = [d for d in records.demandes if _listed_demande(d, year)]
        listed.sort(key=lambda d: (d.date_demande, d.id_demande))
        rows = [_demande_row(d, year, legacy) for d in listed]
    elif kind == "mesures":
        listed_m = [m for m in records.mesures if _listed_mesure(m, year)]
        listed_m.sort(key=lambda m: m.id_mesure)
        rows = [_mesure_row(m, year, legacy) for m in listed_m]
    elif kind == "passages_gts":
        rows = [
            {
                "date_seance": p.date_seance,
                "id_demande": _id_cell(
                    p.demande.id_demande if p.demande else (p.mesure.id_demande if p.avec_id_demande else ""), legacy
                ),
                "id_mesure": p.id_mesure,
                "objet": p.raw["objet"],
                "decision_gts": p.raw["decision_gts"],
            }
            for p in records.passages
            if p.date_seance.year == year
        ]
    else:
        rows = [
            {
                "date_mutualisation": mu.date_mutualisation,
                # The 2015 workbook did not note which measure was lent.
                "id_mesure": "" if year == 2015 else mu.id_mesure,
                "secteur_origine": renderer.secteur(mu.secteur_origine),
                "secteur_accueil": renderer.secteur(mu.secteur_accueil),
            }
            for mu in records.mutualisations
            if mu.date_mutualisation.year == year
        ]
    for anomaly in records.anomalies:
        if anomaly.table != kind or anomaly.annee != year:
            continue
        if anomaly.effet == "doublon":
            i = next(i for i, r in enumerate(rows) if str(r["id_demande"]) == anomaly.ident)
            rows.insert(i + 1, dict(rows[i]))
        else:
            rows.insert(rng.randint(1, len(rows)), dict(anomaly.valeurs))
    return rows


def _listed_demande(d: Demande, year: int) -> bool:
    first = d.date_demande.year
    if year == first:
        return True
    # Listed again the next year when its decision came after the year's export.
    return year == first + 1 and (d.date_decision is None or d.date_decision.year > first)


def _listed_mesure(m: Mesure, year: int) -> bool:
    first = max(m.date_debut.year, mess.LEGACY_YEARS.start)
    last = m.date_fin.year if m.date_fin else mess.CSV_YEARS.stop - 1
    return first <= year <= last


def _id_cell(ident: str, legacy: bool) -> Cell:
    # Old registers were numbers, stored as numbers in the workbooks.
    if legacy and ident.isdigit() and not ident.startswith("0"):
        return int(ident)
    return ident


def _demande_row(d: Demande, year: int, legacy: bool) -> dict[str, Cell]:
    first_listing = year == d.date_demande.year
    decided = d.date_decision is not None and d.date_decision.year <= year
    if decided:
        decision, date_decision = d.raw["decision"], d.date_decision
    elif d.decision_initiale and d.date_decision_initiale and d.date_decision_initiale.year <= year:
        decision, date_decision = d.raw["decision_initiale"], d.date_decision_initiale
    else:
        decision, date_decision = "", ""
    code, commune = d.commune_cells
    statut = d.raw["statut_occupation"]
    if first_listing and "commune" in d.valeurs_anterieures:
        code, commune = "", d.valeurs_anterieures["commune"]
    if first_listing and "statut_occupation" in d.valeurs_anterieures:
        statut = d.valeurs_anterieures["statut_occupation"]
    if year not in mess.CODE_INSEE_YEARS and not commune and code:
        commune = mess.Renderer.commune_name(code)
    code_cell: Cell = int(code) if legacy and code.isdigit() else code
    return {
        "id_demande": _id_cell(d.id_demande, legacy),
        "date_demande": d.date_demande,
        "type_mesure": d.raw["type_mesure"],
        "prescripteur": d.raw["prescripteur"],
        "dispositif": d.raw["dispositif"],
        "instance": d.raw["instance"],
        "aide_financiere": d.raw["aide_financiere"],
        "code_insee": code_cell,
        "commune": commune,
        "secteur": d.raw["secteur"],
        "tas": d.raw["tas"],
        "statut_occupation": statut,
        "objectif": d.raw["objectif"],
        "decision": decision,
        "motif_refus": d.raw["motif_refus"] if decided else "",
        "date_decision": date_decision,
        "id_menage": d.id_menage,
        "evaluation_conjointe": d.raw.get("evaluation_conjointe", ""),
        "nom_usager": d.nom_usager,
        "observations": d.observation,
    }


def _mesure_row(m: Mesure, year: int, legacy: bool) -> dict[str, Cell]:
    closed = m.date_fin is not None and m.date_fin.year <= year
    final_listing = closed or year == mess.CSV_YEARS.stop - 1
    return {
        "id_mesure": m.id_mesure,
        "id_demande": _id_cell(m.id_demande, legacy),
        "date_debut": m.date_debut,
        "date_fin": m.date_fin if closed else "",
        "intervenant": m.raw["intervenant"],
        "secteur_intervenant": m.raw["secteur_intervenant"],
        "motif_arret": m.raw["motif_arret"] if closed else "",
        "resultat_objectifs": m.raw["resultat_objectifs"] if closed else "",
        "nb_renouvellements": m.nb_renouvellements if final_listing else "",
    }


# ------------------------------------------------------------------------------ CSV


def _csv_date(day: date, layout: Layout, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.03:
        return format_date(day, rng.choice(mess.CSV_DATE_FORMATS))
    if r < 0.05:
        return f"{format_date(day, layout.date_format)} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    return format_date(day, layout.date_format)


def _write_csv(records: Records, renderer: Renderer, out_dir: Path, year: int, kind: str, rng: random.Random) -> Path:
    layout = renderer.layout(kind, year)
    rows = table_rows(records, renderer, kind, year, rng)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(layout.headers)
    width = len(layout.columns)
    blank_at = {rng.randint(1, max(1, len(rows) - 1)) for _ in range(rng.randint(0, 2))}
    header_at = len(rows) // 2 if (kind, year) in mess.REPEATED_HEADER else -1
    for i, row in enumerate(rows):
        if i in blank_at:
            writer.writerow([""] * (width if rng.random() < 0.5 else 1))
        if i == header_at:
            writer.writerow(layout.headers)
        writer.writerow([_csv_cell(row.get(col, ""), col, layout, rng) for col in layout.columns])
    if (kind, year) in mess.TOTAL_ROW:
        writer.writerow(_total_row(layout, len(rows), year))
    path = out_dir / str(year) / f"{CSV_NAMES[kind]}_{year}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def _csv_cell(value: Cell, col: str, layout: Layout, rng: random.Random) -> str:
    if isinstance(value, date) and col in DATE_COLUMNS:
        return _csv_date(value, layout, rng)
    return str(value)


def _total_row(layout: Layout, count: int, year: int) -> list[str]:
    cells = [""] * len(layout.columns)
    cells[0] = "TOTAL" if year % 2 else f"Total {year}"
    key = layout.columns.index(KEY_COLUMN[layout.table])
    if key != 0:
        cells[key] = ""
    cells[-1] = str(count)
    return cells


# ------------------------------------------------------------------------------ xlsx


def _write_workbook(records: Records, renderer: Renderer, out_dir: Path, year: int, rng: random.Random) -> Path:
    path = out_dir / str(year) / f"suivi_assll_{year}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    # Fixed metadata, so that a seed always gives the same bytes.
    workbook.set_properties(
        {
            "title": f"Suivi ASSLL {year}",
            "author": "GIP Charente Solidarités",
            "created": datetime(year + 1, 1, 15, 9, 0, 0),
        }
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    bold = workbook.add_format({"bold": True})
    for kind in KINDS:
        layout = renderer.layout(kind, year)
        rows = table_rows(records, renderer, kind, year, rng)
        sheet = workbook.add_worksheet(SHEET_NAMES[kind])
        r = 0
        n_titles = rng.randint(1, 3)
        for t in range(n_titles):
            if t == 0:
                sheet.write_string(r, 0, TITLES[kind].format(y=year), bold)
            elif t == 1 and rng.random() < 0.6:
                sheet.write_string(r, 0, f"GIP Charente Solidarités - extraction du 15/01/{year + 1}")
            r += 1
        for c, header in enumerate(layout.headers):
            sheet.write_string(r, c, header, bold)
        r += 1
        blank_at = {rng.randint(1, max(1, len(rows) - 1))} if rng.random() < 0.5 else set()
        for i, row in enumerate(rows):
            if i in blank_at:
                r += 1  # an empty sheet row between data rows
            for c, col in enumerate(layout.columns):
                _xlsx_cell(sheet, r, c, row.get(col, ""), col, date_format, rng)
            r += 1
        if (kind, year) in mess.TOTAL_ROW:
            cells = _total_row(layout, len(rows), year)
            sheet.write_string(r, 0, cells[0].upper(), bold)
            sheet.write_number(r, len(cells) - 1, len(rows), bold)
    notes = workbook.add_worksheet("Notes")
    notes.write_string(0, 0, "Notes de suivi")
    notes.write_string(1, 0, "Les mesures mutualisées sont signalées à la coordination.")
    notes.write_string(2, 0, f"Mise à jour : janvier {year + 1}")
    notes.write_string(2, 1, "par la coordination")
    workbook.close()
    return path


def _xlsx_cell(sheet, r: int, c: int, value: Cell, col: str, date_format, rng: random.Random) -> None:
    if value == "" or value is None:
        return
    if isinstance(value, date) and col in DATE_COLUMNS:
        x = rng.random()
        if x < 0.85:
            sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
        elif x < 0.93:
            sheet.write_string(r, c, value.strftime("%d/%m/%y"))
        else:
            sheet.write_number(r, c, (value - EXCEL_EPOCH).days)
    elif isinstance(value, int):
        sheet.write_number(r, c, value)
    else:
        sheet.write_string(r, c, str(value))
