"""Checking the manifest's rows on a Ray cluster (`mtqa bench --backend ray`).

Each Ray worker holds one `_Checker` actor for the whole run. Loaded models are cached per process
(mtqa.models), so an actor loads them on its first row and every later row it gets reuses them;
stateless Ray tasks could land on a fresh worker and load them again. Rows go to whichever actor
is idle and come back in manifest order; every check is deterministic, so the reports are those
of one process.

Ray is an optional extra (`pip install 'mtqa[ray]'`): it is imported only here, only when the
ray backend is asked for. On a cluster of several machines, every node needs the same mtqa
installed and must read the manifest's files at the same paths (a shared filesystem).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mtqa.benchreport.inputs import Row
from mtqa.config import Config
from mtqa.errors import ModelUnavailableError, MtqaError
from mtqa.types import Report

INSTALL_HINT = "pip install 'mtqa[ray]'"


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ModelUnavailableError(f"--backend ray needs Ray, which is not installed; install it with: {INSTALL_HINT}") from None
    return ray


class _Checker:
    """Checks rows in one Ray worker process, keeping that process's loaded models between rows."""

    def __init__(self, config: Config, line_aligned: bool, manifest: str) -> None:
        from mtqa.scoring import build_scorers

        # A scorer this node cannot build is found once per worker, and raised by `version`
        # (an actor whose constructor raises reaches the caller only as a dead actor).
        self.error: MtqaError | None = None
        try:
            build_scorers(config)
        except MtqaError as err:
            self.error = err
        self.config = config
        self.line_aligned = line_aligned
        self.manifest = manifest

    def version(self) -> str:
        from mtqa import __version__

        if self.error is not None:
            raise self.error
        return __version__

    def check(self, row: Row) -> Report:
        from mtqa.benchreport.checking import _check_row

        return _check_row(row, self.config, self.line_aligned, self.manifest)


def check_rows_on_ray(
    rows: Sequence[Row], config: Config, line_aligned: bool, jobs: int, manifest: str, *, address: str | None
) -> Iterator[Report]:
    """Each row's report, in manifest order, checked by actors on the Ray cluster at `address`
    (None: the instance this process already joined, else a new local one, shut down at the end).
    `jobs` > 1 is the number of actors; 1 means one per CPU of the cluster. Never more actors
    than rows or than the cluster has CPUs."""
    ray = import_ray()
    from ray.util import ActorPool

    started = False
    if not ray.is_initialized():
        if address is not None:
            _reachable(address)
        try:
            # A local instance gets as many CPUs as actors were asked for (else Ray's default, every
            # CPU here), so every actor can be placed.
            local = {"num_cpus": jobs} if address is None and jobs > 1 else {}
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level="WARNING", **local)
        except (ConnectionError, RuntimeError, ValueError) as err:
            where = f"at {address!r}" if address else "(a local instance)"
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ModelUnavailableError(
                f"cannot start or join the Ray cluster {where}: {first}; check --ray-address "
                "(ray status shows it), or leave it out to start a local instance"
            ) from None
        started = True
    try:
        # Each actor takes one CPU; more actors than the cluster has CPUs would wait forever to be
        # placed, so a joined cluster's CPU count caps `jobs`.
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        count = max(1, min(len(rows), jobs if jobs > 1 else cpus, cpus))
        actor = ray.remote(num_cpus=1)(_Checker)
        actors = [actor.remote(config, line_aligned, manifest) for _ in range(count)]
        from mtqa import __version__

        versions = set(_get(ray, [a.version.remote() for a in actors]))
        if versions != {__version__}:
            raise ModelUnavailableError(
                f"the Ray workers run mtqa {', '.join(sorted(versions))}, this command mtqa {__version__}; "
                "install the same mtqa on every node"
            )
        pool = ActorPool(actors)
        results = pool.map(lambda a, row: a.check.remote(row), list(rows))
        while True:
            try:
                report = _unwrap(ray, lambda: next(results))
            except StopIteration:
                break
            yield report
    finally:
        if started:
            ray.shutdown()


def _reachable(address: str) -> None:
    """A HOST:PORT (or ray://HOST:PORT) nobody listens on fails here in seconds; `ray.init` would
    retry it for minutes. "auto" and other forms are left to Ray."""
    import socket

    hostport = address.split("://", 1)[-1]
    host, sep, port = hostport.rpartition(":")
    if not sep or not port.isdigit() or not host:
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as err:
        raise ModelUnavailableError(
            f"cannot reach the Ray cluster at --ray-address {address!r}: {err.strerror or err}; start it "
            "(ray start --head) or leave --ray-address out to start a local instance"
        ) from None


def _get(ray: Any, refs: Any) -> Any:
    return _unwrap(ray, lambda: ray.get(refs))


def _unwrap(ray: Any, call: Any) -> Any:
    """A worker's mtqa error (a bad row, an unavailable model) re-raised as itself, so the command
    line reports it as one line with its exit code rather than Ray's wrapped remote traceback."""
    try:
        return call()
    except ray.exceptions.RayTaskError as err:
        cause = getattr(err, "cause", None)
        if isinstance(cause, MtqaError):
            raise cause from None
        if isinstance(cause, BaseException):
            raise cause from err
        raise
