"""mtqa: machine-translation quality checker.

Public API. Importing this module imports neither torch nor transformers (tests/test_imports.py).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
