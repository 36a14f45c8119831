"""Property tests of the normaliser (DATA_CONTRACT sections 1, 2 and 5), with hypothesis.

1. The same valid records written any way an export may write them (header and value aliases of
   data/reference/aliases, any case, accents kept or removed, every date form of section 2, rows in
   any order, title and blank rows, CSV in any delimiter and encoding, or xlsx) give the same clean
   tables as a canonical writing of them.
2. Corrupting one field of one row moves exactly that row to quarantine (an unreadable or impossible
   date, an empty required value, an unknown `type_mesure`), or turns exactly that field into
   NON_RECONNU (an unknown optional categorical), and leaves every other clean value as it was.

Raw-text columns (`*_brut`) and provenance (`premiere_source`, `derniere_source`) say how a value
was written, so they are not compared; every canonical value is.

This module holds the generators and writers; the properties live in `test_properties_*.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from conftest import TODAY, read_version_tables, run_ingest, write_csv, write_xlsx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pipelines.ingest.dates import EXCEL_EPOCH
from pipelines.reference.geography import load_geography
from pipelines.reference.referential import load_referential
from pipelines.reference.schema import DEMANDES, MESURES, Kind
from pipelines.reference.settings import ALIASES_DIR
from pipelines.reference.text import fold

REF = load_referential()
GEO = load_geography()
# 30 examples keep the module under a minute; ASSLL_PROPERTY_EXAMPLES=500 explores further.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("ASSLL_PROPERTY_EXAMPLES", "30")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Columns that say how a value was written, not what it is.
NOT_COMPARED = ("premiere_source", "derniere_source")


def _rows(name: str) -> list[dict[str, str]]:
    with (ALIASES_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _header_aliases() -> dict[tuple[str, str], list[str]]:
    """(kind, column) -> every header spelling of the shipped aliases (and the column name itself) that
    does designate that column in that kind."""
    found: dict[tuple[str, str], list[str]] = {}
    for kind in (DEMANDES, MESURES):
        for column in kind.columns:
            found[(kind.name, column)] = [column]
    for row in _rows("colonnes.csv"):
        key = (row["table"], row["colonne"])
        if key in found and REF.headers[row["table"]].get(fold(row["alias"])) == row["colonne"]:
            found[key].append(row["alias"])
    return found


def _value_aliases() -> dict[tuple[str, str], list[str]]:
    """(domain, canonical value) -> its spellings (the canonical value itself included). The legacy
    `motif_arret` spellings that also carry a result (`Objectifs atteints`) say more than the value: left out."""
    legacy = {fold(r["alias"]) for r in _rows("valeurs.csv") if r["domaine"] == "resultat_motif_arret"}
    found: dict[tuple[str, str], list[str]] = {}
    for domain, values in REF.canonical.items():
        for value in values:
            found[(domain, value)] = [value]
    for row in _rows("valeurs.csv"):
        key = (row["domaine"], row["valeur"])
        if key not in found or REF.values[row["domaine"]].get(fold(row["alias"])) != row["valeur"]:
            continue
        if row["domaine"] == "motif_arret" and fold(row["alias"]) in legacy:
            continue
        found[key].append(row["alias"])
    return found


HEADER_ALIASES = _header_aliases()
VALUE_ALIASES = _value_aliases()
COMMUNES = [
    c
    for c in sorted(GEO.communes.values(), key=lambda c: c.code_insee)
    if c.commune.startswith(("Saint-", "Sainte-", "Angoul", "Cognac", "Ruffec", "Jarnac", "La ", "Les "))
][:40]


# --- records -------------------------------------------------------------------------------------


@dataclass
class Dataset:
    demandes: list[dict[str, object]]
    mesures: list[dict[str, object]]


def _categorical(domain: str) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(REF.canonical[domain])


dates = st.dates(min_value=dt.date(1991, 1, 1), max_value=TODAY)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n = draw(st.integers(1, 6))
    numbers = draw(st.lists(st.integers(1, 99_999), min_size=n, max_size=n, unique=True))
    demandes = []
    for number in numbers:
        style = draw(st.sampled_from(["D{:05d}", "{:05d}", "{}", "ASSLL-2024-{}"]))
        date = draw(dates)
        decided = draw(st.none() | st.dates(min_value=date, max_value=TODAY))
        commune = draw(st.none() | st.sampled_from(COMMUNES))
        with_code = commune is not None and draw(st.booleans())
        demandes.append(
            {
                "id_demande": style.format(number),
                "date_demande": date,
                "type_mesure": draw(st.sampled_from(REF.canonical["type_mesure"])),
                "prescripteur": draw(_categorical("prescripteur")),
                "dispositif": draw(_categorical("dispositif")),
                "instance": draw(_categorical("instance")),
                "aide_financiere": draw(_categorical("aide_financiere")),
                "code_insee": commune.code_insee if with_code else None,
                "commune": commune.commune if commune is not None and (not with_code or draw(st.booleans())) else None,
                "secteur": draw(st.sampled_from(REF.sectors)),
                "tas": draw(st.none() | st.sampled_from(REF.tas)),
                "statut_occupation": draw(_categorical("statut_occupation")),
                "objectif": draw(_categorical("objectif")),
                "decision": draw(_categorical("decision")),
                "motif_refus": draw(_categorical("motif_refus")),
                "date_decision": decided,
                "id_menage": draw(st.none() | st.sampled_from(["MEN-0001", "MEN-0002", "00417"])),
                "evaluation_conjointe": draw(_categorical("evaluation_conjointe")),
            }
        )
    m = draw(st.integers(0, 6))
    mesures = []
    for i, number in enumerate(draw(st.lists(st.integers(1, 9_999), min_size=m, max_size=m, unique=True))):
        start = draw(dates)
        mesures.append(
            {
                "id_mesure": f"M{number:04d}",
                # most measures refer to a request of the dataset, some to an unknown one
                "id_demande": demandes[i % n]["id_demande"] if draw(st.integers(0, 4)) else "D99999X",
                "date_debut": start,
                "date_fin": draw(st.none() | st.dates(min_value=start, max_value=TODAY)),
                "intervenant": draw(st.none() | st.sampled_from(["TS01", "TS03", "TS12"])),
                "secteur_intervenant": draw(st.none() | st.sampled_from(REF.sectors)),
                "motif_arret": draw(_categorical("motif_arret")),
                "resultat_objectifs": draw(_categorical("resultat_objectifs")),
                "nb_renouvellements": draw(st.none() | st.integers(0, 5)),
            }
        )
    return Dataset(demandes, mesures)


# --- writings ------------------------------------------------------------------------------------

DOMAINS = {**DEMANDES.categorical, **MESURES.categorical, "objectif": "objectif"}


def _case(rnd: random.Random, text: str) -> str:
    how = rnd.choice(["as is", "lower", "upper", "title", "random"])
    if how == "lower":
        return text.lower()
    if how == "upper":
        return text.upper()
    if how == "title":
        return text.title()
    if how == "random":
        return "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in text)
    return text


def _strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spell(rnd: random.Random, text: str) -> str:
    """Any case, accents kept or removed."""
    text = _case(rnd, text)
    return _strip_accents(text) if rnd.random() < 0.4 else text


def _date_text(rnd: random.Random, d: dt.date, xlsx: bool) -> object:
    """Every form of DATA_CONTRACT section 2 (and, in xlsx, date cells and serial numbers)."""
    serial = (d - EXCEL_EPOCH).days
    forms: list[object] = [
        d.strftime("%d/%m/%Y"),
        f"{d.day}/{d.month}/{d.year}",
        d.strftime("%d/%m/%y"),
        d.isoformat(),
        d.strftime("%d.%m.%Y"),
        d.strftime("%d-%m-%Y"),
        d.strftime("%d/%m/%Y") + " 14:30",
        d.isoformat() + "T08:15:00",
        d.strftime("%d/%m/%Y") + " 9h05",
        d.isoformat() + " 23:59:59.123",
        str(serial),
        f"{serial}.5",
    ]
    if xlsx:
        forms += [d, dt.datetime.combine(d, dt.time(10, 30)), serial, serial + 0.25]
    return rnd.choice(forms)


def _commune_text(rnd: random.Random, name: str) -> str:
    if rnd.random() < 0.3:
        name = name.replace("Saint-", "St ").replace("Sainte-", "Ste ")
    if rnd.random() < 0.3:
        name = name.replace("-", " ")
    return _spell(rnd, name)


@dataclass
class Written:
    """A table as written: the file, and for each record id its line (for the quarantine report)."""

    file: str
    sheet: str | None
    lines: dict[str, int] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)


def render(
    kind: Kind, records: list[dict[str, object]], rnd: random.Random | None, xlsx: bool = False, keep_all: bool = False
) -> tuple[list[str], list[str], list[list[object]]]:
    """Columns, header and rows of a table: canonical (rnd None) or written the way an export may write
    it, in any column order, some optional columns left out unless keep_all."""
    columns = list(kind.columns)
    if rnd is not None:
        rnd.shuffle(columns)
        keep = [rnd.random() < 0.85 for _ in columns]
        columns = [c for c, k in zip(columns, keep, strict=True) if k or keep_all or c in kind.required]
    header = [c if rnd is None else _spell(rnd, rnd.choice(HEADER_ALIASES[(kind.name, c)])) for c in columns]
    rows = []
    for record in records:
        row: list[object] = []
        for column in columns:
            value = record[column]
            if value is None:
                row.append("")
            elif rnd is None:
                row.append(value.isoformat() if isinstance(value, dt.date) else str(value))
            elif isinstance(value, dt.date):
                row.append(_date_text(rnd, value, xlsx))
            elif column in DOMAINS:
                row.append(_spell(rnd, rnd.choice(VALUE_ALIASES[(DOMAINS[column], value)])))
            elif column == "commune":
                row.append(_commune_text(rnd, str(value)))
            elif column == "nb_renouvellements":
                row.append(rnd.choice([str(value), f"{value},0", value if xlsx else str(value)]))
            elif column in kind.identifiers or column == "code_insee":
                text = str(value)
                if xlsx and text.isdigit() and not text.startswith("0") and rnd.random() < 0.5:
                    row.append(int(text))  # an Excel number cell: 123 reads `123`, never `123.0`
                else:
                    row.append(rnd.choice(["", " ", "  "]) + text + rnd.choice(["", " "]))
            else:
                row.append(str(value))
        rows.append(row)
    return columns, header, rows


def write_table(
    raw: Path,
    name: str,
    kind: Kind,
    header: list[str],
    rows: list[list[object]],
    ids: list[str],
    rnd: random.Random | None,
    fmt: dict[str, str],
) -> Written:
    """Rows in random order among title, blank and total rows (rnd), else as given; returns the lines."""
    order = list(range(len(rows)))
    body: list[list[object]] = []
    titles: list[list[object]] = []
    if rnd is not None:
        rnd.shuffle(order)
        titles = rnd.choice([[], [["Tableau de suivi ASSLL"]], [["Export du logiciel"], []]])
    lines: dict[str, int] = {}
    for i in order:
        if rnd is not None and rnd.random() < 0.15:
            body.append([])
        body.append(rows[i])
        lines[ids[i]] = len(titles) + 1 + len(body)
    if rnd is not None and rnd.random() < 0.3:
        body.append(["Total"] + [""] * (len(header) - 1))
    if fmt["format"] == "xlsx":
        write_xlsx(raw / f"{name}.xlsx", {kind.label.title(): [*titles, header, *body]})
        return Written(f"{name}.xlsx", kind.label.title(), lines)
    path = raw / f"{name}.{fmt['suffix']}"
    text_rows = [["" if c is None else str(c) for c in r] for r in [*titles, header, *body]]
    write_csv(path, None, text_rows, delimiter=fmt["delimiter"], encoding=fmt["encoding"], newline=fmt["newline"])
    return Written(path.name, None, lines)


csv_formats = st.fixed_dictionaries(
    {
        "format": st.just("csv"),
        "suffix": st.sampled_from(["csv", "txt"]),
        "delimiter": st.sampled_from([";", ",", "\t"]),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
    }
)
formats = csv_formats | st.fixed_dictionaries({"format": st.just("xlsx")})
CANONICAL_FORMAT = {"format": "csv", "suffix": "csv", "delimiter": ";", "encoding": "utf-8", "newline": "\n"}


def write_dataset(
    raw: Path,
    data: Dataset,
    rnd: random.Random | None,
    fmts: tuple[dict, dict],
    corrupt: tuple[str, int, str, str] | None = None,
    keep_all: bool = False,
) -> dict[str, Written]:
    """Both tables; `corrupt` = (table, record index, column, raw text) replaces one cell."""
    written = {}
    for kind, records, fmt in ((DEMANDES, data.demandes, fmts[0]), (MESURES, data.mesures, fmts[1])):
        if not records:
            continue
        columns, header, rows = render(kind, records, rnd, xlsx=fmt["format"] == "xlsx", keep_all=keep_all)
        if corrupt is not None and corrupt[0] == kind.name:
            _, index, column, text = corrupt
            rows[index][columns.index(column)] = text
        ids = [str(r[kind.record_id]) for r in records]
        written[kind.name] = write_table(raw, kind.name, kind, header, rows, ids, rnd, fmt)
        written[kind.name].columns = columns
    return written


def clean_tables(raw: Path, base: Path) -> tuple[dict, dict[str, pl.DataFrame]]:
    warehouse = base / f"entrepot_{raw.name}"
    report = run_ingest(raw, warehouse)
    tables = read_version_tables(warehouse)
    compared = {}
    for name, key in (("demandes", "id_demande"), ("mesures", "id_mesure")):
        frame = tables[name]
        compared[name] = frame.select(
            [c for c in frame.columns if not c.endswith("_brut") and c not in NOT_COMPARED]
        ).sort(key)
    return report, compared


def assert_same(left: pl.DataFrame, right: pl.DataFrame, context: str) -> None:
    assert left.columns == right.columns, context
    assert left.to_dicts() == right.to_dicts(), context
