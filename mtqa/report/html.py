"""A self-contained HTML report: summary cards, source and target side by side, issues highlighted.

No external assets (styles inlined from templates/report.css), so the file can be mailed or archived.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from mtqa.evidence import SuspectSpans, WordAlignment, WordSpan, first_of
from mtqa.report.json_writer import summary
from mtqa.report.safe_text import visible
from mtqa.types import Issue, Report, SegmentResult, Span


def _esc(text: str) -> str:
    """User text inside an attribute or <title>: escaped, control and bidi characters made visible."""
    return escape(visible(text))


def _user(text: str) -> str:
    """User text in the page: escaped, control and bidi characters made visible, and isolated in
    <bdi> so right-to-left text cannot reorder what is around it."""
    return f"<bdi>{_esc(text)}</bdi>"

_SCRIPT = """
document.getElementById('only-flagged').addEventListener('change', function (e) {
  document.body.classList.toggle('only-flagged', e.target.checked);
});
"""


def to_html(report: Report) -> str:
    css = resources.files("mtqa.report").joinpath("templates/report.css").read_text(encoding="utf-8")
    counts = report.issue_counts()
    flagged = sum(1 for s in report.segments if s.flagged)
    verdict = ("pass", "Gate passed") if report.passed else ("fail", "Gate failed")
    gate = "never" if report.fail_on is None else report.fail_on.value
    files = _user(report.source_path or "")
    if report.target_path:
        files += " &rarr; " + _user(report.target_path)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>mtqa report: {_esc(report.source_path or '')}</title>",
        f"<style>{css}</style></head><body>",
        "<header><h1>Translation quality report</h1>",
        f'<div class="files">{files} &middot; {_user(report.source_lang)} &rarr; {_user(report.target_lang)}</div>',
        '<div class="summary">',
        f'<div class="card"><b>{len(report.segments)}</b>segments</div>',
        f'<div class="card"><b>{flagged}</b>flagged</div>',
        f'<div class="card critical"><b>{counts["critical"]}</b>critical</div>',
        f'<div class="card major"><b>{counts["major"]}</b>major</div>',
        f'<div class="card minor"><b>{counts["minor"]}</b>minor</div>',
        f'<div class="verdict {verdict[0]}">{verdict[1]} (fail on: {escape(gate)})</div>',
        "</div>",
        '<div class="filters"><label><input type="checkbox" id="only-flagged"> show flagged segments only</label></div>',
        "</header>",
    ]
    if report.warnings:
        parts.append('<div class="warnings">' + "<br>".join(_user(w) for w in report.warnings) + "</div>")
    parts += [
        "<main><table>",
        "<thead><tr><th>#</th><th>Source</th><th>Target</th><th>Issues</th></tr></thead><tbody>",
    ]
    parts.extend(_row(seg) for seg in report.segments)
    parts += [
        "</tbody></table>",
        "<details><summary>Signatures and configuration</summary><pre>",
        _esc_block(json.dumps({"summary": summary(report), "signatures": report.signatures, "config": report.config},
                              ensure_ascii=False, indent=2, default=str)),
        "</pre></details></main>",
        f"<script>{_SCRIPT}</script></body></html>",
        "",
    ]
    return "\n".join(parts)


def _row(seg: SegmentResult) -> str:
    sev = seg.severity.value
    lines = ""
    if seg.source_lines or seg.target_lines:
        lines = (
            f'<br><span title="source / target line">'
            f"{','.join(map(str, seg.source_lines)) or '–'}/{','.join(map(str, seg.target_lines)) or '–'}</span>"
        )
    source = _highlight(seg.source, [(i.source_span, i) for i in seg.issues if i.source_span])
    target = _highlight(seg.target, [(i.target_span, i) for i in seg.issues if i.target_span])
    score = f'<div class="score">score {seg.score:.3f}</div>' if seg.score is not None else ""
    issues = "".join(
        f'<li><span class="badge {i.severity.value}">{i.severity.value}</span> '
        f'{_user(i.category)} <span class="code">{_user(i.code)}</span><br>{_user(i.message)}</li>'
        for i in seg.issues
    )
    return (
        f'<tr class="sev-{sev}" id="seg-{seg.index}"><td class="num">{seg.index}{lines}</td>'
        f'<td class="text" lang="src">{source}</td><td class="text">{target}</td>'
        f'<td>{score}<ul class="issues">{issues}</ul>{_word_alignment(seg)}</td></tr>'
    )


def _word_alignment(seg: SegmentResult) -> str:
    """A collapsible word alignment for a flagged segment whose scorers published one
    (`WordAlignment` evidence from offline-qe or wordalign): both sentences word by word with
    unaligned content words and the QE model's suspect words (`SuspectSpans`) marked, then the links
    with their cosines. Empty otherwise."""
    if not seg.issues:
        return ""
    found = [(name, al) for name, records in seg.evidence.items() if (al := first_of(WordAlignment, records)) is not None]
    if not found:
        return ""
    name, al = found[0]
    suspects = first_of(SuspectSpans, seg.evidence[name])
    suspect = [span for span, _ in suspects.spans] if suspects is not None else []
    src_w, tgt_w = al.source_words, al.target_words
    unaligned_s = {i for i, w in enumerate(src_w) if w.content} - al.aligned_source()
    unaligned_t = {j for j, w in enumerate(tgt_w) if w.content} - al.aligned_target()

    def words(ws: tuple[WordSpan, ...], unaligned: set[int], marks: list[Span]) -> str:
        out = []
        for k, w in enumerate(ws):
            cls = []
            if k in unaligned:
                cls.append("unal")
            if any(w.span[0] < b and a < w.span[1] for a, b in marks):
                cls.append("suspect")
            attr = f' class="{" ".join(cls)}"' if cls else ""
            out.append(f"<span{attr}>{_esc(w.text)}</span>")
        return " ".join(out)

    links = ", ".join(
        f"{_esc(src_w[i].text)}&rarr;{_esc(tgt_w[j].text)} {c:.2f}"
        for i, j, c in al.links
        if i < len(src_w) and j < len(tgt_w)
    )
    return (
        f'<details class="wordalign"><summary>word alignment ({_esc(name)})</summary>'
        f'<div class="wa-src">{words(src_w, unaligned_s, [])}</div>'
        f'<div class="wa-tgt">{words(tgt_w, unaligned_t, suspect)}</div>'
        f'<div class="wa-legend"><span class="unal">unaligned</span> <span class="suspect">suspect (QE model)</span></div>'
        f'<div class="wa-links">{links}</div></details>'
    )


def _highlight(text: str, spans: list[tuple[Span | None, Issue]]) -> str:
    """Escape `text` and wrap issue spans in <mark>; overlapping spans keep the worse issue's mark."""
    if not text:
        return '<span class="empty">(nothing)</span>'
    chosen: list[tuple[int, int, Issue]] = []
    for span, issue in sorted(spans, key=lambda p: -p[1].severity.rank):
        if span is None:
            continue
        start, end = max(0, span[0]), min(len(text), span[1])
        if start >= end or any(start < e and s < end for s, e, _ in chosen):
            continue
        chosen.append((start, end, issue))
    # Offsets index the raw text; each slice is escaped (and its controls made visible) on its own.
    out, pos = ["<bdi>"], 0
    for start, end, issue in sorted(chosen, key=lambda c: c[0]):
        out.append(_esc(text[pos:start]))
        out.append(
            f'<mark class="{issue.severity.value}" title="{_esc(issue.code)}: {_esc(issue.message)}">'
            f"{_esc(text[start:end])}</mark>"
        )
        pos = end
    out.append(_esc(text[pos:]))
    out.append("</bdi>")
    return "".join(out)


def _esc_block(text: str) -> str:
    """A <pre> block: escaped, controls visible except its own line breaks."""
    return escape(visible(text, keep_layout=True))
