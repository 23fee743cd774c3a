"""Markdown: a summary, then every segment with issues or review notes (worst first; a note's
severity column reads "note")."""

from __future__ import annotations

from mtqa.report.safe_text import md_code, md_text
from mtqa.types import Report, SegmentResult

# Every user-supplied string (sentences, file names, messages quoting them, warnings, model paths in
# signatures) goes through md_text or md_code: it renders as the literal text, on one line, with
# control and bidi characters shown as escapes (this is also what a terminal shows by default).
_cell = md_text


def _lines(seg: SegmentResult) -> str:
    src = ",".join(map(str, seg.source_lines)) or "-"
    tgt = ",".join(map(str, seg.target_lines)) or "-"
    return f"{src} / {tgt}"


def to_markdown(report: Report) -> str:
    counts = report.issue_counts()
    gate = "never fails" if report.fail_on is None else f"fails on {report.fail_on.value} or worse"
    verdict = "PASSED" if report.passed else "FAILED"
    out = [
        "# mtqa report",
        "",
        f"- Source: {md_code(report.source_path or '')} ({md_text(report.source_lang)})",
    ]
    if report.target_path:
        out.append(f"- Target: {md_code(report.target_path)} ({md_text(report.target_lang)})")
    out += [
        f"- Segments: {len(report.segments)}; flagged: {sum(1 for s in report.segments if s.flagged)}",
        f"- Issues: {counts['critical']} critical, {counts['major']} major, {counts['minor']} minor; "
        f"review notes: {counts['note']} (never fail the gate)",
        f"- Gate ({gate}): **{verdict}**",
    ]
    if report.baseline is not None:
        out.append(f"- Suppressed by the baseline {md_code(report.baseline)}: {report.suppressed_count()} accepted issue(s), not gated")
    out += [
        "",
    ]
    for warning in report.warnings:
        out.append(f"> Warning: {md_text(warning)}")
    if report.warnings:
        out.append("")
    flagged = sorted((s for s in report.segments if s.issues), key=lambda s: (-s.severity.rank, s.index))
    if not flagged:
        out += ["No issues found.", ""]
    else:
        out += ["| # | lines (src / tgt) | severity | issue | source | target |", "|---|---|---|---|---|---|"]
        for seg in flagged:
            for issue in seg.issues:
                target = _cell(seg.target)
                if issue.target_span:
                    s, e = issue.target_span
                    t = seg.target
                    target = f"{_cell(t[:s])}**{_cell(t[s:e])}**{_cell(t[e:])}"
                out.append(
                    f"| {seg.index} | {_lines(seg)} | {issue.severity.value} | {md_code(issue.code)} {md_text(issue.category)}: "
                    f"{_cell(issue.message)} | {_cell(seg.source) or '—'} | {target or '—'} |"
                )
        out.append("")
    out += ["## Signatures", ""]
    for name, sig in report.signatures.items():
        out.append(f"- **{md_text(name)}**: " + "|".join(f"{md_text(str(k))}:{md_text(str(v))}" for k, v in sig.items()))
    out.append("")
    return "\n".join(out)
