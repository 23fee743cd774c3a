"""The HTML report shows a flagged segment's word alignment from the evidence a scorer published."""

from __future__ import annotations

from mtqa.evidence import SuspectSpans, WordAlignment, WordSpan
from mtqa.report import render
from mtqa.types import Issue, Report, SegmentResult, Severity


def ws(*words: tuple[str, int, int, bool]) -> tuple[WordSpan, ...]:
    return tuple(WordSpan(text, (start, end), content) for text, start, end, content in words)


ALIGN = WordAlignment(
    ws(("Lo", 0, 2, False), ("riporta", 3, 10, True), ("Reuters", 11, 18, True), (".", 18, 19, False)),
    ws(("Reuters", 0, 7, True), ("brought", 8, 15, True), ("him", 16, 19, False), ("back", 20, 24, True), (".", 24, 25, False)),
    ((2, 0, 0.91), (1, 1, 0.42), (3, 4, 0.8)),
    (0.3, 0.42, 0.91, 0.8),
    (0.91, 0.42, 0.2, 0.3, 0.8),
)
EVIDENCE = {"offline-qe": (ALIGN, SuspectSpans((((8, 15), 0.7),)))}
ISSUE = Issue("QEO001", "accuracy/mistranslation", Severity.MAJOR, "'brought' is likely mistranslated", "offline-qe", target_span=(8, 15))


def report(issues: tuple[Issue, ...]) -> Report:
    seg = SegmentResult(0, "Lo riporta Reuters.", "Reuters brought him <back>.", 0.2, issues, evidence=EVIDENCE)
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
