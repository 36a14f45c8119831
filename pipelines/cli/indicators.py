"""`assll indicators`: the indicators of a year as a table, JSON or CSV (messages in French)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from typing import TYPE_CHECKING, cast

from pipelines.cli.errors import EXIT_OK, UsageError
from pipelines.cli.usage import require_year
from pipelines.published import fmt
from pipelines.reference import settings
from pipelines.reference.geography import load_geography
from pipelines.reference.referential import load_referential
from pipelines.reference.text import fold

if TYPE_CHECKING:
    from pipelines.indicators import Filters, Indicators, IndicatorValue


def _resolve(values: list[str], options: dict[str, str], label: str) -> tuple[str, ...]:
    resolved = []
    for value in values:
        hit = options.get(fold(value))
        if hit is None:
            possible = ", ".join(sorted(set(options.values())))
            raise UsageError(f"{label} inconnu : « {value} ». Valeurs possibles : {possible}")
        resolved.append(hit)
    return tuple(resolved)


def filters_from_args(args: argparse.Namespace, indicators: Indicators) -> Filters:
    from pipelines.indicators import Filters

    ref = load_referential()
    epci_options: dict[str, str] = {}
    if args.epci:
        epci = indicators.query("SELECT code_epci, epci FROM ref_epci")
        epci_options = {fold(c): c for c in epci["code_epci"]} | {fold(n): c for c, n in epci.iter_rows()}

    def domain(name: str) -> dict[str, str]:
        return dict(ref.values.get(name, {})) | {fold(v): v for v in ref.canonical.get(name, [])}

    return Filters(
        secteurs=_resolve(args.secteur, domain("secteur"), "secteur"),
        tas=_resolve(args.tas, domain("tas"), "TAS"),
        epci=_resolve(args.epci, epci_options, "EPCI"),
        types=_resolve(args.type, domain("type_mesure"), "type de mesure"),
        prescripteurs=_resolve(args.prescripteur, domain("prescripteur"), "prescripteur"),
        instances=_resolve(args.instance, domain("instance"), "instance"),
    )


def _json_payload(year: int, values: dict[str, IndicatorValue], as_of: dt.date | None) -> dict:
    from pipelines.indicators import load_catalogue
    from pipelines.published import durees_text

    catalogue = load_catalogue()
    indicators = {k: v.value for k, v in values.items()}
    details = {
        k: (
            {"numerateur": v.numerator, "denominateur": v.denominator}
            if not catalogue[k].estimateur
            else durees_text.json_details(v)
        )
        for k, v in values.items()
        if v.denominator is not None
    }
    payload = {"annee": year, "indicateurs": indicators, "details": details}
    if as_of:
        payload["a_date"] = as_of.isoformat()
    return payload


def _display(ind_id: str, value: IndicatorValue, domain: str, unit: str, forme: str) -> list[tuple[str, str]]:
    def one(v: float | int | None) -> str:
        if forme == "part":
            return fmt.percent(v, signed=ind_id.startswith("evolution"))
        if unit == "mois":
            return fmt.months(v)
        if isinstance(v, float) and not v.is_integer():
            return fmt.number(v, 1)
        return fmt.number(v)

    if isinstance(value.value, dict):
        names = load_geography().epci_names if domain == "epci" else {}
        return [
            (names.get(k) or fmt.label(domain, k), one(v))
            for k, v in cast("dict[str, float | int | None]", value.value).items()
        ]
    text = one(value.value)
    if value.denominator is not None and forme == "part":
        text += f" ({fmt.number(value.numerator)} / {fmt.number(value.denominator)})"
    return [("", text)]


def run(args: argparse.Namespace) -> int:
    from pipelines.indicators import Indicators, load_catalogue
    from pipelines.published import durees_text

    indicators = Indicators(settings.warehouse_dir(args.warehouse))
    try:
        require_year(indicators, args.year)  # as `assll report`: code 1 and the years available, never zeros
        filters = filters_from_args(args, indicators)
        catalogue = load_catalogue()
        ids = args.indicateur or list(catalogue)
        unknown = [i for i in ids if i not in catalogue]
        if unknown:
            raise UsageError(f"indicateur inconnu : {', '.join(unknown)}")
        values = indicators.compute_all(args.year, filters, args.as_of, ids)
    finally:
        indicators.close()
    out = io.StringIO()
    if args.format == "json":
        json.dump(_json_payload(args.year, values, args.as_of), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["indicateur", "annee", "cle", "valeur", "numerateur", "denominateur"])
        for ind_id, value in values.items():
            if catalogue[ind_id].estimateur:
                writer.writerows(durees_text.csv_rows(catalogue[ind_id], args.year, value))
            elif isinstance(value.value, dict):
                for key, v in value.value.items():
                    writer.writerow([ind_id, args.year, key, v, "", ""])
            else:
                writer.writerow(
                    [
                        ind_id,
                        args.year,
                        "",
                        value.value,
                        "" if value.numerator is None else value.numerator,
                        "" if value.denominator is None else value.denominator,
                    ]
                )
    else:
        title = f"Indicateurs ASSLL {args.year}"
        if args.as_of:
            title += f" (équilibre des secteurs, durées et délais au {fmt.short_date(args.as_of)})"
        out.write(f"{title}\n{'=' * len(title)}\n")
        themes = list(dict.fromkeys(catalogue[i].theme for i in values))
        theme = None
        for ind_id, value in sorted(values.items(), key=lambda kv: themes.index(catalogue[kv[0]].theme)):
            d = catalogue[ind_id]
            if d.theme != theme:
                theme = d.theme
                out.write(f"\n{theme}\n{'-' * len(theme)}\n")
            lines = (
                durees_text.display_lines(d, value)
                if d.estimateur
                else _display(ind_id, value, d.domaine, d.unite, d.forme)
            )
            if len(lines) == 1 and not lines[0][0]:
                out.write(f"  {d.libelle} : {lines[0][1]}\n")
            else:
                out.write(f"  {d.libelle} :\n")
                for key, text in lines:
                    out.write(f"      {key} : {text}\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(out.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(out.getvalue())
    return EXIT_OK
