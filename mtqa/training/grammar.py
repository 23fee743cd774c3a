"""A simple grammaticality gate for generated targets.

A model trained on corruptions that are also ungrammatical learns to spot broken English, not wrong
meaning; so a corruption is rejected when it makes the sentence worse on any of these counts
(counted on the original and on the corrupted target, so oddities already in the human text do not
reject anything):

- known-words: a word written in that is neither a closed-class word nor a form in lemminflect's
  lexicon (catches made-up inflections; names and numbers are exempt);
- doubled-words: the same word twice in a row ("the the");
- doubled-function: two determiners or two prepositions in a row ("the a", "of in");
- article: "a" before a vowel sound or "an" before a consonant one;
- dangling: a preposition, determiner or conjunction right before the sentence's final punctuation;
- capital: the sentence no longer starts with a capital letter;
- spacing: doubled spaces, or a space before , . ; : ? !
"""

from __future__ import annotations

import re

from mtqa.training.edits import Corruption
from mtqa.training.lexical import DET, PREP, article_for, known_word, split_tokens

CHECKS = ("known-words", "doubled-words", "doubled-function", "article", "dangling", "capital", "spacing")


def _words(text: str) -> list[str]:
    return [w for w, _, _ in split_tokens(text)]


def _counts(text: str) -> dict[str, int]:
    w = [x.lower() for x in _words(text)]
    pairs = list(zip(w, w[1:]))
    return {
        "doubled-words": sum(a == b and a.isalpha() for a, b in pairs),
        "doubled-function": sum((a in DET and b in DET) or (a in PREP and b in PREP and a != "to") for a, b in pairs),
        "article": sum(a in ("a", "an") and b[:1].isalpha() and article_for(b) != a for a, b in pairs),
        "dangling": sum(b in ".?!" and (a in PREP or a in DET or a in ("and", "or")) for a, b in pairs),
        "capital": int(bool(text) and not text.lstrip("\"'“‘(")[:1].isupper()),
        "spacing": len(re.findall(r"  | [,.;:?!]", text)),
    }


def rejection(original: str, c: Corruption) -> str | None:
    """The first check the corruption fails, or None when it passes."""
    before, after = _counts(original), _counts(c.target)
    for name in CHECKS:
        if name in c.exempt:
            continue
        if name == "known-words":
            for s, e in c.spans:
                for word, _, _ in split_tokens(c.target[s:e]):
                    if word.isalpha() and word.islower() and not known_word(word) and word not in original:
                        return name
        elif after[name] > before[name]:
            return name
    return None
