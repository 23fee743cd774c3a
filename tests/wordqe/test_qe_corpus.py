"""The authored QE corpus: up to date with its generator, labels consistent, splits by sentence."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "qe" / "qe_pairs.jsonl"


@pytest.fixture(scope="module")
def builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "corpora" / "qe" / "build_corpus.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_corpus"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rows() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_committed_corpus_is_what_the_generator_builds(builder, rows) -> None:  # type: ignore[no-untyped-def]
    assert builder.build() == rows


def test_labels_follow_the_worst_error_and_spans_are_in_bounds(rows) -> None:  # type: ignore[no-untyped-def]
    assert len(rows) >= 2000
    for r in rows:
        sev = {e["severity"] for e in r["errors"]}
        assert r["label"] == ("major" if "major" in sev else "minor" if sev else "ok"), r["id"]
        for e in r["errors"]:
            s, t = e["span"]
            assert 0 <= s <= t <= len(r["target"]), r["id"]
            assert (s == t) == (e["type"] == "omission"), r["id"]
            assert r["target"][s:t] == r["target"][s:t].strip(), r["id"]


def test_every_variant_of_a_sentence_shares_one_split(rows) -> None:  # type: ignore[no-untyped-def]
    splits: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        splits[r["source"]].add(r["split"])
    assert all(len(s) == 1 for s in splits.values())
    assert {r["split"] for r in rows} == {"train", "valid", "test"}


def test_slot_renderer_marks_omissions_and_additions(builder) -> None:  # type: ignore[no-untyped-def]
    base = builder.Base("t", 1, "Ieri il treno è partito.", "The train left {o:yesterday}.")
    text, errors = builder.render(base, {0: -1}, None)
    assert text == "The train left." and errors[0]["span"] == [14, 14]
    text, errors = builder.render(base, {}, (", officials said", "major"))
    assert text == "The train left yesterday, officials said."
    assert text[slice(*errors[0]["span"])] == "officials said"


def test_a_sentence_sharing_six_words_with_the_demo_is_refused(builder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo article is a test, never a lesson: the generator looks for it where the repo ships
    it and refuses a pair that repeats six consecutive words of it (either language)."""
    assert (builder.DEMO / "source.it.txt").is_file()
    (tmp_path / "pairs").mkdir()
    (tmp_path / "pairs" / "x.txt").write_text(
        "it: Il gruppo ha annunciato che estende fino a nuovo avviso la moratoria sui voli.\n"
        "en: The group said it {s:extends|widens} the moratorium on flights until further notice.\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match="6-word run"):
        builder.build(tmp_path)
    (tmp_path / "pairs" / "x.txt").write_text(
        "it: Il gruppo ha prorogato il divieto sui voli.\n"
        "en: The group has extended the ban on flights, the company said in a note.\n",
        encoding="utf-8",
    )
    assert len(builder.build(tmp_path)) >= 1
