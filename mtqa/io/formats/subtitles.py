"""SRT and WebVTT subtitles: a source file and a target file paired cue by cue.

Cues are matched by their number (SRT's counter, a WebVTT cue identifier, else the cue's position),
never re-aligned: a cue only in the source is a unit without a target; one only in the target is an
addition. Timecodes and cue settings are not text. Formatting tags (<i>, <b>, <u>, <font ...>, and
WebVTT's <c.class>, <v Speaker>) are taken out of the text and compared as markup. Cues whose start
times go backwards are refused: a player would show them out of order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.errors import InputError
from mtqa.io.formats import Bilingual, Unit
from mtqa.io.text import read_text
from mtqa.types import Markup, Tag

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_TAG = re.compile(r"</?([a-zA-Z]+)(?:[.\s][^>]*)?>|<\d{1,2}:\d{2}[:.\d]*>")


@dataclass(frozen=True)
class Cue:
    key: str
    text: str
    tags: tuple[Tag, ...]
    line: int
    start_ms: int


def read_cues(path: str, *, encoding: str = "utf-8") -> list[Cue]:
    text = read_text(path, encoding=encoding).replace("\r\n", "\n").replace("\r", "\n")
    vtt = path.lower().endswith(".vtt")
    lines = text.split("\n")
    if vtt and not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError("a WebVTT file starts with the line 'WEBVTT'; add it", path=path, line=1)
    cues: list[Cue] = []
    blocks = _blocks(lines)
    for first, block in blocks:
        timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing_at is None:
            if vtt:  # WEBVTT header, NOTE, STYLE and REGION blocks hold no cue
                continue
            raise InputError("block has no 'start --> end' timing line; each cue needs one",
                             path=path, line=first)
        match = _TIMING.match(block[timing_at])
        if match is None:
            raise InputError(f"cannot read the timing {block[timing_at].strip()!r}; write HH:MM:SS,mmm --> HH:MM:SS,mmm",
                             path=path, line=first + timing_at)
        identifier = block[timing_at - 1].strip() if timing_at else ""
        start = _ms(match.groups()[:4])
        if cues and start < cues[-1].start_ms:
            raise InputError(
                f"cue {identifier or len(cues) + 1!r} starts at {block[timing_at].split('-->')[0].strip()}, before the cue "
                "above it; put the cues in time order",
                path=path, line=first + timing_at,
            )
        body = "\n".join(block[timing_at + 1:])
        tags = tuple(_tag(m) for m in _TAG.finditer(body))
        plain = " ".join(_TAG.sub("", body).split())
        cues.append(Cue(key=identifier or str(len(cues) + 1), text=plain, tags=tags, line=first, start_ms=start))
    if not cues:
        raise InputError("holds no cues; nothing to check", path=path)
    return cues


def pair_cues(source_path: str, target_path: str, *, encoding: str = "utf-8") -> tuple[Bilingual, list[Cue]]:
    """The units of two subtitle files matched by cue key, in source order, and the target cues
    that have no source cue (additions)."""
    source = read_cues(source_path, encoding=encoding)
    target = read_cues(target_path, encoding=encoding)
    by_key = {cue.key: cue for cue in target}
    units = []
    for cue in source:
        match = by_key.pop(cue.key, None)
        units.append(Unit(key=cue.key, source=cue.text, target=match.text if match else None, line=cue.line,
                          markup=Markup(cue.tags, match.tags if match else ())))
    fmt = "vtt" if source_path.lower().endswith(".vtt") else "srt"
    extra = [cue for cue in target if cue.key in by_key]
    return Bilingual(path=source_path, format=fmt, units=tuple(units)), extra


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _ms(parts: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, millis = (int(p or 0) for p in parts)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _tag(match: re.Match[str]) -> Tag:
    raw = match.group(0)
    name = (match.group(1) or "time").lower()
    return Tag(name, "", "close" if raw.startswith("</") else "empty" if name == "time" else "open")
