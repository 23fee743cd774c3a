"""Headless Chromium (Debian's `chromium`) for the HTML report tests: render a page at a given
width, collect every script error and console.error from the first line on, run a probe script
that writes what it saw into the DOM as JSON, and take screenshots.

Headless Chromium will not make a window narrower than 500 px, so the page is shown in a frame of
the width under test (media queries and innerWidth follow the frame); the frame's probe result is
copied into the outer page once everything has loaded.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

CATCH = """<script>
window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message || ('cannot load ' + (e.target && (e.target.src || e.target.href))))); }, true);
(function () { var orig = console.error; console.error = function () {
  window.__errors.push(Array.prototype.join.call(arguments, ' ')); return orig.apply(console, arguments); }; })();
</script>"""

_FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="border:0;width:{width}px;height:{height}px" srcdoc="{page}"></iframe>
<script>window.addEventListener('load', function () {{
  var probe = document.getElementById('f').contentDocument.getElementById('probe');
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = probe ? probe.textContent : 'null';
  document.body.appendChild(pre);
}});</script></body></html>"""

_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]


def framed(html: str, width: int, height: int = 900) -> str:
    return _FRAME.format(width=width, height=height, page=escape(html, quote=True))


def browse(html: str, tmp_path: Path, width: int, probe: str) -> dict[str, Any]:
    """The probe's JSON facts about `html` shown `width` px wide, plus `stderr_errors`: the
    uncaught errors Chromium logged. `probe` is a <script> that appends <pre id="probe">JSON</pre>
    to the body; the page's errors are in `window.__errors` for it to report."""
    assert CHROMIUM is not None
    page = tmp_path / f"page-{width}.html"
    probed = html.replace("<head>", "<head>" + CATCH, 1).replace("</body>", probe + "</body>", 1)
    page.write_text(framed(probed, width), encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={max(width + 100, 600)},1000",
         "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert match and match.group(1) != "null", f"the probe did not run (a script error stopped it?): {result.stderr[-2000:]}"
    facts: dict[str, Any] = json.loads(match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    # Chromium also logs uncaught errors on stderr ("Uncaught ..." from the CONSOLE source).
    facts["stderr_errors"] = [line for line in result.stderr.splitlines() if "Uncaught" in line]
    return facts


def screenshot(html: str, tmp_path: Path, width: int, height: int = 1400) -> Path:
    """A PNG of `html` shown `width` px wide (in tmp_path, for a person to look at)."""
    assert CHROMIUM is not None
    page = tmp_path / f"shot-{width}.html"
    page.write_text(framed(html, width, height), encoding="utf-8")
    shot = tmp_path / f"shot-{width}.png"
    subprocess.run(
        [CHROMIUM, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={max(width, 500)},{height}",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    return shot
