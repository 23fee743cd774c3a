"""A self-contained HTML report for an editor: summary cards, an issue index with jump links,
filters (severity, category, code, text search), keyboard navigation between issues (j/k or n/p),
source and target side by side with issues highlighted.

No external assets (styles and script inlined from templates/), so the file can be mailed or
archived. The layout reflows to one column on a phone-width screen and has print styles.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from importlib import resources

from mtqa.evidence import SuspectSpans, WordAlignment, WordSpan, first_of
from mtqa.report.json_writer import summary
from mtqa.report.safe_text import visible
from mtqa.scoring import PRIMARY_SCORERS
from mtqa.types import Issue, Report, SegmentResult, Severity, Span


def _esc(text: str) -> str:
    """User text inside an attribute or <title>: escaped, control and bidi characters made visible."""
    return escape(visible(text))


def _user(text: str) -> str:
    """User text in the page: escaped, control and bidi characters made visible, and isolated in
    <bdi> so right-to-left text cannot reorder what is around it."""
    return f"<bdi>{_esc(text)}</bdi>"


def _template(name: str) -> str:
    return resources.files("mtqa.report").joinpath(f"templates/{name}").read_text(encoding="utf-8")


_ISSUE_SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)


def to_html(report: Report) -> str:
    counts = report.issue_counts()
    flagged = sum(1 for s in report.segments if s.flagged)
    scales = _score_scales(report.signatures)
    files = _user(report.source_path or "")
    if report.target_path:
        files += " &rarr; " + _user(report.target_path)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>mtqa report: {_esc(report.source_path or '')}</title>",
        f"<style>{_template('report.css')}</style></head><body>",
        "<header><h1>Translation quality report</h1>",
        f'<div class="files">{files} &middot; {_user(report.source_lang)} &rarr; {_user(report.target_lang)}</div>',
        '<div class="summary">',
        f'<div class="card"><b>{len(report.segments)}</b>segments</div>',
        f'<div class="card"><b>{flagged}</b>flagged</div>',
        *(f'<div class="card {s.value}"><b>{counts[s.value]}</b>{s.value}</div>' for s in _ISSUE_SEVERITIES),
        f'<div class="card note"><b>{counts.get("note", 0)}</b>review notes</div>',
        *([f'<div class="card suppressed" title="accepted in the baseline {_esc(report.baseline)}; not gated">'
           f"<b>{report.suppressed_count()}</b>suppressed</div>"] if report.baseline is not None else []),
        _verdict(report),
        "</div>",
        _score_note(report, scales),
        _histogram(report, scales),
        _filters(report),
        "</header>",
    ]
    if report.warnings:
        parts.append('<div class="warnings">' + "<br>".join(_user(w) for w in report.warnings) + "</div>")
    parts += [
        "<main>",
        _index(report),
        '<table id="segments">',
        "<thead><tr><th>#</th><th>Source</th><th>Target</th><th>Issues</th></tr></thead><tbody>",
    ]
    parts.extend(_row(seg, scales) for seg in report.segments)
    parts += [
        "</tbody></table>",
        '<details class="signatures"><summary>Signatures and configuration</summary><pre>',
        _esc_block(json.dumps({"summary": summary(report), "signatures": report.signatures, "config": report.config},
                              ensure_ascii=False, indent=2, default=str)),
        "</pre></details></main>",
        f"<script>{_template('report.js')}</script></body></html>",
        "",
    ]
    return "\n".join(parts)


def _verdict(report: Report) -> str:
    """The gate as run: passed, failed, or not gated at all (`--fail-on never`), which must not
    look like a pass."""
    if report.fail_on is None:
        return '<div class="verdict off" title="run with --fail-on never: no severity fails this run">Not gated</div>'
    if report.passed:
        return f'<div class="verdict pass">Gate passed (fails on {report.fail_on.value} or worse)</div>'
    return f'<div class="verdict fail">Gate failed (fails on {report.fail_on.value} or worse)</div>'


def _filters(report: Report) -> str:
    categories = sorted({i.category for s in report.segments for i in s.issues})
    codes = sorted({i.code for s in report.segments for i in s.issues})

    def options(values: list[str]) -> str:
        return "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in values)

    boxes = "".join(
        f'<label><input type="checkbox" class="f-sev" value="{s.value}" checked> {s.value}</label>'
        for s in (*_ISSUE_SEVERITIES, Severity.NOTE, Severity.OK)
    )
    return (
        '<form class="filters" id="filters" role="search" onsubmit="return false">'
        f'<fieldset><legend>Severity</legend>{boxes}</fieldset>'
        f'<label>Category <select id="f-cat"><option value="">all</option>{options(categories)}</select></label>'
        f'<label>Code <select id="f-code"><option value="">all</option>{options(codes)}</select></label>'
        '<label>Search <input type="search" id="f-text" placeholder="text, code or message"></label>'
        '<output id="f-count" aria-live="polite"></output>'
        '<span class="keys">keys: <kbd>j</kbd>/<kbd>n</kbd> next issue, <kbd>k</kbd>/<kbd>p</kbd> previous, '
        "<kbd>/</kbd> search</span></form>"
    )


def _issue_id(seg: SegmentResult, k: int) -> str:
    return f"i{seg.index}-{k}"


def _issue_attrs(issue: Issue) -> str:
    return f'data-sev="{issue.severity.value}" data-cat="{_esc(issue.category)}" data-code="{_esc(issue.code)}"'


def _index(report: Report) -> str:
    """Every issue, worst first, each a jump link to its place in the segment table."""
    entries = [(seg, k, issue) for seg in report.segments for k, issue in enumerate(seg.issues)]
    if not entries:
        return '<nav id="index" aria-label="Issue index"><h2>Issues</h2><p class="none">No issues found.</p></nav>'
    entries.sort(key=lambda e: (-e[2].severity.rank, e[0].index, e[1]))
    items = "".join(
        f'<li {_issue_attrs(issue)} data-seg="{seg.index}"><a href="#{_issue_id(seg, k)}">'
        f'<span class="badge {issue.severity.value}">{issue.severity.value}</span> '
        f'<span class="code">{_esc(issue.code)}</span> <span class="where">segment {seg.index}</span> '
        f"{_user(issue.message)}</a></li>"
        for seg, k, issue in entries
    )
    return (
        f'<nav id="index" aria-label="Issue index"><h2>Issues ({len(entries)})</h2>'
        f'<ol class="index">{items}</ol></nav>'
    )


def _row(seg: SegmentResult, scales: Mapping[str, tuple[str, str, list[tuple[float, str]]]]) -> str:
    sev = seg.severity.value
    lines = ""
    if seg.source_lines or seg.target_lines:
        lines = (
            f'<br><span title="source / target line">'
            f"{','.join(map(str, seg.source_lines)) or '–'}/{','.join(map(str, seg.target_lines)) or '–'}</span>"
        )
    source = _highlight(seg.source, [(i.source_span, i) for i in seg.issues if i.source_span])
    target = _highlight(seg.target, [(i.target_span, i) for i in seg.issues if i.target_span])
    issues = "".join(
        f'<li id="{_issue_id(seg, k)}" class="issue" tabindex="-1" {_issue_attrs(i)}>'
        f'<span class="badge {i.severity.value}">{i.severity.value}</span> '
        f'{_user(i.category)} <span class="code">{_user(i.code)}</span><br>{_user(i.message)}</li>'
        for k, i in enumerate(seg.issues)
    )
    return (
        f'<tr class="seg sev-{sev}" id="seg-{seg.index}" data-sev="{sev}">'
        f'<td class="num" data-label="Segment">{seg.index}{lines}</td>'
        f'<td class="text" data-label="Source">{source}</td><td class="text" data-label="Target">{target}</td>'
        f'<td class="found" data-label="Issues">{_score(seg, scales)}<ul class="issues">{issues}</ul>'
        f"{_suppressed(seg)}{_word_alignment(seg)}</td></tr>"
    )


def _suppressed(seg: SegmentResult) -> str:
    """Issues accepted in the baseline: listed, greyed, outside the index and the gate."""
    if not seg.suppressed:
        return ""
    items = "".join(
        f'<li><span class="badge off">{i.severity.value}</span> <span class="code">{_user(i.code)}</span> {_user(i.message)}</li>'
        for i in seg.suppressed
    )
    return f'<details class="suppressed"><summary>{len(seg.suppressed)} suppressed (baseline)</summary><ul>{items}</ul></details>'


# Scorers whose segment score has a documented meaning on a fixed scale, with the thresholds that
# turn it into flags. The published QE model's raw number (`qe`) is not calibrated, so it is not
# drawn: a bar would suggest a meaning it does not have.
_SCALES = {
    "offline-qe": "quality = 1 − P(error) from the offline QE model",
    "similarity": "calibrated source–target sentence similarity",
}


def _score_scales(signatures: Mapping[str, Mapping[str, str]]) -> dict[str, tuple[str, str, list[tuple[float, str]]]]:
    """scorer -> (label, meaning, [(score below which a pair is flagged, severity)]), read from the
    thresholds in each scorer's signature, so the bar shows what this run actually used."""
    out: dict[str, tuple[str, str, list[tuple[float, str]]]] = {}
    try:
        sig = signatures.get("offline-qe")
        if sig and "thresholds" in sig:
            values = dict(part.split("=", 1) for part in str(sig["thresholds"]).split(","))
            # offline-qe flags when P(error) >= minor, i.e. quality <= 1 - minor (major comes from a
            # second head, P(major), not from this number).
            out["offline-qe"] = ("quality", _SCALES["offline-qe"], [(1 - float(values["minor"]), "minor")])
        sig = signatures.get("similarity")
        if sig and "minor" in sig and "major" in sig:
            out["similarity"] = ("similarity", _SCALES["similarity"],
                                 [(float(sig["minor"]), "minor"), (float(sig["major"]), "major")])
    except (KeyError, ValueError):
        pass  # a signature in another form: show no bar rather than a wrong one
    return out


def _primary(seg: SegmentResult) -> str | None:
    """The scorer whose number is the segment's `score` (the pipeline's order of preference)."""
    return next((name for name in PRIMARY_SCORERS if seg.scores.get(name) is not None), None)


def _score(seg: SegmentResult, scales: Mapping[str, tuple[str, str, list[tuple[float, str]]]]) -> str:
    name = _primary(seg)
    if seg.score is None or name is None or name not in scales or seg.scores.get(name) != seg.score:
        return ""
    label, meaning, cuts = scales[name]
    value = max(0.0, min(1.0, seg.score))
    band = "ok"
    for cut, severity in sorted(cuts, reverse=True):
        if value < cut:
            band = severity
    ticks = "".join(f'<i class="tick" style="left:{cut * 100:.1f}%"></i>' for cut, _ in cuts)
    below = "; ".join(f"{severity} below {cut:.2f}" for cut, severity in cuts)
    return (
        f'<div class="score" title="{_esc(meaning)}; {below} (higher is better)">'
        f'<span class="meter"><span class="fill {band}" style="width:{value * 100:.1f}%"></span>{ticks}</span>'
        f" {label} {seg.score:.2f} <span class=\"cuts\">({below})</span></div>"
    )


def _histogram(report: Report, scales: Mapping[str, tuple[str, str, list[tuple[float, str]]]], bins: int = 20) -> str:
    """The distribution of the segment scores over [0, 1] as an inline SVG bar chart with the
    thresholds marked, when every scored segment's number comes from one calibrated scorer."""
    names = {_primary(seg) for seg in report.segments if seg.score is not None}
    name = names.pop() if len(names) == 1 else None
    if name is None or name not in scales:
        return ""
    label, meaning, cuts = scales[name]
    values = [max(0.0, min(1.0, seg.score)) for seg in report.segments
              if seg.score is not None and seg.scores.get(name) == seg.score]
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int(value * bins))] += 1
    top = max(counts)
    width, height = 200, 40
    bars = []
    for k, n in enumerate(counts):
        if not n:
            continue
        h = height * n / top
        lo, hi = k / bins, (k + 1) / bins
        band = next((sev for cut, sev in sorted(cuts) if hi <= cut), "ok")
        bars.append(f'<rect class="{band}" x="{k * width / bins + 0.5:.1f}" y="{height - h:.1f}" '
                    f'width="{width / bins - 1:.1f}" height="{h:.1f}"><title>{label} {lo:.2f}–{hi:.2f}: {n}</title></rect>')
    lines = "".join(f'<line x1="{cut * width:.1f}" x2="{cut * width:.1f}" y1="0" y2="{height}"><title>{sev} below {cut:.2f}</title></line>'
                    for cut, sev in cuts)
    return (
        f'<figure class="histogram"><svg viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="distribution of {len(values)} segment scores">{"".join(bars)}{lines}</svg>'
        f"<figcaption>{len(values)} segment scores: {_esc(meaning)}, 0 to 1, higher is better; "
        f"lines: {'; '.join(f'{sev} below {cut:.2f}' for cut, sev in cuts)}</figcaption></figure>"
    )


def _score_note(report: Report, scales: Mapping[str, object]) -> str:
    """Say once why no score bar is drawn when the run's scores are not on a calibrated scale."""
    shown = {name for seg in report.segments if (name := _primary(seg)) is not None}
    hidden = sorted(shown - set(scales))
    if not hidden:
        return ""
    return (
        f'<p class="score-note">Segment scores from {_esc(", ".join(hidden))} are not shown: they are not calibrated, '
        "so only the issues say what to fix (the numbers are in the JSON report).</p>"
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

    return (
        f'<details class="wordalign"><summary>word alignment ({_esc(name)})</summary>'
        f'<div class="wa-src">{words(src_w, unaligned_s, [])}</div>'
        f'<div class="wa-tgt">{words(tgt_w, unaligned_t, suspect)}</div>'
        f'<div class="wa-legend"><span class="unal">unaligned</span> <span class="suspect">suspect (QE model)</span></div>'
        f"{_heatmap(al, unaligned_s, unaligned_t, suspect)}</details>"
    )


def _heatmap(al: WordAlignment, unaligned_s: set[int], unaligned_t: set[int], suspect: list[Span]) -> str:
    """The links as a grid: a row per source word, a column per target word, each link's cell
    shaded by its cosine (hover for the pair and the number). An empty row or column is a word
    with no counterpart. In its own scroll box, so a long sentence never widens the page."""
    src_w, tgt_w = al.source_words, al.target_words
    cosine = {(i, j): c for i, j, c in al.links if i < len(src_w) and j < len(tgt_w)}

    def mark(k: int, unaligned: set[int], w: WordSpan, marks: list[Span]) -> str:
        cls = ["unal"] if k in unaligned else []
        if any(w.span[0] < b and a < w.span[1] for a, b in marks):
            cls.append("suspect")
        return f' class="{" ".join(cls)}"' if cls else ""

    head = "".join(f"<th{mark(j, unaligned_t, w, suspect)}><span>{_esc(w.text)}</span></th>" for j, w in enumerate(tgt_w))
    rows = []
    for i, sw in enumerate(src_w):
        cells = []
        for j, tw in enumerate(tgt_w):
            c = cosine.get((i, j))
            if c is None:
                cells.append("<td></td>")
            else:
                shade = max(0.15, min(1.0, c))
                cells.append(f'<td class="link" style="opacity:{shade:.2f}" '
                             f'title="{_esc(sw.text)}&rarr;{_esc(tw.text)} {c:.2f}"></td>')
        rows.append(f"<tr><th{mark(i, unaligned_s, sw, [])}>{_esc(sw.text)}</th>{''.join(cells)}</tr>")
    return (
        '<div class="wa-heat"><table class="heat" aria-label="word alignment links">'
        f"<tr><th></th>{head}</tr>{''.join(rows)}</table></div>"
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
