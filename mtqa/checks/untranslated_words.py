"""Untranslated words inside an otherwise translated target: "has rinviato the riforma delle pensioni".

Sentence-level language ID (mtqa.checks.language) catches a target left wholly in the source
language; this check finds the runs of source-language words left inside a translated sentence.
A target word is source-language evidence when it is
  - a source-language function word that is not a target-language word ("della", "che", "gli"), or
  - copied from the source (same word, case-insensitive), lowercase, for Italian ending in a vowel
    (Italian native words do), and a source-language word rather than a target-language one by
    word frequency (mtqa.checks.lexicon, wordfreq): not common in the target language and ten times
    as frequent in the source's. Loanwords and shared vocabulary ("software", "pizza", "film",
    "tsunami", "mobile", "plasma") are ordinary words of both languages and so are no evidence;
    neither is a word rare in both (a Latin tag, "kyudo"). mtqa/lang/<code>/loanwords.txt keeps the words
    wordfreq misjudges.
Names (capitalised words) are never evidence, nor a function word inside a name ("Tierra del Sol",
"Newport on the Levee": flanked by capitalised words). A run with a content word is major
("riforma"); a run of function words only ("di Chiara Rossi") is minor.
"""

from __future__ import annotations

import re

from mtqa.checks import lexicon
from mtqa.checks._base import RuleScorer, fold, is_initial, quote
from mtqa.checks.markup import emails, urls
from mtqa.config import Config
from mtqa.lang import get as language
from mtqa.lang.words import word_regex
from mtqa.types import Category, Pair, Severity, Signal

_WORD = word_regex(joiners="'’", once=True)


def _loanwords(lang: str) -> frozenset[str]:
    """Words of `lang` (the target language) that may legitimately look like source words."""
    return language(lang).loanwords | language(lang).function_words


class UntranslatedWordsScorer(RuleScorer):
    name = "untranslated_words"
    version = "2"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.margin = config.threshold("untranslated_words.margin", lexicon.LANGUAGE_MARGIN)

    def parameters(self) -> dict[str, str]:
        return {"word_language": f"wordfreq zipf (simplemma lemma): source - target >= {self.margin:g} (+{lexicon.COMMON_EXTRA:g} when target >= {lexicon.COMMON_ZIPF:g})"}

    def check(self, pair: Pair) -> list[Signal]:
        if self.source_lang == self.target_lang:
            return []
        src_fw = language(self.source_lang).function_words
        tgt_ok = _loanwords(self.target_lang)
        shape = language(self.source_lang).word_shape
        src_words = {part for w in _WORD.findall(pair.source) for part in re.split(r"['’]", w.lower()) + [w.lower()]}
        toks = list(_WORD.finditer(pair.target))
        # URLs and e-mail addresses are copied, not translated ("www.example.it", "/en/terms")
        copied = [span for _, span in (*urls(pair.target), *emails(pair.target))]
        flags: list[tuple[int, int, bool]] = []  # (start, end, is_content)
        for i, m in enumerate(toks):
            if any(s <= m.start() < e for s, e in copied):
                continue
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
            elif lw in src_words and shape.match(lw) and lexicon.foreign_word(lw, self.source_lang, self.target_lang, margin=self.margin):
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
            if not content and _inside_name(pair.target, start, end):
                continue
            if self.source_lang in language(self.target_lang).borrows_from and all(c for _, _, c in run):
                # Italian borrows English words freely ("il referendum", "il tram", "bike sharing"):
                # copied English words count only next to an English function word ("the budget").
                continue
            if not content and len(run) == 1 and len(toks) > 6 and _sole_function_word(run, pair.target):
                # One stray function word in a long sentence ("la" in "la dolce vita") is weak evidence.
                continue
            major = content or len(run) >= 3 or len(run) / total > 0.5
            signals.append(Signal(
                code="UNW001", category=Category.UNTRANSLATED, scorer=self.name,
                message=f"{quote(pair.target[start:end])} in the target is {language(self.source_lang).name}, "
                        f"left untranslated; translate it into {language(self.target_lang).name}",
                target_span=(start, end), source_span=_find(pair.source, pair.target[start:end]),
                severity_hint=Severity.MAJOR if major else Severity.MINOR))
        return signals


# the word before a run, over up to two short lowercase words ("Newport on the Levee")
_PREV_WORD = re.compile(r"([^\W\d_]+)(?:[^\w]+[a-z]{1,3}){0,2}[^\w]*$")
_NEXT_WORD = re.compile(r"^[^\w]*([^\W\d_]+)")


def _inside_name(text: str, start: int, end: int) -> bool:
    """A run between two capitalised words ("Tierra del Sol", "Bells of Coronado", "Fish and Wildlife"),
    or capitalised itself before one ("Nell Scovell")."""
    before, after = _PREV_WORD.search(text[:start]), _NEXT_WORD.match(text[end:])
    if not (after and after.group(1)[0].isupper()):
        return False
    # a capitalised run opening a capitalised sequence is a name or title too: "Nell Scovell", "The High Breed"
    return text[start].isupper() or bool(before and before.group(1)[0].isupper())


def _sole_function_word(run: list[tuple[int, int, bool]], text: str) -> bool:
    return text[run[0][0]:run[0][1]].lower() in ("la", "le", "e", "o", "a", "i", "il")


def _find(source: str, fragment: str) -> tuple[int, int] | None:
    i = source.lower().find(fragment.lower())
    return (i, i + len(fragment)) if i >= 0 else None
