"""Build the presegmented documents and gold alignments of corpora/align from src/*.units.

Run from the repository root: `python corpora/align/build.py`. Each `src/NAME.units` becomes
`NAME/source.it.txt`, `NAME/target.en.txt` (one sentence per line, a blank line between
paragraphs), `NAME/gold.jsonl` ({"source_lines": [...], "target_lines": [...]}, 1-based file line
numbers, the `mtqa align --presegmented` format) and `NAME/gold.vecalign` (0-based sentence
indices, Vecalign's `[0, 1]:[0]` format). Omissions and additions are one link per sentence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_units(text: str) -> list[tuple[list[str], list[str]] | None]:
    """Units in order; None marks a paragraph break."""
    units: list[tuple[list[str], list[str]] | None] = []
    src: list[str] = []
    tgt: list[str] = []

    def flush() -> None:
        if src or tgt:
            units.append((list(src), list(tgt)))
        src.clear()
        tgt.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#") and not line.startswith("##"):
            continue
        if line == "--":
            flush()
        elif line == "##":
            flush()
            units.append(None)
        elif line.startswith("it| "):
            src.append(line[4:].strip())
        elif line.startswith("en| "):
            tgt.append(line[4:].strip())
        else:
            raise SystemExit(f"unparsable line: {raw!r}")
    flush()
    return units


def build(path: Path) -> tuple[int, int, dict[str, int]]:
    units = parse_units(path.read_text(encoding="utf-8"))
    out = HERE / path.stem
    out.mkdir(exist_ok=True)
    src_lines: list[str] = []
    tgt_lines: list[str] = []
    n_src = n_tgt = 0
    gold_lines: list[dict[str, list[int]]] = []
    gold_idx: list[str] = []
    kinds: dict[str, int] = {}
    for unit in units:
        if unit is None:
            for lines in (src_lines, tgt_lines):
                if lines and lines[-1] != "":
                    lines.append("")
            continue
        src, tgt = unit
        if src and tgt:
            pieces = [(src, tgt)]
        else:
            pieces = [([s], []) for s in src] + [([], [t]) for t in tgt]
        for s_part, t_part in pieces:
            s_nums = list(range(len(src_lines) + 1, len(src_lines) + 1 + len(s_part)))
            t_nums = list(range(len(tgt_lines) + 1, len(tgt_lines) + 1 + len(t_part)))
            s_ids = list(range(n_src, n_src + len(s_part)))
            t_ids = list(range(n_tgt, n_tgt + len(t_part)))
            src_lines.extend(s_part)
            tgt_lines.extend(t_part)
            n_src += len(s_part)
            n_tgt += len(t_part)
            gold_lines.append({"source_lines": s_nums, "target_lines": t_nums})
            gold_idx.append(f"{s_ids}:{t_ids}")
            kind = f"{len(s_part)}-{len(t_part)}"
            kinds[kind] = kinds.get(kind, 0) + 1
    (out / "source.it.txt").write_text("\n".join(src_lines).strip("\n") + "\n", encoding="utf-8")
    (out / "target.en.txt").write_text("\n".join(tgt_lines).strip("\n") + "\n", encoding="utf-8")
    (out / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold_lines), encoding="utf-8")
    (out / "gold.vecalign").write_text("\n".join(gold_idx) + "\n", encoding="utf-8")
    return n_src, n_tgt, kinds


def main() -> None:
    total: dict[str, int] = {}
    for path in sorted((HERE / "src").glob("*.units")):
        n_src, n_tgt, kinds = build(path)
        for k, v in kinds.items():
            total[k] = total.get(k, 0) + v
        print(f"{path.stem}: {n_src} source / {n_tgt} target sentences, links {dict(sorted(kinds.items()))}")
    print(f"all: links {dict(sorted(total.items()))}", file=sys.stderr)


if __name__ == "__main__":
    main()
