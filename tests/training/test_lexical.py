"""The WordNet reader, inflection and the part-of-speech guesses the generator builds on."""

from __future__ import annotations

import pytest

from mtqa.training.lexical import article_for, forms_of, match_case, split_tokens, tag_sentence


def test_wordnet_reader_reads_senses_pointers_and_counts(wn) -> None:  # type: ignore[no-untyped-def]
    good = wn.synsets("good", "a")
    assert len(good) == 21  # index.adj lists 21 adjective senses of "good"
    antonyms = {wn.synset(p.offset, p.pos).lemmas[p.target - 1] for p in good[0].related("!")}
    assert antonyms == {"bad"}
    dog = wn.synsets("dog", "n")[0]
    assert "dog" in dog.lemmas and any("canine" in wn.synset(p.offset, "n").lemmas for p in dog.related("@"))
    counts = wn.sense_counts("dog", "n")
    assert len(counts) == 7 and counts[0] == max(counts)
    assert wn.dominant_first_sense("dog", "n") and not wn.dominant_first_sense("right", "a")
    assert wn.entry("no-such-word", "n") is None


@pytest.mark.parametrize(
    ("text", "word", "tag"),
    [
        ("The system causes fragmentation.", "causes", "VERB"),
        ("They defend human rights, press freedom and trade.", "rights", "NOUN"),
        ("I want to waste time.", "waste", "VERB"),
        ("We went back to work.", "work", "NOUN"),
        ("It was done over the last six months.", "last", "ADJ"),
        ("We need money as well as time.", "well", "ADV"),
        ("I will not talk about it.", "talk", "VERB"),
        ("The new rules protect small farmers.", "small", "ADJ"),
        ("What is certain is that we agree.", "What", "SCONJ"),
        ("Yesterday I met Prodi in Rome.", "Prodi", "PROPN"),
    ],
)
def test_part_of_speech_guesses(text: str, word: str, tag: str) -> None:
    assert {t.text: t.tag for t in tag_sentence(text)}[word] == tag


def test_tokens_split_contractions_with_spans() -> None:
    assert [w for w, _, _ in split_tokens("I don't think we'll go.")] == ["I", "do", "n't", "think", "we", "'ll", "go", "."]
    for w, s, e in split_tokens("Tom's parents can't stay."):
        assert "Tom's parents can't stay."[s:e] == w


def test_inflection_and_articles() -> None:
    assert forms_of("called", "call") >= {"VBD", "VBN"}
    assert article_for("European") == "a" and article_for("hour") == "an" and article_for("issue") == "an"
    assert match_case("an", "A") == "An" and match_case("is", "WAS") == "IS" and match_case("you", "Are") == "You"
