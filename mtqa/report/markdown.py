"""Markdown: a summary, then every flagged segment with its issues (worst first)."""

from __future__ import annotations

from mtqa.types import Report, SegmentResult


def _cell(text: str) -> str:
    # Markdown renders inline HTML: escape it so a source sentence cannot inject markup.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


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
        f"- Source: `{report.source_path}` ({report.source_lang})",
    ]
    if report.target_path:
        out.append(f"- Target: `{report.target_path}` ({report.target_lang})")
    out += [
        f"- Segments: {len(report.segments)}; flagged: {sum(1 for s in report.segments if s.issues)}",
        f"- Issues: {counts['critical']} critical, {counts['major']} major, {counts['minor']} minor",
        f"- Gate ({gate}): **{verdict}**",
        "",
    ]
    for warning in report.warnings:
        out.append(f"> Warning: {warning}")
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
                    f"| {seg.index} | {_lines(seg)} | {issue.severity.value} | `{issue.code}` {issue.category}: "
                    f"{_cell(issue.message)} | {_cell(seg.source) or '—'} | {target or '—'} |"
                )
        out.append("")
    out += ["## Signatures", ""]
    for name, sig in report.signatures.items():
        out.append(f"- **{name}**: " + "|".join(f"{k}:{v}" for k, v in sig.items()))
    out.append("")
    return "\n".join(out)
