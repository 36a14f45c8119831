"""Downloads as a French spreadsheet reads them: `;`, decimal comma, rounded as shown; Excel with real numbers,
years as plain integers, no live link; the on-screen table written like the page."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from dashboard.exports import csv_bytes, number_formats, xlsx_bytes

from .helpers import table

FRAME = pl.DataFrame(
    {
        "Année": [2018, 2024],
        "Part 2024 (%)": [21.428571, None],
        "Commandes 2024": [1234, 5],
        "Source": ["file:///C:/x/calc.exe", "=1+1"],
    }
)


def test_csv_reads_back_in_a_french_spreadsheet() -> None:
    data = csv_bytes(FRAME)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "2018;21,4;1234;file:///C:/x/calc.exe"  # rounded as shown, decimal comma
    back = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True, encoding="utf8-lossy")
    assert back["Part 2024 (%)"].to_list() == [21.4, None]
    assert back["Commandes 2024"].to_list() == [1234, 5]
    assert back["Source"].to_list()[1] == "'=1+1"  # never a formula


def test_excel_has_real_numbers_plain_years_and_no_link() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(FRAME))).active
    year, share, count, source = (sheet.cell(2, c) for c in range(1, 5))
    assert (year.value, year.number_format) == (2018, "0")  # not « 2 018 »
    assert share.value == 21.428571 and share.number_format == "#,##0.0"  # a number, shown 21,4
    assert (count.value, count.number_format) == (1234, "#,##0")
    assert source.value == "file:///C:/x/calc.exe" and source.hyperlink is None
    assert sheet.cell(3, 4).value == "'=1+1"


def test_on_screen_numbers_follow_the_readers_language() -> None:
    formats = number_formats(FRAME)
    assert formats["Année"]["type_config"]["format"] == "plain"  # 2018, never « 2 018 »
    assert formats["Part 2024 (%)"]["type_config"]["format"] == "localized"  # 21,4 in a French browser
    assert formats["Part 2024 (%)"]["type_config"]["step"] == 0.1  # one decimal: 16 reads « 16,0 » as on the page
    assert formats["Année"]["type_config"]["step"] is None
    assert "Source" not in formats


def test_page_tables_hold_rounded_numbers(app) -> None:
    at = app("app_pages/equilibre.py", fin="2024")
    shown = table(at, "Secteur", "Écart au département (%)")
    gaps = [v for v in shown["Écart au département (%)"].tolist() if isinstance(v, float) and v == v]
    assert gaps and all(round(v, 1) == v for v in gaps)  # rounded as shown, not -22.9452
