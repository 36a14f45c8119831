"""The steps of the close of the year (issue 20): each state and the one sentence saying what is missing."""

from __future__ import annotations

from dashboard import cloture_steps as steps

ALL_YEAR = {"demandes": list(range(1, 13)), "mesures": [1, 5], "passages_gts": [2], "mutualisations": [4]}
REPORT = {
    "tables": {"demandes": {"quarantined": 2}, "mesures": {"quarantined": 1}},
    "disparus": {"disparus": 1},
    "identifiants": [{"a": "X1", "b": "x1"}],
    "files": [
        {"table": "demandes", "statut": "lu"},
        {"table": "demandes", "statut": "lu"},
        {"table": "mesures", "statut": "refusé"},
    ],
}


def test_exports() -> None:
    assert steps.exports_step(2024, REPORT, ALL_YEAR) == steps.Step("Exports importés", steps.DONE)
    missing = steps.exports_step(2024, REPORT, {**ALL_YEAR, "mutualisations": [], "passages_gts": []})
    assert missing.state == steps.TODO
    assert missing.sentence == (
        "Aucun export de passages en GTS, mutualisations pour 2024 : déposez-le sur la page « Importer des exports »."
    )
    short = steps.exports_step(2024, REPORT, {**ALL_YEAR, "demandes": list(range(1, 11))})
    assert (short.state, short.sentence) == (
        steps.WARN,
        "Les demandes de 2024 ne couvrent que janvier à octobre : vérifiez que l'export de l'année est complet.",
    )
    assert steps.months_text([1, 3]) == "janvier, mars"
    assert steps.files_by_kind(REPORT) == {"demandes": 2, "mesures": 0, "passages_gts": 0, "mutualisations": 0}


def test_quality_items_are_acknowledged_one_by_one() -> None:
    items = steps.quality_items(REPORT)
    assert [(i.key, i.label) for i in items] == [
        ("quarantaine:3", "lignes en quarantaine"),
        ("disparus:1", "enregistrement disparu depuis l'import précédent"),
        ("identifiants:1", "identifiant semblable à vérifier"),
    ]
    step = steps.quality_step(items, {"disparus:1": {}})
    assert step.sentence == (
        "À examiner (page « Qualité des données ») puis à acquitter : 3 lignes en quarantaine, "
        "1 identifiant semblable à vérifier."
    )
    # A new import with another count asks again.
    assert not steps.quality_step(items, {"quarantaine:2": {}, "disparus:1": {}, "identifiants:1": {}}).done
    assert steps.quality_step(items, {"quarantaine:3": {}, "disparus:1": {}, "identifiants:1": {}}).done


def test_publication_is_refused_until_quality_and_diffusion_are_acknowledged() -> None:
    items = steps.quality_items(REPORT)
    masked = ["Refus par motif — DALO", "Mutualisations"]
    todo = [steps.quality_step(items, {}), steps.diffusion_step(masked, {}), steps.preview_step("v1", {})]
    assert steps.blockers(todo) == [
        todo[0].sentence,
        "2 chiffre(s) masqué(s) en mode diffusion : relisez la liste et acquittez-la.",
    ]
    acks = {i.key: {} for i in items} | {steps.diffusion_key(masked): {}}
    assert steps.blockers([steps.quality_step(items, acks), steps.diffusion_step(masked, acks)]) == []


def test_edition_and_handout() -> None:
    assert steps.edition_step(2024, None, None, "v2", 0).sentence == (
        "2024 n'est pas encore publiée : « Publier » fige ses chiffres et ses rapports."
    )
    assert steps.edition_step(2024, "2024", "v1", "v2", 3).sentence == (
        "L'édition 2024 est publiée ; 3 chiffre(s) ont changé depuis (voir « Révisions ») : republiez si besoin."
    )
    assert steps.edition_step(2024, "2024", "v1", "v1", 0).done
    assert steps.handout_step("2024").done and not steps.handout_step(None).done
