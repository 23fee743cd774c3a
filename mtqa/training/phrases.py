"""Shallow phrase chunks over tagged tokens: noun phrases and prepositional phrases."""

from __future__ import annotations

from mtqa.training.lexical import Token

_NOMINAL = ("NOUN", "PROPN")


def noun_phrase(tokens: list[Token], i: int, *, pronoun: bool = False) -> int | None:
    """End (exclusive) of a noun phrase starting at tokens[i]: (det|poss)? (num|adj|adv-adj)* noun+
    (or a proper name run, or a pronoun when `pronoun`), or None."""
    n = len(tokens)
    if i >= n:
        return None
    if pronoun and tokens[i].tag == "PRON":
        return i + 1
    j = i
    if tokens[j].tag in ("DET", "POSS"):
        j += 1
    while j < n and tokens[j].tag in ("ADJ", "NUM"):
        j += 1
    k = j
    while k < n and tokens[k].tag in _NOMINAL:
        k += 1
    if k == j:
        return None
    return k


def noun_phrase_of(tokens: list[Token], i: int) -> int | None:
    """A noun phrase with its `of`-complements: "the removal of ethnic divisions"."""
    end = noun_phrase(tokens, i)
    while end is not None and end < len(tokens) - 1 and tokens[end].lower == "of":
        nxt = noun_phrase(tokens, end + 1)
        if nxt is None:
            break
        end = nxt
    return end


def prep_phrase(tokens: list[Token], i: int) -> int | None:
    """End (exclusive) of a prepositional phrase headed by tokens[i] (a preposition other than
    infinitival "to"), or None."""
    if tokens[i].tag != "PREP":
        return None
    return noun_phrase_of(tokens, i + 1)


def clause_final(tokens: list[Token], end: int) -> bool:
    """Whether a phrase ending before tokens[end] closes a clause (punctuation or the end)."""
    return end >= len(tokens) or tokens[end].text in (".", ",", ";", ":", "!", "?")
