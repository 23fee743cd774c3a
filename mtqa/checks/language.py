"""Untranslated target: a target sentence in the source language, or identical to its source.

Language identification (py3langid, restricted to the two languages of the job) is unreliable on
short lines, so it is combined with function-word counts, and names are never evidence: "Jeff
Bezos" identical on both sides is fine, "di Chiara Rossi" is an Italian byline left as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from mtqa.checks._base import fold
from mtqa.checks.words import function_word_counts, function_words, tokens
from mtqa.config import Config
from mtqa.lang import get as language
from mtqa.types import Category, Pair, PairScore, Severity, Signal

# Below this many words, language ID alone is not trusted (short lines: py3langid's own README
# warns about them; our measurement in QE-MODELS.md had 0/40 errors on sentences, not on bylines).
MIN_WORDS_FOR_LANGID = 4
# Probability (normalised over the two languages) above which the target counts as source language.
LANGID_THRESHOLD = 0.9


class UntranslatedScorer:
    name = "untranslated"
    version = "1"
    requires = ()  # no evidence from other scorers (mtqa.evidence)
    provides = ()

    def __init__(self, config: Config) -> None:
        self.source_lang = config.source_lang
        self.target_lang = config.target_lang
        self.threshold = config.threshold("untranslated.langid", LANGID_THRESHOLD)

    def signature(self) -> Mapping[str, str]:
        import py3langid

        return {
            "scorer": self.name,
            "langid": f"py3langid {py3langid.__version__}",
            "langs": f"{self.source_lang},{self.target_lang}",
            "threshold": str(self.threshold),
            "min_words": str(MIN_WORDS_FOR_LANGID),
        }

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        return [self._score_one(pair) for pair in pairs]

    def _score_one(self, pair: Pair) -> PairScore:
        target = pair.target.strip()
        if not target or self.source_lang == self.target_lang:
            return PairScore()
        words = tokens(target)
        # Names (capitalised words after the first) carry no language evidence.
        common = [w for i, w in enumerate(words) if i == 0 or not w.text[:1].isupper()]
        counts = function_word_counts(common, (self.source_lang, self.target_lang))
        src_fw, tgt_fw = counts[self.source_lang], counts[self.target_lang]
        identical = _norm(target) == _norm(pair.source) and bool(pair.source.strip())
        span = (len(pair.target) - len(pair.target.lstrip()), len(pair.target.rstrip()))
        if len(common) >= MIN_WORDS_FOR_LANGID:
            prob = _source_language_probability(target, self.source_lang, self.target_lang)
            if (prob >= self.threshold and src_fw >= tgt_fw) or (identical and src_fw > tgt_fw):
                what = "identical to the source" if identical else f"in {language(self.source_lang).name}"
                return PairScore(
                    signals=(
                        Signal(
                            code="UNT001",
                            category=Category.UNTRANSLATED,
                            message=f"target sentence is {what}, not {language(self.target_lang).name} "
                            f"(language ID p={prob:.2f}); translate it",
                            scorer=self.name,
                            target_span=span,
                            value=prob,
                            severity_hint=Severity.MAJOR,
                        ),
                    )
                )
        elif src_fw > 0 and tgt_fw == 0:
            # Short line (a byline, a caption): source-language function words and none of the
            # target's, e.g. "di Chiara Rossi" for "by Chiara Rossi".
            found = [w.text for w in common if fold(w.text) in function_words(self.source_lang)]
            return PairScore(
                signals=(
                    Signal(
                        code="UNT002",
                        category=Category.UNTRANSLATED,
                        message=f"short line keeps {language(self.source_lang).name} word(s) "
                        f"{', '.join(repr(f) for f in found)}; translate them",
                        scorer=self.name,
                        target_span=span,
                        severity_hint=Severity.MINOR,
                    ),
                )
            )
        return PairScore()




def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=8)
def _identifier(langs: tuple[str, ...]) -> Any:
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _langid_model()
    ident = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    ident.set_languages(list(langs))
    return ident


# py3langid ships its model LZMA-compressed; decompressing it is about a quarter of a second at
# every start. The decompressed arrays are kept in mtqa's cache folder (an uncompressed .npz,
# written atomically), named after the model file's sha256, and read from there while it exists.
LANGID_CACHE_FORMAT = "v1"


def _langid_model() -> tuple[Any, ...]:
    import hashlib
    import zipfile
    from array import array

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, _load_model_file

    from mtqa.cachefiles import cache_root, write_atomically

    source = MODEL_DIR / MODEL_FILE
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cached = cache_root() / "langid" / f"{LANGID_CACHE_FORMAT}-{digest}.npz"
    try:
        with np.load(cached, allow_pickle=False) as z:
            nextmove, row = array("I"), array("H")
            nextmove.frombytes(np.ascontiguousarray(z["nextmove"], dtype=np.uint32).tobytes())
            row.frombytes(np.ascontiguousarray(z["row"], dtype=np.uint16).tobytes())
            return (z["ptc"], z["pc"], z["classes"].tolist(), nextmove, row, z["output"].tolist())
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
        pass  # none yet, or damaged: rebuilt below
    model = _load_model_file(source)
    ptc, pc, classes, nextmove, row, output = model
    if nextmove.itemsize == 4 and row.itemsize == 2:
        try:
            write_atomically(cached, lambda f: np.savez(
                f, ptc=ptc, pc=pc, classes=np.array(classes), nextmove=np.frombuffer(nextmove, dtype=np.uint32),
                row=np.frombuffer(row, dtype=np.uint16), output=np.array(output, dtype=np.int64)), prefix=".langid-")
        except OSError:
            pass  # a read-only cache: decompressed again next time
    return tuple(model)


def _source_language_probability(text: str, source_lang: str, target_lang: str) -> float:
    ident = _identifier((source_lang, target_lang))
    ranked = dict(ident.rank(text))
    return float(ranked.get(source_lang, 0.0))
