from __future__ import annotations

import pytest

CASES = [
    ("Il governo ha rinviato la riforma delle pensioni.", "The government has rinviato the riforma delle pensioni.",
     [("rinviato", "major"), ("riforma delle pensioni", "major")]),
    ("Il governo ha rinviato la riforma delle pensioni.", "The government has postponed the pension reform.", []),
    ("Amazon offre il software in cloud.", "Amazon offers the software in the cloud.", []),
    ("La nuova area pedonale in piazza Duomo.", "The new pedestrian area in Piazza Duomo.", []),
    ("di Chiara Rossi", "di Chiara Rossi", [("di", "minor")]),
    ("La Roma ha vinto la partita.", "Roma won the match.", []),
    ("Il dato è in calo.", "The figure is falling sulla disoccupazione.", [("sulla", "minor")]),
    ("Il Giro d'Italia parte da Torino.", "The Giro d'Italia starts from Turin.", []),
    ("Il database della polizia.", "The police database.", []),
    ("L'apertura dei negozi.", "The apertura of shops.", [("apertura", "major")]),
    ("Tutti i dati sulla privacy.", "All the privacy data.", []),
    ("La Clearview AI ha costruito un database.", "Clearview AI built a database.", []),
]


@pytest.mark.parametrize(("source", "target", "found"), CASES)
def test_untranslated_words(run_check, source: str, target: str, found: list[tuple[str, str]]) -> None:
    signals = run_check("untranslated_words", source, target)
    assert [(target[slice(*s.target_span)], s.severity_hint.value) for s in signals] == found


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Terms: https://example.com/en/terms", "Termini: https://example.com/it/terms"),
        ("Visit www.example.it for Italian news.", "Visita www.example.it per le notizie in italiano."),
        ("Write to news.desk@example.com today.", "Scrivete a news.desk@example.com oggi."),
    ],
)
def test_words_inside_urls_and_addresses_are_copied_not_untranslated(source: str, target: str) -> None:
    from mtqa.config import Config
    from mtqa.scoring import load_factory
    from mtqa.types import Pair

    (result,) = load_factory("untranslated_words")(Config(source_lang="en", target_lang="it")).score([Pair(source, target)])
    assert result.signals == ()
