"""Correct variants of a correct translation, labelled severity "none", so that a model trained on
the errors does not learn "different from the reference = wrong"."""

from __future__ import annotations

import re

from mtqa.training.corruptions import WN_POS, Context, _verb_tag
from mtqa.training.edits import Corruption, Edit, corruption
from mtqa.training.lexical import inflect, is_plural_noun, match_case

_CONTRACT = {"do not": "don't", "does not": "doesn't", "did not": "didn't", "is not": "isn't", "are not": "aren't",
             "was not": "wasn't", "were not": "weren't", "cannot": "can't", "will not": "won't", "have not": "haven't",
             "has not": "hasn't", "would not": "wouldn't", "should not": "shouldn't", "could not": "couldn't",
             "I am": "I'm", "we are": "we're", "they are": "they're", "you are": "you're",
             "I will": "I'll", "we will": "we'll", "it is": "it's", "that is": "that's"}
# "I have" contracts only as an auxiliary ("I've seen", not "I've to go"), so it is only expanded
_EXPAND = {v: k for k, v in _CONTRACT.items()} | {"I've": "I have", "we've": "we have", "they've": "they have"}


def synonym(ctx: Context) -> Corruption | None:
    """A synonym of a word that has one sense only in its part of speech (so no sense can be missed),
    taken from that sense's other lemmas that are attested in WordNet's tagged text."""
    wn, t = ctx.wn, ctx.tokens
    options = []
    for i, tok in enumerate(t):
        if tok.tag not in WN_POS or not tok.text.isalpha() or not tok.text.islower():
            continue
        if i + 1 < len(t) and t[i + 1].tag == "NOUN" and tok.tag == "NOUN":
            continue  # a compound's modifier ("human rights")
        pos = WN_POS[tok.tag]
        entry = wn.entry(tok.lemma, pos)
        if entry is None or len(entry.offsets) != 1:
            continue
        for lem in wn.synset(entry.offsets[0], pos).lemmas:
            other = wn.entry(lem, pos)
            # the synonym must be unambiguous too, or the reader may take another of its senses
            if lem.lower() == tok.lemma or " " in lem or not lem.islower() or other is None or other.tagged_senses == 0 \
                    or len(other.offsets) != 1:
                continue
            if tok.lower == tok.lemma:
                new: str | None = lem
            elif tok.tag == "VERB":
                vt = _verb_tag(tok)
                new = inflect(lem, vt) if vt else None
            elif tok.tag == "NOUN" and is_plural_noun(tok):
                new = inflect(lem, "NNS")
            else:
                new = None
            if new and tok.tag == "ADV" and tok.lower.endswith("ly") != new.endswith("ly"):
                new = None  # "certainly" -> "sure" is colloquial: keep the -ly form
            if new:
                options.append((i, new))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    i, new = chosen
    from mtqa.training.corruptions import _article_fix

    edits = [Edit(t[i].start, t[i].end, new), *(_article_fix(ctx, i - 1, new) if i else [])]
    return corruption("correct", "synonym", "none", ctx.target, edits)


def contraction(ctx: Context) -> Corruption | None:
    """Contract "do not" -> "don't" or expand "don't" -> "do not" (one place)."""
    text = ctx.target
    options = []
    for full, short in _CONTRACT.items():
        for m in re.finditer(rf"\b{re.escape(full)}\b", text, flags=re.IGNORECASE if full[0] != "I" else 0):
            if full in ("it is", "that is") and m.end() < len(text) and text[m.end():m.end() + 1] in ".,;":
                continue  # "that is." cannot contract
            options.append(Edit(m.start(), m.end(), match_case(short, m.group())))
    for short, full in _EXPAND.items():
        if short in ("it's", "that's"):
            continue  # "it's" may be "it has"
        for m in re.finditer(rf"\b{re.escape(short)}(?!\w)", text, flags=re.IGNORECASE if short[0] != "I" else 0):
            options.append(Edit(m.start(), m.end(), match_case(full, m.group())))
        for m in re.finditer(rf"\b{re.escape(short.replace(chr(39), chr(8217)))}(?!\w)", text):
            options.append(Edit(m.start(), m.end(), full))
    chosen = ctx.pick(options)
    return corruption("correct", "contraction", "none", text, [chosen]) if chosen else None


def adverbial(ctx: Context) -> Corruption | None:
    """Move a fronted adverbial ("In this respect, the report ...") to the end of its sentence."""
    t, text = ctx.tokens, ctx.target
    if len(t) < 6 or t[-1].text not in ".!" or any(x.text in ".!?;\"“”" for x in t[:-1]):
        return None
    comma = next((k for k, x in enumerate(t) if x.text == ","), None)
    # only prepositional phrases: a sentence adverb ("Obviously, ...") reads oddly at the end
    if comma is None or not 2 <= comma <= 5 or t[0].tag != "PREP":
        return None
    if any(x.tag in ("VERB", "BE", "HAVE", "MODAL", "DO", "CONJ", "SCONJ") for x in t[:comma]):
        return None
    if t[0].lower in ("however", "therefore", "nevertheless", "firstly", "secondly", "finally", "thus", "yes", "no"):
        return None  # connectives link to the previous sentence: their place is at the front
    rest = t[comma + 1]
    if rest.tag in ("SCONJ", "CONJ", "PUNCT") or comma + 2 >= len(t):
        return None  # "For this reason, which in itself is positive, ..." : the comma opens a clause
    head = text[t[0].start : t[comma - 1].end]
    head = head if t[0].tag == "PROPN" else head[0].lower() + head[1:]
    body = text[rest.start : t[-1].start].rstrip()
    body = body[0].upper() + body[1:]
    new = f"{body} {head}{t[-1].text}"
    return corruption("correct", "adverbial-reorder", "none", text, [Edit(0, len(text), new, tag=False)])


def number_format(ctx: Context) -> Corruption | None:
    """Write a number another correct way: 12000 <-> 12,000, 5% <-> 5 per cent."""
    text = ctx.target
    options = []
    # not codes such as "(12872 / 1 / 99)" or "A4-0391/98", whose digits are not a quantity
    for m in re.finditer(r"(?<![\w.,/-])(?<![/-] )(\d{1,3}(?:,\d{3})+|\d{5,})(?![\w.,]\d)(?! ?[/-])", text):
        s = m.group()
        options.append(Edit(m.start(), m.end(), s.replace(",", "") if "," in s else f"{int(s):,}"))
    for m in re.finditer(r"(?<![\w.,])(\d+(?:\.\d+)?)(%| per ?cent\b)", text):
        options.append(Edit(m.start(), m.end(), m.group(1) + (" per cent" if m.group(2) == "%" else "%")))
    chosen = ctx.pick(options)
    return corruption("correct", "number-format", "none", text, [chosen]) if chosen else None
