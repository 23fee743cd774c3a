"""`terms` scorer: a repeated source word rendered differently in one sentence of a document (QEO002).

Machine translation picks a word's sense sentence by sentence. When a document uses "borsa" for
the stock exchange in six sentences, the one sentence that renders it "bag" is usually the wrong
sense; when it is not, it is still an inconsistent term an editor wants to see. This check reads the
word alignments (`WordAlignment` evidence) that `offline-qe` or `wordalign` already computed for every
pair of the document (no model of its own, no extra pass) and, for each source content word:
- collects how it is rendered in each sentence: the target word (or hyphenated compound, so
  "face-to-face" stays one unit) it is linked to most strongly;
- folds renderings with a light stemmer of the target language (English: "facial"/"face",
  "use"/"used"/"using" are one rendering; Italian: final vowel) and joins a source word's forms
  (Italian singular/plural: borsa/borse, tasso/tassi; English: the same stem);
- takes the document's usual rendering when the word occurs in at least `terms.min_occurrences`
  sentences and the usual rendering holds at least `terms.min_share` of them (and at least
  `terms.min_agree` sentences);
- flags each sentence where the word's rendering differs and the usual rendering appears nowhere
  in that translation (it may have been moved, or the word dropped for a pronoun: not flagged).
Skipped: words of fewer than `terms.min_chars` letters, capitalised words inside a sentence
(names: the entity check owns them), a rendering that copies the source word (the untranslated
checks own it), occurrences with no link (the omission evidence owns them).

Findings are QEO002, terminology/inconsistent, minor: it is evidence to look at, not a verdict. It
runs on documents only (`mtqa check`): the sentences of a pair file need not share a topic, so one
word's senses may legitimately differ between them. Measured on `corpora/terms` (correct and
injected-error versions of 8 documents) and `corpora/align` by `benchmarks/terms.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mtqa.checks._base import fold
from mtqa.config import Config
from mtqa.lang import get as language
from mtqa.evidence import Evidence, EvidenceSet, WordAlignment, WordSpan
from mtqa.types import Category, Pair, PairScore, Severity, Signal, Span
from mtqa.lang.words import stop_words

VERSION = "1"
MIN_OCCURRENCES = 4
MIN_AGREE = 3
MIN_SHARE = 0.6
MIN_CHARS = 5

def stem(word: str, lang: str) -> str:
    """The language's light stem of `word` (`Language.stem`): the renderings of one term share it."""
    return language(lang).stem(word)


def source_groups(forms: Sequence[str], lang: str) -> dict[str, str]:
    """Folded source form -> its group (`Language.group_forms`): Italian singular/plural joined,
    English by stem."""
    return language(lang).group_forms(forms)


@dataclass(frozen=True)
class Unit:
    """A target word, or a hyphenated compound of words written without spaces."""

    text: str
    span: Span
    words: tuple[int, ...]


def target_units(words: Sequence[WordSpan]) -> list[Unit]:
    """Merge words joined by '-' with no space into one unit."""
    units: list[Unit] = []
    k = 0
    while k < len(words):
        text, (start, end) = words[k].text, words[k].span
        members = [k]
        while (
            k + 2 < len(words) and words[k + 1].text == "-" and words[k + 1].span[0] == end
            and words[k + 2].span[0] == words[k + 1].span[1] and words[k + 2].text.isalnum()
        ):
            text += "-" + words[k + 2].text
            end = words[k + 2].span[1]
            members += [k + 1, k + 2]
            k += 2
        units.append(Unit(text, (start, end), tuple(members)))
        k += 1
    return units


@dataclass(frozen=True)
class Occurrence:
    pair: int  # position in the batch
    word: str  # the source word as written
    source_span: Span
    rendering: Unit  # the most strongly linked target unit
    stem: str  # the rendering's stem (target language)
    linked: frozenset[str]  # stems of every target unit linked to the word
    present: frozenset[str]  # stems of every content unit of the translation


def occurrences(alignment: WordAlignment, pair: int, source_lang: str, target_lang: str, min_chars: int) -> list[Occurrence]:
    """The candidate term occurrences of one aligned pair."""
    src_words = alignment.source_words
    units = target_units(alignment.target_words)
    unit_of = {w: u for u in units for w in u.words}
    stop_s, stop_t = stop_words(source_lang), stop_words(target_lang)

    def content_unit(u: Unit) -> bool:
        return any(c.isalpha() for c in u.text) and u.text.lower() not in stop_t

    present = frozenset(stem(u.text, target_lang) for u in units if content_unit(u))
    links: dict[int, dict[Unit, float]] = {}
    for i, j, cos in alignment.links:
        u = unit_of.get(j)
        if u is not None and content_unit(u):
            best = links.setdefault(i, {})
            best[u] = max(best.get(u, -1.0), cos)
    first_alpha = next((i for i, w in enumerate(src_words) if w.text.isalpha()), -1)
    out = []
    for i, word in enumerate(src_words):
        text, (start, end) = word.text, word.span
        if not text.isalpha() or len(text) < min_chars or text.lower() in stop_s or i not in links:
            continue
        if text[0].isupper() and i != first_alpha:
            continue  # a name, or a capitalised title word
        rendering = max(links[i].items(), key=lambda kv: (kv[1], -kv[0].span[0]))[0]
        if fold(rendering.text) == fold(text):
            continue  # copied: the untranslated checks say so
        out.append(Occurrence(pair, text, (start, end), rendering, stem(rendering.text, target_lang),
                              frozenset(stem(u.text, target_lang) for u in links[i]), present))
    return out


@dataclass(frozen=True)
class Deviation:
    occurrence: Occurrence
    usual: str  # the usual rendering as most often written
    agree: tuple[int, ...]  # batch positions of the pairs that use it


def deviations(
    found: Sequence[Occurrence], *, source_lang: str = "it",
    min_occurrences: int = MIN_OCCURRENCES, min_agree: int = MIN_AGREE, min_share: float = MIN_SHARE,
) -> list[Deviation]:
    groups = source_groups([fold(o.word) for o in found], source_lang)
    by_key: dict[str, list[Occurrence]] = {}
    for occ in found:
        by_key.setdefault(groups[fold(occ.word)], []).append(occ)
    out = []
    for group in by_key.values():
        if len({o.pair for o in group}) < min_occurrences:
            continue
        votes = Counter(o.stem for o in group)
        usual, n = votes.most_common(1)[0]
        if n < min_agree or n / len(group) < min_share - 1e-9:
            continue
        agreeing = [o for o in group if o.stem == usual]
        written = Counter(o.rendering.text.lower() for o in agreeing).most_common(1)[0][0]
        pairs = tuple(sorted({o.pair for o in agreeing}))
        for occ in group:
            if usual in occ.linked or usual in occ.present:
                continue
            out.append(Deviation(occ, written, pairs))
    return out


class TermConsistencyScorer:
    name = "terms"
    version = VERSION
    requires: tuple[type[Evidence], ...] = (WordAlignment,)
    provides: tuple[type[Evidence], ...] = ()

    def __init__(self, config: Config) -> None:
        self.config = config
        self.min_occurrences = int(config.threshold("terms.min_occurrences", MIN_OCCURRENCES))
        self.min_agree = int(config.threshold("terms.min_agree", MIN_AGREE))
        self.min_share = config.threshold("terms.min_share", MIN_SHARE)
        self.min_chars = int(config.threshold("terms.min_chars", MIN_CHARS))
        self.warnings: tuple[str, ...] = ()

    def signature(self) -> Mapping[str, str]:
        return {
            "name": self.name, "version": VERSION, "reads": "WordAlignment",
            "min_occurrences": str(self.min_occurrences), "min_agree": str(self.min_agree),
            "min_share": f"{self.min_share:g}", "min_chars": str(self.min_chars),
        }

    def score(self, pairs: Sequence[Pair], evidence: EvidenceSet | None = None) -> list[PairScore]:
        """Findings from the pairs' word alignments (`evidence`, from offline-qe or wordalign); with
        none (no provider given), nothing is found and the report says why. A provider that could
        not load its model (an unavailable offline-qe) published none and has said so itself."""
        if evidence is None or evidence.provider(WordAlignment) is None:
            if any(p.source.strip() and p.target.strip() for p in pairs):
                self.warnings = ("the term-consistency check (terms) had no word alignments to read: run it with "
                                 "offline-qe or wordalign (e.g. '--scorer default')",)
            return [PairScore() for _ in pairs]
        found: list[Occurrence] = []
        for k, al in enumerate(evidence.per_pair(WordAlignment, len(pairs))):
            if al is not None:
                found.extend(occurrences(al, k, self.config.source_lang, self.config.target_lang, self.min_chars))
        signals: list[list[Signal]] = [[] for _ in pairs]
        for dev in deviations(found, source_lang=self.config.source_lang, min_occurrences=self.min_occurrences,
                              min_agree=self.min_agree, min_share=self.min_share):
            occ = dev.occurrence
            # segments by the `#` the reports show (Pair.index)
            where = ", ".join(f"#{pairs[k].index}" for k in dev.agree[:6]) + (" ..." if len(dev.agree) > 6 else "")
            signals[occ.pair].append(Signal(
                code="QEO002", category=Category.CONSISTENCY, scorer=self.name,
                message=(f"'{occ.word}' is rendered '{occ.rendering.text}' here but '{dev.usual}' in {len(dev.agree)} other "
                         f"segments ({where}): check that this is the sense meant here, or use one term"),
                target_span=occ.rendering.span, source_span=occ.source_span, severity_hint=Severity.MINOR,
            ))
        return [PairScore(signals=tuple(s)) for s in signals]
