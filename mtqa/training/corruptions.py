"""Meaning errors written into a correct English translation, one function per error type.

Each function takes a `Context` (the pair, its tagged target, a seeded random source, WordNet and
donor sentences) and returns one `Corruption` or None when the sentence offers no place for it.

MQM severity (Lommel et al., MQM; the WMT MQM guidelines of Freitag et al. 2021: major = the reader
is misled about the content, minor = the content is still there but less precise or less fluent,
critical = the text says something the source denies):

- critical: antonym substitution and negation flip, which assert the opposite of the source.
- major: omission of a verb, noun, subject or prepositional phrase (a whole participant, action or
  circumstance is lost); addition of a phrase from another sentence (a claim the source does not
  make); tense change (the event moves in time); statement<->question (an assertion becomes a
  query or back); hyponym (a claim more specific than the source) and wrong-sense substitution;
  named-entity, number and date substitution (a false fact; mtqa's rule checks see many of them,
  the model should too); argument swap (who does what to whom); an untranslated span (an English
  reader cannot read that content).
- minor: omission of an adjective or adverb (a nuance of a kept proposition), an added modifier,
  aspect change (progressive/perfect vs simple: same event, different view of it), hypernym (less
  precise but still true), repetition (a fluency error; nothing is lost or added).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from mtqa.training.edits import Corruption, Edit, corruption, delete_tokens
from mtqa.training.lexical import (
    SUBJ, Token, article_for, forms_of, inflect, is_plural_noun, match_case, open_classes, tag_sentence,
)
from mtqa.training.phrases import clause_final, noun_phrase, noun_phrase_of, prep_phrase
from mtqa.training.wordnet import WordNet

T = TypeVar("T")
WN_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
PENN_VERB = ("VBZ", "VBD", "VBG", "VBN", "VBP", "VB")


@dataclass
class Context:
    source: str
    target: str
    tokens: list[Token]
    rng: random.Random
    wn: WordNet
    donors: list[str]  # English sentences of other pairs (for additions and names)

    @classmethod
    def make(cls, source: str, target: str, rng: random.Random, wn: WordNet, donors: list[str]) -> Context:
        return cls(source, target, tag_sentence(target), rng, wn, donors)

    def pick(self, items: Sequence[T]) -> T | None:
        """One of `items` drawn from this pair's random stream, or None when there are none."""
        return items[self.rng.randrange(len(items))] if items else None



def _verb_tag(tok: Token) -> str | None:
    forms = forms_of(tok.lower, tok.lemma)
    for t in PENN_VERB:
        if t in forms:
            return t
    return None


def _article_fix(ctx: Context, det: int, word: str) -> list[Edit]:
    """Re-choose "a"/"an" at tokens[det] for the word that now follows it."""
    tok = ctx.tokens[det]
    if tok.lower not in ("a", "an"):
        return []
    want = match_case(article_for(word), tok.text)
    return [] if want == tok.text else [Edit(tok.start, tok.end, want, tag=False)]


# ---------------------------------------------------------------- omission

def omission(ctx: Context) -> Corruption | None:
    kinds: list[Callable[[Context], Corruption | None]] = [
        _omit_verb, _omit_noun, _omit_modifier, _omit_subject, _omit_pp]
    ctx.rng.shuffle(kinds)
    for kind in kinds:
        c = kind(ctx)
        if c:
            return c
    return None


def _omit_verb(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    options = []
    for i in range(len(t) - 2):
        # catenative verb: "we want to spend" -> "we spend", re-inflected like the dropped verb
        if t[i].tag == "VERB" and t[i + 1].tag == "TO" and t[i + 2].tag == "VERB" and i > 0 and t[i - 1].tag in ("PRON", "NOUN", "PROPN"):
            tag = _verb_tag(t[i])
            new = inflect(t[i + 2].lemma, tag) if tag and tag not in ("VBG", "VBN") else None
            if new:
                options.append([Edit(t[i].start, t[i + 2].end, match_case(new, t[i].text))])
        # modal: "we must respect" -> "we respect"
        if t[i].tag == "MODAL" and t[i].lower not in ("will", "would", "shall") and t[i + 1].tag == "VERB" and i > 0 and t[i - 1].lower in SUBJ:
            new = inflect(t[i + 1].lemma, SUBJ[t[i - 1].lower])
            if new and t[i + 1].lemma != "be":
                options.append([Edit(t[i].start, t[i + 1].end, new)])
    for i in range(1, len(t) - 2):
        # a coordinated verb phrase: "causes fragmentation and leads to costs." -> "causes fragmentation."
        if t[i].lower == "and" and t[i + 1].tag == "VERB" and _verb_tag(t[i + 1]) in ("VBZ", "VBD") \
                and t[i + 2].tag not in ("NOUN", "ADJ", "PUNCT"):  # "improved comfort" is an adjective
            end = next((k for k in range(i + 1, len(t)) if t[k].text in ".;!?"), None)
            if end is not None and end - i <= 12 and t[i - 1].tag != "PUNCT":
                options.append([delete_tokens(text, t, i, end)])
    chosen = ctx.pick(options)
    return corruption("omission", "verb", "major", text, chosen) if chosen else None


def _omit_noun(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    options = []
    for i in range(1, len(t) - 1):
        # a conjunct noun phrase: "experts and consultants" -> "experts"
        if t[i].tag == "CONJ" and t[i - 1].tag == "NOUN":
            end = noun_phrase(t, i + 1)
            if end and end < len(t) and t[end].tag in ("PUNCT", "PREP", "VERB", "BE", "HAVE", "MODAL") and t[end].lower != "of":
                options.append([delete_tokens(text, t, i, end)])
        # the first noun of a compound: "the European patent system" -> "the European system"
        if t[i].tag == "NOUN" and t[i + 1].tag == "NOUN" and t[i - 1].tag in ("DET", "ADJ", "POSS") and not is_plural_noun(t[i]) \
                and set(open_classes(t[i + 1].lower)) == {"NOUN"}:
            options.append([delete_tokens(text, t, i, i + 1), *_article_fix(ctx, i - 1, t[i + 1].text)])
    chosen = ctx.pick(options)
    return corruption("omission", "noun", "major", text, chosen) if chosen else None


def _omit_modifier(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    options = []
    for i in range(1, len(t) - 1):
        if t[i].tag == "ADJ" and t[i + 1].tag in ("NOUN", "ADJ") and t[i - 1].tag in ("DET", "POSS", "ADJ", "PREP", "NUM"):
            options.append(("adjective", [delete_tokens(text, t, i, i + 1), *_article_fix(ctx, i - 1, t[i + 1].text)]))
        if t[i].tag == "ADV" and t[i].lower.endswith("ly") and t[i - 1].tag != "PUNCT" and t[i + 1].tag != "PUNCT":
            options.append(("adverb", [delete_tokens(text, t, i, i + 1), *_article_fix(ctx, i - 1, t[i + 1].text)]))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, edits = chosen
    return corruption("omission", sub, "minor", text, edits)


def _omit_subject(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    options = []
    for i in range(2, len(t) - 1):
        # the agent of a passive: "was adopted by the Council." -> "was adopted."
        if t[i].lower == "by" and t[i - 1].tag == "VERB" and "VBN" in forms_of(t[i - 1].lower, t[i - 1].lemma) and any(x.tag == "BE" for x in t[max(0, i - 4):i]):
            end = noun_phrase_of(t, i + 1)
            if end and clause_final(t, end):
                options.append([delete_tokens(text, t, i, end)])
    # the first of two coordinated subjects, before a verb form without agreement
    end1 = noun_phrase(t, 0)
    if end1 and end1 < len(t) - 2 and t[end1].lower == "and":
        end2 = noun_phrase(t, end1 + 1)
        if end2 and end2 < len(t) and (t[end2].tag == "MODAL" or (t[end2].tag == "VERB" and _verb_tag(t[end2]) == "VBD")):
            first = t[end1 + 1]
            options.append([Edit(t[0].start, first.end, match_case(first.text, t[0].text) if first.tag != "PROPN" else first.text)])
    chosen = ctx.pick(options)
    if not chosen:
        return None
    edits: list[Edit] = chosen
    if edits[0].new:  # the coordinated-subject case rewrites the kept subject's first word: tag it as a gap
        c = corruption("omission", "subject", "major", text, [Edit(edits[0].start, edits[0].end, edits[0].new, tag=False)])
        return None if c is None else Corruption(c.type, c.subtype, c.severity, c.target, ((0, len(edits[0].new)),), 0)
    return corruption("omission", "subject", "major", text, edits)


def _omit_pp(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    options = []
    for i in range(2, len(t) - 1):
        # not a predicate ("they are already in prison" -> "they are already.")
        predicate = any(x.tag == "BE" for x in t[max(0, i - 2) : i]) and t[i - 1].tag in ("BE", "ADV")
        if t[i].tag == "PREP" and t[i].lower not in ("by", "than", "like") and not predicate \
                and t[i - 1].tag not in ("PUNCT", "PREP", "CONJ", "SCONJ", "DET"):
            end = prep_phrase(t, i)
            if end and clause_final(t, end) and end < len(t) and t[end].text != ",":
                options.append([delete_tokens(text, t, i, end)])
    chosen = ctx.pick(options)
    return corruption("omission", "prepositional-phrase", "major", text, chosen) if chosen else None


# ---------------------------------------------------------------- addition

# adjectives that work like determiners ("own" needs a possessive, "last"/"same" need "the"):
# placed before any noun they are ungrammatical or change the determiner's meaning
_DETERMINATIVE = frozenset("own last next same other such only first second third former latter previous following"
                           " certain various several main very whole entire few many much little more less".split())

# prepositions that head adverbials (time, place, manner) rather than a verb's complement ("put into practice")
_ADVERBIAL_PREP = frozenset("in at on during after before without within across throughout under over for with".split())


def addition(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    donor = ctx.pick(ctx.donors)
    if not donor:
        return None
    d = tag_sentence(donor)
    pps = [(i, e) for i in range(1, len(d)) if (e := prep_phrase(d, i)) and e - i <= 6 and clause_final(d, e)
           and d[i].lower in _ADVERBIAL_PREP]
    adjs = [d[i].text for i in range(len(d) - 1) if d[i].tag == "ADJ" and d[i + 1].tag == "NOUN" and d[i].text.islower()
            and d[i].lower not in _DETERMINATIVE and "ADV" not in open_classes(d[i].lower)]  # not "both still directions"
    ends = [k for k in range(2, len(t)) if t[k].text in ".;!?" and t[k - 1].tag in ("NOUN", "PROPN")]
    nouns = [k for k in range(1, len(t)) if t[k].tag == "NOUN" and t[k - 1].tag in ("DET", "POSS")]
    options: list[tuple[str, str, list[Edit]]] = []
    pp, end = ctx.pick(pps), ctx.pick(ends)
    if pp is not None and end is not None:
        phrase = donor[d[pp[0]].start : d[pp[1] - 1].end]
        options.append(("prepositional-phrase", "major", [Edit(t[end].start, t[end].start, " " + phrase)]))
    adj, noun = ctx.pick(adjs), ctx.pick(nouns)
    if adj is not None and noun is not None:
        options.append(("modifier", "minor", [Edit(t[noun].start, t[noun].start, f"{adj} "),
                                             *_article_fix(ctx, noun - 1, adj)]))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, sev, edits = chosen
    return corruption("addition", sub, sev, text, edits)


# ---------------------------------------------------------------- antonym

def _antonyms(wn: WordNet, lemma: str, pos: str) -> list[str]:
    """Direct antonyms of the first sense of `lemma`; for a satellite adjective, the antonym of
    its head ("considerable" ~ "large" -> "small")."""
    out: list[str] = []
    for ss in wn.synsets(lemma, pos)[:1]:
        if lemma not in [x.lower() for x in ss.lemmas]:
            continue
        w = [x.lower() for x in ss.lemmas].index(lemma) + 1
        for p in ss.related("!"):
            if p.source == w:
                out.append(wn.synset(p.offset, p.pos).lemmas[p.target - 1])
        if not out and ss.satellite:
            for p in ss.related("&")[:1]:
                head = wn.synset(p.offset, p.pos)
                for q in head.related("!"):
                    out.append(wn.synset(q.offset, q.pos).lemmas[q.target - 1])
        if out:
            break
    return [a for a in out if " " not in a]


_QUANTIFIERS = frozenset("few many much little more less most least fewer".split())


def antonym(ctx: Context) -> Corruption | None:
    t = ctx.tokens
    options = []
    for i, tok in enumerate(t):
        if tok.tag not in WN_POS or not tok.text.isalpha():
            continue
        if tok.lower in _QUANTIFIERS:
            continue  # "a few" -> "a many": quantifiers need their own determiners
        if not ctx.wn.dominant_first_sense(tok.lemma.lower(), WN_POS[tok.tag]):
            continue  # "right" (correct / not left): no safe guess which antonym the text contradicts
        ants = _antonyms(ctx.wn, tok.lemma.lower(), WN_POS[tok.tag])
        if not ants:
            continue
        if tok.tag not in open_classes(ants[0].lower()):
            continue  # "move away" -> "move present": the antonym is not a word of the same class
        new: str | None = ants[0]
        if tok.tag in ("VERB", "NOUN") and tok.lower != tok.lemma.lower():
            tag = _verb_tag(tok) if tok.tag == "VERB" else ("NNS" if is_plural_noun(tok) else None)
            new = inflect(ants[0], tag) if tag else None
        elif tok.lower != tok.lemma.lower():
            new = None  # a comparative or superlative: its antonym's form is not checked
        if new:
            options.append([Edit(tok.start, tok.end, match_case(new, tok.text)), *(_article_fix(ctx, i - 1, new) if i else [])])
    chosen = ctx.pick(options)
    return corruption("antonym", "wordnet-antonym", "critical", ctx.target, chosen) if chosen else None


# ---------------------------------------------------------------- negation

_NEGATIVE = frozenset("not n't never no nothing nobody none neither nor nowhere".split())

def negation(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    remove, add = [], []
    for i, tok in enumerate(t):
        if tok.lower == "n't" and i:
            aux = t[i - 1]
            full = {"ca": "can", "wo": "will", "sha": "shall"}.get(aux.lower, aux.text)
            if aux.tag == "DO" and i + 1 < len(t) and t[i + 1].tag == "VERB":
                tag = {"do": "VBP", "does": "VBZ", "did": "VBD"}[aux.lower]
                v = inflect(t[i + 1].lemma, tag)
                if v:
                    remove.append([Edit(aux.start, t[i + 1].end, match_case(v, aux.text))])
            elif aux.tag != "DO":
                remove.append([Edit(aux.start, tok.end, match_case(full, aux.text))])
        elif tok.lower == "not" and i and t[i - 1].tag in ("BE", "MODAL", "HAVE", "DO"):
            aux = t[i - 1]
            if aux.tag == "DO" and i + 1 < len(t) and t[i + 1].tag == "VERB":
                v = inflect(t[i + 1].lemma, {"do": "VBP", "does": "VBZ", "did": "VBD"}[aux.lower])
                if v:
                    remove.append([Edit(aux.start, t[i + 1].end, match_case(v, aux.text))])
            elif aux.tag != "DO":
                remove.append([Edit(aux.start, tok.end, aux.text)])
        elif tok.lower == "never" and i and t[i - 1].tag not in ("PUNCT",):
            remove.append([delete_tokens(text, t, i, i + 1)])
    for i in range(1, len(t) - 1):
        tok, nxt = t[i], t[i + 1]
        if nxt.tag == "NEG" or t[i - 1].tag not in ("PRON", "NOUN", "PROPN"):
            continue
        if any(x.lower in _NEGATIVE for x in t[i + 1 : i + 5]):
            continue  # "there is nothing" -> "there is not nothing" would be a double negative
        if tok.tag in ("BE", "MODAL") and tok.lower in ("is", "are", "was", "were", "am", "can", "could", "should", "would", "will", "must", "may", "might"):
            add.append([Edit(tok.start, tok.end, tok.text + (" not" if tok.lower != "can" else "not"))])
        elif tok.tag == "HAVE" and nxt.tag == "VERB" and "VBN" in forms_of(nxt.lower, nxt.lemma):
            add.append([Edit(tok.start, tok.end, tok.text + " not")])
        elif tok.tag == "VERB" and tok.lemma != "be":
            vt = _verb_tag(tok)
            do = {"VBZ": "does", "VBD": "did", "VBP": "do"}.get(vt or "")
            if do and (t[i - 1].lower in SUBJ or vt != "VBP"):
                add.append([Edit(tok.start, tok.end, f"{do} not {tok.lemma}")])
    options = [("remove", e) for e in remove] + [("add", e) for e in add]
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, edits = chosen
    return corruption("negation", sub, "critical", text, edits)


# ---------------------------------------------------------------- tense and aspect

_BE_PAST = {"is": "was", "am": "was", "are": "were"}
_BE_PRESENT = {"was": None, "were": "are"}  # "was" is "is" or "am": the subject decides


def tense(ctx: Context) -> Corruption | None:
    t = ctx.tokens
    options: list[tuple[str, str, list[Edit]]] = []
    for i in range(1, len(t)):
        tok, prev = t[i], t[i - 1]
        nxt = t[i + 1] if i + 1 < len(t) else None
        subj = prev.tag in ("PRON", "NOUN", "PROPN")
        if tok.tag == "VERB" and subj and prev.lower != "to":
            vt = _verb_tag(tok)
            if vt == "VBD" and "VBN" not in forms_of(tok.lower, tok.lemma) or (vt == "VBD" and prev.tag == "PRON"):
                options.append(("past-to-future", "major", [Edit(tok.start, tok.end, f"will {tok.lemma}")]))
            if vt in ("VBZ", "VBP") and (vt == "VBZ" or prev.lower in SUBJ):
                past = inflect(tok.lemma, "VBD")
                if past:
                    options.append(("present-to-past", "major", [Edit(tok.start, tok.end, past)]))
        if tok.tag == "BE" and subj and tok.lower in _BE_PAST and (nxt is None or nxt.tag != "VERB" or "VBG" not in forms_of(nxt.lower, nxt.lemma)):
            options.append(("present-to-past", "major", [Edit(tok.start, tok.end, _BE_PAST[tok.lower])]))
        if tok.tag == "BE" and subj and tok.lower in ("was", "were"):
            options.append(("past-to-future", "major", [Edit(tok.start, tok.end, "will be")]))
        if tok.lower == "will" and nxt is not None and nxt.tag == "VERB" and nxt.lemma != "be":
            past = inflect(nxt.lemma, "VBD")
            if past:
                options.append(("future-to-past", "major", [Edit(tok.start, nxt.end, past)]))
        if tok.tag == "BE" and tok.lower in ("is", "are", "am", "was", "were") and nxt is not None and nxt.tag == "VERB" \
                and nxt.lower.endswith("ing") and "VBG" in forms_of(nxt.lower, nxt.lemma) and nxt.lemma not in ("go", "be"):
            form = {"is": "VBZ", "are": "VBP", "am": "VBP", "was": "VBD", "were": "VBD"}[tok.lower]
            simple = inflect(nxt.lemma, form)
            if simple:
                options.append(("progressive-to-simple", "minor", [Edit(tok.start, nxt.end, match_case(simple, tok.text))]))
        if tok.tag == "HAVE" and tok.lower in ("has", "have", "had") and subj and nxt is not None and nxt.tag == "VERB" \
                and "VBN" in forms_of(nxt.lower, nxt.lemma) and nxt.lemma != "be":
            past = inflect(nxt.lemma, "VBD")
            if past:
                options.append(("perfect-to-simple", "minor", [Edit(tok.start, nxt.end, past)]))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, sev, edits = chosen
    return corruption("tense", sub, sev, ctx.target, edits)


# ---------------------------------------------------------------- statement <-> question

def _one_sentence(t: list[Token]) -> bool:
    return len(t) >= 3 and t[-1].text in ".?" and not any(x.text in ".?!;:\"“”" for x in t[:-1])


def question(ctx: Context) -> Corruption | None:
    t, text = ctx.tokens, ctx.target
    if not _one_sentence(t):
        return None
    first = t[0]
    if t[-1].text == "?" and first.tag in ("BE", "MODAL", "HAVE", "DO") and len(t) > 3 and t[1].lower in SUBJ:
        # "Are you coming?" -> "You are coming."; "Do you like it?" -> "You like it."
        pron = t[1].text if t[1].lower == "i" else t[1].lower
        edits = [Edit(first.start, t[1].end, match_case(pron, first.text)), Edit(t[-1].start, t[-1].end, ".")]
        if first.tag == "DO":
            if t[2].tag != "VERB":
                return None
            v = inflect(t[2].lemma, {"do": "VBP", "does": "VBZ", "did": "VBD"}[first.lower])
            if not v:
                return None
            edits[0] = Edit(first.start, t[2].end, f"{match_case(pron, first.text)} {v}")
        else:
            edits.insert(1, Edit(t[1].end, t[1].end, " " + first.lower))
        return corruption("question", "question-to-statement", "major", text, edits)
    if t[-1].text != ".":
        return None
    if first.tag not in ("PRON", "DET", "POSS", "PROPN", "NOUN", "ADJ"):
        return None  # "What is certain is ..." has no subject to invert with
    end = 1 if first.tag == "PRON" and first.lower in SUBJ else noun_phrase(t, 0)
    if not end or end >= len(t) - 1:
        return None
    verb = t[end]
    if not verb.text[0].isalpha():
        return None  # a contracted auxiliary ("I'll") does not invert
    subj = text[first.start : t[end - 1].end]
    if first.tag != "PROPN" and first.text != "I":
        subj = subj[0].lower() + subj[1:]
    form = _verb_tag(verb)
    if verb.tag in ("BE", "MODAL") or (verb.tag == "HAVE" and t[end + 1].tag == "VERB"):
        edits = [Edit(first.start, verb.end, f"{verb.lower.capitalize()} {subj}"), Edit(t[-1].start, t[-1].end, "?")]
    elif verb.tag == "VERB" and form in ("VBZ", "VBD", "VBP") and verb.lemma != "be":
        do = {"VBZ": "Does", "VBD": "Did", "VBP": "Do"}[form]
        edits = [Edit(first.start, verb.end, f"{do} {subj} {verb.lemma}"), Edit(t[-1].start, t[-1].end, "?")]
    else:
        return None
    return corruption("question", "statement-to-question", "major", text, edits)
