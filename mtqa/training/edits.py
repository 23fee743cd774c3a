"""Character-level edits of a target sentence and the record of one corruption.

Word-level tags are character spans `[start, end)` in the NEW target, so they do not depend on any
tokenizer; a trainer maps them onto its own subwords. What a span marks:

- a substitution, insertion or move: the words written in (every changed word);
- an omission: nothing is left to mark, so `omission_at` holds the character offset of the gap in
  the new target and the tags mark the word just before and the word just after it (the WMT
  word-level QE convention marks such gaps; with word tags only, the neighbours carry the error).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mtqa.training.lexical import Token

SEVERITIES = ("none", "minor", "major", "critical")


@dataclass(frozen=True)
class Corruption:
    type: str
    subtype: str
    severity: str  # one of SEVERITIES; "none" for a correct variant
    target: str
    spans: tuple[tuple[int, int], ...]
    omission_at: int | None = None
    exempt: frozenset[str] = field(default_factory=frozenset)  # grammar checks this type breaks on purpose


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str
    tag: bool = True  # mark the written text as an affected span


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Apply non-overlapping edits; return the new text, the spans of the tagged written text and
    the new offsets where a deletion (empty `new`) left a gap."""
    out, spans, gaps, pos = [], [], [], 0
    length = 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos : e.start])
        length += e.start - pos
        if e.new:
            if e.tag:
                lead = len(e.new) - len(e.new.lstrip())
                trail = len(e.new.rstrip())
                spans.append((length + lead, length + trail))
        else:
            gaps.append(length)
        out.append(e.new)
        length += len(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), spans, gaps


def delete_tokens(text: str, tokens: list[Token], i: int, j: int) -> Edit:
    """An edit removing tokens[i:j] with the space before them (or after, at the start)."""
    s, e = tokens[i].start, tokens[j - 1].end
    if s > 0 and text[s - 1] == " ":
        s -= 1
    elif e < len(text) and text[e] == " ":
        e += 1
    return Edit(s, e, "")


def neighbour_spans(text: str, gap: int) -> list[tuple[int, int]]:
    """The word (or punctuation mark) right before and right after a gap at `gap`."""
    from mtqa.training.lexical import split_tokens

    toks = split_tokens(text)
    before = [t for t in toks if t[2] <= gap]
    after = [t for t in toks if t[1] >= gap]
    return [(t[1], t[2]) for t in (before[-1:] + after[:1])]


def corruption(type_: str, subtype: str, severity: str, text: str, edits: list[Edit],
               *, exempt: frozenset[str] = frozenset()) -> Corruption | None:
    new, spans, gaps = apply_edits(text, edits)
    if new == text or not new.strip():
        return None
    omission_at = gaps[0] if gaps else None
    for g in gaps:
        spans += neighbour_spans(new, g)
    return Corruption(type_, subtype, severity, new, tuple(sorted(set(spans))), omission_at, exempt)
