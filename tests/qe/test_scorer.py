"""The `qe` scorer on the tiny checkpoints: the Scorer contract, raw scores, span signals, thresholds."""

from __future__ import annotations

import pytest

from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.scoring import Scorer, build_scorers
from mtqa.types import Pair, Severity


def _config(tiny_root, variant: str, **kw) -> Config:
    return Config(scorers=("qe",), model=str(tiny_root / variant), device="cpu", batch_size=4, **kw)


def _pairs(expected) -> list[Pair]:
    return [Pair(s, t, index=i) for i, (s, t) in enumerate(expected["pairs"])]


@pytest.fixture(scope="module")
def xcomet_scorer(tiny_root):
    (scorer,) = build_scorers(_config(tiny_root, "xcomet"))
    return scorer


def test_registered_scorer_satisfies_protocol_and_keeps_order(xcomet_scorer, expected):
    assert isinstance(xcomet_scorer, Scorer)
    pairs = _pairs(expected)
    results = xcomet_scorer.score(pairs)
    assert len(results) == len(pairs)
    reversed_results = xcomet_scorer.score(pairs[::-1])
    assert [r.raw for r in reversed_results[::-1]] == pytest.approx([r.raw for r in results], abs=1e-6)


def test_raw_is_the_reference_score_and_score_is_unit(xcomet_scorer, expected):
    ref = expected["variants"]["xcomet"]["scores"]
    results = xcomet_scorer.score(_pairs(expected))
    for pair, res, want in zip(expected["pairs"], results, ref, strict=True):
        if not (pair[0].strip() and pair[1].strip()):
            assert res.raw is None and res.score is None  # empty side: not sent to the model
            continue
        if not any(s.code == "QE-WINDOWED" for s in res.signals):
            assert res.raw == pytest.approx(want, abs=1e-5)
        assert 0.0 <= res.score <= 1.0


def test_span_signals_point_at_trimmed_target_text(xcomet_scorer, expected):
    pairs = _pairs(expected)
    results = xcomet_scorer.score(pairs)
    spans = [(p, s) for p, r in zip(pairs, results, strict=True) for s in r.signals if s.code == "QE-XCOMET-SPAN"]
    assert spans
    for pair, sig in spans:
        start, end = sig.target_span
        text = pair.target[start:end]
        assert text and text == text.strip()
        assert sig.severity_hint in (Severity.MINOR, Severity.MAJOR, Severity.CRITICAL)


@pytest.mark.parametrize(
    ("target", "span", "want"),
    [
        ("  The research", (0, 6), (2, 5)),  # the reference's offsets may cover leading whitespace
        ("It rains  today", (3, 10), (3, 8)),
        ("   ", (0, 3), None),  # whitespace only: no signal
        ("abc", (1, 99), (1, 3)),
    ],
)
def test_span_offsets_drop_surrounding_whitespace(xcomet_scorer, target, span, want):
    from mtqa.models.qe.comet import ErrorSpan, QEOutput

    out = QEOutput(0.9, (ErrorSpan(span[0], span[1], "major"),))
    signals = [s for s in xcomet_scorer._to_pair_score(Pair("x", target), out).signals if s.code == "QE-XCOMET-SPAN"]
    assert [s.target_span for s in signals] == ([want] if want else [])


def test_long_pairs_are_windowed_and_marked(xcomet_scorer, expected):
    results = xcomet_scorer.score(_pairs(expected))
    assert [r for r in results[-2:] if any(s.code == "QE-WINDOWED" for s in r.signals)] == results[-2:]


def test_truncate_mode_is_marked(tiny_root, expected):
    (scorer,) = build_scorers(_config(tiny_root, "kiwi", qe_long_pairs="truncate"))
    results = scorer.score(_pairs(expected))
    assert all(any(s.code == "QE-TRUNCATED" for s in r.signals) for r in results[-2:])
    assert scorer.signature()["long_pairs"] == "truncate"


@pytest.mark.parametrize(("threshold", "flagged"), [(2.0, True), (0.0, False)])
def test_low_score_threshold_comes_from_config(tiny_root, expected, threshold, flagged):
    (scorer,) = build_scorers(_config(tiny_root, "kiwi", thresholds={"qe.cometkiwi.min_score": threshold}))
    results = scorer.score(_pairs(expected)[:3])
    assert [any(s.code == "QE001" for s in r.signals) for r in results] == [flagged] * 3
    if flagged:
        qe001 = next(s for s in results[0].signals if s.code == "QE001")
        assert qe001.value == results[0].score


def test_signature_names_model_and_settings(xcomet_scorer):
    sig = xcomet_scorer.signature()
    for key in ("model", "revision", "checksum", "class", "precision", "device", "batch_size", "long_pairs"):
        assert sig[key]
    assert sig["class"] == "xcomet_metric" and sig["precision"] == "fp32" and sig["device"] == "cpu"
    assert sig["checksum"].startswith("sha256")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"model": None}, "needs a model"),
        ({"qe_long_pairs": "chop"}, "long-pair mode"),
        ({"precision": "fp16"}, "for GPUs"),
        ({"precision": "int8", "device": "cuda"}, "CPU only|no CUDA"),
        ({"device": "tpu"}, "--device"),
    ],
)
def test_bad_options_are_usage_errors(tiny_root, kw, message):
    from mtqa.models.qe.scorer import QEScorer

    base = {"model": str(tiny_root / "kiwi"), "device": "cpu"}
    base.update(kw)
    with pytest.raises(UsageError, match=message):
        scorer = QEScorer(Config(**base))
        scorer.signature()


def test_int8_cpu_path_runs_and_is_named_in_the_signature(tiny_root, expected):
    (scorer,) = build_scorers(_config(tiny_root, "kiwi", precision="int8"))
    results = scorer.score(_pairs(expected)[:4])
    assert scorer.signature()["precision"] == "int8"
    assert all(r.raw is not None and r.raw == r.raw for r in results)  # finite, not NaN
    import torch

    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in scorer._model.modules())


def test_score_command_prints_the_model_score_beside_the_default_scorers(tiny_root, expected, tmp_path):
    # The default scorers run too (similarity sets its own `raw`, a cosine): the row's `score`
    # must still be the published model's own number.
    import json

    from mtqa.pipeline import score_pair_file

    path = tmp_path / "pairs.jsonl"
    rows = [(s, t) for s, t in expected["pairs"] if s.strip() and t.strip()][:3]
    path.write_text("".join(json.dumps({"source": s, "target": t}) + "\n" for s, t in rows), encoding="utf-8")
    report = score_pair_file(path, Config(model=str(tiny_root / "kiwi"), device="cpu", batch_size=4))
    assert "similarity" in report.signatures and "qe" in report.signatures
    by_pair = {tuple(p): v for p, v in zip(expected["pairs"], expected["variants"]["kiwi"]["scores"], strict=True)}
    assert [seg.score for seg in report.segments] == pytest.approx([by_pair[r] for r in rows], abs=1e-5)
