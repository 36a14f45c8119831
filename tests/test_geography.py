"""Commune and EPCI resolution (DATA_CONTRACT section 4) on the shipped COG 2024 data."""

from __future__ import annotations

import pytest

from pipelines.reference.geography import Resolution, load_geography

CA_GRAND_COGNAC = "200070514"
CA_GRAND_ANGOULEME = "200071827"
CC_ROUILLACAIS = "241600303"
CC_COEUR_DE_CHARENTE = "200072023"
CC_LA_ROCHEFOUCAULD = "200068914"
CC_4B = "200029734"


def resolve(code: str | None, name: str | None) -> Resolution:
    return load_geography().resolve(code, name)


def test_by_2024_code() -> None:
    assert resolve("16102", None) == Resolution("16102", "Cognac", CA_GRAND_COGNAC, "code")
    assert resolve(" 16015 ", "") == Resolution("16015", "Angoulême", CA_GRAND_ANGOULEME, "code")


def test_by_former_code_resolves_to_todays_commune_and_epci() -> None:
    # 16022 merged into Val-d'Auge (16339), CC du Rouillacais.
    assert resolve("16022", None) == Resolution("16339", "Val-d'Auge", CC_ROUILLACAIS, "code_ancien")


@pytest.mark.parametrize(
    ("former", "code", "commune", "epci"),
    [
        ("Bonneville", "16339", "Val-d'Auge", CC_ROUILLACAIS),
        ("Villejésus", "16005", "Aigre", CC_COEUR_DE_CHARENTE),
        ("VILLEJESUS", "16005", "Aigre", CC_COEUR_DE_CHARENTE),
        ("Cherves-Richemont", "16097", "Val-de-Cognac", CA_GRAND_COGNAC),
        ("St-Sulpice-de-Cognac", "16097", "Val-de-Cognac", CA_GRAND_COGNAC),
        ("La Rochefoucauld", "16281", "La Rochefoucauld-en-Angoumois", CC_LA_ROCHEFOUCAULD),
    ],
)
def test_by_former_name(former: str, code: str, commune: str, epci: str) -> None:
    assert resolve(None, former) == Resolution(code, commune, epci, "nom_ancien")


@pytest.mark.parametrize(
    "name",
    [
        "Saint-Yrieix-sur-Charente",
        "St-Yrieix-sur-Charente",
        "ST YRIEIX SUR CHARENTE",
        "st yrieix sur charente",
        "Saint Yrieix-sur-Charente",
        "  saint-yrieix-sur-charente  ",
    ],
)
def test_by_name_with_saint_abbreviation_hyphens_and_case(name: str) -> None:
    assert resolve(None, name) == Resolution("16358", "Saint-Yrieix-sur-Charente", CA_GRAND_ANGOULEME, "nom")


@pytest.mark.parametrize("name", ["Ste-Souline", "Ste Souline", "SAINTE SOULINE", "sainte-souline"])
def test_by_name_with_sainte_abbreviation(name: str) -> None:
    assert resolve("", name) == Resolution("16354", "Sainte-Souline", CC_4B, "nom")


@pytest.mark.parametrize("name", ["Angoulême", "ANGOULEME", "angouleme", "Angoulème"])
def test_by_name_accents_folded(name: str) -> None:
    assert resolve(None, name) == Resolution("16015", "Angoulême", CA_GRAND_ANGOULEME, "nom")


def test_apostrophe_and_hyphens() -> None:
    assert resolve(None, "l isle d espagnac").code_insee == "16166"
    assert resolve(None, "L'Isle-d'Espagnac").code_insee == "16166"


@pytest.mark.parametrize("code", ["99999", "16999", "75056", "abc"])
def test_wrong_code_with_right_name_resolves_by_name(code: str) -> None:
    assert resolve(code, "Cognac") == Resolution("16102", "Cognac", CA_GRAND_COGNAC, "nom")


def test_code_wins_over_name() -> None:
    assert resolve("16102", "Angoulême").code_insee == "16102"


@pytest.mark.parametrize(("code", "name"), [(None, "Paris"), ("75056", "Paris"), ("75056", None), ("", "Bordeaux")])
def test_unknown_commune_is_non_reconnu(code: str | None, name: str | None) -> None:
    assert resolve(code, name) == Resolution(None, None, "NON_RECONNU", "NON_RECONNU")


@pytest.mark.parametrize(("code", "name"), [(None, None), ("", ""), ("  ", "  ")])
def test_empty_is_non_renseigne(code: str | None, name: str | None) -> None:
    assert resolve(code, name) == Resolution(None, None, "NON_RENSEIGNE", "NON_RENSEIGNE")
