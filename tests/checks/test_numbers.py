from __future__ import annotations

import pytest

from mtqa.checks.numparse import mentions

# (source, target, expected codes). Reformatted-but-equal values must give no finding.
CASES = [
    ("Sono arrivati 6.000 turisti.", "6,000 tourists arrived.", []),
    ("Sono arrivati 6.000 turisti.", "600 tourists arrived.", ["NUM001"]),
    ("Il Pil è cresciuto dell'1,2 per cento.", "GDP grew by 1.2 percent.", []),
    ("Il Pil è cresciuto dell'1,2 per cento.", "GDP grew by 1.2%.", []),
    ("L'inflazione è al 18,7%.", "Inflation is at 17.8%.", ["NUM001"]),
    ("Fatturato di 1.200,5 milioni di euro.", "Revenue of €1,200.5 million.", []),
    ("Costa 3 miliardi di euro.", "It costs €3bn.", []),
    ("Costa 3 miliardi di euro.", "It costs €3 million.", ["NUM001"]),
    ("Costa 3 miliardi di euro.", "It costs $3bn.", ["NUM005"]),
    ("Hanno raccolto ventimila firme.", "They collected twenty thousand signatures.", []),
    ("Hanno raccolto ventimila firme.", "They collected 20,000 signatures.", []),
    ("Hanno raccolto ventimila firme.", "They collected 2,000 signatures.", ["NUM001"]),
    ("Erano quaranta.", "There were forty.", []),
    ("Erano quaranta.", "There were fourteen.", ["NUM001"]),
    ("La riunione è alle 15.", "The meeting is at 3 p.m.", []),
    ("La riunione è alle 15.", "The meeting is at 5 p.m.", ["NUM001"]),
    ("Parte alle 22.30.", "It leaves at 10.30 p.m.", []),
    ("Negli anni Novanta.", "In the 1990s.", []),
    ("È arrivato terzo.", "He came third.", []),
    ("La 21esima edizione.", "The 21st edition.", []),
    ("Un milione e mezzo di persone.", "1.5 million people.", []),
    ("Ha vinto 3-1.", "It won 3-1.", []),
    ("Ha vinto 3-1.", "It won 3-0.", ["NUM001"]),
    ("Sono 1.200 persone.", "There are 1.200 people.", ["NUM004"]),
    ("Una crescita del 2%.", "Growth of 2% in 2024.", ["NUM003"]),
    ("Ha 250 dipendenti a Torino.", "It has employees in Turin.", ["NUM002"]),
    ("Uno dei sei candidati.", "One of the six candidates.", []),
    ("Il 3 marzo 2021 ha votato.", "On March 3, 2021 it voted.", []),
    ("Costa due centesimi in più.", "It costs two cents more.", []),
    ("Esegue 250 milioni di miliardi di operazioni.", "It performs 250 quadrillion operations.", []),
    ("Un viaggio di sette mesi.", "A seven-month journey.", []),
    ("Una cinquantina di concerti.", "Around fifty concerts.", []),
    ("Un vantaggio di 35 centesimi.", "A lead of 0.35 seconds.", []),
    ("Pesa tre quarti di chilo.", "It weighs three quarters of a kilo.", []),
    ("La pista è lunga 10 km.", "The track is 10 kilometres long.", []),
    ("La pista è lunga 10 km.", "The track is 10 miles long.", ["NUM006"]),
    ("I consumi sono cresciuti di 1,4 punti percentuali.", "Consumption grew by 1.4 percentage points.", []),
    ("I consumi sono cresciuti di 1,4 punti percentuali.", "Consumption grew by 1.4%.", ["NUM006"]),
    ("Il 1° maggio si festeggia.", "May 1 is a holiday.", []),
    ("Non cresce da trent'anni.", "It has not grown for thirty years.", []),
    ("Nessuna squadra ai quarti di finale.", "No team in the quarter-finals.", []),
    ("Viaggia a 80 km/ora.", "It travels at 80 km/h.", []),
    ("Il limite è di 80 km.", "The limit is 80 km an hour.", []),
    ("Venti fino a 138 km/h.", "Winds of 85 mph.", []),
    ("Venti fino a 138 km/h.", "Winds of 138 mph.", ["NUM006"]),
    ("Sono attese 10-12 mila persone.", "10,000-12,000 people are expected.", []),
    ("Il ricevimento è dalle 18:00 alle 20:00.", "The reception is from 6-8 p.m.", []),
    ("Il giocatore di 198 cm.", "The 6-foot-6 player.", []),
    ("Il giocatore di 198 cm.", "The 6-foot-2 player.", ["NUM001"]),
]


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_numbers(run_check, source: str, target: str, codes: list[str]) -> None:
    assert [s.code for s in run_check("numbers", source, target)] == codes


def test_message_names_both_values_and_spans() -> None:
    from mtqa.checks.numbers import NumberScorer
    from mtqa.config import Config
    from mtqa.types import Pair

    src, tgt = "Sono arrivati 6.000 turisti.", "600 tourists arrived."
    (sig,) = NumberScorer(Config()).score([Pair(src, tgt)])[0].signals
    assert "6.000" in sig.message and "600" in sig.message
    assert src[slice(*sig.source_span)] == "6.000"
    assert tgt[slice(*sig.target_span)] == "600"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("duemilacinquecento", "it", 2500),
        ("ventitré", "it", 23),
        ("centottanta", "it", 180),
        ("two hundred and fifty", "en", 250),
        ("twenty-one", "en", 21),
        ("half a million", "en", 500000),
        ("1.200,5", "it", 1200.5),
        ("1,200.5", "en", 1200.5),
        ("3bn", "en", 3_000_000_000),
        ("20mila", "it", 20000),
    ],
)
def test_values(text: str, lang: str, value: float) -> None:
    (m,) = mentions(text, lang)
    assert any(float(v) == value for v in m.values)
