"""A self-contained HTML bench report: the ranking table and inline SVG charts (each metric per
system with its 95% interval as whiskers, issue categories per system, the distribution of segment
quality). No script, no external file: it opens offline and can be attached to a ticket."""

from __future__ import annotations

from html import escape

from mtqa.benchreport.render import cell_text, metric_specs
from mtqa.benchreport.run import BenchResult

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
ROW = 22
LABEL = 150
PLOT = 360

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
p,ul{max-width:70em}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th:nth-child(2),td:nth-child(2){text-align:left}
code{font-size:.85em;word-break:break-all}
figure{margin:1.5em 0}
figcaption{font-weight:600;margin-bottom:.3em}
svg text{font-size:12px;font-family:system-ui,sans-serif}
svg{max-width:100%;height:auto}
.wide{overflow-x:auto;max-width:100%}
@media (max-width:600px){body{margin:.6em}}
"""


def _svg(width: int, height: int, label: str) -> str:
    """An SVG's opening tag; its viewBox lets a narrow window scale the chart down (CSS max-width)
    instead of cutting it off."""
    return f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{label}">'


def _interval_chart(result: BenchResult, metric: str, higher_is_better: bool) -> str:
    rows = [(s.system, v) for s in result.systems if (v := s.values.get(metric)) is not None]
    if not rows:
        return ""
    top = max([100.0, *(v.interval.high if v.interval else v.value for _, v in rows)])
    scale = PLOT / top if top > 0 else 1.0
    height = ROW * len(rows) + 24
    parts = [_svg(LABEL + PLOT + 60, height, f"{escape(metric)} per system")]
    for i, (name, v) in enumerate(rows):
        y = i * ROW + 4
        parts.append(f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{max(0.0, v.value) * scale:.1f}" height="{ROW - 8}" fill="{PALETTE[0]}"/>')
        if v.interval is not None:
            lo, hi = LABEL + v.interval.low * scale, LABEL + v.interval.high * scale
            mid = y + ROW / 2
            parts.append(
                f'<path d="M{lo:.1f},{mid:.1f}H{hi:.1f}M{lo:.1f},{mid - 5:.1f}V{mid + 5:.1f}M{hi:.1f},{mid - 5:.1f}V{mid + 5:.1f}" '
                'stroke="#222" stroke-width="1.5" fill="none"/>'
            )
        parts.append(f'<text x="{LABEL + PLOT + 6}" y="{y + 14}">{v.value:.1f}</text>')
    axis_y = ROW * len(rows) + 8
    parts.append(f'<path d="M{LABEL},{axis_y}H{LABEL + PLOT}" stroke="#888"/>')
    parts.append(f'<text x="{LABEL}" y="{axis_y + 14}">0</text><text x="{LABEL + PLOT}" y="{axis_y + 14}" text-anchor="end">{top:.0f}</text>')
    parts.append("</svg>")
    better = "higher is better" if higher_is_better else "lower is better"
    return f"<figure><figcaption>{escape(metric)} ({better}; whiskers: 95% interval)</figcaption>{''.join(parts)}</figure>"


def _category_chart(result: BenchResult) -> str:
    if not result.categories:
        return ""
    totals = [sum(v.value for v in s.categories.values()) for s in result.systems]
    top = max([1.0, *totals])
    scale = PLOT / top
    height = ROW * len(result.systems) + 24 + ROW * ((len(result.categories) + 1) // 2)
    parts = [_svg(LABEL + PLOT + 60, height, "issues per 100 segments by category")]
    for i, s in enumerate(result.systems):
        y = i * ROW + 4
        parts.append(f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(s.system)}</text>')
        x = float(LABEL)
        for c, category in enumerate(result.categories):
            v = s.categories.get(category)
            if v is None or v.value <= 0:
                continue
            w = v.value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" fill="{PALETTE[c % len(PALETTE)]}">'
                f"<title>{escape(category)}: {v.value:.1f}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{totals[i]:.1f}</text>')
    legend_y = ROW * len(result.systems) + 20
    for c, category in enumerate(result.categories):
        # two columns, so the longest category names stay inside the chart's width
        lx = LABEL + (c % 2) * 200
        ly = legend_y + (c // 2) * ROW
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="10" height="10" fill="{PALETTE[c % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly}">{escape(category)}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>Issues per 100 segments by MQM category</figcaption>{''.join(parts)}</figure>"


def _distribution_chart(result: BenchResult) -> str:
    bins = 10
    width = 16
    parts = [_svg(LABEL + bins * width + 60, ROW * 2 * len(result.systems) + 10, "segment quality distribution")]
    for i, s in enumerate(result.systems):
        counts = [0] * bins
        for f in s.facts:
            counts[min(bins - 1, int(f.quality * bins))] += 1
        peak = max([1, *counts])
        base = (i + 1) * ROW * 2
        parts.append(f'<text x="{LABEL - 6}" y="{base - 4}" text-anchor="end">{escape(s.system)}</text>')
        for b, n in enumerate(counts):
            h = (ROW * 2 - 8) * n / peak
            parts.append(
                f'<rect x="{LABEL + b * width}" y="{base - h:.1f}" width="{width - 2}" height="{h:.1f}" fill="{PALETTE[3]}">'
                f"<title>quality {b / bins:.1f}-{(b + 1) / bins:.1f}: {n} segments</title></rect>"
            )
    parts.append("</svg>")
    return (
        "<figure><figcaption>Segment quality per system (0 left, 1 right; empty and copied segments are 0)</figcaption>"
        + "".join(parts)
        + "</figure>"
    )


def _meta_html(result: BenchResult) -> str:
    """The meta-evaluation tables, from the same Markdown rows the text report prints."""
    from mtqa.benchreport.render import meta_markdown

    out = []
    for line in meta_markdown(result.meta):
        if not line:
            continue
        if not line.startswith("|"):
            out.append(f"<h2>{escape(line.rstrip(':'))}</h2>")
        elif not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    html_text = "".join(out)
    tables = html_text.replace("</h2><tr>", "</h2><table><tr>").replace("</tr><h2>", "</tr></table><h2>") + (
        "</table>" if html_text.endswith("</tr>") else ""
    )
    return tables.replace("<table>", '<div class="wide"><table>').replace("</table>", "</table></div>")


def render_html(result: BenchResult) -> str:
    specs = metric_specs(result)
    baseline = result.settings.baseline
    head = "".join(f"<th>{escape(s.name)}</th>" for s in specs)
    body = []
    for rank, system in enumerate(result.systems, 1):
        label = escape(system.system) + (" (baseline)" if system.system == baseline else "")
        cells = "".join(
            f"<td>{escape(cell_text(system.values.get(spec.name), system.system != baseline))}</td>" for spec in specs
        )
        body.append(f"<tr><td>{rank}</td><td>{label}</td><td>{system.segments}</td>{cells}</tr>")
    charts = [_interval_chart(result, "mtqa_score", True), _interval_chart(result, "mqm_per_100", False)]
    if result.has_references:
        charts += [_interval_chart(result, name, name != "ter") for name in ("bleu", "chrf", "ter")]
    charts += [_category_chart(result), _distribution_chart(result)]
    sigs = "".join(
        f"<li>{escape(name)}: <code>{escape(sig.get('string') or '|'.join(f'{k}:{v}' for k, v in sig['fields'].items()))}</code></li>"
        for name, sig in result.signatures.items()
    )
    warnings = "".join(f"<li>{escape(w)}</li>" for w in result.warnings)
    s = result.settings
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>mtqa benchmark</title>'
        f"<style>{STYLE}</style></head><body><h1>mtqa benchmark</h1>"
        f"<p>Systems ranked by mtqa's QE system score. Values: ± half-width of a 95% bootstrap interval "
        f"({s.resamples} resamples of {escape(result.unit)}s, seed {s.seed})"
        + (f"; * differs from the baseline {escape(baseline)} at p &lt; 0.05 (paired bootstrap and approximate randomisation)." if baseline else ".")
        # The table has a column per metric: it scrolls in its own box, the page never does.
        + f'</p><div class="wide"><table><thead><tr><th>#</th><th>system</th><th>segments</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
        + "".join(charts)
        + _meta_html(result)
        + f"<h2>Signatures</h2><ul>{sigs}</ul>"
        + (f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else "")
        + "</body></html>\n"
    )
