"""`mtqa score --jobs N`: blocks scored in worker processes give the bytes of one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import pipeline
from mtqa.cli import main
from mtqa.config import Config
from mtqa.pipeline_jobs import ordered_map

LANGS = ["--src-lang", "it", "--tgt-lang", "en"]
# Rule checks only: no model to load in each worker, so the test stays fast.
SCORERS = ["--scorer", "numbers", "--scorer", "length", "--scorer", "untranslated_words", "--scorer", "punctuation"]
ROWS = [
    ("Il fatturato è salito del 12% a 3,5 milioni di euro.", "Revenue rose 12% to 3.5 million euros."),
    ("Il fatturato è salito del 12% a 3,5 milioni di euro.", "Revenue rose 21% to 3.5 million euros."),
    ("La riunione è stata rinviata a giovedì.", "The meeting was postponed to Thursday."),
    ("La riunione è stata rinviata a giovedì.", "La riunione è stata rinviata."),
    ("Sono arrivati 40 ospiti.", "40 guests arrived!!"),
    ("Grazie.", "Thank you very much indeed for everything you have done for us over all these years."),
    ("Il treno parte alle 7:45.", "The train leaves at 7:45."),
    ("", "An orphan target."),
    ("Una fonte senza traduzione.", ""),
    ("Il museo apre il 3 marzo 2025.", "The museum opens on 3 March 2025."),
]


@pytest.fixture
def pair_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{k}", "source": s, "target": t}) + "\n" for k, (s, t) in enumerate(ROWS)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "json"])  # the streamed path and the whole-report path
def test_jobs_2_gives_the_bytes_of_jobs_1(pair_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(pipeline, "BLOCK", 3)  # four blocks, so two workers each get several
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the JSON report's `created`
    runner = CliRunner()
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}.{fmt}"
        result = runner.invoke(main, ["score", str(pair_file), *LANGS, *SCORERS, "--jobs", str(jobs), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outs[jobs] = out.read_bytes()
    assert outs[1] == outs[2]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in outs[1].decode().splitlines()]
        assert [r["id"] for r in rows] == [f"r{k}" for k in range(len(ROWS))]  # input order across blocks
        assert "NUM001" in {i["code"] for i in rows[1]["issues"]}  # 21% for 12%: blocks are really scored
        assert rows[8]["severity"] == "critical"  # the empty target


def test_blocks_give_what_one_block_gives_for_per_pair_scorers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are independent: cutting the file into blocks changes no rule check's result."""
    from mtqa.types import Pair

    config = Config(source_lang="it", target_lang="en", scorers=("numbers", "length", "punctuation"))
    pairs = [Pair(source=s, target=t, index=k) for k, (s, t) in enumerate(ROWS)]
    whole = pipeline.score_pairs(pairs, config)
    monkeypatch.setattr(pipeline, "BLOCK", 2)
    cut = pipeline.score_pairs(pairs, config)
    assert [s.to_dict() for s in cut.segments] == [s.to_dict() for s in whole.segments]
    assert cut.signatures == whole.signatures


def test_gate_fails_across_streamed_blocks(pair_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A major issue in a later block still fails the gate of a streamed run."""
    monkeypatch.setattr(pipeline, "BLOCK", 3)
    result = CliRunner().invoke(main, ["score", str(pair_file), *LANGS, *SCORERS, "--fail-on", "critical"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(ROWS)


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_bad_jobs_is_a_usage_error(pair_file: Path, jobs: str) -> None:
    result = CliRunner().invoke(main, ["score", str(pair_file), *LANGS, *SCORERS, "--jobs", jobs])
    assert result.exit_code == 2
    assert "--jobs must be a whole number of at least 1" in result.output


def _fails_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("item 3 is bad")
    return x * x


def test_ordered_map_keeps_order_and_raises_at_the_bad_item() -> None:
    assert list(ordered_map(_fails_on_three, [5, 1, 4, 2], 2)) == [25, 1, 16, 4]
    got = []
    with pytest.raises(ValueError, match="item 3 is bad"):
        for value in ordered_map(_fails_on_three, [1, 2, 3, 4, 5], 2, ahead=1):
            got.append(value)
    assert got == [1, 4]


def _dies(x: int) -> int:
    import os

    if x == 2:
        os._exit(9)  # as the system's out-of-memory killer would end it
    return x


def test_a_worker_that_dies_is_a_one_line_environment_error() -> None:
    from mtqa.errors import ModelUnavailableError

    with pytest.raises(ModelUnavailableError, match="worker process of --jobs 2 died"):
        list(ordered_map(_dies, [1, 2, 3], 2))
