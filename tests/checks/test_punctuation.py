from __future__ import annotations

import pytest

CASES = [
    ("Ha detto: «Basta».", "He said: “Enough”.", []),
    ("Ha detto: «Basta».", "He said: “Enough.", ["PUN001"]),
    ("Il piano (approvato ieri) parte.", "The plan (approved yesterday) starts.", []),
    ("Il piano (approvato ieri) parte.", "The plan (approved yesterday starts.", ["PUN001"]),
    ("«Non ci fermeremo", "“We will not stop", []),  # a quotation spanning sentences on both sides
    ("Il piano parte domani.", "The plan starts tomorrow.", []),
    ("Il piano parte domani.", "The plan starts tomorrow", ["PUN005"]),
    ("Il piano parte domani.", "The plan  starts tomorrow.", ["PUN002"]),
    ("Il piano, approvato ieri, parte.", "The plan,, approved yesterday, starts.", ["PUN003"]),
    ("Il piano parte domani.", "The plan starts tomorrow .", ["PUN004"]),
    ("Riconoscimento facciale, lo stop di Amazon", "Face Recognition, Amazon’s Stop", []),
    ("«Basta», ha detto.", "“Enough,” he said.", []),
    ("«La vende», ha sottolineato.", "“It sells it.”, he pointed out.", ["PUN003"]),
    ("Aspetta... e poi?", "Wait... and then?", []),
    ("Il costo è di 3,5 euro.", "The cost is 3.5 euros.", []),
]


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_punctuation(run_check, source: str, target: str, codes: list[str]) -> None:
    assert [s.code for s in run_check("punctuation", source, target)] == codes
    assert all(s.severity_hint.value == "minor" for s in run_check("punctuation", source, target))
