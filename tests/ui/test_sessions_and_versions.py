"""What one session does never changes what another sees, and a page run shows one warehouse version only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pipelines.indicators import engine
from pipelines.warehouse import CURRENT
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


def test_presentation_follows_each_sessions_switch(app) -> None:
    """The report model is cached for every session: keyed on the mode, each session gets its own copy."""
    def prescripteurs(at) -> list:
        at.session_state["diapo"] = 2
        at.run()
        import json

        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return [v for trace in spec["data"] for v in trace.get("x", []) if not isinstance(v, str)]

    public = app("app_pages/presentation.py", fin="2024", diffusion="1", annee="2024")
    internal = app("app_pages/presentation.py", fin="2024", annee="2024")
    assert not public.exception and not internal.exception
    shown_public, shown_internal = prescripteurs(public), prescripteurs(internal)
    assert shown_internal != shown_public
    assert not any(isinstance(v, int | float) and 0 < v < 5 for v in shown_public if v is not None)
    assert prescripteurs(public) == shown_public  # the internal session ran meanwhile: still masked


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
