"""The flag policy: the one place where signals become issues with a severity.

Scorers propose a severity (`Signal.severity_hint`) from their own documented thresholds; this
policy applies the user's per-code overrides (`Config.severity_overrides`, e.g. {"REP002": "major"},
or "ok" to silence a code) and supplies defaults for signals that carry no hint.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtqa.config import Config
from mtqa.types import Issue, Severity, Signal

# Every issue code a scorer, the aligner or the pair reader can emit: `--severity CODE=...` and
# `severity_overrides` accept only these, so a misspelt code is refused instead of silently ignored
# (tests/test_reliability_inputs.py checks the list against the codes written in the source).
ISSUE_CODES = frozenset({
    "ALN001", "ALN002", "COD001", "CON001", "CUT001", "EML001", "EML002", "DAT001", "DAT002", "DAT003", "EMP001", "EMP002",
    "ENT001", "ENT002", "LEN001", "NEG001", "NEG002",
    "NUM001", "NUM002", "NUM003", "NUM004", "NUM005", "NUM006",
    "PUN001", "PUN002", "PUN003", "PUN004", "PUN005",
    "QE-TRUNCATED", "QE-WINDOWED", "QE-XCOMET-SPAN", "QE001", "QEO001", "QEO002",
    "PLH001", "PLH002", "REP001", "REP002", "SEM001", "TAG001", "TAG002", "TAG003", "TAG004",
    "TRM001", "TRM002", "UNT001", "UNT002", "UNW001", "URL001", "URL002", "WAL001", "WAL002", "WSP001", "WSP002",
})

# Defaults for codes whose scorer gives no hint. Alignment gaps are major (issue #2: an unmatched
# source sentence is an omission, an unmatched target sentence an addition, both major).
DEFAULT_SEVERITY: dict[str, Severity] = {
    "ALN001": Severity.MAJOR,
    "ALN002": Severity.MAJOR,
}
FALLBACK = Severity.MINOR

# A finding about the whole sentence makes narrower findings of the same fault noise: a sentence
# left wholly in Italian (UNT001) or a byline kept in Italian (UNT002) need no word-level UNW001,
# nor the offline QE model's "this word looks mistranslated" spans (QEO001) inside the copy.
# Likewise a named accuracy fault (a wrong number, date, name, negation or term) explains the
# offline QE model's suspicion of the same sentence: its QEO001 word spans would only repeat it,
# less precisely (measured on corpora/examples/pairs.tsv: '9.' and 'March 3.' tagged beside the
# NEG001 and ENT001 findings that name the real fault).
_NAMED_FAULTS = (
    "NUM001", "NUM002", "NUM003", "NUM004", "NUM005", "NUM006", "DAT001", "DAT002", "DAT003",
    "ENT001", "ENT002", "NEG001", "NEG002", "TRM001", "TRM002",
)
SUPERSEDES: dict[str, frozenset[str]] = {
    "UNT001": frozenset({"UNW001", "QEO001", "QEO002"}),
    "UNT002": frozenset({"UNW001", "QEO001", "QEO002"}),
    **{code: frozenset({"QEO001"}) for code in _NAMED_FAULTS},
    "TRM001": frozenset({"QEO001", "QEO002"}),  # the glossary names the right term: QEO002 would only repeat it
}


def decide(signal: Signal, config: Config) -> Severity:
    override = config.severity_overrides.get(signal.code)
    if override is not None:
        return Severity.parse(override)
    if signal.severity_hint is not None:
        return signal.severity_hint
    return DEFAULT_SEVERITY.get(signal.code, FALLBACK)


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
