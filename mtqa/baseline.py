"""Suppression files: issues an editor has accepted, which no longer fail the gate.

An issue is identified by its code and a hash of its segment's normalised source and target (NFC,
whitespace runs as one space, trimmed; case kept). Editing either side of the segment gives a new
hash, so the issue is checked again. Suppression is policy, applied after every scorer and the
severity rules: it moves issues from a segment's `issues` to its `suppressed` and so changes the
gate and the counts, never a score or what a scorer computed.

File format (JSON, written by `mtqa check ... --write-baseline FILE`):

    {"schema": "mtqa.baseline/1",
     "suppressions": [{"code": "NUM001", "hash": "3f2a...", "source": "...", "target": "..."}]}

`source` and `target` are there for the reader (what was accepted); only `code` and `hash` match.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from mtqa.errors import InputError
from mtqa.types import Report, SegmentResult

SCHEMA = "mtqa.baseline/1"
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def segment_hash(source: str, target: str) -> str:
    """The first 128 bits of sha256 over the normalised source, U+001F and the normalised target
    (normalising turns any U+001F in a side into a space, since regular expressions count it as
    whitespace, so the separator occurs once and the split is unambiguous)."""
    digest = hashlib.sha256(f"{normalise(source)}\x1f{normalise(target)}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Baseline:
    path: str
    accepted: frozenset[tuple[str, str]]  # (code, segment hash)

    def apply(self, report: Report) -> Report:
        """The report with each accepted issue moved to its segment's `suppressed`."""
        segments = []
        for seg in report.segments:
            key = segment_hash(seg.source, seg.target)
            kept = tuple(i for i in seg.issues if (i.code, key) not in self.accepted)
            if len(kept) == len(seg.issues):
                segments.append(seg)
                continue
            moved = tuple(i for i in seg.issues if (i.code, key) in self.accepted)
            segments.append(replace(seg, issues=kept, suppressed=seg.suppressed + moved))
        return replace(report, segments=tuple(segments), baseline=self.path)


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError(
            "baseline file not found; write one with 'mtqa check SOURCE TARGET ... --write-baseline FILE'", path=path
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the baseline file: {exc}", path=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg}); rewrite it with --write-baseline", path=path, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("suppressions"), list):
        raise InputError(f'not a baseline file: expected {{"schema": "{SCHEMA}", "suppressions": [...]}}', path=path)
    accepted = set()
    for k, entry in enumerate(data["suppressions"]):
        if not (isinstance(entry, dict) and isinstance(entry.get("code"), str) and isinstance(entry.get("hash"), str)):
            raise InputError(f"suppression #{k + 1} needs a \"code\" and a \"hash\" (strings)", path=path)
        accepted.add((entry["code"].upper(), entry["hash"].lower()))
    return Baseline(path, frozenset(accepted))


def baseline_entries(segments: Iterable[SegmentResult]) -> list[dict[str, str]]:
    """One suppression per issue (reported or already suppressed) of every segment, each once, in
    segment order."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for seg in segments:
        key = segment_hash(seg.source, seg.target)
        for issue in (*seg.issues, *seg.suppressed):
            out.setdefault((issue.code, key), {"code": issue.code, "hash": key, "source": seg.source, "target": seg.target})
    return list(out.values())


def to_baseline(report: Report) -> str:
    from mtqa.report.json_writer import dumps

    return dumps({"schema": SCHEMA, "suppressions": baseline_entries(report.segments)}, indent=2) + "\n"
