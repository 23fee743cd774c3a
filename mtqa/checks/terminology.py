"""Terminology: glossary terms in the source must be translated as the glossary says.

The glossary comes from `Config.glossary` (`--glossary FILE`); see mtqa.checks.glossary for the
formats and the inflection-aware matching. Without a glossary the check finds nothing. A malformed
glossary raises InputError (exit 3) naming the line when the scorer is built, before any scoring;
terms that can never match are listed in `warnings`.
"""

from __future__ import annotations

from mtqa.checks._base import RuleScorer, fold, quote
from mtqa.checks.glossary import Glossary, load_glossary
from mtqa.config import Config
from mtqa.types import Category, Pair, Severity, Signal


class TerminologyScorer(RuleScorer):
    name = "terminology"
    version = "1"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.glossary: Glossary | None = None
        if config.glossary:
            self.glossary = load_glossary(config.glossary, self.source_lang, self.target_lang)
            self.warnings.extend(self.glossary.warnings)

    def parameters(self) -> dict[str, str]:
        if self.glossary is None:
            return {"glossary": "none"}
        return {"glossary": self.glossary.path, "glossary_sha256": self.glossary.digest,
                "terms": str(len(self.glossary.terms))}

    def check(self, pair: Pair) -> list[Signal]:
        if self.glossary is None:
            return []
        src, tgt = fold(pair.source), fold(pair.target)
        claimed: list[tuple[int, int]] = []
        out: list[Signal] = []
        for term in self.glossary.terms:
            for m in term.source_pattern.finditer(src):
                if any(s <= m.start() and m.end() <= e for s, e in claimed):
                    continue
                claimed.append((m.start(), m.end()))
                if any(p.search(tgt) for p in term.target_patterns):
                    continue
                found = pair.source[m.start():m.end()]
                if term.dnt:
                    msg = (f"do-not-translate term {quote(term.source)} (source {quote(found)}) must appear "
                           "unchanged in the target")
                    code = "TRM002"
                else:
                    options = " or ".join(repr(t) for t in term.targets)
                    msg = (f"glossary term {quote(term.source)} (source {quote(found)}) must be translated as "
                           f"{options}; the target has none of them")
                    code = "TRM001"
                out.append(Signal(code=code, category=Category.TERMINOLOGY, message=msg, scorer=self.name,
                                  target_span=None, source_span=(m.start(), m.end()),
                                  severity_hint=Severity.MAJOR))
                break
        return out
