"""Shared fixtures and file builders for the test suite.

Every raw file a test needs is written by code here (CSV in any dialect, xlsx with
xlsxwriter); no binary fixture is checked in. Identifiers and names are obviously fake.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl
import pytest

TEST_KEY = "cle-de-test-fixe-0123456789"
TODAY = dt.date(2025, 3, 31)

Cell = str | int | float | dt.date | dt.datetime | None


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A fixed hashing key, and no test ever writes ~/.config or the repository's warehouse."""
    private = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("ASSLL_HASH_KEY", TEST_KEY)
    monkeypatch.setenv("ASSLL_KEY_FILE", str(private / "cle_hachage"))
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(private / "entrepot_par_defaut"))
    monkeypatch.delenv("ASSLL_REFERENCE_DIR", raising=False)
    # A page error must fail the test, not be turned into the friendly message users see.
    monkeypatch.setenv("ASSLL_RAISE_PAGE_ERRORS", "1")


def write_csv(
    path: Path,
    header: Sequence[str] | None,
    rows: Iterable[Sequence[Cell]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Path:
    """A CSV as a spreadsheet would export it.

    `encoding` is any Python codec: "cp1252", "utf-8", "utf-8-sig" (BOM), "utf-16" (BOM).
    Fields holding the delimiter, a quote or a line break are quoted (csv.QUOTE_MINIMAL); a
    line break inside a field is written as `newline` too, as Excel does. An empty row
    (`[]`) is an empty line; a row of empty strings is a line of delimiters only.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow(["" if c is None else _text(c) for c in row])
    text = buffer.getvalue()
    if newline != "\n":
        # csv leaves a line break inside a quoted field as written; make it the file's line ending.
        text = text.replace(newline, "\0").replace("\n", newline).replace("\0", newline)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _text(cell: Cell) -> str:
    if isinstance(cell, dt.datetime | dt.date):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Cell]]]) -> Path:
    """An xlsx workbook, one sheet per entry, rows written from the first row of the sheet.

    Cells: str → text cell, int/float → number cell (an Excel serial day when it stands for
    a date), date/datetime → real Excel date cell (formatted dd/mm/yyyy), None → no cell.
    Title rows are simply the first rows given (`["Tableau de suivi ASSLL 2019"]`, `[]`).
    """
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, dt.datetime):
                    sheet.write_datetime(r, c, cell, date_format)
                elif isinstance(cell, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(cell, dt.time()), date_format)
                elif isinstance(cell, int | float):
                    sheet.write_number(r, c, cell)
                else:
                    sheet.write_string(r, c, cell)
    workbook.close()
    return path


def read_version_tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every Parquet table of the version in force."""
    from pipelines.store.warehouse import current_version

    version = current_version(warehouse)
    return {p.stem: pl.read_parquet(p) for p in sorted(version.glob("*.parquet"))}


def run_ingest(raw_dir: Path, warehouse: Path, today: dt.date = TODAY, **kwargs) -> dict:
    from pipelines.ingest.pipeline import ingest

    return ingest(raw_dir, warehouse, today=today, **kwargs)


@pytest.fixture
def conformance_dir() -> Path:
    """The shared conformance sample: `<parent>/shared/spec/conformance` beside the repository (`<parent>/main`),
    else the verbatim copy in tests/spec/conformance when there is one."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "spec" / "conformance"
    copy = Path(__file__).resolve().parent / "spec" / "conformance"
    for folder in (shared, copy):
        if (folder / "expected.json").is_file() and (folder / "compare.py").is_file():
            return folder
    pytest.skip(
        f"échantillon de conformité absent : ni {shared} (dépôt `shared` extrait à côté de `main`), ni sa copie {copy}"
    )


@pytest.fixture(scope="session")
def indicator_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.indicator_folder import build_indicator_raw

    return build_indicator_raw(tmp_path_factory.mktemp("brut_indicateurs"))


@pytest.fixture(scope="session")
def indicator_warehouse(indicator_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-computable folder, ingested once for the session (read-only afterwards)."""
    warehouse = tmp_path_factory.mktemp("entrepot_indicateurs")
    # Session fixtures are set up before the per-test environment: isolate this ingest by hand.
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("ASSLL_REFERENCE_DIR", raising=False)
        mp.setenv("ASSLL_KEY_FILE", str(tmp_path_factory.mktemp("cle") / "cle_hachage"))
        run_ingest(indicator_raw, warehouse, key=TEST_KEY)
    return warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo exports ingested once for the session (read-only afterwards)."""
    from pipelines.demo import generate

    base = tmp_path_factory.mktemp("demo")
    raw, warehouse = base / "brut", base / "entrepot"
    generate(raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSLL_KEY_FILE", str(base / "cle"))
        run_ingest(raw, warehouse, today=dt.date.today(), key=TEST_KEY)
    return warehouse
