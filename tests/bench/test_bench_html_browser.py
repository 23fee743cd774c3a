"""The bench HTML report in a real browser (headless Chromium, tests/browser_harness.py), at 1400 px
and at 400 px: no page error, the interval charts with one whisker per system that spans the end
of its bar, the category chart with its legend, and nothing wider than the window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench_systems as systems  # noqa: E402
from browser_harness import CHROMIUM, browse, screenshot  # noqa: E402

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")

# Runs on load, after every image and style has loaded or failed to.
_PROBE = """<script>
window.addEventListener('load', function () {
  var out = {};
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  out.captions = all('figcaption').map(function (c) { return c.textContent; });
  out.charts = {};
  all('svg[aria-label$=" per system"]').forEach(function (svg) {
    var rows = all('rect', svg).map(function (rect, i) {
      var bar = rect.getBBox(), whisker = all('path[stroke="#222"]', svg)[i];
      var w = whisker ? whisker.getBBox() : null;
      return {end: bar.x + bar.width, low: w && w.x, high: w && w.x + w.width};
    });
    out.charts[svg.getAttribute('aria-label')] = {
      systems: all('text[text-anchor="end"]', svg).filter(function (t) {  // the labels left of the bars, not the axis
        return t.getBBox().x + t.getBBox().width <= svg.querySelector('rect').getBBox().x; }).map(function (t) { return t.textContent; }),
      whiskers: all('path[stroke="#222"]', svg).length, rows: rows};
  });
  var cat = document.querySelector('svg[aria-label="issues per 100 segments by category"]');
  out.category_titles = cat ? all('rect title', cat).map(function (t) { return t.textContent; }) : null;
  out.category_texts = cat ? all('text', cat).map(function (t) { return t.textContent; }) : null;
  out.viewport = window.innerWidth;
  out.page_width = document.documentElement.scrollWidth;
  out.svg_right = Math.max.apply(null, all('svg').map(function (s) { return s.getBoundingClientRect().right; }));
  out.svg_visible = all('svg').every(function (s) { var r = s.getBoundingClientRect(); return r.width > 100 && r.height > 20; });
  // every label inside its own chart (the SVG's viewBox), none cut off at its edge
  out.text_outside = [];
  all('svg').forEach(function (svg) { var w = svg.viewBox.baseVal.width;
    all('text', svg).forEach(function (t) { var b = t.getBBox();
      if (b.x < 0 || b.x + b.width > w) out.text_outside.push(t.textContent); }); });
  out.errors = window.__errors;
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from mtqa.bench import Settings, render_bench, run_bench
    from mtqa.config import Config

    manifest = systems.build(tmp_path_factory.mktemp("bench"))
    config = Config(source_lang="it", target_lang="en", scorers=("untranslated", "numbers", "length", "repetition"))
    result = run_bench(manifest, config, Settings(line_aligned=True, baseline="reference", resamples=200, trials=200))
    return render_bench(result, "html")


SYSTEMS = ["reference (baseline)", "light", "heavy", "copy", "empty"]


@pytest.mark.parametrize("width", [1400, 400])
def test_bench_report_works_in_a_browser(page: str, tmp_path: Path, width: int) -> None:
    facts: dict[str, Any] = browse(page, tmp_path, width, _PROBE)
    assert facts["errors"] == [] and facts["stderr_errors"] == []
    assert any(c.startswith("mtqa_score (higher is better; whiskers: 95% interval)") for c in facts["captions"])
    # Every interval chart: each system once, one whisker per system, and the bar (the system's
    # value) ends inside its whisker (the bootstrap interval).
    for name in ("mtqa_score", "mqm_per_100", "bleu", "chrf", "ter"):
        chart = facts["charts"][f"{name} per system"]
        assert sorted(chart["systems"]) == sorted(s.split(" ")[0] for s in SYSTEMS), name
        assert chart["whiskers"] == 5, name
        for row in chart["rows"]:
            assert row["low"] - 0.5 <= row["end"] <= row["high"] + 0.5, (name, row)
    # The category chart: stacked segments with their category named, and a legend.
    assert any(t.startswith("accuracy/number: ") for t in facts["category_titles"])
    assert {"accuracy/omission", "accuracy/untranslated"} <= set(facts["category_texts"])
    # Nothing behind a horizontal scroll, and every chart still drawn at a readable size.
    assert facts["viewport"] == width
    assert facts["page_width"] <= width and facts["svg_right"] <= width
    assert facts["svg_visible"]
    assert facts["text_outside"] == []


def test_the_bench_browser_check_catches_a_page_error(page: str, tmp_path: Path) -> None:
    """The harness must be able to fail: a page with a failing script or a missing image is reported."""
    broken = page.replace("</h1>", "</h1><script>undefinedFunction();</script><img src='missing.png'>", 1)
    facts = browse(broken, tmp_path, 1400, _PROBE)
    assert any("undefinedFunction" in e for e in facts["errors"])
    assert any("missing.png" in e for e in facts["errors"]), facts["errors"]


def test_bench_screenshots_render(page: str, tmp_path: Path) -> None:
    """Both widths render to a non-empty image (the images are in tmp_path, for a person to look at)."""
    for width in (1400, 400):
        assert screenshot(page, tmp_path, width, 2400).stat().st_size > 10_000
