from __future__ import annotations

import pytest

CASES = [
    ("L'azienda di Torino assume.", "The Turin company is hiring.", []),
    ("L'azienda di Torino assume.", "The Milan company is hiring.", ["ENT001", "ENT002"]),
    ("Il vertice si terrà a Napoli.", "The summit will be held in Naples.", []),
    ("Gli Stati Uniti hanno firmato.", "The United States signed.", []),
    ("Gli Stati Uniti hanno firmato.", "The US signed.", []),
    # A sentence-opening capital is not taken for a name (it may be any word): only the loss flags.
    ("Gli Stati Uniti hanno firmato.", "France signed.", ["ENT001"]),
    ("Gli Stati Uniti hanno firmato.", "Yesterday France signed.", ["ENT001", "ENT002"]),
    ("Lo ha detto il presidente della Bce.", "The president of the ECB said so.", []),
    ("Il colosso di Jeff Bezos ha annunciato.", "Jeff Bezos’ giant announced.", []),
    ("Il colosso di Jeff Bezos ha annunciato.", "Jeff Besos’ giant announced.", []),
    ("Il colosso di Jeff Bezos ha annunciato.", "Elon Musk’s giant announced.", ["ENT001", "ENT001", "ENT002", "ENT002"]),
    ("Come ha riportato la CNN.", "As CNN reported.", []),
    ("Come ha riportato la CNN.", "As the BBC reported.", ["ENT001", "ENT002"]),
    ("Il Garante della privacy ha bocciato il sistema.", "The Privacy Authority rejected the system.", []),
    ("È l'americana Clearview AI.", "It is the American Clearview AI.", []),
    ("La città di Perù.", "The city of Peru.", []),
    ("Il movimento Black Lives Matter.", "The Black Lives Matter movement.", []),
    ("Face Recognition, lo stop di Amazon", "Face Recognition, Amazon’s Stop", []),
    ("Il ministro ha parlato.", "Minister Rossi spoke.", ["ENT002"]),
    # Institution names translated as a whole are not missing or added names.
    ("Lo ha detto il Fondo monetario internazionale.", "The International Monetary Fund said so.", []),
    ("Il Salone del Libro ha chiuso.", "The Book Fair closed.", []),
    ("Il maratoneta keniano ha vinto.", "The Kenyan marathon runner won.", []),
    ("L'azienda torinese assume.", "The Trieste company is hiring.", ["ENT002"]),
    ("Ha studiato all'Università di Padova.", "She studied at the University of Verona.", ["ENT001"]),
    ("CRISI DI GOVERNO A ROMA", "GOVERNMENT CRISIS IN ROME", []),  # capitals say nothing in a shouted headline
]


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_entities(run_check, source: str, target: str, codes: list[str]) -> None:
    assert sorted(s.code for s in run_check("entities", source, target)) == codes


def test_missing_name_message_suggests_exonym(run_check) -> None:
    (missing, _added) = run_check("entities", "L'azienda di Torino assume.", "The Milan company is hiring.")
    assert "Torino" in missing.message and "turin" in missing.message


@pytest.mark.parametrize(
    ("source", "target", "src_lang"),
    [
        # a place replaced next to a date: "on March" must not swallow the name into a translated title
        ("La mostra apre a Torino il 3 marzo.", "The exhibition opens in Milan on March 3.", "it"),
        ("The exhibition opens in Turin on March 3.", "La mostra apre a Milano il 3 marzo.", "en"),
        ("Il vertice si terrà a Napoli lunedì.", "The summit will be held in Milan on Monday.", "it"),
        # a place of the exonym table that is also an everyday English word ("London", "Germany")
        ("La mostra apre a Torino oggi.", "The exhibition opens in London today.", "it"),
        ("Il vertice si è tenuto a Torino oggi.", "The summit was held in Germany today.", "it"),
    ],
)
def test_a_replaced_place_beside_a_date_is_a_major_replaced_name(source: str, target: str, src_lang: str) -> None:
    from mtqa.config import Config
    from mtqa.scoring import load_factory
    from mtqa.types import Pair

    config = Config(source_lang=src_lang, target_lang="en" if src_lang == "it" else "it")
    (result,) = load_factory("entities")(config).score([Pair(source, target)])
    assert sorted((s.code, s.severity_hint.value if s.severity_hint else None) for s in result.signals) == [
        ("ENT001", "major"), ("ENT002", "major")]
