"""The flag policy: the one place where signals become issues with a severity.

Scorers propose a severity (`Signal.severity_hint`) from their own documented thresholds; this
policy applies the user's per-code overrides (`Config.severity_overrides`, e.g. {"REP002": "major"},
or "ok" to silence a code), takes the catalogue's default (`mtqa.codes`) for signals that carry no
hint, and drops the findings a broader one in the same segment supersedes (the catalogue's
`supersedes`). Nothing here feeds back into a score.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtqa.codes import CATALOGUE
from mtqa.config import Config
from mtqa.types import Issue, Severity, Signal

# Every issue code a scorer, the aligner or the pair reader can emit: `--severity CODE=...` and
# `severity_overrides` accept only these, so a misspelt code is refused instead of silently ignored.
ISSUE_CODES = frozenset(CATALOGUE)
# A code missing from the catalogue (a test keeps every emitted code in it) is treated as minor.
FALLBACK = Severity.MINOR

# A finding about the whole sentence makes narrower findings of the same fault noise: a sentence
# left wholly in Italian (UNT001) or a byline kept in Italian (UNT002) need no word-level UNW001,
# nor the offline QE model's "this word looks mistranslated" spans (QEO001) inside the copy.
# Likewise a named accuracy fault (a wrong number, date, name, negation or term) explains the
# offline QE model's suspicion of the same sentence: its QEO001 word spans would only repeat it,
# less precisely (measured on corpora/examples/pairs.tsv: '9.' and 'March 3.' tagged beside the
# NEG001 and ENT001 findings that name the real fault).
SUPERSEDES: dict[str, frozenset[str]] = {c.code: c.supersedes for c in CATALOGUE.values() if c.supersedes}


def decide(signal: Signal, config: Config) -> Severity:
    """The user's override if any; else the scorer's proposal (or the catalogue's default), made a
    review note where the code's findings at that severity fall below the precision bar
    (`Code.note_up_to`, mtqa.codes)."""
    override = config.severity_overrides.get(signal.code)
    if override is not None:
        return Severity.parse(override)
    code = CATALOGUE.get(signal.code)
    proposed = signal.severity_hint or (code.severity if code is not None else FALLBACK)
    if code is not None and code.note_up_to is not None and proposed.flags and proposed <= code.note_up_to:
        return Severity.NOTE
    return proposed


def to_issues(signals: Iterable[Signal], config: Config) -> tuple[Issue, ...]:
    """The issues of one segment from all its signals (superseded ones dropped), worst first."""
    signals = list(signals)
    superseded = frozenset().union(*(SUPERSEDES.get(s.code, frozenset()) for s in signals))
    issues = []
    for signal in signals:
        if signal.code in superseded:
            continue
        severity = decide(signal, config)
        if severity is Severity.OK:
            continue
        issues.append(
            Issue(
                code=signal.code,
                category=signal.category,
                severity=severity,
                message=signal.message,
                scorer=signal.scorer,
                target_span=signal.target_span,
                source_span=signal.source_span,
            )
        )
    # Worst first, then by position, so reports read from what matters most.
    issues.sort(key=lambda i: (-i.severity.rank, i.target_span or (10**9, 0)))
    return tuple(issues)
