"""`mtqa bench --jobs N` and `mtqa score --jobs N`: each worker process gets its share of the CPUs for torch's and BLAS's
thread pools, so N workers never start N times as many compute threads as there are CPUs."""

from __future__ import annotations

import os

import pytest

from mtqa import pipeline_jobs


@pytest.mark.parametrize(("cpus", "workers", "threads"), [(2, 2, 1), (16, 2, 8), (16, 3, 5), (4, 8, 1), (None, 2, 1)])
def test_each_worker_gets_the_cpus_shared_out(cpus: int | None, workers: int, threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    assert pipeline_jobs.worker_threads(workers) == threads


def test_a_worker_sets_the_thread_variables_but_keeps_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in pipeline_jobs.THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    pipeline_jobs._init_worker(2)
    assert os.environ["OMP_NUM_THREADS"] == "2" and os.environ["OPENBLAS_NUM_THREADS"] == "2"
    assert os.environ["MKL_NUM_THREADS"] == "3"
