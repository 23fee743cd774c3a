"""Line-aligned systems of known, graded quality, built from the authored pairs of
corpora/examples/fresh-correct.tsv (40 correct Italian->English news sentences)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

PAIRS = Path(__file__).resolve().parents[2] / "corpora" / "examples" / "fresh-correct.tsv"


def load_pairs() -> tuple[list[str], list[str]]:
    with PAIRS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r["source"] for r in rows], [r["target"] for r in rows]


def _corrupt(line: str) -> str:
    """A wrong number where the line has one, else the first half of the sentence only."""
    changed = re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 7), line, count=1)
    if changed != line:
        return changed
    words = line.split()
    return " ".join(words[: max(1, len(words) // 3)])


def build(folder: Path, *, manifest: str = "m.tsv") -> Path:
    """Writes source/reference and five systems; the manifest is line-aligned."""
    sources, references = load_pairs()
    systems = {
        "reference": references,
        "light": [_corrupt(r) if i % 5 == 0 else r for i, r in enumerate(references)],
        "heavy": [_corrupt(r) if i % 5 != 4 else r for i, r in enumerate(references)],
        "copy": sources,
        "empty": ["" for _ in references],
    }
    (folder / "source.it.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (folder / "reference.en.txt").write_text("\n".join(references) + "\n", encoding="utf-8")
    lines = ["system\tdoc\tsource\ttarget\treference"]
    for name, targets in systems.items():
        (folder / f"{name}.en.txt").write_text("\n".join(targets) + "\n", encoding="utf-8")
        lines.append(f"{name}\tnews\tsource.it.txt\t{name}.en.txt\treference.en.txt")
    path = folder / manifest
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
