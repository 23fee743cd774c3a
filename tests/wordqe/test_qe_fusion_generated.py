"""benchmarks/qe_fusion_generated.py: which generated groups an adapter never trained on, and its guards.

The fusion must be fitted on groups the cross-encoder did not see, else its outputs there are
in-sample and the fusion trusts them too much; the shipped adapter's fusion must never be rewritten.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from benchmarks.qe_fusion_generated import fpr_threshold, main, pairwise, training_order, unseen_groups
from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER


def held_out(key: str) -> bool:
    return zlib.crc32(key.encode()) % 50 == 0


KEYS = [f"europarl|{i}" for i in range(400)] + [f"authored|{i}" for i in range(40)]


def test_unseen_groups_are_what_the_training_order_skipped() -> None:
    meta = {"seed": 0, "groups_trained": 120, "held_out": "groups with crc32(corpus|line) % 50 == 0 (first 3)"}
    trained, unseen = unseen_groups(KEYS, meta, held_out)
    assert trained == training_order(KEYS, 0, held_out)[:120]
    valid = [k for k in sorted(KEYS) if held_out(k)][:3]
    assert len(valid) == 3
    assert not set(unseen) & (set(trained) | set(valid))
    assert not any(k.startswith("authored|") for k in unseen)
    generated = {k for k in KEYS if not k.startswith("authored|")}
    assert set(unseen) == generated - set(trained) - set(valid)


def test_a_continued_adapter_counts_only_the_held_out_share_as_unseen() -> None:
    # the run it continued from may have trained on any group outside the held-out share
    meta = {"seed": 2, "groups_trained": 120, "held_out": "groups with crc32(corpus|line) % 50 == 0 (first 3)",
            "init": {"sha256": "0" * 64, "command": "python -m mtqa.training.train_generated ...", "groups_trained": 300}}
    trained, unseen = unseen_groups(KEYS, meta, held_out)
    assert trained == training_order(KEYS, 2, held_out)[:120]  # this run's prefix, for the rows check
    valid = [k for k in sorted(KEYS) if held_out(k)][:3]
    assert unseen and set(unseen) == {k for k in KEYS if held_out(k) and not k.startswith("authored|")} - set(valid)


def test_training_order_depends_on_the_seed_and_skips_held_out() -> None:
    a, b = training_order(KEYS, 0, held_out), training_order(KEYS, 1, held_out)
    assert sorted(a) == sorted(b) and a != b
    assert not any(held_out(k) for k in a)


def test_fpr_threshold_caps_the_flagged_share() -> None:
    p = np.linspace(0.0, 1.0, 101)
    t = fpr_threshold(p, 0.10)
    assert (p >= t).mean() <= 0.10
    assert (p >= t - 0.011).mean() > 0.10  # one step lower would flag more than 10%


def test_pairwise_counts_ties_half_and_stays_within_groups() -> None:
    groups = ["a", "a", "a", "b", "b"]
    bad = np.array([True, False, False, True, False])
    score = np.array([0.5, 0.5, 0.1, 0.0, 0.9])  # a: one tie, one win; b: one loss
    assert pairwise(groups, bad, ~bad, score) == pytest.approx(1.5 / 3)


def test_writing_into_the_shipped_adapter_is_refused(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "x.jsonl"
    data.write_text("", encoding="utf-8")
    code = main(["--adapter", str(DEFAULT_ADAPTER), "--data", str(data), "--gen-n", "1", "--gen-seed", "1", "--write"])
    assert code == 2
    assert "shipped adapter" in capsys.readouterr().err
