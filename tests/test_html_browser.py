"""The HTML report in a real browser (headless Chromium, Debian's `chromium`): no script errors, the
issue index and its jump links, the filters, keyboard navigation, and a layout that keeps the issue
column on screen at 1400 px and at 400 px.

A probe script is added to a copy of the page: it records every error and console.error from the
first line on, drives the filters and keys, and writes what it saw into the DOM, which Chromium's
--dump-dom prints. The assertions are made here, on those facts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from mtqa.evidence import WordAlignment, WordSpan
from mtqa.report import render
from mtqa.types import Issue, Report, SegmentResult, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_harness import CHROMIUM, browse, screenshot  # noqa: E402

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")

_PROBE = """<script>
(function () {
  var out = {errors: window.__errors, api: typeof window.mtqaReport};
  function shown(sel) { return Array.prototype.filter.call(document.querySelectorAll(sel), function (el) {
    return el.offsetParent !== null; }); }
  function attr(els, name) { return els.map(function (el) { return el.getAttribute(name); }); }
  function set(el, value) { el.value = value; el.dispatchEvent(new Event('change', {bubbles: true})); }
  function key(k) { document.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true})); }
  var links = Array.prototype.map.call(document.querySelectorAll('#index a'), function (a) { return a.getAttribute('href'); });
  out.index_links = links;
  out.index_targets = links.map(function (h) { var el = document.getElementById(h.slice(1)); return el ? el.className : null; });
  out.all_rows = shown('tr.seg').length;
  set(document.getElementById('f-code'), 'NUM001');
  out.code_index = attr(shown('#index li'), 'data-code');
  out.code_rows = attr(shown('tr.seg'), 'id');
  set(document.getElementById('f-code'), '');
  set(document.getElementById('f-cat'), 'fluency/repetition');
  out.cat_issues = attr(shown('li.issue'), 'data-cat');
  set(document.getElementById('f-cat'), '');
  var box = document.querySelector('.f-sev[value=critical]'); box.checked = false; box.dispatchEvent(new Event('change', {bubbles: true}));
  out.sev_issues = attr(shown('li.issue'), 'data-sev');
  box.checked = true; box.dispatchEvent(new Event('change', {bubbles: true}));
  var ok = document.querySelector('.f-sev[value=ok]'); ok.checked = false; ok.dispatchEvent(new Event('change', {bubbles: true}));
  out.flagged_rows = attr(shown('tr.seg'), 'id');
  ok.checked = true; ok.dispatchEvent(new Event('change', {bubbles: true}));
  var text = document.getElementById('f-text'); text.value = 'GIRAFFE'; text.dispatchEvent(new Event('input', {bubbles: true}));
  out.search_rows = attr(shown('tr.seg'), 'id');
  text.value = ''; text.dispatchEvent(new Event('input', {bubbles: true}));
  out.count = document.getElementById('f-count').textContent;
  function cur() { var el = document.querySelector('li.issue.current'); return el && el.id; }
  key('j'); out.after_j = cur();
  key('n'); out.after_jn = cur();
  key('k'); out.after_jnk = cur();
  out.focused = document.activeElement && document.activeElement.id;
  out.current = attr(Array.prototype.slice.call(document.querySelectorAll('li.issue.current')), 'id');
  // open every collapsible part (word alignments, signatures) before measuring the layout
  Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  out.heat_cells = document.querySelectorAll('table.heat td.link').length;
  out.viewport = window.innerWidth;
  out.page_width = document.documentElement.scrollWidth;
  out.issue_cells = shown('td.found').map(function (td) { var r = td.getBoundingClientRect(); return [r.left, r.right]; });
  out.verdict = document.querySelector('.verdict').textContent;
  // what the print styles hide, as the browser parsed them (a syntax slip drops the whole block)
  out.print_hides = [];
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    Array.prototype.forEach.call(sheet.cssRules, function (rule) {
      if (rule.media && rule.media.mediaText === 'print') {
        Array.prototype.forEach.call(rule.cssRules, function (r) {
          if (r.style && r.style.display === 'none') out.print_hides.push(r.selectorText);
        });
      }
    });
  });
  out.errors = window.__errors;
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def _words(text: str) -> tuple[WordSpan, ...]:
    return tuple(WordSpan(m.group(), m.span(), True) for m in re.finditer(r"\S+", text))


LONG_TARGET = "They cost 21 euros, " + "a very long target sentence " * 8
# a word alignment as wide as the sentence, to show it stays inside its own box at phone width
LONG_ALIGN = WordAlignment(_words("Costano 12 euro."), _words(LONG_TARGET), ((0, 1, 0.8), (1, 2, 0.3), (2, 3, 0.9)), (), ())


def _issue(code: str, category: str, severity: Severity, message: str, span: tuple[int, int] | None = None) -> Issue:
    return Issue(code, category, severity, message, "rules", target_span=span)


REPORT = Report(
    segments=(
        SegmentResult(0, "Il 3 maggio sono arrivati 6.000 turisti.", "On 3 May 600 tourists arrived.", 0.31,
                      (_issue("NUM001", "accuracy/number", Severity.MAJOR, "6.000 has no counterpart", (9, 12)),
                       _issue("QEO001", "accuracy/mistranslation", Severity.MINOR, "suspect word", (13, 21))),
                      source_lines=(1,), target_lines=(1,), scores={"offline-qe": 0.31}),
        SegmentResult(1, "La giraffa dorme.", "The GIRAFFE sleeps.", 0.93, (), scores={"offline-qe": 0.93}),
        SegmentResult(2, "Non è vero.", "It is true true true.", 0.40,
                      (_issue("NEG001", "accuracy/mistranslation", Severity.CRITICAL, "negation dropped"),
                       _issue("REP001", "fluency/repetition", Severity.MINOR, "repeated word 'true'", (6, 20))),
                      scores={"offline-qe": 0.40}),
        SegmentResult(3, "Costano 12 euro.", LONG_TARGET, 0.55,
                      (_issue("NUM001", "accuracy/number", Severity.MAJOR, "12 has no counterpart", (10, 12)),),
                      scores={"offline-qe": 0.55}, evidence={"offline-qe": (LONG_ALIGN,)}),
    ),
    source_lang="it",
    target_lang="en",
    signatures={"mtqa": {"version": "0.1.0"},
                "offline-qe": {"name": "offline-qe", "version": "0.3", "thresholds": "major=0.5,minor=0.4,token=0.5"}},
    config={"fail_on": "major"},
    source_path="s.txt",
    target_path="t.txt",
    fail_on=Severity.MAJOR,
)


def _browse(html: str, tmp_path: Path, width: int) -> dict[str, Any]:
    return browse(html, tmp_path, width, _PROBE)


@pytest.mark.parametrize("width", [1400, 400])
def test_report_works_in_a_browser(tmp_path: Path, width: int) -> None:
    facts = _browse(render(REPORT, "html"), tmp_path, width)
    assert facts["errors"] == [] and facts["stderr_errors"] == []
    assert facts["api"] == "object"
    # The index lists every issue, worst first, and each link lands on that issue in the table.
    assert facts["index_links"][0] == "#i2-0"  # the critical one
    assert len(facts["index_links"]) == 5 and all(t and "issue" in t for t in facts["index_targets"])
    assert facts["all_rows"] == 4
    assert facts["code_index"] == ["NUM001", "NUM001"] and facts["code_rows"] == ["seg-0", "seg-3"]
    assert facts["cat_issues"] == ["fluency/repetition"]
    assert "critical" not in facts["sev_issues"] and len(facts["sev_issues"]) == 4
    assert facts["flagged_rows"] == ["seg-0", "seg-2", "seg-3"]
    assert facts["search_rows"] == ["seg-1"]  # search is case-insensitive and covers the target text
    assert facts["count"] == "5 of 5 issues, 4 of 4 segments shown"
    assert (facts["after_j"], facts["after_jn"], facts["after_jnk"]) == ("i0-0", "i0-1", "i0-0")
    assert facts["current"] == ["i0-0"] and facts["focused"] == "i0-0"
    assert facts["verdict"].startswith("Gate failed")
    assert any(".filters" in sel for sel in facts["print_hides"])  # a printout drops the controls
    # Nothing behind a horizontal scroll: the page is no wider than the window and every issue cell is on screen.
    assert facts["heat_cells"] == 3
    assert facts["viewport"] == width
    assert facts["page_width"] <= width
    assert facts["issue_cells"] and all(0 <= left and right <= width for left, right in facts["issue_cells"])
    if width < 700:  # phone width: one column, so the issues get the whole width, not a squeezed quarter
        assert all(right - left >= 0.8 * width for left, right in facts["issue_cells"])


def test_the_browser_check_catches_a_script_error(tmp_path: Path) -> None:
    """The harness must be able to fail: a page whose script throws is reported."""
    broken = render(REPORT, "html").replace("'use strict';", "'use strict'; undefinedFunction();", 1)
    facts = _browse(broken, tmp_path, 1400)
    assert any("undefinedFunction" in e for e in facts["errors"])


def test_screenshots_render(tmp_path: Path) -> None:
    """Both widths render to a non-empty image (what an editor sees; the images are in tmp_path)."""
    for width in (1400, 400):
        assert screenshot(render(REPORT, "html"), tmp_path, width).stat().st_size > 10_000
