"""The document-level term check (`terms`, QEO002): false alarms on correct documents, recall on
injected wrong-sense renderings, and what the rest of the default pipeline sees of the same errors.

Documents, each run through `mtqa check` with the default scorers, as a user would:
- `corpora/terms/*/`: 8 documents written for this check, each with a correct translation
  (`target.en.txt`) and a copy with 2-3 wrong-sense renderings of a repeated word
  (`target.err.en.txt`, listed in `errors.tsv`); one sentence per line (`--presegmented`);
- `corpora/align/*/`: 4 correct documents written for the aligner (their omitted/added sentences
  are not term errors);
- the demo article (measured only; the check's settings were not chosen on it).

    PYTHONPATH=. python benchmarks/terms.py [--out benchmarks/results/terms.txt]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.config import Config  # noqa: E402
from mtqa.pipeline import check_documents  # noqa: E402
from mtqa.types import Report  # noqa: E402

TERMS = ROOT / "corpora" / "terms"
ALIGN = ROOT / "corpora" / "align"
DEMO = ROOT / "corpora" / "rekognition"


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def run(src: Path, tgt: Path, presegmented: bool) -> Report:
    return check_documents(src, tgt, Config(source_lang="it", target_lang="en", presegmented=presegmented, fail_on=None))


def by_line(report: Report) -> dict[int, list[str]]:
    """Target line -> issue codes of the segment holding it."""
    out: dict[int, list[str]] = {}
    for seg in report.segments:
        for line in seg.target_lines:
            out[line] = [i.code for i in seg.issues]
    return out


def qeo002(report: Report) -> list[tuple[tuple[int, ...], str]]:
    return [(seg.target_lines, i.message) for seg in report.segments for i in seg.issues if i.code == "QEO002"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="also write the printed results here")
    args = ap.parse_args()
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    t0 = time.perf_counter()
    correct_sentences = alarms = 0
    flagged_correct_before = flagged_correct_after = 0
    injected = found = found_other = 0
    say("== correct translations: every QEO002 is a false alarm")
    docs = [(d.name, d / "source.it.txt", d / "target.en.txt") for d in _folders(TERMS) if (d / "errors.tsv").is_file()]
    docs += [(f"align/{d.name}", d / "source.it.txt", d / "target.en.txt") for d in _folders(ALIGN) if (d / "gold.jsonl").is_file()]
    for name, src, tgt in docs:
        report = run(src, tgt, presegmented=True)
        alarm = qeo002(report)
        alarmed = len({where for where, _ in alarm})  # segments with a QEO002 (a segment may have two)
        n = len(report.segments)
        correct_sentences += n
        alarms += alarmed
        flagged_correct_after += sum(1 for s in report.segments if s.issues)
        flagged_correct_before += sum(1 for s in report.segments if any(i.code != "QEO002" for i in s.issues))
        say(f"  {name:22s} {n:3d} segments, QEO002 on {alarmed}")
        for lines_, msg in alarm:
            say(f"      line {','.join(map(str, lines_))}: {msg}")
    say(f"  total: QEO002 on {alarms} of {correct_sentences} correct segments ({alarms / max(correct_sentences, 1):.1%}); "
        f"segments flagged by anything: {flagged_correct_before} without QEO002, {flagged_correct_after} with it")

    say("\n== injected wrong-sense renderings (corpora/terms/*/target.err.en.txt)")
    for d in _folders(TERMS):
        if not (d / "errors.tsv").is_file():
            continue
        with open(d / "errors.tsv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        report = run(d / "source.it.txt", d / "target.err.en.txt", presegmented=True)
        codes = by_line(report)
        for row in rows:
            line = int(row["line"])
            got = codes.get(line, [])
            injected += 1
            found += "QEO002" in got
            other = [c for c in got if c != "QEO002"]
            found_other += bool(other)
            say(f"  {d.name:14s} line {line:2d} {row['source_word']!r} -> {row['wrong_rendering']!r}: "
                f"QEO002 {'yes' if 'QEO002' in got else 'no '}  other issues: {', '.join(other) or '-'}")
    say(f"  recall: QEO002 {found}/{injected}; any other issue on the same segment {found_other}/{injected}")

    if DEMO.is_dir():
        say("\n== demo (measured only)")
        report = run(DEMO / "source.it.txt", DEMO / "target.en.txt", presegmented=False)
        for lines_, msg in qeo002(report):
            say(f"  line {','.join(map(str, lines_))}: {msg}")
    say(f"\n({time.perf_counter() - t0:.0f} s)")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
