from __future__ import annotations

import pytest

CASES = [
    ("Il sindaco non ha commentato.", "The mayor did not comment.", []),
    ("Il sindaco non ha commentato.", "The mayor didn't comment.", []),
    ("Il sindaco non ha commentato.", "The mayor commented.", ["NEG001"]),
    ("Il sindaco non ha commentato.", "The mayor declined to comment.", []),
    ("Il sindaco ha commentato.", "The mayor did not comment.", ["NEG002"]),
    ("Il livello più alto mai registrato.", "The highest level ever recorded.", []),
    ("Aspetteranno finché il governo non avrà deciso.", "They will wait until the government decides.", []),
    ("Non appena arrivati, hanno votato.", "As soon as they arrived, they voted.", []),
    ("Non è chiaro chi abbia vinto.", "It is unclear who won.", []),
    ("Una crisi senza precedenti.", "An unprecedented crisis.", []),
    ("Nessuno è rimasto ferito.", "Nobody was injured.", []),
    ("Nessuno è rimasto ferito.", "Somebody was injured.", ["NEG001"]),
    ("Non è mai successo.", "It has never happened.", []),
    ("È partito senza il capitano.", "He left without the captain.", []),
    ("È partito senza il capitano.", "He left with the captain.", ["NEG001"]),
    ("Gli Stati Uniti non hanno firmato.", "The United States signed.", ["NEG001"]),
    ("È il numero 1 al mondo.", "It is No. 1 in the world.", []),
    ("La squadra non perde in casa.", "The team has lost at home.", ["NEG001"]),
]


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_negation(run_check, source: str, target: str, codes: list[str]) -> None:
    assert [s.code for s in run_check("negation", source, target)] == codes
