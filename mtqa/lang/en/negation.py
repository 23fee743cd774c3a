"""English negation: when a negator negates nothing, and negative affixes (see mtqa.checks.negation)."""

from __future__ import annotations

import re

# un- words that are not negative.
_EN_UN_NOT_NEG = re.compile(r"un(?:der|ite|ivers|ion|iform|ique|ilateral|animous|ify|it|til|cle|to\b|less)")
# English negators that negate nothing: the tag of a question ("He is ready, isn't he?" = "È pronto,
# vero?"), the alternative "whether or not" / "or not", the additive "not only" / "not least", the
# certain "no doubt", and numbering ("No. 1", "Amendment No 5").
_EN_TAG_AFTER = re.compile(r"\s+(?:i|you|he|she|it|we|they|there|one)\s*[?]", re.I)
_EN_NOT_NEG_AFTER = {
    "not": re.compile(r"\s+(?:only|least|just|merely|to mention|to say)\b", re.I),
    "none": re.compile(r"\s+other than\b", re.I),
    "nothing": re.compile(r"\s+(?:but|more than|less than|short of)\b", re.I),
    "without": re.compile(r"\s+(?:saying|a doubt|doubt|question)\b", re.I),
    "no": re.compile(r"\.?\s*\d|\s+(?:doubt|more than|less than|reservations?)\b", re.I),
}
_EN_OR_BEFORE = re.compile(r"\bor\s+$", re.I)


def negates(text: str, m: re.Match[str]) -> bool:
    """False when the negator `m` found in `text` negates nothing: a question tag, "not only",
    "none other than", "nothing but", "without a doubt", "no doubt", "No 5", "or not"."""
    word = m.group(0).lower()
    before = text[max(0, m.start() - 60):m.start()]
    if word.endswith(("n't", "n’t")) and _EN_TAG_AFTER.match(text, m.end()):
        return False
    after = _EN_NOT_NEG_AFTER.get(word)
    if after is not None and after.match(text, m.end()):
        return False
    if word == "not" and _EN_OR_BEFORE.search(before):
        return False
    return True


def morphological_cues(folded: str) -> list[str]:
    """Negative words formed by affixes in `folded` text ("unclear", "non-binding", "useless")."""
    return [w for w in re.findall(r"\b(?:un[a-z]{3,}|non-?[a-z]{4,}|[a-z]{3,}less)\b", folded)
            if not _EN_UN_NOT_NEG.match(w)]
