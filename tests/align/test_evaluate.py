from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.align.evaluate import read_gold_jsonl, read_presegmented, score_alignments
from mtqa.errors import InputError

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]


def test_identical_alignment_scores_one() -> None:
    sc = score_alignments([GOLD], [GOLD])
    assert (sc.strict_f1, sc.lax_f1) == (1.0, 1.0)


def test_broken_merge_is_a_strict_miss_but_a_lax_hit() -> None:
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((), (2,))]
    sc = score_alignments([GOLD], [test])
    # precision: 3 of 5 test links exact; (1,)-(1,) overlaps the gold merge -> lax hit; (2,)-() never.
    assert sc.strict_precision == pytest.approx(3 / 5)
    assert sc.lax_precision == pytest.approx(4 / 5)
    # recall: 3 of 4 gold links exact; the merge overlaps (1,)-(1,) -> lax hit.
    assert sc.strict_recall == pytest.approx(3 / 4)
    assert sc.lax_recall == pytest.approx(1.0)


def test_counts_pool_over_documents() -> None:
    sc = score_alignments([GOLD, [((0,), (0,))]], [GOLD, [((0,), ()), ((), (0,))]])
    assert sc.strict_precision == pytest.approx(4 / 6)
    assert sc.strict_recall == pytest.approx(4 / 5)


def test_gold_lines_map_to_sentence_indices_across_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("Uno.\n\nDue.\nTre.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("One.\n\nTwo and three.\n", encoding="utf-8")
    (tmp_path / "g.jsonl").write_text(
        json.dumps({"source_lines": [1], "target_lines": [1]}) + "\n"
        + json.dumps({"source_lines": [3, 4], "target_lines": [3]}) + "\n",
        encoding="utf-8",
    )
    src, tgt = read_presegmented(tmp_path / "s.txt"), read_presegmented(tmp_path / "t.txt")
    assert [s.paragraph for s in src] == [0, 1, 1]
    assert read_gold_jsonl(tmp_path / "g.jsonl", src, tgt) == [((0,), (0,)), ((1, 2), (1,))]


def test_gold_line_pointing_at_a_blank_line_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("Uno.\n\nDue.\n", encoding="utf-8")
    (tmp_path / "g.jsonl").write_text(json.dumps({"source_lines": [2], "target_lines": []}) + "\n", encoding="utf-8")
    src = read_presegmented(tmp_path / "s.txt")
    with pytest.raises(InputError, match=r"g.jsonl:1: bad gold link"):
        read_gold_jsonl(tmp_path / "g.jsonl", src, src)
