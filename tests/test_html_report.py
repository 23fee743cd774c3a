"""The editor's HTML report: the score histogram and the word-alignment heatmap."""

from __future__ import annotations

import re

from mtqa.evidence import WordAlignment, WordSpan
from mtqa.report import render
from mtqa.types import Issue, Report, SegmentResult, Severity

SIG = {"similarity": {"name": "similarity", "version": "1", "minor": "0.5", "major": "0.3"}}


def _seg(k: int, score: float | None, **kw: object) -> SegmentResult:
    return SegmentResult(k, f"s{k}", f"t{k}", score, (), scores={"similarity": score} if score is not None else {}, **kw)  # type: ignore[arg-type]


def test_histogram_counts_the_calibrated_scores_by_band() -> None:
    report = Report(segments=(_seg(0, 0.12), _seg(1, 0.14), _seg(2, 0.45), _seg(3, 0.97), _seg(4, None)),
                    source_lang="it", target_lang="en", signatures=SIG, config={})
    html = render(report, "html")
    assert "4 segment scores: calibrated source–target sentence similarity" in html
    bars = re.findall(r'<rect class="(\w+)"[^>]*><title>similarity ([\d.]+)–([\d.]+): (\d+)</title>', html)
    assert bars == [("major", "0.10", "0.15", "2"), ("minor", "0.45", "0.50", "1"), ("ok", "0.95", "1.00", "1")]
    assert html.count('<line x1="100.0"') == 1 and html.count('<line x1="60.0"') == 1  # minor 0.5 and major 0.3


def test_no_histogram_without_a_calibrated_scale() -> None:
    report = Report(segments=(SegmentResult(0, "a", "b", 3.2, (), scores={"qe": 3.2}),), source_lang="it",
                    target_lang="en", signatures={"qe": {"name": "qe"}}, config={})
    assert 'class="histogram"' not in render(report, "html")


def test_alignment_heatmap_has_a_cell_per_link() -> None:
    def ws(*words: str) -> tuple[WordSpan, ...]:
        out, pos = [], 0
        for w in words:
            out.append(WordSpan(w, (pos, pos + len(w)), True))
            pos += len(w) + 1
        return tuple(out)

    al = WordAlignment(ws("Il", "gatto", "<dorme>"), ws("The", "cat", "sleeps"), ((0, 0, 0.9), (1, 1, 0.6)), (), ())
    issue = Issue("QEO001", "accuracy/mistranslation", Severity.MINOR, "m", "offline-qe", target_span=(8, 14))
    seg = SegmentResult(0, "Il gatto <dorme>", "The cat sleeps", None, (issue,), evidence={"offline-qe": (al,)})
    html = render(Report(segments=(seg,), source_lang="it", target_lang="en", signatures={}, config={}), "html")
    heat = html.split('<table class="heat"', 1)[1].split("</table>", 1)[0]
    assert heat.count("<tr>") == 4 and heat.count('<td class="link"') == 2 and heat.count("<td></td>") == 7
    assert 'title="Il&rarr;The 0.90"' in heat and 'style="opacity:0.60" title="gatto&rarr;cat 0.60"' in heat
    assert '<th class="unal">&lt;dorme&gt;</th>' in heat  # escaped, and marked as having no counterpart
    assert '<th class="unal"><span>sleeps</span></th>' in heat
