"""Words, their character spans, and which of them carry content (it/en stopword lists).

A word is a run of letters/digits (keeping inner apostrophes out: Italian "l’azienda" is "l",
"azienda", so the article can be a stopword) or a single punctuation mark. Only content words
are evidence: a missing "the" or "di" is not an omission worth flagging. Negations ("non", "not",
"no", "né", "never") are deliberately NOT stopwords: a dropped negation flips the meaning.
"""

from __future__ import annotations

import re

from mtqa.evidence import WordSpan

_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*|[^\w\s]", re.UNICODE)

# Function words only; short, hand-written lists (closed-class words of each language).
STOPWORDS: dict[str, frozenset[str]] = {
    "it": frozenset(
        """a ad al allo alla ai agli alle all anche che chi ci col come con cui da dal dallo dalla dai
        dagli dalle dall degli dei del dello della delle dell di e ed era erano è essere fa gli ha hanno
        i il in la le lei lo loro lui ma mi ne negli nei nel nello nella nelle nell noi o per
        perché più poi quale quali quando questa queste questi questo quella quelle quelli quello se
        si sia sono su sua sue suo suoi sul sullo sulla sulle sull tra fra un una uno è stato stata
        stati state sarà essere avere c d l un' dell' all' nell' sull' dall' po anche ancora già cosa
        così molto tutto tutti tutte ogni""".split()
    ),
    "en": frozenset(
        """a an and are as at be been being but by did do does for from had has have he her his i if in
        into is it its of on or our she so than that the their them then there these they this those to
        was we were what when which while who whom will with would you your can could should
        shall may might must also very just about up out over more most such only any all each both
        whose am s t""".split()
    ),
}


def split_words(text: str, lang: str) -> list[WordSpan]:
    stop = STOPWORDS.get(lang, frozenset())
    words = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        content = any(c.isalnum() for c in w) and w.lower() not in stop
        words.append(WordSpan(w, (m.start(), m.end()), content))
    return words
