"""English tokens, a light part-of-speech guess and inflection, for the error generator.

Part of speech: no tagger with its model inside a PyPI wheel fits here (nltk's and spaCy's models are
downloads; flair/stanza too), so tags are guessed from lexicon lookups plus the left neighbour:
closed classes (determiners, pronouns, prepositions, auxiliaries: grammar, not vocabulary, so listed
here) first, then the open classes a word can have in lemminflect's lexicon (`getAllLemmas`, from
a tagged corpus), picked by simple context (after a determiner a noun or adjective, after "to" or a
modal a verb, ...). The guess is wrong now and then; corruptions built on a wrong guess are mostly
caught by the grammar check in `mtqa.training.grammar`, which is measured per type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection  # type: ignore[import-untyped]

DET = frozenset("the a an this that these those some any each every no another either neither all both such".split())
POSS = frozenset("my your his her its our their".split())
SUBJ = {"i": "VBP", "you": "VBP", "we": "VBP", "they": "VBP", "he": "VBZ", "she": "VBZ", "it": "VBZ"}
PRON = frozenset(
    "i you he she it we they me him us them myself yourself himself herself itself ourselves themselves"
    " one someone something anyone anything everyone everything nobody nothing there".split()
)
PREP = frozenset(
    "of in on at by for with from to into onto about over under between among through during before after"
    " without within against across along around towards toward upon despite per via than like beyond behind".split()
)
CONJ = frozenset("and or but nor".split())
SCONJ = frozenset("that if because although though while whether when where since unless until which who whom"
                  " what why how whose whatever whoever".split())
BE = frozenset("am is are was were be been being 'm 're ’m ’re".split())
HAVE = frozenset("have has had having 've ’ve 'd ’d".split())
DO = frozenset("do does did".split())
MODAL = frozenset("can could will would shall should may might must 'll ’ll".split())
NEG = frozenset({"not", "n't", "never"})
FUNCTION = DET | POSS | PRON | PREP | CONJ | SCONJ | BE | HAVE | DO | MODAL | NEG | {"to", "'s"}
MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()

_DEGREE = frozenset("as so too very how".split())
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|\w+(?:[-’']\w+)*|n't|[^\w\s]", re.UNICODE)
OPEN = ("NOUN", "VERB", "ADJ", "ADV")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    tag: str  # DET POSS PRON PREP CONJ SCONJ BE HAVE DO MODAL NEG TO NUM PUNCT PROPN NOUN VERB ADJ ADV X
    lemma: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def split_tokens(text: str) -> list[tuple[str, int, int]]:
    """Words, numbers and punctuation with their character spans; "don't" gives "do" + "n't"."""
    out = []
    for m in _TOKEN.finditer(text):
        w, s = m.group(), m.start()
        low = w.lower()
        if low.endswith("n't") and len(w) > 3 and low not in ("can't", "won't"):
            out += [(w[:-3], s, s + len(w) - 3), (w[-3:], s + len(w) - 3, s + len(w))]
        elif low in ("can't", "won't"):
            out += [(w[:2], s, s + 2), (w[2:], s + 2, s + len(w))]
        elif low.endswith(("'s", "’s", "'m", "’m", "'d", "’d")) and len(w) > 2:
            out += [(w[:-2], s, s + len(w) - 2), (w[-2:], s + len(w) - 2, s + len(w))]
        elif low.endswith(("'ll", "’ll", "'re", "’re", "'ve", "’ve")) and len(w) > 3:
            out += [(w[:-3], s, s + len(w) - 3), (w[-3:], s + len(w) - 3, s + len(w))]
        else:
            out.append((w, s, m.end()))
    return out


@lru_cache(maxsize=200_000)
def open_classes(word: str) -> dict[str, tuple[str, ...]]:
    """Open-class readings of a lower-case word in lemminflect's lexicon: {"NOUN": ("cost",), ...}."""
    return {k: v for k, v in getAllLemmas(word).items() if k in OPEN}


_PENN = ("NN", "NNS", "VB", "VBP", "VBZ", "VBD", "VBN", "VBG", "JJ", "JJR", "JJS", "RB", "RBR", "RBS")


@lru_cache(maxsize=200_000)
def forms_of(word: str, lemma: str) -> frozenset[str]:
    """Penn tags under which `word` is an inflection of `lemma` (VBZ, VBD, NNS, ...). Asked tag by
    tag: `getAllInflections` lists a form once even when it serves two tags ("called": VBD, VBN)."""
    return frozenset(t for t in _PENN if word in getInflection(lemma, tag=t, inflect_oov=False))


def inflect(lemma: str, tag: str) -> str | None:
    """`lemma` inflected as Penn `tag`, only from lemminflect's lexicon (no rule-guessed forms)."""
    forms = getInflection(lemma, tag=tag, inflect_oov=False)
    return forms[0] if forms else None


def _closed(low: str) -> str | None:
    for tag, words in (("DET", DET), ("POSS", POSS), ("PRON", PRON), ("BE", BE), ("HAVE", HAVE), ("DO", DO),
                       ("MODAL", MODAL), ("NEG", NEG), ("CONJ", CONJ), ("SCONJ", SCONJ), ("PREP", PREP)):
        if low in words:
            return tag
    return None


def tag_sentence(text: str) -> list[Token]:
    spans = split_tokens(text)
    tokens: list[Token] = []
    for i, (w, s, e) in enumerate(spans):
        low = w.lower()
        prev = tokens[-1].tag if tokens else "START"
        initial = prev in ("START", "PUNCT") and (not tokens or tokens[-1].text in ".!?:;\"")
        nxt = spans[i + 1][0].lower() if i + 1 < len(spans) else ""
        nxt2 = spans[i + 2][0].lower() if i + 2 < len(spans) else ""
        tag, lemma = _guess(w, low, prev, initial, nxt, nxt2)
        cands = open_classes(low) if tag == "NOUN" else {}
        if tokens and tokens[-1].lower in _DEGREE and ("ADV" in cands or "ADJ" in cands):
            tag = "ADV" if "ADV" in cands else "ADJ"  # "as well as", "so long": not nouns
            lemma = cands[tag][0]
        elif prev == "DET" and "ADJ" in cands and (nxt[:1].isdigit() or nxt in NUMBER_WORDS):
            tag, lemma = "ADJ", cands["ADJ"][0]  # "the last six months"
        tokens.append(Token(w, s, e, tag, lemma))
    return tokens


def _guess(w: str, low: str, prev: str, initial: bool, nxt: str, nxt2: str) -> tuple[str, str]:
    if not any(c.isalnum() for c in w):
        return "PUNCT", w
    if w[0].isdigit() or low in NUMBER_WORDS[2:]:
        return "NUM", low
    if low == "to":
        # infinitival when a verb reading follows and, for a noun-or-verb word, more of a clause
        # follows it ("to waste time"), not the end of one ("go to work.")
        after = open_classes(nxt)
        verbal = "VERB" in after and ("NOUN" not in after or (nxt2[:1].isalnum() and nxt2 not in CONJ and nxt2 != "of"))
        return ("TO" if verbal and nxt not in DET | POSS else "PREP"), low
    if low in ("'s", "’s"):
        return "POSS", low
    closed = _closed(low)
    if closed and not (w.isupper() and len(w) > 1):  # "US" is a name, "Although" and "I" are not
        return closed, low
    cands = open_classes(low)
    if w[0].isupper() and (not initial or not cands):
        return "PROPN", w
    if not cands:
        return "X", low
    if prev in ("TO", "MODAL", "DO", "NEG") and "VERB" in cands:
        return "VERB", cands["VERB"][0]
    if prev == "PRON" and "VERB" in cands:
        return "VERB", cands["VERB"][0]
    if low.endswith("ly") and "ADV" in cands:
        return "ADV", cands["ADV"][0]
    if prev in ("DET", "POSS", "ADJ", "NUM", "PREP"):
        if "ADJ" in cands and ("NOUN" not in cands or open_classes(nxt).get("NOUN")):
            return "ADJ", cands["ADJ"][0]
        if "NOUN" in cands:
            return "NOUN", cands["NOUN"][0]
    if prev in ("BE",) and "ADJ" in cands and not low.endswith(("ing", "ed")):
        return "ADJ", cands["ADJ"][0]
    if prev in ("BE", "HAVE") and "VERB" in cands:
        return "VERB", cands["VERB"][0]
    # a noun-or-verb form after a noun is a verb when what follows is what follows a verb:
    # "the system causes fragmentation" but "human rights, press freedom"
    if prev in ("NOUN", "PROPN", "ADV", "SCONJ") and "VERB" in cands and forms_of(low, cands["VERB"][0]) & {"VBZ", "VBD"} \
            and (nxt in DET or nxt in POSS or nxt in PREP or nxt in ("him", "her", "them", "us", "me", "it", "not", "that")
                 or set(open_classes(nxt)) == {"NOUN"}):
        return "VERB", cands["VERB"][0]
    after = open_classes(nxt)
    if "ADJ" in cands and "NOUN" in after and "VERB" not in after:  # "protect small farmers"
        return "ADJ", cands["ADJ"][0]
    for pos in OPEN:
        if pos in cands:
            return pos, cands[pos][0]
    return "X", low


def verb_form(tok: Token) -> frozenset[str]:
    """Penn tags the verb token can be (its word among the inflections of its lemma)."""
    return forms_of(tok.lower, tok.lemma)


def is_plural_noun(tok: Token) -> bool:
    return tok.tag == "NOUN" and "NNS" in forms_of(tok.lower, tok.lemma) and "NN" not in forms_of(tok.lower, tok.lemma)


def match_case(new: str, old: str) -> str:
    """`new` written in the case of `old`: "Is" for "is" after "Was", "NOT" after "WAS", "An" after "A"."""
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def known_word(word: str) -> bool:
    """A common English word form: a closed-class word, or a form lemminflect's lexicon (built from
    a tagged corpus) knows. Rare WordNet-only words ("makeready") fail, on purpose: a model should
    not learn that a rare word is an error."""
    low = word.lower()
    return low in FUNCTION or low in NUMBER_WORDS or low == "cannot" or bool(getAllLemmas(low)) or low in ("n't", "'s", "’s", "ca", "wo", "'ll", "'re", "'m", "'ve", "'d", "’ll", "’re", "’m", "’ve", "’d")


def article_for(word: str) -> str:
    """"a" or "an" before `word`, by its first letter with the usual exceptions of sound."""
    low = word.lower()
    if low.startswith(("one", "uni", "use", "usu", "eu", "ur", "uti", "ubi")):
        return "a"
    if low.startswith(("hour", "honest", "honou", "heir")):
        return "an"
    if re.match(r"[0-9]", low):
        return "an" if low.startswith(("8", "11", "18")) else "a"
    return "an" if low[:1] in "aeiou" else "a"
