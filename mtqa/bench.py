"""Batch benchmark over many documents and MT systems: `mtqa bench MANIFEST`.

The work is in `mtqa.benchreport`; this module is the entry the command line calls.
"""

from __future__ import annotations

from mtqa.benchreport.render import render_bench_result as render_bench
from mtqa.benchreport.run import BenchResult, Settings, run_bench

__all__ = ["BenchResult", "Settings", "render_bench", "run_bench"]
