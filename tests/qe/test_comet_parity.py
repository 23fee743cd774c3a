"""mtqa's COMET inference against the reference's numbers (tests/qe/data/parity_expected.json, written
by benchmarks/parity/run_parity.py with unbabel-comet 2.2.7) on the same tiny checkpoints."""

from __future__ import annotations

import random

import pytest

from mtqa.models.qe.runtime import resolve_runtime

VARIANTS = ("kiwi", "kiwi_ln", "xcomet", "cometqe")
CPU = resolve_runtime("cpu", "fp32")


def _pairs(expected: dict) -> list[tuple[str, str]]:
    return [(s, t) for s, t in expected["pairs"]]


@pytest.mark.parametrize("variant", VARIANTS)
def test_scores_match_reference_in_truncate_mode(variant, expected, load_model):
    ref = expected["variants"][variant]
    out = load_model(variant).predict(_pairs(expected), CPU, batch_size=4)
    diffs = [abs(o.raw - r) for o, r in zip(out, ref["scores"], strict=True)]
    assert max(diffs) <= expected["tolerance"]


def test_xcomet_spans_match_reference(expected, load_model):
    ref = expected["variants"]["xcomet"]["spans"]
    out = load_model("xcomet").predict(_pairs(expected), CPU, batch_size=4)
    got = [[(s.start, s.end, s.severity) for s in o.spans] for o in out]
    want = [[(s["start"], s["end"], s["severity"]) for s in sp] for sp in ref]
    assert got == want
    assert {s.severity for o in out for s in o.spans} == {"minor", "major", "critical"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_window_mode_keeps_fitting_pairs_and_windows_long_ones(variant, expected, load_model):
    pairs = _pairs(expected)
    ref = expected["variants"][variant]["scores"]
    out = load_model(variant, "window").predict(pairs, CPU, batch_size=4)
    for o, r in zip(out, ref, strict=True):
        assert not o.truncated
        if o.windows == 1:
            assert abs(o.raw - r) <= expected["tolerance"]
    # The two last pairs exceed the tiny encoder's 128 tokens: the reference gives both the same
    # score (it cuts the source tail); windowing sees the whole text, so they differ.
    assert out[-1].windows > 1 and out[-2].windows > 1
    assert abs(ref[-1] - ref[-2]) < 1e-9
    assert abs(out[-1].raw - out[-2].raw) > 1e-6


def test_truncate_mode_marks_cut_pairs(expected, load_model):
    out = load_model("kiwi").predict(_pairs(expected), CPU, batch_size=4)
    assert [o.truncated for o in out] == [False] * (len(out) - 2) + [True, True]


@pytest.mark.parametrize("variant", ("kiwi", "xcomet"))
def test_order_and_batch_size_do_not_change_results(variant, expected, load_model):
    pairs = _pairs(expected)
    model = load_model(variant)
    base = model.predict(pairs, CPU, batch_size=4)
    perm = list(range(len(pairs)))
    random.Random(7).shuffle(perm)
    shuffled = model.predict([pairs[i] for i in perm], CPU, batch_size=1)
    for j, i in enumerate(perm):
        assert abs(shuffled[j].raw - base[i].raw) < 1e-5
        assert shuffled[j].spans == base[i].spans


def test_first_token_last_layer_equals_the_full_layer(tiny_root, expected):
    """CometKiwi-22's shortcut (last layer at <s> only) against running the whole last layer."""
    from mtqa.models.qe.comet import load_comet

    fast = load_comet(tiny_root / "kiwi", tiny_root / "encoder-xlmr")
    full = load_comet(tiny_root / "kiwi", tiny_root / "encoder-xlmr", fast_last_layer=False)
    assert fast.first_token_last is not None and full.first_token_last is None
    pairs = _pairs(expected)
    a = [o.raw for o in fast.predict(pairs, CPU, batch_size=4)]
    b = [o.raw for o in full.predict(pairs, CPU, batch_size=4)]
    assert max(abs(x - y) for x, y in zip(a, b, strict=True)) <= 1e-6


def test_window_spans_map_back_into_the_whole_target(expected, load_model):
    """A windowed pair's spans are the spans of each window scored alone, shifted to the window start;
    its score is the token-weighted mean of the window scores."""
    from mtqa.models.qe.inputs import Tokenizer, plan_windows

    model = load_model("xcomet", "window")
    source, target = expected["pairs"][-2]
    (whole,) = model.predict([(source, target)], CPU, batch_size=4)
    limit = model.max_positions

    def fits(t, s):
        return len(t.ids) <= limit - 2 and len(s.ids) <= limit - 2 and t.content + s.content + 4 <= limit

    windows = plan_windows(source, target, Tokenizer(model.tokenizer), fits, True)
    assert windows is not None and whole.windows == len(windows) > 1
    alone = model.predict([(w.source, w.target) for w in windows], CPU, batch_size=4)
    want = [
        (s.start + w.target_offset, s.end + w.target_offset, s.severity)
        for w, out in zip(windows, alone, strict=True)
        for s in out.spans
    ]
    assert [(s.start, s.end, s.severity) for s in whole.spans] == want and want
    weights = [w.target_tokens.content for w in windows]
    mean = sum(n * o.raw for n, o in zip(weights, alone, strict=True)) / sum(weights)
    assert abs(whole.raw - mean) < 1e-6
