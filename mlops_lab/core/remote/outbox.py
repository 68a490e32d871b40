"""The outbox: runs changed since their last push, drained now (push, sync) or in the background.

Every recorded change queues its run for each automatic remote in the change's
own transaction (`mlops_lab.core.store`), so nothing waits on the network and
nothing is lost while a server is down. Draining claims entries under a lease
(two processes never push one run at once), pushes each run, and drops the
entry unless the run changed meanwhile; a failure keeps it, with a growing
back-off and the error for ``sync --status`` and GET info.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..capture.redaction import redact
from ..errors import MissingDependencyError, MlopsLabError, NotFoundError
from ..store.store import Store
from .mirror import PushedRun, Pusher
from .remotes import Remote, mlflow_client, reachable

__all__ = ["Drainer", "SyncReport", "drain", "push_runs", "store_remote"]

_log = logging.getLogger("mlops_lab.remote")
#: Runs claimed at a time: a long queue is drained in slices, each under its own lease.
_CLAIM = 20


@dataclass
class SyncReport:
    """What a drain did: the runs pushed, those that failed with why, and what still waits."""

    remote: str
    pushed: list[PushedRun] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pending: int = 0

    @property
    def error(self) -> str | None:
        return self.failed[0][1] if self.failed else None


def store_remote(store: Store, name: str) -> Remote:
    """The remote ``name`` of ``store``; `NotFoundError` naming the remotes there are."""
    for row in store.remotes():
        if row.name == name:
            return Remote(row.name, row.url, row.auto)
    known = ", ".join(r.name for r in store.remotes()) or "none yet (mlops-lab remote add NAME URL)"
    raise NotFoundError(f"No remote named {name!r}; the remotes: {known}.")


def _message(error: BaseException) -> str:
    if isinstance(error, MlopsLabError):
        return error.message
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return redact(f"{type(error).__name__}: {first}")[:500]


def drain(store: Store, remote: Remote, *, force: bool = False) -> SyncReport:
    """Push every due run of ``remote``'s outbox (``force``: those backing off too).

    Never raises for a server that is down or refuses a run: the runs stay queued
    and the report says why. A missing mlflow is raised (`MissingDependencyError`).
    """
    report = SyncReport(remote.name)
    if force:
        store.retry_now(remote.name)
    pusher: Pusher | None = None
    try:
        # A failure puts its entry's next try in the future: this loop ends.
        while claimed := store.claim_outbox(remote.name, limit=_CLAIM):
            try:
                if pusher is None:
                    reachable(remote)
                    pusher = Pusher(store, remote, mlflow_client(remote))
            except MissingDependencyError:
                store.fail_outbox(remote.name, [run_id for run_id, _ in claimed], "mlflow missing")
                raise
            except MlopsLabError as down:
                store.fail_outbox(remote.name, [run_id for run_id, _ in claimed], down.message)
                report.failed.extend((run_id, down.message) for run_id, _ in claimed)
                break
            if not _push_claimed(pusher, report, claimed):
                break
    finally:
        if pusher is not None:
            pusher.close()
    report.pending = len(store.outbox(remote.name))
    return report


def _push_claimed(pusher: Pusher, report: SyncReport, claimed: Sequence[tuple[str, float]]) -> bool:
    """Push the claimed runs; False when the server went away (the rest are kept)."""
    store, remote = pusher.store, pusher.remote
    for index, (run_id, claimed_at) in enumerate(claimed):
        try:
            report.pushed.append(pusher.push(run_id))
            store.finish_outbox(remote.name, run_id, claimed_at)
        except Exception as error:  # the server refused or went away: keep it queued
            message = _message(error)
            rest = [run_id] if _answered(remote) else [r for r, _ in claimed[index:]]
            store.fail_outbox(remote.name, rest, message)
            report.failed.extend((r, message) for r in rest)
            if len(rest) > 1:
                return False
    return True


def _answered(remote: Remote) -> bool:
    try:
        reachable(remote)
    except MlopsLabError:
        return False
    return True


def push_runs(store: Store, remote: Remote, run_ids: Sequence[str]) -> SyncReport:
    """Queue ``run_ids`` for ``remote`` and drain its outbox now."""
    store.enqueue_runs(remote.name, run_ids)
    return drain(store, remote, force=True)


class Drainer:
    """A daemon thread that drains every remote's outbox of ``store`` now and then.

    It runs in whichever mlops-lab process is up (the kernel, the server); the
    outbox's leases keep two of them from pushing one run. Failures are kept in
    the store (``sync --status``, GET info) and logged, never raised.
    """

    def __init__(self, store: Store, *, interval: float = 10.0) -> None:
        self._store = store
        self._interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="mlops-lab-outbox", daemon=True)

    def start(self) -> Drainer:
        # MLflow's client prints each run's URL on stdout: in a kernel, that is the output
        # of whichever cell runs; a user's own setting wins.
        os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
        self._thread.start()
        return self

    def wake(self) -> None:
        """Drain soon, without waiting for the interval (a run just ended)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def drain_once(self) -> list[SyncReport]:
        reports = []
        queued = {entry.remote for entry in self._store.outbox()}
        for row in self._store.remotes():
            if row.name in queued:
                reports.append(drain(self._store, Remote(row.name, row.url, row.auto)))
        return reports

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                for report in self.drain_once():
                    if report.failed:
                        _log.warning(
                            "mlops-lab: %d runs kept for remote %s: %s",
                            len(report.failed),
                            report.remote,
                            report.error,
                        )
            except Exception as error:  # a background thread must never die of one failure
                _log.warning("mlops-lab: draining the outbox failed: %s", _message(error))
