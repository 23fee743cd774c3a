"""Case tables for the foundation checks: untranslated, repetition, length ratio."""

from __future__ import annotations

import pytest

from mtqa.checks.language import UntranslatedScorer
from mtqa.checks.length import LengthRatioScorer
from mtqa.checks.repetition import RepetitionScorer
from mtqa.config import Config
from mtqa.types import Pair

CONFIG = Config(source_lang="it", target_lang="en")


def codes(scorer, source: str, target: str) -> list[str]:  # type: ignore[no-untyped-def]
    [result] = scorer.score([Pair(source, target)])
    return [s.code for s in result.signals]


UNTRANSLATED = [
    ("Il governo ha approvato la legge.", "Il governo ha approvato la legge.", ["UNT001"]),
    ("Riconoscimento facciale, il passo di Amazon", "Riconoscimento facciale, il passo di Amazon", ["UNT001"]),
    ("Il governo ha approvato la legge.", "Il governo ha approvato la nuova legge sul lavoro.", ["UNT001"]),
    ("di Chiara Rossi", "di Chiara Rossi", ["UNT002"]),
    ("di Chiara Rossi", "by Chiara Rossi", []),
    ("Jeff Bezos", "Jeff Bezos", []),
    ("Black Lives Matter", "Black Lives Matter", []),
    ("Amazon Rekognition", "Amazon Rekognition", []),
    ("Il governo ha approvato la legge.", "The government approved the law.", []),
    ("Lo riporta Reuters.", "Reuters reports it.", []),
    ("Sari Real Time", "Sari Real Time", []),
    ("Nel 2020 è cambiato tutto.", "In 2020 everything changed.", []),
    ("Dove sono le chiavi della macchina?", "", []),
]


@pytest.mark.parametrize(("source", "target", "expected"), UNTRANSLATED)
def test_untranslated(source: str, target: str, expected: list[str]) -> None:
    assert codes(UntranslatedScorer(CONFIG), source, target) == expected


def test_untranslated_severity_hints() -> None:
    scorer = UntranslatedScorer(CONFIG)
    [full, short] = scorer.score([Pair("La legge è passata ieri.", "La legge è passata ieri."), Pair("di Chiara Rossi", "di Chiara Rossi")])
    assert full.signals[0].severity_hint is not None and full.signals[0].severity_hint.value == "major"
    assert short.signals[0].severity_hint is not None and short.signals[0].severity_hint.value == "minor"


REPETITION = [
    ("Martedì Amazon ha annunciato che estende la moratoria.",
     "On Tuesday, Amazon announced on Tuesday that it extends the moratorium.", ["REP002"], "on Tuesday"),
    ("Il governo ha deciso.", "The the government decided.", ["REP001"], "The the"),
    ("Il riconoscimento facciale e il riconoscimento vocale.", "Facial recognition and voice recognition.", [], None),
    ("La polizia ha fermato la polizia locale.", "The police stopped the local police.", [], None),
    ("Il riconoscimento facciale preoccupa: il riconoscimento facciale sbaglia.",
     "Facial recognition worries people: facial recognition makes mistakes.", [], None),
    ("Ha detto che era vero.", "He said that that was true.", ["REP001"], "that that"),
    ("Tra il 2019 e il 2020.", "Between 2019 and 2020.", [], None),
    ("Molto, molto bene.", "Very, very good.", [], None),
    ("Era molto molto stanco.", "He was very very tired.", [], None),
]


@pytest.mark.parametrize(("source", "target", "expected", "span_text"), REPETITION)
def test_repetition(source: str, target: str, expected: list[str], span_text: str | None) -> None:
    [result] = RepetitionScorer(CONFIG).score([Pair(source, target)])
    assert [s.code for s in result.signals] == expected
    if span_text:
        start, end = result.signals[0].target_span  # type: ignore[misc]
        assert target[start:end] == span_text


LONG_SRC = "Il consiglio comunale ha approvato ieri sera il nuovo piano per il traffico del centro storico."


@pytest.mark.parametrize(
    ("target", "expected", "severity"),
    [
        ("The city council last night approved the new traffic plan for the historic centre.", [], None),
        ("The council agreed.", ["LEN001"], "major"),
        ("The city council approved it.", ["LEN001"], "minor"),
        # 1.8x shorter than expected: within what paraphrase produces, not flagged.
        ("The city council last night approved the plan.", [], None),
        ("The city council approved last night the new traffic plan for the historic centre, after a long debate "
         "in which the opposition, the mayor and several shopkeepers' associations took part for many hours.",
         ["LEN001"], "minor"),
    ],
)
def test_length_ratio(target: str, expected: list[str], severity: str | None) -> None:
    [result] = LengthRatioScorer(CONFIG).score([Pair(LONG_SRC, target)])
    assert [s.code for s in result.signals] == expected
    if severity:
        assert result.signals[0].severity_hint is not None
        assert result.signals[0].severity_hint.value == severity


def test_length_uses_document_median() -> None:
    # A translator who writes 1.6x longer than the source throughout is not flagged every time.
    pairs = [Pair(LONG_SRC, "x" * int(len(LONG_SRC) * 1.6)) for _ in range(10)]
    assert all(not r.signals for r in LengthRatioScorer(CONFIG).score(pairs))


@pytest.mark.parametrize("scorer_cls", [UntranslatedScorer, RepetitionScorer, LengthRatioScorer])
def test_protocol_one_result_per_pair_in_order(scorer_cls) -> None:  # type: ignore[no-untyped-def]
    from mtqa.scoring import Scorer

    scorer = scorer_cls(CONFIG)
    assert isinstance(scorer, Scorer)
    pairs = [Pair("", "Added sentence."), Pair("Frase omessa.", ""), Pair("Il governo.", "Il governo.")]
    results = scorer.score(pairs)
    assert len(results) == 3
    assert scorer.signature()["scorer"] == scorer.name


def test_whole_sentence_finding_supersedes_word_findings() -> None:
    from mtqa.flags import to_issues
    from mtqa.types import Signal

    signals = [
        Signal("UNW001", "accuracy/untranslated", "word left in Italian", "untranslated_words", (0, 5)),
        Signal("UNT001", "accuracy/untranslated", "sentence in Italian", "untranslated", (0, 30)),
        Signal("PUN003", "fluency/punctuation", "doubled punctuation", "punctuation", (29, 30)),
        Signal("QEO001", "accuracy/mistranslation", "'Amazon' is likely mistranslated", "offline-qe", (6, 12)),
    ]
    assert [i.code for i in to_issues(signals, CONFIG)] == ["UNT001", "PUN003"]
    assert [i.code for i in to_issues(signals[:1], CONFIG)] == ["UNW001"]


def test_severity_override_and_silencing() -> None:
    from mtqa.flags import to_issues
    from mtqa.types import Severity, Signal

    config = Config(severity_overrides={"REP002": "major", "PUN003": "ok"})
    signals = [
        Signal("REP002", "fluency/repetition", "repeated", "repetition", severity_hint=Severity.MINOR),
        Signal("PUN003", "fluency/punctuation", "doubled", "punctuation", severity_hint=Severity.MINOR),
    ]
    assert [(i.code, i.severity.value) for i in to_issues(signals, config)] == [("REP002", "major")]


def test_a_named_accuracy_fault_supersedes_the_qe_models_word_spans() -> None:
    from mtqa.flags import to_issues
    from mtqa.types import Signal

    qe = Signal("QEO001", "accuracy/mistranslation", "'Milan' is likely mistranslated", "offline-qe", (24, 29))
    ent = Signal("ENT001", "accuracy/entity", "name 'Torino' missing", "entities", None)
    assert [i.code for i in to_issues([qe, ent], CONFIG)] == ["ENT001"]
    assert [i.code for i in to_issues([qe], CONFIG)] == ["QEO001"]  # alone, the model's finding stands
