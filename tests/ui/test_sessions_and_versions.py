"""What one session does never changes what another sees, and a page run shows one warehouse version only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pipelines.indicators import engine
from pipelines.store.warehouse import CURRENT
from tests.conftest import TEST_KEY, run_ingest

from .conftest import APP
from .helpers import metrics, table


def refusals(at) -> dict[str, object]:
    frame = table(at, "Motif du refus")
    return dict(zip(frame["Motif du refus"], frame["Refus 2024"], strict=True))


def test_diffusion_in_one_session_leaves_the_other_unmasked(app) -> None:
    public = app("app_pages/gts.py", fin="2024", diffusion="1")
    internal = app("app_pages/gts.py", fin="2024")
    assert refusals(public)["Orientation DALO"] == "< 5"
    assert refusals(internal)["Orientation DALO"] == 4
    # Each session again, after the other one ran: nothing leaked through a shared cache.
    public.run()
    internal.run()
    assert refusals(public)["Orientation DALO"] == "< 5"
    assert refusals(internal)["Orientation DALO"] == 4
    # And the other way round: switching the internal session to diffusion masks it, not the other one.
    internal.sidebar.toggle(key="f_diffusion").set_value(True).run()
    public.sidebar.toggle(key="f_diffusion").set_value(False).run()
    assert refusals(internal)["Orientation DALO"] == "< 5"
    assert refusals(public)["Orientation DALO"] == 4


def slide_values(at) -> list[list[float]]:
    """Every slide of the Présentation page: the numbers its chart (or key figures) show."""
    shown = []
    for index in range(40):
        at.session_state["diapo"] = index
        at.run()
        assert not at.exception
        if at.session_state["diapo"] != index:  # past the last slide
            break
        values: list[float] = []
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            axes = json.dumps(spec["layout"].get("xaxis", {})) + json.dumps(spec["layout"].get("yaxis", {}))
            if "%" in axes or "ETP" in spec["layout"]["title"]["text"]:
                continue  # shares and full-time equivalents: not counts
            for trace in spec["data"]:
                values += [v for v in trace.get("x", []) + trace.get("y", []) if isinstance(v, int | float)]
        for metric in at.metric:
            text = metric.value.replace("\u00a0", "").replace("\u202f", "")
            if text.isdigit():
                values.append(int(text))
        shown.append(values)
    return shown


def small(values: list[list[float]]) -> int:
    return sum(1 for slide in values for v in slide if float(v).is_integer() and 0 < v < 5)


def test_presentation_follows_each_sessions_switch_on_every_slide(app) -> None:
    """The report model is cached for every session, keyed on the mode: each session sees its own."""
    public = app("app_pages/presentation.py", fin="2024", diffusion="1", annee="2024")
    internal = app("app_pages/presentation.py", fin="2024", annee="2024")
    shown_internal = slide_values(internal)
    shown_public = slide_values(public)
    assert len(shown_internal) == len(shown_public) > 10
    assert small(shown_internal) > 0  # the 2024 slides do have small counts (refusals, prescripteurs…)
    assert small(shown_public) == 0
    assert small(slide_values(internal)) == small(shown_internal)  # the public session ran meanwhile


@pytest.fixture
def two_versions(demo_warehouse: Path, indicator_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A warehouse whose CURRENT is the demo version (A) and which also holds a newer version (B) of other data."""
    warehouse = tmp_path / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    old = (warehouse / CURRENT).read_text(encoding="utf-8")
    run_ingest(indicator_raw, warehouse, key=TEST_KEY)
    new = (warehouse / CURRENT).read_text(encoding="utf-8")
    assert new != old
    (warehouse / CURRENT).write_text(old, encoding="utf-8")
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(warehouse))
    return warehouse, old, new


def test_a_page_run_during_a_swap_shows_one_version(two_versions, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse, _old, new = two_versions
    before = AppTest.from_file(str(APP), default_timeout=60)
    before.query_params["fin"] = "2024"
    before.run()
    expected = metrics(before)
    assert expected["Commandes d'ASSLL"] == "173"

    compute = engine.Indicators.compute
    swapped = []

    def compute_then_swap(self, *args, **kwargs):
        got = compute(self, *args, **kwargs)
        if not swapped:  # an ingest publishes its version right after the page's first figure
            (warehouse / CURRENT).write_text(new, encoding="utf-8")
            swapped.append(True)
        return got

    monkeypatch.setattr(engine.Indicators, "compute", compute_then_swap)
    st.cache_data.clear()  # so that the run computes its figures (and meets the swap) instead of reusing them
    during = AppTest.from_file(str(APP), default_timeout=60)
    during.query_params["fin"] = "2024"
    during.query_params["annee"] = "2024"
    during.run()
    assert swapped and not during.exception
    assert metrics(during) == expected  # every figure of the run from version A
    during.run()  # the next run reads the pointer again: version B
    assert not during.exception, during.exception
    assert metrics(during)["Commandes d'ASSLL"] != "173", [e.value for e in during.error]
