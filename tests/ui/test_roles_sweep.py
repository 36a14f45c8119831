"""The diffusion sweep for a partner and a kiosk visitor: with every trick of the address (`diffusion=0`, a link
copied by a coordination user in internal mode), every page shows exactly what the same view shows in diffusion
mode, cell by cell, chart by chart, sentence by sentence. tests/ui/test_diffusion_sweep.py proves that view holds
no count of 1 to 4 and no hidden count as 0; the equality carries that over to every partner and kiosk visitor."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.reference.roles import KIOSK_ENV

from .roles_helpers import as_role, copy_warehouse
from .test_diffusion_sweep import PAGES, VIEWS, is_small_count, shown

UPLOAD_TEXT = "Les fiches déposées sont"
TRICKS = {"adresse_diffusion_0": {"diffusion": "0"}, "lien_de_la_coordination": {}}


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_warehouse(demo_warehouse, tmp_path_factory.mktemp("roles_sweep"))


@pytest.fixture
def visitors(warehouse: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(warehouse))
    monkeypatch.delenv(KIOSK_ENV, raising=False)

    def make(who: str):
        def opened(page: str | None = None, **query):
            if who == "kiosque":
                monkeypatch.setenv(KIOSK_ENV, "1")
                try:
                    return as_role(None, page, **query)
                finally:
                    monkeypatch.delenv(KIOSK_ENV)
            return as_role(who, page, **query)

        return opened

    return make


@pytest.mark.parametrize("trick", list(TRICKS))
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", [*PAGES, "comparaison"])
def test_partner_and_kiosk_see_the_diffusion_view(visitors, page: str, view: str, trick: str) -> None:
    public = shown(visitors("coordination"), page, VIEWS[view] | {"diffusion": "1"})
    whos = ["partenaire", "kiosque"] if trick == "adresse_diffusion_0" else ["partenaire"]
    for who in whos:
        seen = shown(visitors(who), page, VIEWS[view] | TRICKS[trick])
        assert seen["metrics"] == public["metrics"], (who, page, view)
        assert not any(is_small_count(v) for v in seen["metrics"].values()), (who, page, view)
        assert len(seen["tables"]) == len(public["tables"]), (who, page, view)
        for mine, theirs in zip(seen["tables"], public["tables"], strict=True):
            assert mine.equals(theirs), (who, page, view, list(mine.columns))
        assert seen["charts"] == public["charts"], (who, page, view)
        # Coordination alone is offered to load comparison fiches (the paragraph that explains it).
        assert seen["text"] == [t for t in public["text"] if not t.startswith(UPLOAD_TEXT)], (who, page, view)
