"""Diffusion mode in the dashboard: small counts masked as « < 5 », everywhere, and said so."""

from __future__ import annotations

import re

import pytest

from pipelines.indicators import Filters
from pipelines.published import fmt

PAGES = [
    "vue_ensemble",
    "commandes",
    "origine",
    "gts",
    "arrets",
    "durees",
    "adhesion",
    "equilibre",
    "qualite",
    "rapports",
    "presentation",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "query",
    [
        {"fin": "2024", "diffusion": "1"},
        {"fin": "2024", "diffusion": "1", "secteur": "Sud-Charente"},
        {"debut": "2014", "fin": "2014", "diffusion": "1", "secteur": "Horte et Tardoire", "type": "DIAGNOSTIC"},
    ],
    ids=["departement", "secteur", "etroit"],
)
def test_every_page_runs_in_diffusion_mode(app, page: str, query: dict) -> None:
    at = app(f"app_pages/{page}.py", **query)
    assert not at.exception
    assert at.sidebar.toggle(key="f_diffusion").value is True


def test_small_counts_are_masked_on_the_gts_page(app, indicators) -> None:
    at = app("app_pages/gts.py", fin="2024", diffusion="1")
    shown = {m.label: m.value for m in at.metric}
    # 7 diagnostics and 7 complements asked in 2024: not small, shown as they are.
    assert shown["Diagnostics demandés"] == "7"
    refusals = indicators.compute("refus_par_motif", 2024).value
    assert all(0 < v < 5 for v in refusals.values() if v)  # every refusal reason is a small count in 2024
    text = " ".join(m.value for m in at.markdown)
    # In a sentence a masked count is worded, never a number: « Orientation DALO (moins de 5) ».
    assert "Orientation DALO (moins de 5)" in text
    assert not re.search(r"\((?:1|2|3|4)\)", text)


def test_overview_metric_of_a_small_sector_is_masked(app, indicators) -> None:
    filters = Filters(secteurs=("Horte et Tardoire",))
    mutual = indicators.compute("mutualisations", 2024, filters).value
    at = app(fin="2024", secteur="Horte et Tardoire", diffusion="1")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Mutualisations"] == ("< 5" if 0 < mutual < 5 else fmt.number(mutual))
    at_plain = app(fin="2024", secteur="Horte et Tardoire")
    assert {m.label: m.value for m in at_plain.metric}["Mutualisations"] == fmt.number(mutual)


def test_switch_lives_in_the_url_and_is_off_by_default(app) -> None:
    at = app()
    assert at.sidebar.toggle(key="f_diffusion").value is False
    at.sidebar.toggle(key="f_diffusion").set_value(True).run()
    assert at.query_params["diffusion"] == "1"
    assert any("Mode diffusion" in w.value for w in at.sidebar.warning)


def test_tables_say_masked_never_zero(app) -> None:
    at = app("app_pages/gts.py", fin="2024", diffusion="1")
    refusals = next(d.value for d in at.dataframe if list(d.value.columns)[:1] == ["Motif du refus"])
    shown = dict(zip(refusals["Motif du refus"], refusals["Refus 2024"], strict=True))
    assert shown["Orientation DALO"] == "< 5"  # 4 refusals: a small count
    assert shown["Autre"] == "0"  # a true zero is not masked
