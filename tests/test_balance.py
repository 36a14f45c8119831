"""The sector-balance rule (pipelines/published/balance_rule.py), on hand-made sectors."""

from __future__ import annotations

import pytest

from pipelines.published import balance_rule
from pipelines.published.balance_rule import (
    CAPACITE,
    CHARGE_ELEVEE,
    EQUILIBRE,
    SANS_ETP,
    SURCHARGE,
    SectorLoad,
    assess,
    departmental_load,
    rule_text,
    suggestion_text,
)


def sector(name: str, waiting: int, in_progress: int, etp: float | None = 1.0, tas: str | None = None) -> SectorLoad:
    return SectorLoad(name, tas or f"TAS {name}", waiting, in_progress, etp)


def test_load_and_departmental_load() -> None:
    a, b = sector("A", 2, 10, 0.8), sector("B", 0, 6, 0.4)
    assert a.charge == 12
    assert a.charge_par_etp == pytest.approx(15.0)
    assert departmental_load([a, b]) == pytest.approx(18 / 1.2)


def test_balanced_sectors_suggest_nothing() -> None:
    result = assess([sector("A", 1, 8), sector("B", 1, 10), sector("C", 0, 10)])
    assert result.reference == pytest.approx(10.0)
    assert set(result.statuses.values()) == {EQUILIBRE}
    assert result.origine is None and result.accueil is None
    assert suggestion_text(result) == (
        "Aucune mutualisation suggérée : aucun secteur n'est surchargé, les secteurs sont à l'équilibre."
    )


def test_one_overloaded_sector_with_waiting_requests() -> None:
    # Reference (30 + 10 + 20) / 3 = 20: A at 30 is 50 % above, B at 10 is 50 % below.
    a, b, c = sector("Cognac", 3, 27), sector("Ruffécois", 0, 10), sector("C", 0, 20)
    result = assess([a, b, c])
    assert result.statuses == {"Cognac": SURCHARGE, "Ruffécois": CAPACITE, "C": EQUILIBRE}
    assert (result.origine, result.accueil) == (a, b)
    assert result.ecart_pct(a) == pytest.approx(50.0)
    assert result.ecart_pct(b) == pytest.approx(-50.0)
    assert suggestion_text(result) == (
        "Mutualisation suggérée : confier une commande en attente du secteur Cognac au secteur Ruffécois "
        "(charge 30,0 contre 10,0 par ETP)."
    )


def test_report_sentence_format() -> None:
    # The example of the brief: 32,5 against 18,6 per ETP.
    a = SectorLoad("Cognac", "Ouest Charente", 1, 25, 0.8)  # 32.5
    b = SectorLoad("Ruffécois", "Nord Charente", 0, 13, 0.7)  # 18.571…
    c = SectorLoad("Sud-Charente", "Sud Charente", 0, 35, 1.4)  # 25
    result = assess([a, b, c])
    assert result.origine == a and result.accueil == b
    assert suggestion_text(result) == (
        "Mutualisation suggérée : confier une commande en attente du secteur Cognac au secteur Ruffécois "
        "(charge 32,5 contre 18,6 par ETP)."
    )


def test_overloaded_sector_without_waiting_request_has_nothing_to_hand_over() -> None:
    result = assess([sector("A", 0, 30), sector("B", 0, 10), sector("C", 0, 20)])
    assert result.statuses == {"A": CHARGE_ELEVEE, "B": CAPACITE, "C": EQUILIBRE}
    assert result.origine is None and result.accueil is None
    assert "aucune commande en attente : A" in suggestion_text(result)


def test_overloaded_but_no_capacity_anywhere() -> None:
    # Reference (25 + 35 + 35) / 5 ETP = 19: A at 25 is more than 20 % above; B and C at 17.5 are only
    # 7.9 % below.
    result = assess([sector("A", 1, 24), sector("B", 0, 35, etp=2.0), sector("C", 0, 35, etp=2.0)])
    assert result.reference == pytest.approx(19.0)
    assert result.statuses == {"A": SURCHARGE, "B": EQUILIBRE, "C": EQUILIBRE}
    assert result.origine is None and result.accueil is None
    assert suggestion_text(result) == (
        "Aucune mutualisation suggérée : A est surchargé, mais aucun secteur n'a de capacité disponible (charge "
        "inférieure de plus de 20\u00a0% à la charge départementale)."
    )


def test_several_overloaded_without_capacity_are_all_named() -> None:
    # Reference (30 + 30 + 3 × 19) / 5 = 23.4: thresholds 28.08 and 18.72.
    result = assess(
        [sector("A", 1, 29), sector("B", 1, 29), sector("C", 0, 19), sector("D", 0, 19), sector("E", 0, 19)]
    )
    assert result.statuses == {"A": SURCHARGE, "B": SURCHARGE, "C": EQUILIBRE, "D": EQUILIBRE, "E": EQUILIBRE}
    assert result.origine is None
    assert suggestion_text(result).startswith("Aucune mutualisation suggérée : A, B sont surchargés, mais")


def test_thresholds_are_strict() -> None:
    # Reference 10 exactly: 12 is exactly 20 % above, 8 exactly 20 % below — neither counts.
    result = assess([sector("A", 1, 11), sector("B", 0, 8), sector("C", 0, 10), sector("D", 0, 10)])
    assert result.reference == pytest.approx(10.0)
    assert result.statuses == {"A": EQUILIBRE, "B": EQUILIBRE, "C": EQUILIBRE, "D": EQUILIBRE}


def test_thresholds_are_strict_with_fractional_etp() -> None:
    # X: 14 / 0.7 = 20; reference (14 + 6) / 1.2 = 16.67, so X is exactly 20 % above: not overloaded,
    # whatever the rounding of 0.7 and 1.2 in binary.
    x, y = SectorLoad("X", "T", 1, 13, 0.7), SectorLoad("Y", "U", 0, 6, 0.5)
    result = assess([x, y])
    assert result.seuil_surcharge == pytest.approx(20.0)
    assert result.statuses == {"X": EQUILIBRE, "Y": CAPACITE}
    just_above = SectorLoad("X", "T", 1, 14, 0.7)
    assert assess([just_above, y]).statuses["X"] == SURCHARGE


def test_most_overloaded_gives_and_most_capacity_receives() -> None:
    sectors = [sector("A", 1, 24), sector("B", 1, 29), sector("C", 0, 10), sector("D", 0, 5), sector("E", 0, 22)]
    result = assess(sectors)  # reference 18
    assert result.statuses == {"A": SURCHARGE, "B": SURCHARGE, "C": CAPACITE, "D": CAPACITE, "E": EQUILIBRE}
    assert result.origine.secteur == "B"
    assert result.accueil.secteur == "D"


def test_tie_between_overloaded_goes_to_more_waiting_then_order() -> None:
    sectors = [sector("A", 1, 29), sector("B", 3, 27), sector("C", 0, 4), sector("D", 0, 20)]
    assert assess(sectors).origine.secteur == "B"
    sectors = [sector("A", 2, 28), sector("B", 2, 28), sector("C", 0, 4), sector("D", 0, 20)]
    assert assess(sectors).origine.secteur == "A"
    assert assess(list(reversed(sectors))).origine.secteur == "B"


def test_tie_between_hosts_goes_to_the_order_given() -> None:
    sectors = [sector("A", 2, 28), sector("B", 0, 5), sector("C", 0, 5), sector("D", 0, 22)]
    assert assess(sectors).accueil.secteur == "B"
    assert assess([sectors[0], sectors[2], sectors[1], sectors[3]]).accueil.secteur == "C"


def test_same_tas_preferred_when_loads_are_close() -> None:
    # Reference (30 + 6 + 7 + 37) / 4 = 20; close = less than 2 per ETP above the lowest (6).
    origin = sector("A", 2, 28, tas="Est")
    far = sector("B", 0, 6, tas="Ouest")
    near = sector("C", 0, 7, tas="Est")
    result = assess([origin, far, near, sector("D", 0, 37, tas="Sud")])
    assert result.reference == pytest.approx(20.0)
    assert result.accueil == near


def test_same_tas_not_preferred_when_loads_are_not_close() -> None:
    # Reference 20; the same-TAS host at 8 is exactly 2 (10 % of 20) above the lowest: not « moins de 10 % ».
    origin = sector("A", 2, 28, tas="Est")
    far = sector("B", 0, 6, tas="Ouest")
    same = sector("C", 0, 8, tas="Est")
    result = assess([origin, far, same, sector("D", 0, 36, tas="Sud")])
    assert result.reference == pytest.approx(20.0)
    assert result.statuses["C"] == CAPACITE
    assert result.accueil == far


def test_same_tas_host_must_have_capacity() -> None:
    origin = sector("A", 2, 28, tas="Est")
    neighbour = sector("B", 0, 17, tas="Est")  # balanced, not a host
    host = sector("C", 0, 5, tas="Ouest")
    result = assess([origin, neighbour, host, sector("D", 0, 30, tas="Sud")])
    assert result.statuses["B"] == EQUILIBRE
    assert result.accueil == host


def test_sector_without_etp_is_not_classified() -> None:
    result = assess([sector("A", 2, 28), sector("B", 0, 10), sector("Z", 5, 5, etp=0.0), sector("Y", 1, 1, None)])
    assert result.statuses["Z"] == SANS_ETP and result.statuses["Y"] == SANS_ETP
    # Their work still counts in the department's total: (30 + 10 + 10 + 2) / 2 = 26.
    assert result.reference == pytest.approx(26.0)
    assert result.ecart_pct(result.sectors[2]) is None


def test_no_etp_at_all() -> None:
    result = assess([sector("A", 2, 8, etp=0.0), sector("B", 0, 3, etp=None)])
    assert result.reference is None
    assert set(result.statuses.values()) == {SANS_ETP}
    assert suggestion_text(result) == "Aucune mutualisation suggérée : aucun ETP n'est renseigné pour ces secteurs."


def test_no_work_at_all_is_balanced() -> None:
    result = assess([sector("A", 0, 0), sector("B", 0, 0)])
    assert result.reference == 0
    assert set(result.statuses.values()) == {EQUILIBRE}
    assert result.ecart_pct(result.sectors[0]) is None
    assert result.origine is None


def test_no_sector() -> None:
    result = assess([])
    assert result.reference is None and result.statuses == {} and result.origine is None


def test_rule_text_states_the_thresholds() -> None:
    text = rule_text()
    assert f"plus de {balance_rule.SURCHARGE_PCT}\u00a0%" in text
    assert f"plus de {balance_rule.CAPACITE_PCT}\u00a0%" in text
    assert f"moins de {balance_rule.PROCHE_PCT}\u00a0%" in text
    with_values = rule_text(assess([sector("A", 2, 28), sector("B", 0, 10), sector("C", 0, 22)]))
    assert with_values.endswith("charge départementale 20,7 par ETP, seuil de surcharge 24,8, seuil de capacité 16,5.")


def test_thresholds_follow_the_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    sectors = [sector("A", 1, 12), sector("B", 0, 10), sector("C", 0, 10)]  # reference 11: A is 18.2 % above
    assert assess(sectors).statuses["A"] == EQUILIBRE
    monkeypatch.setattr(balance_rule, "SURCHARGE_PCT", 10)
    assert assess(sectors).statuses["A"] == SURCHARGE
    assert "plus de 10\u00a0%" in rule_text()


def test_long_wait_flag_is_more_than_twice_the_departement() -> None:
    from pipelines.published.balance_rule import LONG_WAIT_FACTOR, long_wait, long_wait_rule

    assert LONG_WAIT_FACTOR == 2
    assert long_wait(69, None, 34) and not long_wait(68, None, 34)  # strictly more than 2 × 34 = 68
    assert not long_wait(None, 68, 34) and long_wait(None, 69, 34)  # not reached: a household already waits longer
    assert not long_wait(100, None, None) and not long_wait(None, None, 34)
    assert long_wait_rule(34).endswith("attente médiane départementale 34 jours, seuil 68 jours.")
