"""Worker processes for big jobs: `ordered_map` runs a function over items in spawned processes
and yields the results in input order, as a plain loop would.

Spawned, not forked: no parent state (a loaded model, torch's thread pool, a half-read file) is
copied into a worker; each worker loads what it needs once and keeps it for every item it gets.
Each worker gets an equal share of this machine's cores for its torch threads, so N workers do not
oversubscribe the CPU. `mtqa bench --jobs` (mtqa.benchreport.checking) and `mtqa score --jobs`
both run through here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

from mtqa.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")


def check_jobs(jobs: int) -> None:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise UsageError(f"--jobs must be a whole number of at least 1, got {jobs!r}")


# The thread pools of torch and the BLAS libraries it calls, sized from these variables when torch
# is first imported.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def worker_threads(workers: int) -> int:
    """Compute threads for each of `workers` processes: the CPUs shared out. Each process would
    otherwise start one thread per CPU, `workers` times as many threads as CPUs, and they would
    slow each other down (joblib's process workers are limited the same way: cpu_count // n_jobs)."""
    return max(1, (os.cpu_count() or 1) // workers)


def _init_worker(threads: int) -> None:
    """Runs first in each worker, before anything imports torch: torch and BLAS use `threads`
    threads. A thread variable the user set is kept."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return_freed_memory()


def return_freed_memory() -> None:
    """Have glibc's malloc give large freed blocks back to the system. A model's batches allocate
    and free tens of megabytes of activations each; glibc's adaptive threshold then keeps such
    blocks in its heaps, where fragmentation stops them from being trimmed, and a process's resident
    memory grows towards the sum of its largest batches. Served by mmap from 4 MiB up, they are
    unmapped when freed: the peak resident memory of the e5 cross-encoder (torch) over 256 news
    pairs falls from about 850 to 660 MB for about 5% more CPU time. Process-wide, so only the
    command line and mtqa's own worker processes call it; elsewhere (not glibc) it does nothing."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    m_mmap_threshold = -3  # glibc's malloc.h
    mallopt(m_mmap_threshold, 4 << 20)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int, *, ahead: int = 2) -> Iterator[R]:
    """`fn(item)` for each item, in order. With `jobs` > 1, in that many spawned processes, with at
    most `ahead` x `jobs` items handed out and not yet yielded (memory stays bounded on a long
    input). `fn` and the items must pickle (a module-level function, plain data). A failure in a
    worker is raised here, at its item, after the items not yet started are dropped."""
    check_jobs(jobs)
    if jobs == 1:
        yield from map(fn, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from mtqa.errors import ModelUnavailableError

    threads = worker_threads(jobs)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(threads,)) as pool:
        pending: deque[Future[R]] = deque()
        source = iter(items)
        try:
            for item in source:
                pending.append(pool.submit(fn, item))
                if len(pending) >= ahead * jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            # The machine's fault, not the input's: a worker killed by the system (most often for memory).
            pool.shutdown(wait=False, cancel_futures=True)
            raise ModelUnavailableError(
                f"a worker process of --jobs {jobs} died before finishing (killed, most often for lack of memory); "
                "rerun with fewer --jobs, or free memory"
            ) from None
        except BaseException:  # a bad item or Ctrl-C: drop what has not started
            pool.shutdown(wait=False, cancel_futures=True)
            raise
