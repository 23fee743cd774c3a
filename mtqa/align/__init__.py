"""Sentence alignment: aligners turn two segment lists into links (1-1, 1-2, 2-1, 2-2, 1-0, 0-1)."""

from __future__ import annotations

from mtqa.align.base import Aligner, links_cover

__all__ = ["Aligner", "links_cover"]
