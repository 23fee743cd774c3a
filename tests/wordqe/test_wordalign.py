"""SimAlign-style word alignment and the `wordalign` scorer's evidence signals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mtqa.config import Config
from mtqa.scoring import REGISTRY, Scorer, load_factory
from mtqa.types import Category, Pair
from mtqa.models.offline.wordalign import argmax_links, itermax_links, token_to_word
from mtqa.lang.words import split_words


def test_argmax_keeps_only_mutual_best_matches() -> None:
    sim = np.array([[0.9, 0.1, 0.0], [0.8, 0.2, 0.1], [0.0, 0.3, 0.7]])
    # row 1's best is column 0, but column 0 prefers row 0: no link for row 1
    assert np.argwhere(argmax_links(sim)).tolist() == [[0, 0], [2, 2]]


def test_itermax_adds_a_second_round_for_unaligned_rows() -> None:
    sim = np.array([[0.9, 0.85, 0.0, 0.0], [0.1, 0.2, 0.1, 0.0], [0.0, 0.0, 0.8, 0.1], [0.0, 0.1, 0.0, 0.9]])
    assert [0, 1] not in np.argwhere(argmax_links(sim)).tolist()
    # second round: column 1 is still free, row 0 (damped by alpha) is its best and it picks column 1 back
    assert np.argwhere(itermax_links(sim)).tolist() == [[0, 0], [0, 1], [2, 2], [3, 3]]


@pytest.mark.parametrize(
    "text, lang, content",
    [
        ("Il ministro non ha voluto commentare.", "it", ["ministro", "non", "voluto", "commentare"]),
        ("L’azienda ha 6.000 dipendenti.", "it", ["azienda", "6.000", "dipendenti"]),
        ("The minister did not comment.", "en", ["minister", "not", "comment"]),
    ],
)
def test_content_words_keep_negations_and_numbers(text: str, lang: str, content: list[str]) -> None:
    assert [w.text for w in split_words(text, lang) if w.content] == content


def test_tokens_map_to_the_word_they_overlap() -> None:
    words = split_words("l’azienda cresce", "it")
    assert token_to_word([(0, 1), (1, 2), (2, 9), (10, 16), (16, 16)], words) == [0, 1, 2, 3, -1]


def test_registry_names_the_scorer() -> None:
    assert REGISTRY["wordalign"] == "mtqa.models.offline.scorer:WordAlignScorer"


@pytest.fixture(scope="module")
def scorer(e5_encoder):  # type: ignore[no-untyped-def]
    from mtqa.models.offline.scorer import WordAlignScorer

    assert load_factory("wordalign") is WordAlignScorer
    return WordAlignScorer(Config(), encoder=e5_encoder)


def test_scorer_satisfies_the_protocol_and_keeps_order(scorer) -> None:  # type: ignore[no-untyped-def]
    pairs = [
        Pair("Le vendite sono calate del 3%.", "Sales fell by 3% in Europe last year.", 0),
        Pair("Un titolo senza traduzione.", "", 1),
        Pair("", "An added sentence.", 2),
        Pair("Il museo resterà chiuso fino a marzo.", "The museum will remain closed until March.", 3),
    ]
    assert isinstance(scorer, Scorer)
    out = scorer.score(pairs)
    assert len(out) == 4 and len(scorer.last_alignments) == 4
    assert out[1].signals == () and out[2].signals == () and scorer.last_alignments[1] is None
    assert out[0].signals and not out[3].signals
    assert scorer.signature()["layer"] == "6"
    json.dumps(scorer.last_alignments[0].to_dict())


@pytest.mark.parametrize(
    "source, target, code, category, side, word",
    [
        ("Le vendite sono calate del 3%.", "Sales fell by 3% in Europe last year.", "WAL002", Category.ADDITION, "target", "Europe"),
        ("Il ministro non ha voluto commentare.", "The minister wanted to comment.", "WAL001", Category.OMISSION, "source", "non"),
        ("Il governo ha approvato la riforma delle pensioni.", "The government approved the reform.", "WAL001", Category.OMISSION, "source", "pensioni"),
    ],
)
def test_unaligned_content_words_become_signals(scorer, source, target, code, category, side, word) -> None:  # type: ignore[no-untyped-def]
    (ps,) = scorer.score([Pair(source, target)])
    text = source if side == "source" else target
    hits = [
        s for s in ps.signals
        if s.code == code and s.category == category
        and text[slice(*(s.source_span if side == "source" else s.target_span))] == word
    ]
    assert hits and 0.0 < hits[0].value <= 1.0


def test_good_translations_give_no_signals(scorer) -> None:  # type: ignore[no-untyped-def]
    pairs = [
        Pair("Il sindaco ha inaugurato ieri il nuovo ponte sul fiume.", "The mayor opened the new bridge over the river yesterday."),
        Pair("La farmacia di turno apre alle otto e chiude a mezzanotte.", "The duty pharmacy opens at eight and closes at midnight."),
        Pair("Domani il cielo sarà nuvoloso con piogge sparse al nord.", "Tomorrow the sky will be cloudy with scattered rain in the north."),
    ]
    assert all(ps.signals == () for ps in scorer.score(pairs))
