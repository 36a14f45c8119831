"""Who sees what (issue 18), under AppTest: the role comes from the identity provider's claims through the
deployment's `[roles]` mapping; `partenaire` is in diffusion mode on every page whatever the address says;
restricted pages answer with a French refusal, journalled."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.store import journal

from .roles_helpers import as_role, copy_warehouse, open_address, page_names

RESTRICTED = ("importer", "qualite", "journal", "cloture")


@pytest.fixture
def warehouse(demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = copy_warehouse(demo_warehouse, tmp_path)
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(target))
    monkeypatch.setenv("ASSLL_RAW_DIR", str(tmp_path / "exports"))
    monkeypatch.delenv("ASSLL_DIFFUSION_SEULE", raising=False)
    return target


def entries(warehouse: Path) -> list[dict]:
    kept = journal.read(warehouse)
    assert kept.unreadable == 0
    return kept.entries


def test_partner_opens_in_diffusion_whatever_the_address(warehouse: Path) -> None:
    at = as_role("partenaire", fin="2024", diffusion="0")
    assert not at.exception
    assert [t.value for t in at.title] == ["Vue d'ensemble"]
    toggle = at.sidebar.toggle(key="f_diffusion")
    assert toggle.value is True and toggle.disabled
    assert at.query_params["diffusion"] == "1"
    assert "Connecté : partenaire@exemple.fr · rôle partenaire" in [c.value for c in at.sidebar.caption]


def test_partner_toggle_cannot_turn_diffusion_off(warehouse: Path) -> None:
    at = as_role("partenaire", "app_pages/commandes.py", fin="2024", secteur="Horte et Tardoire")
    masked = {m.label: m.value for m in at.metric}
    # A disabled widget cannot be changed in the browser; a forged message could still send its value.
    at.session_state["f_diffusion"] = False
    at.run()
    assert not at.exception
    assert at.sidebar.toggle(key="f_diffusion").value is True
    assert {m.label: m.value for m in at.metric} == masked
    assert "< 5" in masked.values()


@pytest.mark.parametrize("role", ["partenaire", "analyse", "coordination"])
def test_navigation_leaves_out_what_the_role_may_not_open(warehouse: Path, role: str) -> None:
    names = page_names(as_role(role, fin="2024"))
    allowed = {"coordination": RESTRICTED, "analyse": ("qualite",), "partenaire": ()}[role]
    for url_path, title in ((p, names[p]) for p in RESTRICTED):
        assert (title != "Accès refusé") == (url_path in allowed), (role, url_path, title)


@pytest.mark.parametrize(
    ("role", "url_path"),
    [
        ("partenaire", "importer"),
        ("partenaire", "qualite"),
        ("partenaire", "journal"),
        ("analyse", "importer"),
        ("analyse", "journal"),
        ("partenaire", "cloture"),
        ("analyse", "cloture"),
    ],
)
def test_restricted_address_is_refused_in_french_and_journalled(warehouse: Path, role: str, url_path: str) -> None:
    at = open_address(as_role(role, fin="2024"), url_path)
    assert not at.exception
    assert [t.value for t in at.title] == ["Accès refusé"]
    assert at.error[0].value.startswith("La page « ")
    assert f"n'est pas accessible avec votre rôle ({role})" in at.error[0].value
    assert len(at.get("file_uploader")) == 0 and len(at.dataframe) == 0 and len(at.metric) == 0
    assert not (warehouse.parent / "exports").exists()  # nothing written to the raw folder
    refused = [e for e in entries(warehouse) if e["action"] == journal.REFUSED]
    assert [(e["qui"], e["role"], e["page"]) for e in refused] == [(f"{role}@exemple.fr", role, url_path)]
    open_address(open_address(at, url_path), url_path)  # reruns of the same refused page: journalled once
    assert len([e for e in entries(warehouse) if e["action"] == journal.REFUSED]) == 1


def test_analyse_reads_quality_without_raw_values(warehouse: Path) -> None:
    analyse = open_address(as_role("analyse", fin="2024"), "qualite")
    coordination = open_address(as_role("coordination", fin="2024"), "qualite")
    assert [t.value for t in analyse.title] == ["Qualité des données"]
    columns = {c for d in analyse.dataframe for c in d.value.columns}
    assert not columns & {"Valeurs brutes", "Valeur brute", "Valeurs rencontrées", "Valeur retenue"}
    assert {c for d in coordination.dataframe for c in d.value.columns} >= {"Valeurs brutes", "Valeur brute"}
    assert entries(warehouse) == []


def test_analyse_sees_both_modes(warehouse: Path) -> None:
    internal = as_role("analyse", "app_pages/commandes.py", fin="2024", secteur="Horte et Tardoire")
    tightened = as_role("analyse", "app_pages/commandes.py", fin="2024", secteur="Horte et Tardoire", diffusion="1")
    coordination = as_role("coordination", "app_pages/commandes.py", fin="2024", secteur="Horte et Tardoire")
    assert {m.label: m.value for m in internal.metric} == {m.label: m.value for m in coordination.metric}
    assert "< 5" not in {m.value for m in internal.metric}
    assert "< 5" in {m.value for m in tightened.metric}
    assert not internal.sidebar.toggle(key="f_diffusion").disabled


def test_user_without_role_sees_only_the_refusal(warehouse: Path) -> None:
    at = as_role("aucun", fin="2024")
    assert not at.exception
    assert [t.value for t in at.title] == ["Accès non autorisé"]
    assert len(at.metric) == 0 and len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0
    assert len(at.sidebar.multiselect) == 0
    assert at.sidebar.button(key="deconnexion").label == "Se déconnecter"
    assert [(e["action"], e["qui"], e["role"]) for e in entries(warehouse)] == [
        (journal.REFUSED, "aucun@exemple.fr", None)
    ]
    at.run()
    assert len(entries(warehouse)) == 1  # a rerun is not journalled again


def test_kiosk_makes_every_visitor_a_partner(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSLL_DIFFUSION_SEULE", "1")
    at = as_role(None, fin="2024", diffusion="0")
    assert not at.exception
    assert at.sidebar.toggle(key="f_diffusion").value is True
    assert page_names(at)["importer"] == "Accès refusé"
    at = open_address(at, "importer")
    assert [t.value for t in at.title] == ["Accès refusé"]
    assert [(e["qui"], e["page"]) for e in entries(warehouse)] == [("kiosque (diffusion seule)", "importer")]


def test_workstation_without_login_is_coordination(warehouse: Path) -> None:
    at = as_role(None, fin="2024")
    assert not at.sidebar.toggle(key="f_diffusion").value
    assert page_names(at)["importer"] == "Importer des exports"


def test_partner_and_analyse_cannot_load_comparison_fiches(warehouse: Path) -> None:
    for role, uploaders in (("partenaire", 0), ("analyse", 0), ("coordination", 1)):
        at = as_role(role, "app_pages/comparaison.py", fin="2024")
        assert not at.exception
        assert len(at.get("file_uploader")) == uploaders, role
        assert ("Déposer des fiches" in [s.value for s in at.subheader]) == bool(uploaders), role


def test_partner_reports_are_for_diffusion_even_with_the_switch_off(warehouse: Path) -> None:
    at = as_role("partenaire", "app_pages/rapports.py", fin="2024")
    assert at.toggle(key="rapport_diffusion").value is True and at.toggle(key="rapport_diffusion").disabled
    at.session_state["rapport_diffusion"] = False  # as a forged widget message would
    at.run()
    at.multiselect(key="rapport_formats").set_value(["html"]).run()
    at.button(key="rapport_generer").click().run()
    assert not at.exception
    generated = at.session_state["rapport_fichiers"]
    assert generated["diffusion"] is True
    name, html = generated["fichiers"]["html"]
    assert name == "rapport_activite_assll_2024_diffusion.html"
    assert b"Version pour diffusion" in html
    report = [e for e in entries(warehouse) if e["action"] == journal.REPORT]
    assert [(e["qui"], e["annee"], e["formats"], e["diffusion"]) for e in report] == [
        ("partenaire@exemple.fr", 2024, ["html"], True)
    ]


@pytest.mark.parametrize("year", ["2024", "2019"])
def test_partner_presentation_is_for_diffusion_whatever_the_year(warehouse: Path, year: str) -> None:
    partner = as_role("partenaire", "app_pages/presentation.py", fin="2024", diffusion="0", annee=year)
    public = as_role("coordination", "app_pages/presentation.py", fin="2024", diffusion="1", annee=year)
    assert not partner.exception
    assert "Version pour diffusion" in " ".join(c.value for c in partner.caption)
    assert {m.label: m.value for m in partner.metric} == {m.label: m.value for m in public.metric}
    other = "2019" if year == "2024" else "2024"
    partner.selectbox(key="presentation_annee").set_value(int(other)).run()
    public.selectbox(key="presentation_annee").set_value(int(other)).run()
    assert {m.label: m.value for m in partner.metric} == {m.label: m.value for m in public.metric}
    assert "Version pour diffusion" in " ".join(c.value for c in partner.caption)
    # Every slide, chart by chart.
    slides = 0
    while not partner.button(key="diapo_suivant").disabled:
        partner.button(key="diapo_suivant").click().run()
        public.button(key="diapo_suivant").click().run()
        assert not partner.exception
        assert [c.proto.spec for c in partner.get("plotly_chart")] == [c.proto.spec for c in public.get("plotly_chart")]
        slides += 1
    assert slides > 5 and public.button(key="diapo_suivant").disabled


@pytest.mark.parametrize("role", ["analyse", "partenaire"])
def test_only_coordination_may_publish_from_the_reports_page(warehouse: Path, role: str) -> None:
    at = as_role(role, "app_pages/rapports.py", fin="2024")
    assert not at.exception
    assert "Seule la coordination publie une édition." in [i.value for i in at.info]
    assert not [b for b in at.button if b.key in ("rapport_preparer", "rapport_publier")]
    at = as_role("coordination", "app_pages/rapports.py", fin="2024")
    at.button(key="rapport_preparer").click().run()
    assert not at.exception
    assert "Seule la coordination publie une édition." not in [i.value for i in at.info]
    assert at.button(key="rapport_publier").label == "Publier 2024"
