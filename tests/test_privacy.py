"""Personal data: the fake names and raw household numbers of the demo exports reach neither the
warehouse, nor the ingest report, nor the command's output, nor the generated reports."""

from __future__ import annotations

import io
import json
import re
import zipfile

import polars as pl
import pytest

from pipelines.cli import main
from pipelines.demo import build_records, generate
from pipelines.reports.generate import generate as generate_reports
from pipelines.reports.pdf import PdfUnavailable


@pytest.fixture(scope="module")
def personal() -> tuple[set[str], set[str]]:
    records = build_records()
    names = {d.nom_usager for d in records.demandes if d.nom_usager}
    households = {d.id_menage for d in records.demandes if d.id_menage}
    assert len(names) > 500 and len(households) > 500
    return names, households


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("prive")
    raw, warehouse, out = base / "brut", base / "entrepot", base / "rapports"
    generate(raw)
    output = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        assert main.main(["ingest", str(raw), "--warehouse", str(warehouse)]) == 0
        assert main.main(["ingest", str(raw), "--warehouse", str(warehouse), "--json"]) == 0
    formats = ["html", "pptx", "pdf"]
    try:
        paths = generate_reports(warehouse, 2024, formats, out)
    except PdfUnavailable:
        paths = generate_reports(warehouse, 2024, ["html", "pptx"], out)
    return {"raw": raw, "warehouse": warehouse, "output": output.getvalue(), "reports": paths}


def test_the_raw_exports_do_hold_names(run: dict, personal) -> None:
    names, _ = personal
    text = "".join(p.read_bytes().decode("cp1252", errors="ignore") for p in run["raw"].rglob("*.csv"))
    assert sum(name in text for name in names) > 100  # the scan below looks for something real


def test_no_name_or_household_number_in_the_warehouse(run: dict, personal) -> None:
    names, households = personal
    files = list(run["warehouse"].rglob("*.parquet"))
    assert len(files) >= 10
    for path in files:
        frame = pl.read_parquet(path)
        for column in frame.columns:
            series = frame.get_column(column)
            if isinstance(series.dtype, pl.List):
                series = series.explode()
            values = series.cast(pl.String, strict=False).drop_nulls()
            cells = set(values.to_list())
            assert not cells & households, f"n° de ménage brut dans {path.name}:{column}"
            joined = "\n".join(cells)
            assert not any(name in joined for name in names), f"nom dans {path.name}:{column}"


def test_no_name_in_the_report_or_the_output(run: dict, personal) -> None:
    names, households = personal
    report = (run["warehouse"] / "ingest_report.json").read_text(encoding="utf-8")
    texts = {"ingest_report.json": report, "sortie de la commande": run["output"]}
    values = set(re.findall(r'"([^"]*)"', report))
    assert not values & households
    for path in run["reports"]:
        if path.suffix == ".pptx":
            with zipfile.ZipFile(path) as pptx:
                texts[path.name] = "".join(
                    pptx.read(n).decode("utf-8", "ignore") for n in pptx.namelist() if n.endswith(".xml")
                )
        elif path.suffix == ".pdf":
            from pypdf import PdfReader

            texts[path.name] = " ".join(p.extract_text() or "" for p in PdfReader(path).pages)
        else:
            texts[path.name] = path.read_text(encoding="utf-8")
    for where, text in texts.items():
        found = [name for name in names if name in text]
        assert not found, f"{where} contient {found[:3]}"
    assert (
        "Nom usager" in json.dumps(json.loads(report)["files"], ensure_ascii=False) or "nom usager" in report.lower()
    )  # the dropped column is listed by its header only
