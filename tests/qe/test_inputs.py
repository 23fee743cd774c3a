"""Joining and windowing: what the encoder sees for short and long pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.models.qe.inputs import Tokenized, Tokenizer, cut, join_pair, plan_items, sentence_spans


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("  Lead space. And «quoted.» Next", ["Lead space.", "And «quoted.»", "Next"]),
        ("No end punctuation", ["No end punctuation"]),
        ("Version 2.5 is out. Yes", ["Version 2.5 is out.", "Yes"]),
        ("", []),
    ],
)
def test_sentence_spans(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


def test_join_is_target_first_with_double_separator():
    tgt = Tokenized([0, 10, 11, 2], [(0, 0), (0, 1), (1, 2), (0, 0)])
    src = Tokenized([0, 20, 2], [(0, 0), (0, 1), (0, 0)])
    assert join_pair(tgt, src, 512, sep=2) == [0, 10, 11, 2, 2, 20, 2]
    assert join_pair(tgt, src, 5, sep=2) == [0, 10, 11, 2, 2]  # the reference's final cut


def test_cut_keeps_specials_like_the_reference_tokenizer():
    tok = Tokenized([0, 5, 6, 7, 8, 2], [(0, 0), (0, 1), (1, 2), (2, 3), (3, 4), (0, 0)])
    short, flag = cut(tok, 4)
    assert short.ids == [0, 5, 6, 2] and flag
    assert cut(tok, 6) == (tok, False)


@pytest.fixture(scope="module")
def tokenize():
    from transformers import AutoTokenizer

    DATA = Path(__file__).resolve().parent / "data"

    return Tokenizer(AutoTokenizer.from_pretrained(str(DATA / "tiny-spm")))


def test_long_pair_windows_fit_and_cover_the_target_in_order(tokenize, expected):
    source, target = expected["pairs"][-2]
    items = plan_items([(source, target)], tokenize, max_positions=100, joint=True, use_source=True, mode="window")
    assert len(items) > 1 and not any(it.truncated for it in items)
    for it in items:
        assert it.target.content + it.source.content + 4 <= 100
    offsets = [it.target_offset for it in items]
    assert offsets == sorted(offsets) and offsets[0] == 0
    # every target sentence lands in exactly one window
    covered = sum(it.target.content for it in items)
    assert abs(covered - tokenize([target])[0].content) <= len(items)


def test_unsplittable_long_pair_is_cut_and_marked(tokenize):
    words = " ".join(["parola"] * 80)
    items = plan_items([(words, words)], tokenize, max_positions=64, joint=True, use_source=True, mode="window")
    assert len(items) == 1 and items[0].truncated


def test_sentencepiece_only_encoder_folder_tokenizes_like_tokenizer_json(tmp_path, expected):
    """Older encoder repos ship only sentencepiece.bpe.model: converting it must give the same ids
    and offsets as the tokenizer.json the reference used."""
    import json
    import shutil

    DATA = Path(__file__).resolve().parent / "data"

    from mtqa.models.qe.encoder import load_encoder_files

    full = tmp_path / "full"
    shutil.copytree(DATA / "tiny-spm", full)
    (full / "config.json").write_text(json.dumps({"model_type": "xlm-roberta", "vocab_size": 602}))
    spm_only = tmp_path / "spm"
    spm_only.mkdir()
    shutil.copyfile(DATA / "tiny-spm" / "sentencepiece.bpe.model", spm_only / "sentencepiece.bpe.model")
    shutil.copyfile(full / "config.json", spm_only / "config.json")
    texts = [t for pair in expected["pairs"] for t in pair]
    a = Tokenizer(load_encoder_files(full).tokenizer)(texts)
    b = Tokenizer(load_encoder_files(spm_only).tokenizer)(texts)
    assert a == b
