"""English -> Italian: the cross-side checks work with the languages swapped."""

from __future__ import annotations

import pytest

EN_IT = {"source_lang": "en", "target_lang": "it"}

CASES = [
    ("numbers", "6,000 tourists arrived.", "Sono arrivati 6.000 turisti.", []),
    ("numbers", "6,000 tourists arrived.", "Sono arrivati 600 turisti.", ["NUM001"]),
    ("numbers", "It costs €3bn.", "Costa 3 miliardi di euro.", []),
    ("numbers", "The meeting is at 3 p.m.", "La riunione è alle 15.", []),
    ("dates", "On March 3, 2021 the council voted.", "Il 3 marzo 2021 la giunta ha votato.", []),
    ("dates", "On Tuesday the council voted.", "Mercoledì la giunta ha votato.", ["DAT001"]),
    ("entities", "The Turin company is hiring.", "L'azienda torinese assume.", []),
    ("entities", "Italy's GDP grew.", "Il Pil italiano è cresciuto.", []),
    ("entities", "The summit will be held in Naples.", "Il vertice si terrà a Napoli.", []),
    ("entities", "The summit will be held in Naples.", "Il vertice si terrà a Bari.", ["ENT001", "ENT002"]),
    ("negation", "The mayor did not comment.", "Il sindaco non ha commentato.", []),
    ("negation", "The mayor did not comment.", "Il sindaco ha commentato.", ["NEG001"]),
    ("untranslated_words", "The referendum reached the quorum.", "Il referendum ha raggiunto il quorum.", []),
    ("untranslated_words", "The council approved the budget.", "Il consiglio ha approvato the budget.",
     ["UNW001"]),
]


@pytest.mark.parametrize(("check", "source", "target", "codes"), CASES)
def test_en_it(run_check, check: str, source: str, target: str, codes: list[str]) -> None:
    assert sorted(s.code for s in run_check(check, source, target, **EN_IT)) == codes
