"""Turning (source, target) pairs into encoder inputs, without silent truncation.

The reference cuts each side to `max_positions - 2` tokens, joins `<s> MT </s></s> SRC </s>` and cuts
the result to `max_positions`: on long pairs the source tail is lost without a word (COMET #105,
#209). mtqa counts tokens first. Pairs that fit are joined exactly as the reference joins them, so
their scores are the reference's. Pairs that do not fit are, by default, split into sentence windows
that each fit (`long_pairs="window"`); `long_pairs="truncate"` reproduces the reference's cut. Either
way the result says so (`windows`, `truncated`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

LONG_PAIR_MODES = ("window", "truncate")

_SENTENCE_END = re.compile(r"(?<=[.!?…;])([\"'”’»)\]]*)\s+")


@dataclass(frozen=True)
class Tokenized:
    ids: list[int]  # with <s> ... </s>
    offsets: list[tuple[int, int]]

    @property
    def content(self) -> int:
        return len(self.ids) - 2


@dataclass(frozen=True)
class Item:
    """One encoder input: a whole pair or one window of it."""

    pair: int
    target_offset: int  # where this window's target starts in the pair's target
    weight: int  # target tokens, for averaging window scores
    target: Tokenized
    source: Tokenized | None
    truncated: bool


@dataclass(frozen=True)
class Window:
    target_offset: int
    target: str
    source: str
    target_tokens: Tokenized
    source_tokens: Tokenized | None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (end punctuation + space), whitespace excluded."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end(1)))  # closing quotes/brackets stay with their sentence
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class Tokenizer:
    """The fast tokenizer, one text at a time (char offsets need per-text encodings)."""

    def __init__(self, tokenizer: Any) -> None:
        self._tok = tokenizer

    def __call__(self, texts: Sequence[str]) -> list[Tokenized]:
        if not texts:
            return []
        enc = self._tok(
            list(texts), add_special_tokens=True, truncation=False, return_offsets_mapping=True, verbose=False
        )
        return [
            Tokenized(list(ids), [(int(o[0]), int(o[1])) for o in offs])
            for ids, offs in zip(enc["input_ids"], enc["offset_mapping"], strict=True)
        ]


def cut(tokens: Tokenized, limit: int) -> tuple[Tokenized, bool]:
    """The reference's per-side cut: keep <s>, the first `limit - 2` pieces, and </s>."""
    if len(tokens.ids) <= limit:
        return tokens, False
    keep = limit - 2
    ids = tokens.ids[: 1 + keep] + tokens.ids[-1:]
    offsets = tokens.offsets[: 1 + keep] + tokens.offsets[-1:]
    return Tokenized(ids, offsets), True


def join_pair(target: Tokenized, source: Tokenized | None, max_positions: int, sep: int) -> list[int]:
    """`<s> MT </s></s> SRC </s>`, cut to `max_positions` as the reference does (comet/encoders/base.py)."""
    if source is None:
        return list(target.ids)
    joined = target.ids[:-1] + [sep, sep] + source.ids[1:]
    return joined[:max_positions]


def plan_items(
    pairs: Sequence[tuple[str, str]],
    tokenize: Tokenizer,
    *,
    max_positions: int,
    joint: bool,
    use_source: bool,
    mode: str,
) -> list[Item]:
    """Encoder inputs for `pairs`; `joint`: source and target share one input (unified models),
    else each side is encoded alone (COMET-QE)."""
    side_limit = max_positions - 2  # the reference tokenizes with max_length = max_positions - 2

    def fits(tgt: Tokenized, src: Tokenized | None) -> bool:
        if len(tgt.ids) > side_limit or (src is not None and len(src.ids) > side_limit):
            return False
        return not (joint and src is not None and tgt.content + src.content + 4 > max_positions)

    whole_t = tokenize([t for _, t in pairs])
    whole_s = tokenize([s for s, _ in pairs]) if use_source else [None] * len(pairs)
    items: list[Item] = []
    for index, ((source, target), tgt, src) in enumerate(zip(pairs, whole_t, whole_s, strict=True)):
        if fits(tgt, src):
            items.append(Item(index, 0, max(tgt.content, 1), tgt, src, False))
            continue
        windows = plan_windows(source, target, tokenize, fits, src is not None) if mode == "window" else None
        if windows is None:
            items.append(_truncated(index, 0, tgt, src, side_limit))
            continue
        for w in windows:
            items.append(Item(index, w.target_offset, max(w.target_tokens.content, 1), w.target_tokens, w.source_tokens, False))
    return items


def _truncated(index: int, offset: int, tgt: Tokenized, src: Tokenized | None, limit: int) -> Item:
    tgt_cut, t_flag = cut(tgt, limit)
    src_cut, s_flag = cut(src, limit) if src is not None else (None, False)
    # Called only for a pair that does not fit, so something is cut (a side, or the joined input).
    del t_flag, s_flag
    return Item(index, offset, max(tgt_cut.content, 1), tgt_cut, src_cut, True)


def plan_windows(
    source: str,
    target: str,
    tokenize: Tokenizer,
    fits: Callable[[Tokenized, Tokenized | None], bool],
    use_source: bool,
) -> list[Window] | None:
    """Split target sentences into k consecutive groups (smallest k that fits), give each group the
    source sentences at the same relative position, and tokenize each window. None when even one
    sentence per window does not fit (the caller then cuts, and says so)."""
    t_spans = sentence_spans(target)
    s_spans = sentence_spans(source)
    if len(t_spans) < 2 and len(s_spans) < 2:
        return None
    t_len = [len(target[a:b]) for a, b in t_spans]
    for k in range(2, max(len(t_spans), len(s_spans)) + 1):
        t_groups = _split_balanced(t_len, min(k, len(t_spans)))
        if len(t_groups) < k and len(s_spans) < k:
            break
        bounds = [t_spans[g[0]][0] / max(len(target), 1) for g in t_groups[1:]]
        s_groups: list[list[int]] = [[] for _ in t_groups]
        for j, (a, b) in enumerate(s_spans):
            mid = (a + b) / 2 / max(len(source), 1)
            s_groups[sum(mid >= x for x in bounds)].append(j)
        t_texts = [(t_spans[g[0]][0], target[t_spans[g[0]][0] : t_spans[g[-1]][1]]) for g in t_groups]
        s_texts = [source[s_spans[g[0]][0] : s_spans[g[-1]][1]] if g else "" for g in s_groups]
        tok_t = tokenize([t for _, t in t_texts])
        tok_s: list[Tokenized | None] = list(tokenize(s_texts)) if use_source else [None] * len(t_texts)
        if all(fits(t, s) for t, s in zip(tok_t, tok_s, strict=True)):
            return [
                Window(off, t_text, s_text, t, s)
                for (off, t_text), s_text, t, s in zip(t_texts, s_texts, tok_t, tok_s, strict=True)
            ]
    return None


def _split_balanced(lengths: Sequence[int], k: int) -> list[list[int]]:
    """Consecutive groups of indices with roughly equal total length."""
    total = sum(lengths)
    groups: list[list[int]] = [[]]
    acc = 0.0
    for i, n in enumerate(lengths):
        remaining_items = len(lengths) - i
        remaining_groups = k - len(groups)
        if groups[-1] and (acc + n / 2 > total * len(groups) / k or remaining_items <= remaining_groups):
            groups.append([])
        groups[-1].append(i)
        acc += n
    return groups
