"""The data that flows through mtqa: segments, alignments, signals, issues, results, reports.

Scorers emit *signals* (facts: "the number 6,000 in the source has no counterpart"); only
`mtqa.flags` turns signals into *issues* with a severity. All records are frozen.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtqa.evidence import Evidence

Span = tuple[int, int]
"""Character offsets [start, end) into a segment's text."""


class Severity(enum.Enum):
    """How much a finding matters. NOTE is a review note: a finding its check cannot tell from a
    legitimate paraphrase at the precision a gate needs (README, "Severities"). It is reported, but
    never fails a gate and does not make a segment flagged; `flags` is MINOR and worse."""

    OK = "ok"
    NOTE = "note"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @property
    def flags(self) -> bool:
        """True for the severities that flag a segment and can fail a gate (minor and worse)."""
        return self.rank >= _RANK[Severity.MINOR]

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            valid = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r}; valid: {valid}") from None


_RANK = {Severity.OK: 0, Severity.NOTE: 1, Severity.MINOR: 2, Severity.MAJOR: 3, Severity.CRITICAL: 4}


class Category:
    """MQM-style categories used by mtqa (MQM core typology, accuracy and fluency branches)."""

    MISTRANSLATION = "accuracy/mistranslation"
    OMISSION = "accuracy/omission"
    ADDITION = "accuracy/addition"
    UNTRANSLATED = "accuracy/untranslated"
    NUMBER = "accuracy/number"
    DATE = "accuracy/date"
    ENTITY = "accuracy/entity"
    TERMINOLOGY = "terminology"
    CONSISTENCY = "terminology/inconsistent"
    REPETITION = "fluency/repetition"
    GRAMMAR = "fluency/grammar"
    PUNCTUATION = "fluency/punctuation"
    LENGTH = "accuracy/length"
    MARKUP = "design/markup"  # MQM "Design and markup > Markup tag": inline tags and placeholders
    DO_NOT_TRANSLATE = "accuracy/do-not-translate"  # URLs, e-mail addresses, product codes
    WHITESPACE = "design/whitespace"


@dataclass(frozen=True)
class Segment:
    """One sentence of a document.

    `line` is the 1-based line of the file the sentence starts on; `paragraph` counts blank-line
    separated blocks from 0; `start`/`end` are character offsets into that line.
    """

    text: str
    index: int
    paragraph: int = 0
    line: int = 0
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Link:
    """One alignment link: source segment indices to target segment indices (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class Tag:
    """An inline markup code of a localisation file (XLIFF <g>/<x>/<ph>/<pc>, a subtitle <i>).

    `kind` is 'open', 'close' or 'empty'; `id` links a target tag to its source tag ('' where the
    format has no ids, as in HTML-like subtitle tags, where the name alone must match).
    """

    name: str
    id: str = ""
    kind: str = "empty"

    def __str__(self) -> str:
        ident = f" id={self.id}" if self.id else ""
        return {"open": f"<{self.name}{ident}>", "close": f"</{self.name}{ident}>"}.get(self.kind, f"<{self.name}{ident}/>")


@dataclass(frozen=True)
class Markup:
    """The inline markup taken out of a pair's text, in document order, compared separately."""

    source: tuple[Tag, ...] = ()
    target: tuple[Tag, ...] = ()


@dataclass(frozen=True)
class Pair:
    """What a scorer sees: one source text and one target text (either may be empty for 1-0 / 0-1 links).

    `meta` carries pair-file columns other than source/target, unchanged, in input order.
    """

    source: str
    target: str
    index: int = 0
    meta: Mapping[str, Any] = field(default_factory=dict)
    markup: Markup | None = None
    """Inline markup of a localisation-file unit (None: the pair came as plain text)."""


@dataclass(frozen=True)
class Signal:
    """A scorer's finding about one pair, before any severity is decided.

    `code` identifies the rule (e.g. "NUM001"); `value` is a graded strength for signals whose
    severity depends on a threshold (similarity, QE scores), else None.
    """

    code: str
    category: str
    message: str
    scorer: str
    target_span: Span | None = None
    source_span: Span | None = None
    value: float | None = None
    severity_hint: Severity | None = None


@dataclass(frozen=True)
class PairScore:
    """A scorer's output for one pair: an optional higher-is-better score in [0, 1] and its signals."""

    score: float | None = None
    signals: tuple[Signal, ...] = ()
    raw: float | None = None
    # What a report may show beside the issues (e.g. a word alignment); JSON-serialisable, for reports only.
    details: Mapping[str, Any] = field(default_factory=dict)
    # Typed records other scorers may read (declared in their `requires`) and reports may render.
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Issue:
    code: str
    category: str
    severity: Severity
    message: str
    scorer: str
    target_span: Span | None = None
    source_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "scorer": self.scorer,
            "target_span": list(self.target_span) if self.target_span else None,
            "source_span": list(self.source_span) if self.source_span else None,
        }


@dataclass(frozen=True)
class SegmentResult:
    index: int
    source: str
    target: str
    score: float | None
    issues: tuple[Issue, ...]
    source_ids: tuple[int, ...] = ()
    target_ids: tuple[int, ...] = ()
    source_lines: tuple[int, ...] = ()
    target_lines: tuple[int, ...] = ()
    scores: Mapping[str, float | None] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Per scorer name, the typed evidence records it published for this segment (not serialised).
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    # Issues an editor accepted (a baseline file, mtqa.baseline): reported apart, never gated.
    suppressed: tuple[Issue, ...] = ()

    @property
    def severity(self) -> Severity:
        worst = Severity.OK
        for issue in self.issues:
            if worst < issue.severity:
                worst = issue.severity
        return worst

    @property
    def flagged(self) -> bool:
        """An issue of minor or worse: review notes alone leave a segment unflagged."""
        return self.severity.flags

    @property
    def notes(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.NOTE)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.meta)
        out.update(
            {
                "index": self.index,
                "source": self.source,
                "target": self.target,
                "score": self.score,
                "severity": self.severity.value,
                "issues": [i.to_dict() for i in self.issues],
            }
        )
        if self.source_lines or self.target_lines:
            out["source_lines"] = list(self.source_lines)
            out["target_lines"] = list(self.target_lines)
        if self.scores:
            out["scores"] = dict(self.scores)
        if self.details:
            out["details"] = {name: dict(d) for name, d in self.details.items()}
        if self.suppressed:
            out["suppressed"] = [i.to_dict() for i in self.suppressed]
        return out


@dataclass(frozen=True)
class Report:
    """Everything a writer renders. Every scorer's signature and the config travel with the results."""

    segments: tuple[SegmentResult, ...]
    source_lang: str
    target_lang: str
    signatures: Mapping[str, Mapping[str, str]]
    config: Mapping[str, Any]
    source_path: str | None = None
    target_path: str | None = None
    warnings: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.MAJOR
    # The suppression file applied, if any (its accepted issues are in each segment's `suppressed`).
    baseline: str | None = None

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for seg in self.segments:
            counts[seg.severity.value] += 1
        return counts

    def issue_counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity if s is not Severity.OK}
        for seg in self.segments:
            for issue in seg.issues:
                counts[issue.severity.value] += 1
        return counts

    def suppressed_count(self) -> int:
        return sum(len(seg.suppressed) for seg in self.segments)

    @property
    def worst(self) -> Severity:
        worst = Severity.OK
        for seg in self.segments:
            if worst < seg.severity:
                worst = seg.severity
        return worst

    @property
    def passed(self) -> bool:
        # Review notes never fail a gate, whatever level it was given.
        return self.fail_on is None or not any(
            s.flags and s >= self.fail_on for s in (seg.severity for seg in self.segments))
