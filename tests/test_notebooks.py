"""The notebooks' code cells run against the current library (no Jupyter needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def _run(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(path.parent)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}:{cell['id']}", "exec"), namespace)
    return namespace


def test_explore_report_notebook_flags_the_demo_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    known = _run(NOTEBOOK_DIR / "explore-report.ipynb", monkeypatch)["known"]
    # The untranslated heading and the byline are among the demo's known errors and must be flagged.
    flagged = dict(zip(known["target_excerpt"], known["flagged"]))
    assert flagged["Riconoscimento facciale, il passo definitivo di Amazon su Rekognition"]
    assert flagged["di Chiara Rossi"]
    # and the demo's two planted wrong senses: the offline QE model's and the term check's findings
    assert flagged["Reuters brought him back."]
    assert flagged["an inaccurate face-to-face confrontation"]


def test_bench_notebook_plots_the_systems_in_their_true_order_with_intervals(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    ns = _run(NOTEBOOK_DIR / "bench-systems.ipynb", monkeypatch)
    assert ns["ranking"][:3] == ["reference", "light", "heavy"] and set(ns["ranking"][3:]) == {"copy", "empty"}
    bars, ax = ns["bars"], ns["ax"]
    # one bar per system, drawn bottom-up in rank order, each with its interval's whisker
    assert [t.get_text() for t in ax.get_yticklabels()] == ns["ranking"][::-1]
    assert len(bars.patches) == 5 and bars.errorbar is not None
    assert all(low <= v <= high for v, (low, high) in zip(
        ns["values"], ((m["ci_low"], m["ci_high"]) for m in ns["scores"]), strict=True))


def test_every_notebook_has_a_test() -> None:
    assert {p.name for p in NOTEBOOKS} == {"explore-report.ipynb", "bench-systems.ipynb"}


def test_there_is_a_notebook() -> None:
    assert NOTEBOOKS
