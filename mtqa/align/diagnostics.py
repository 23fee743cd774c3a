"""Warnings about a document pair and its alignment, worded for the report."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.types import Link, Segment

# Character-count ratio target/source outside this band is "wildly different". Italian->English
# translations on corpora/align run 0.85-0.95; a factor of 2 either way means missing or extra text.
LENGTH_RATIO_BAND = (0.5, 2.0)
# Above this share of unlinked (1-0 / 0-1) sentences, the documents are probably not translations.
UNLINKED_SHARE = 0.3
LONG_LINE_CHARS = 2000


def input_warnings(source: Sequence[Segment], target: Sequence[Segment], *, long_line: int = LONG_LINE_CHARS) -> list[str]:
    out: list[str] = []
    if not source and not target:
        return ["both documents are empty: nothing to align"]
    if not source:
        return [f"the source document has no sentences: all {len(target)} target sentences are reported as additions (0-1)"]
    if not target:
        return [f"the target document has no sentences: all {len(source)} source sentences are reported as omissions (1-0)"]
    src_chars = sum(len(s.text) for s in source)
    tgt_chars = sum(len(t.text) for t in target)
    ratio = tgt_chars / max(src_chars, 1)
    low, high = LENGTH_RATIO_BAND
    if not low <= ratio <= high:
        out.append(
            f"the documents differ wildly in length (target/source characters {ratio:.2f}, "
            f"{len(source)} vs {len(target)} sentences; expected {low}-{high}): is the target a "
            "translation of the whole source?"
        )
    for side, segments in (("source", source), ("target", target)):
        long = [s for s in segments if len(s.text) > long_line]
        if long:
            where = ", ".join(str(s.line or s.index + 1) for s in long[:5])
            out.append(
                f"{len(long)} {side} sentence(s) longer than {long_line} characters (line/sentence {where}"
                f"{', ...' if len(long) > 5 else ''}); they are aligned on their first {long_line} "
                "characters: check the sentence splitting or the file format"
            )
    return out


def alignment_warnings(links: Sequence[Link], n_source: int, n_target: int) -> list[str]:
    if not n_source or not n_target:
        return []
    unlinked = sum(len(link.source) + len(link.target) for link in links if not link.source or not link.target)
    share = unlinked / (n_source + n_target)
    if share > UNLINKED_SHARE:
        return [
            f"{share:.0%} of the sentences found no counterpart (1-0 / 0-1 links): the documents may not "
            "be translations of each other, or one of them is incomplete"
        ]
    return []
