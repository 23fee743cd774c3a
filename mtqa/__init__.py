"""mtqa: machine-translation quality checker.

Public API: `mtqa.check(source, target, source_lang=..., target_lang=...)` and
`mtqa.score(pairs, source_lang=..., target_lang=...)` return a `mtqa.Report`; see mtqa/api.py.
Importing this module imports neither torch nor transformers (tests/test_imports.py).
"""

from __future__ import annotations

__version__ = "0.1.0"

from mtqa.api import check, score  # noqa: E402  (after __version__, which the package's modules import)
from mtqa.types import Issue, Report, SegmentResult, Severity  # noqa: E402

__all__ = ["__version__", "check", "score", "Issue", "Report", "SegmentResult", "Severity"]
