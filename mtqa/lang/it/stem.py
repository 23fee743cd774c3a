"""Italian stems and singular/plural groups for the term-consistency check."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.lang.words import fold


def stem(word: str) -> str:
    """A light Italian stem for renderings (English->Italian): facciale/facciali, tasso/tassi."""
    w = fold(word)
    return w if "-" in w or len(w) < 5 or w[-1] not in "aeiou" else w[:-1]


# Italian number inflection: borsa/borse, tasso/tassi, fase/fasi, facciale/facciali. Gender pairs
# (nuovo/nuova) are not joined: porta/porto and corso/corsa are different words.
_NUMBER_PAIRS = frozenset({("a", "e"), ("o", "i"), ("e", "i")})


def same_lemma(a: str, b: str) -> bool:
    """Singular and plural of one Italian noun or adjective (folded forms)."""
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 4 or a[:-1] != b[:-1]:
        return False
    return (a[-1], b[-1]) in _NUMBER_PAIRS or (b[-1], a[-1]) in _NUMBER_PAIRS


def group_forms(forms: Sequence[str]) -> dict[str, str]:
    """form -> one representative form of its group (joined by `same_lemma`)."""
    root = {f: f for f in forms}

    def find(f: str) -> str:
        while root[f] != f:
            root[f] = root[root[f]]
            f = root[f]
        return f

    by_stem: dict[str, list[str]] = {}
    for f in sorted(set(forms)):
        by_stem.setdefault(f[:-1], []).append(f)
    for group in by_stem.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if same_lemma(a, b):
                    root[find(a)] = find(b)
    return {f: find(f) for f in forms}
