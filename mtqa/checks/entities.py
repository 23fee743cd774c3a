"""Names and entities: proper nouns, acronyms and brands in the source must reach the target.

A source name is a capitalised word that does not open a sentence (or opens one but is followed
by another capitalised name word, "Jeff Bezos ha..."), an acronym ("CNN"), a word with an inner
capital ("iPhone"), or any form listed in the exonym table. It is found in the target verbatim
(accent- and case-insensitive, so "Perù" = "Peru") or through the exonym table (Torino -> Turin,
Stati Uniti -> United States / US). Capitalised common nouns that translators translate
("Governo", "Garante", "Ministero dell'Interno") are listed in data/entity_common.*.txt and never
count as names. The other way, a capitalised target word with no counterpart in the source is an
added name; English capitalises nationality adjectives, so "l'americana" -> "the American" is
matched through data/demonyms.it-en.tsv. Title-case headlines are skipped on the target side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from mtqa.checks._base import RuleScorer, Word, data_lines, fold, quote, word_set, words
from mtqa.types import Category, Pair, Severity, Signal

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]+$")
_INNER_CAP = re.compile(r"^[a-z]+[A-Z]")
# Frequent sentence openers that a following capital (a name) must not drag into the name.
_STARTERS = {
    "it": frozenset("""la le i l lo gli il un una uno come anche secondo per in a da su con tra fra dopo prima oltre mentre quando se ma
        e o perché pure già ora oggi ieri domani così dunque tutti alcuni molti pochi ecco grazie ogni
        altri entrambi insieme contro verso sia né nemmeno neanche persino solo soltanto mai""".split()),
    "en": frozenset("""like as also in on at for with after before when while if but and or so now today
        yesterday tomorrow both many some all every each according unlike despite during under since
        though although meanwhile however thus then here there even only just never from by to""".split()),
}


@dataclass(frozen=True)
class Tables:
    forward: dict[str, frozenset[str]]
    """folded name in the source language -> folded forms allowed in the target language"""
    multiword: tuple[tuple[str, re.Pattern[str]], ...]
    """multi-word source names (folded) and the regex finding them in folded source text"""
    demonyms: dict[str, frozenset[str]]
    """folded source-language adjective stem -> folded target-language forms"""
    endings: frozenset[str]
    """endings a demonym stem takes in the source language"""


@cache
def tables(source_lang: str, target_lang: str) -> Tables:
    pairs: list[tuple[str, list[str]]] = []
    for line in data_lines("exonyms.it-en.tsv"):
        it, _, en = line.partition("\t")
        en_forms = [e.strip() for e in en.split("|") if e.strip()]
        if source_lang == "it":
            pairs.append((it.strip(), en_forms))
        else:
            for e in en_forms:
                pairs.append((e, [it.strip()]))
    forward: dict[str, set[str]] = {}
    for key, key_forms in pairs:
        forward.setdefault(fold(key), set()).update(fold(f) for f in key_forms)
    multi = tuple(
        (k, re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)")) for k in forward if " " in k or "'" in k
    )
    demonyms: dict[str, set[str]] = {}
    for line in data_lines("demonyms.it-en.tsv"):
        stem, _, en = line.partition("\t")
        adjective_forms = {fold(e) for e in en.split("|")}
        if source_lang == "it":
            demonyms.setdefault(stem, set()).update(adjective_forms)
        else:
            for e in adjective_forms:
                demonyms.setdefault(e, set()).add(stem)
    endings = frozenset({"", "o", "a", "i", "e", "hi", "he"} if source_lang == "it" else {"", "s"})
    return Tables({k: frozenset(v) for k, v in forward.items()}, multi,
                  {k: frozenset(v) for k, v in demonyms.items()}, endings)


def _common(lang: str) -> frozenset[str]:
    return word_set(f"entity_common.{lang}.txt")


def _function(lang: str) -> frozenset[str]:
    return word_set(f"function_words.{lang}.txt")


def name_words(text: str, lang: str, exonym_keys: frozenset[str] = frozenset()) -> list[Word]:
    """Words of `text` that are (parts of) names."""
    ws = words(text)
    if _shouting(ws):
        return []  # an all-capitals headline: every word looks like an acronym, none can be told apart
    common, function = _common(lang), _function(lang)
    out: list[Word] = []
    for i, w in enumerate(ws):
        t = w.text
        f = fold(t)
        if len(t) < 2 or not t[0].isupper() and not _INNER_CAP.match(t):
            continue
        if f in common or (_ACRONYM.match(t) and _is_roman(t)):
            continue
        if _ACRONYM.match(t) or _INNER_CAP.match(t) or f in exonym_keys:
            out.append(w)
            continue
        if not w.initial:
            out.append(w)
            continue
        # A sentence-opening capital counts when the next word continues a name: "Jeff Bezos ha".
        nxt = ws[i + 1] if i + 1 < len(ws) else None
        if (
            nxt is not None
            and nxt.text[0].isupper()
            and fold(nxt.text) not in common
            and f not in function
            and f not in _STARTERS.get(lang, frozenset())
            and text[w.end:nxt.start].strip() == ""
        ):
            out.append(w)
    return out


def _shouting(ws: list[Word]) -> bool:
    long_words = [w for w in ws if len(w.text) >= 3]
    return len(long_words) >= 3 and sum(w.text.isupper() for w in long_words) * 2 > len(long_words)


def _is_roman(t: str) -> bool:
    return re.fullmatch(r"[MDCLXVI]+", t) is not None


def _headline(text: str) -> bool:
    ws = [w for w in words(text) if len(w.text) > 3 and not w.initial]
    return len(ws) >= 2 and sum(w.capitalized for w in ws) / len(ws) >= 0.75


class EntityScorer(RuleScorer):
    name = "entities"
    version = "1"

    def check(self, pair: Pair) -> list[Signal]:
        t = tables(self.source_lang, self.target_lang)
        src_fold, tgt_fold = fold(pair.source), fold(pair.target)
        tgt_words = set(re.findall(r"[^\W_]+", tgt_fold))
        src_words = set(re.findall(r"[^\W_]+", src_fold))
        signals: list[Signal] = []
        covered: list[tuple[int, int]] = []
        # Multi-word names first ("Stati Uniti", "Banca d'Italia"): their words are not checked alone.
        for key, pattern in t.multiword:
            for m in pattern.finditer(src_fold):
                covered.append((m.start(), m.end()))
                forms = t.forward[key] | {key}
                if not any(_contains(tgt_fold, f) for f in forms):
                    signals.append(self._missing(pair.source[m.start():m.end()], (m.start(), m.end()), forms))
        keys = frozenset(t.forward)
        tgt_caps = _capitalized(pair.target)
        for w in name_words(pair.source, self.source_lang, keys):
            if any(s <= w.start < e for s, e in covered):
                continue
            f = fold(w.text)
            if f not in keys and not _ACRONYM.match(w.text) and self._in_named_body(pair.source, w):
                continue
            forms = t.forward.get(f, frozenset()) | {f}
            if any(x in tgt_words if " " not in x else _contains(tgt_fold, x) for x in forms):
                continue
            if any(similar(f, c) for c in tgt_caps):
                continue
            if self.source_lang == "en" and self._adjective_in_target(f, t, tgt_words):
                continue
            signals.append(self._missing(w.text, (w.start, w.end), forms))
        if not _headline(pair.target):
            signals.extend(self._additions(pair, t, src_fold, src_words))
        return signals

    def _additions(self, pair: Pair, t: Tables, src_fold: str, src_words: set[str]) -> list[Signal]:
        allowed: set[str] = set(src_words)
        for sw in src_words:
            for f in t.forward.get(sw, ()):
                allowed.update(f.split())
            for k in range(3, len(sw) + 1):
                if sw[k:] in t.endings and sw[:k] in t.demonyms:
                    for f in t.demonyms[sw[:k]]:
                        allowed.update(f.split())
        for key, pattern in t.multiword:
            if pattern.search(src_fold):
                for f in t.forward[key]:
                    allowed.update(f.split())
        out = []
        src_caps = _capitalized(pair.source)
        translated = _translated_name_words(pair.target, self.target_lang)
        for w in name_words(pair.target, self.target_lang):
            f = fold(w.text)
            if f in allowed or w.start in translated or any(similar(f, c) for c in src_caps):
                continue
            if any(_similar_adjective(f, x) for x in src_words if len(x) > 4):
                continue  # "keniano" -> "Kenyan": an adjective of the source, capitalised in English
            out.append(Signal(
                code="ENT002", category=Category.ENTITY, scorer=self.name,
                message=f"name {quote(w.text)} in the target has no counterpart in the source",
                target_span=(w.start, w.end), source_span=None, severity_hint=Severity.MAJOR))
        return out

    def _adjective_in_target(self, f: str, t: Tables, tgt_words: set[str]) -> bool:
        """en->it: 'Italian'/'Italy's' may become the lowercase adjective 'italiano'."""
        stems = t.demonyms.get(f, frozenset())
        return any(w[:len(s)] == s and w[len(s):] in _IT_ENDINGS for s in stems for w in tgt_words)

    def _in_named_body(self, text: str, w: Word) -> bool:
        """'Salone del Libro', 'Istituto superiore di Sanità': a capital after a common-noun head
        and a preposition belongs to an institution name that is translated as a whole."""
        m = _HEAD_OF.get(self.source_lang, _HEAD_OF["en"]).search(text, 0, w.start)
        return m is not None and m.end() == w.start and fold(m.group(1)) in _common(self.source_lang)

    def _missing(self, text: str, span: tuple[int, int], forms: frozenset[str]) -> Signal:
        alts = sorted(forms - {fold(text)})
        hint = f" (expected {' or '.join(repr(a) for a in alts[:3])})" if alts else ""
        return Signal(
            code="ENT001", category=Category.ENTITY, scorer=self.name,
            message=f"name {quote(text)} in the source is missing from the target{hint}",
            target_span=None, source_span=span, severity_hint=Severity.MAJOR)


_HEAD_OF = {
    "it": re.compile(
        r"\b([A-ZÀ-Ý][\w]+)(?:\s+[a-zà-ý]+){0,3}\s+(?:di|del|della|dei|degli|delle|dello|per|dell['’]|d['’])\s*$"
    ),
    "en": re.compile(r"\b([A-Z][\w]+)(?:\s+[a-z]+){0,3}\s+(?:of|for|on)\s+(?:the\s+)?$"),
}
# Titles head a person's name ("Minister Rossi"), not an institution's: they do not make a run translated.
_TITLES = frozenset("""mr mrs ms dr prof sir minister president premier pope king queen prince princess
    mayor senator judge cardinal bishop archbishop general captain colonel father sister saint st
    signor signora dottor dottore professor professore ministro ministra presidente papa re regina
    principe sindaco sindaca senatore giudice cardinale vescovo generale capitano padre suor don san
    santa santo""".split())
_IT_ENDINGS = frozenset({"", "o", "a", "i", "e", "hi", "he"})
_GLUE_WORDS = frozenset({"of", "for", "the", "and", "on", "de", "di", "del", "della"})
_RUN_GLUE = re.compile(r"^(?:\s+|\s+(?:of|for|the|and|on|de|di|del|della|of the)\s+)$")


def _translated_name_words(text: str, lang: str) -> set[int]:
    """Starts of capitalised words in a multi-word name that holds a common noun ('International
    Monetary Fund', 'Book Fair', 'Egyptian Museum'): the name was translated as a whole, so its
    other words have no verbatim counterpart in the source."""
    ws: list[Word | None] = [*words(text), None]
    common = _common(lang)
    out: set[int] = set()
    run: list[Word] = []
    for w in ws:
        if w is not None and run and w.text in _GLUE_WORDS:
            continue
        if w is not None and w.text[:1].isupper() and (
            not run or _RUN_GLUE.match(text[run[-1].end:w.start])
        ):
            run.append(w)
            continue
        if len(run) >= 2 and any(fold(r.text) in common and fold(r.text) not in _TITLES for r in run):
            out.update(r.start for r in run)
        run = [w] if w is not None and w.text[:1].isupper() else []
    return out


def _capitalized(text: str) -> list[str]:
    return [fold(w.text) for w in words(text) if w.text[:1].isupper()]


def similar(a: str, b: str) -> bool:
    """Spelling variants of one name across languages: Guyana/Guiana, Marte/Mars, Sistina/Sistine.

    A shared prefix of 4 letters, of 3 letters with a close overall spelling, or a close spelling
    (difflib ratio >= 0.8). Different names rarely pass: Turin/Trieste 0.33, Venice/Verona 0.33.
    """
    if a == b:
        return True
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    if prefix >= 4:
        return True
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio >= 0.8 or (prefix >= 3 and ratio >= 0.6)


def _similar_adjective(a: str, b: str) -> bool:
    """'kenyan' / 'keniano': a shared 3-letter start and a close spelling (Trieste/torinese fail)."""
    return a[:3] == b[:3] and SequenceMatcher(None, a, b).ratio() >= 0.6


def _contains(haystack: str, needle: str) -> bool:
    return _word_re(needle).search(haystack) is not None


@cache
def _word_re(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
