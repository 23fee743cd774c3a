"""Untranslated words inside an otherwise translated target: "has rinviato the riforma delle pensioni".

Sentence-level language ID (mtqa.checks.language) catches a target left wholly in the source
language; this check finds the runs of source-language words left inside a translated sentence.
A target word is source-language evidence when it is
  - a source-language function word that is not a target-language word ("della", "che", "gli"), or
  - copied from the source (same word, case-insensitive), lowercase, and shaped like a source word:
    for Italian, ending in a vowel (Italian native words do; the English loanwords Italian borrows,
    "software", "cloud", "stop", mostly do not), and not an English word of that shape
    (data/loanwords.en.txt: "area", "idea", "data", "privacy", "dose", ...). Words ending in -e are
    as often English ("software", "database", "state") as Italian ("pensione", "nazionale"): they
    also need py3langid, restricted to the two languages, to give the source language p >= 0.75
    on the word alone (on 42 English and 37 Italian words no English word scored above 0.62).
Names (capitalised words) are never evidence. A run with a content word is major ("riforma"); a
run of function words only ("di Chiara Rossi") is minor.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mtqa.checks._base import RuleScorer, fold, is_initial, quote, word_set
from mtqa.config import Config
from mtqa.types import Category, Pair, Severity, Signal

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SHAPE = {
    "it": re.compile(r"^[a-zàèéìòù'’]{3,}[aeiouàèéìòù]$"),
    "en": re.compile(r"^[a-z'’-]{3,}$"),
}
_NAMES = {"it": "Italian", "en": "English"}


def _loanwords(lang: str) -> frozenset[str]:
    """Words of `lang` (the target language) that may legitimately look like source words."""
    return word_set(f"loanwords.{lang}.txt") | word_set(f"function_words.{lang}.txt")


class UntranslatedWordsScorer(RuleScorer):
    name = "untranslated_words"
    version = "1"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.langid_threshold = config.threshold("untranslated_words.langid", WORD_LANGID_THRESHOLD)

    def parameters(self) -> dict[str, str]:
        return {"word_langid": f"py3langid p>={self.langid_threshold}"}

    def check(self, pair: Pair) -> list[Signal]:
        if self.source_lang == self.target_lang:
            return []
        src_fw = word_set(f"function_words.{self.source_lang}.txt")
        tgt_ok = _loanwords(self.target_lang)
        shape = _SHAPE[self.source_lang]
        src_words = {part for w in _WORD.findall(pair.source) for part in re.split(r"['’]", w.lower()) + [w.lower()]}
        toks = list(_WORD.finditer(pair.target))
        flags: list[tuple[int, int, bool]] = []  # (start, end, is_content)
        for i, m in enumerate(toks):
            w = m.group(0)
            lw = w.lower()
            f = fold(lw)
            if w[0].isupper() and (f not in src_fw or w.isupper() or not is_initial(pair.target, m.start())):
                continue  # names, acronyms ("AI"), and a sentence's first word unless a function word
            if pair.target[m.end():m.end() + 1] == "-" or pair.target[m.start() - 1:m.start()] == "-":
                continue  # a piece of a hyphenated word: "anti-alcohol", "e-commerce"
            if re.search(r"['’][A-Z]", w):
                continue  # "d'Italia", "dell'Interno": part of a name
            if f in tgt_ok or lw in tgt_ok:
                continue
            if f in src_fw:
                flags.append((m.start(), m.end(), False))
            elif lw in src_words and shape.match(lw) and self._source_shaped(lw):
                flags.append((m.start(), m.end(), True))
        if not flags:
            return []
        # Merge adjacent flagged words (only spaces/apostrophes between) into runs.
        runs: list[list[tuple[int, int, bool]]] = [[flags[0]]]
        for f_ in flags[1:]:
            gap = pair.target[runs[-1][-1][1]:f_[0]]
            if gap.strip(" '’") == "":
                runs[-1].append(f_)
            else:
                runs.append([f_])
        signals = []
        total = max(1, len(toks))
        for run in runs:
            start, end = run[0][0], run[-1][1]
            content = any(c for _, _, c in run)
            if self.source_lang == "en" and all(c for _, _, c in run):
                # Italian borrows English words freely ("il referendum", "il tram", "bike sharing"):
                # copied English words count only next to an English function word ("the budget").
                continue
            if not content and len(run) == 1 and len(toks) > 6 and _sole_function_word(run, pair.target):
                # One stray function word in a long sentence ("la" in "la dolce vita") is weak evidence.
                continue
            major = content or len(run) >= 3 or len(run) / total > 0.5
            signals.append(Signal(
                code="UNW001", category=Category.UNTRANSLATED, scorer=self.name,
                message=f"{quote(pair.target[start:end])} in the target is {_NAMES[self.source_lang]}, "
                        f"left untranslated; translate it into {_NAMES[self.target_lang]}",
                target_span=(start, end), source_span=_find(pair.source, pair.target[start:end]),
                severity_hint=Severity.MAJOR if major else Severity.MINOR))
        return signals


    def _source_shaped(self, word: str) -> bool:
        if self.source_lang != "it" or not word.endswith("e"):
            return True
        return _word_language_probability(word, self.source_lang, self.target_lang) >= self.langid_threshold


WORD_LANGID_THRESHOLD = 0.75


@cache
def _identifier(langs: tuple[str, str]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(langs))
    return ident


@cache
def _word_language_probability(word: str, lang: str, other: str) -> float:
    label, prob = _identifier((lang, other)).classify(word)
    return float(prob) if label == lang else 1.0 - float(prob)


def _sole_function_word(run: list[tuple[int, int, bool]], text: str) -> bool:
    return text[run[0][0]:run[0][1]].lower() in ("la", "le", "e", "o", "a", "i", "il")


def _find(source: str, fragment: str) -> tuple[int, int] | None:
    i = source.lower().find(fragment.lower())
    return (i, i + len(fragment)) if i >= 0 else None
