"""The HTML report shows a flagged segment's word alignment from a scorer's details (issue 6)."""

from __future__ import annotations

from mtqa.report import render
from mtqa.types import Issue, Report, SegmentResult, Severity

ALIGN = {
    "source_words": [["Lo", 0, 2], ["riporta", 3, 10], ["Reuters", 11, 18], [".", 18, 19]],
    "target_words": [["Reuters", 0, 7], ["brought", 8, 15], ["him", 16, 19], ["back", 20, 24], [".", 24, 25]],
    "links": [[2, 0, 0.91], [1, 1, 0.42], [3, 4, 0.8]],
    "unaligned_source": [],
    "unaligned_target": [3],
}
DETAILS = {"offline-qe": {"p_error": 0.8, "alignment": ALIGN, "suspect_words": [[8, 15, 0.7]]}}
ISSUE = Issue("QEO001", "accuracy/mistranslation", Severity.MAJOR, "'brought' is likely mistranslated", "offline-qe", target_span=(8, 15))


def report(issues: tuple[Issue, ...]) -> Report:
    seg = SegmentResult(0, "Lo riporta Reuters.", "Reuters brought him <back>.", 0.2, issues, details=DETAILS)
    return Report(segments=(seg,), source_lang="it", target_lang="en", signatures={}, config={})


def test_flagged_segment_shows_links_unaligned_and_suspect_words() -> None:
    html = render(report((ISSUE,)), "html")
    assert '<details class="wordalign"><summary>word alignment (offline-qe)</summary>' in html
    assert '<span class="unal">back</span>' in html  # unaligned target content word
    assert '<span class="suspect">brought</span>' in html  # the QE model's suspect span
    assert "riporta&rarr;brought 0.42" in html
    assert "<back>" not in html  # target text escaped


def test_unflagged_segment_has_no_alignment_block() -> None:
    assert "wordalign" not in render(report(()), "html").split("</style>")[1]
