"""Documents: a text file read into sentence segments that remember their line and paragraph."""

from __future__ import annotations

import os
from dataclasses import dataclass

from mtqa.io.formats.markup import is_marked_up, plain_document
from mtqa.io.text import read_text
from mtqa.segment import sentence_spans
from mtqa.types import Segment


@dataclass(frozen=True)
class Document:
    path: str
    lang: str
    segments: tuple[Segment, ...]


def read_document(
    path: str | os.PathLike[str], lang: str, *, encoding: str = "utf-8", presegmented: bool = False
) -> Document:
    text = read_text(path, encoding=encoding)
    if is_marked_up(path):  # Markdown / HTML: the text a reader sees, line numbers kept
        text = plain_document(text, path)
    segments = presegmented_segments(text) if presegmented else segment_text(text, lang)
    return Document(path=str(path), lang=lang, segments=tuple(segments))


def segment_text(text: str, lang: str) -> list[Segment]:
    """Split running text into sentences; paragraphs are blank-line separated blocks."""
    line_starts = _line_starts(text)
    paragraph_of_line = _paragraph_numbers(text)
    segments: list[Segment] = []
    for start, end in sentence_spans(text, lang):
        line_idx = _line_index(line_starts, start)
        segments.append(
            Segment(
                text=" ".join(text[start:end].split("\n")),
                index=len(segments),
                paragraph=paragraph_of_line[line_idx],
                line=line_idx + 1,
                start=start - line_starts[line_idx],
                end=start - line_starts[line_idx] + (end - start),
            )
        )
    return segments


def presegmented_segments(text: str) -> list[Segment]:
    """One sentence per non-empty line; `line` is the 1-based line number in the file."""
    segments: list[Segment] = []
    paragraph = 0
    previous_blank = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            previous_blank = bool(segments)
            continue
        if previous_blank:
            paragraph += 1
            previous_blank = False
        offset = len(line) - len(line.lstrip())
        segments.append(
            Segment(stripped, len(segments), paragraph=paragraph, line=number, start=offset, end=offset + len(stripped))
        )
    return segments


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _line_index(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _paragraph_numbers(text: str) -> list[int]:
    numbers: list[int] = []
    paragraph = 0
    seen_text = False
    blank_run = False
    for line in text.split("\n"):
        if not line.strip():
            blank_run = seen_text
        else:
            if blank_run:
                paragraph += 1
                blank_run = False
            seen_text = True
        numbers.append(paragraph)
    return numbers
