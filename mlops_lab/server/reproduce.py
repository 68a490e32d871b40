"""REST handlers of reproductions: start one in the background, poll it to its report.

``POST reproductions`` checks the request, starts the reproduction on a thread
of its own and answers at once (202); ``GET reproductions/{id}`` tells where it
stands (stage, cell i of n) and, once done, its report. The server never waits
on a kernel: the reproduction runs its kernel from its thread, one reproduction
at a time (a kernel each is what a small machine can take). Reproductions are
kept in memory, for as long as the server runs; the runs they make are in the
store like any other.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.web import authenticated

from ..core import InvalidInputError, MlopsLabError, NotFoundError, Store, iso_timestamp
from ..core.reproduce import report_to_json
from ..core.timestamps import from_epoch, to_epoch
from .base import StoreHandler
from .errors import map_core_errors

__all__ = ["JOBS_SETTING", "ReproductionHandler", "ReproductionJobs", "ReproductionsHandler"]

#: The tornado setting that holds the server's reproductions.
JOBS_SETTING = "mlops_lab_reproductions"


@dataclass
class Reproduction:
    """One reproduction started through the API, updated by its thread."""

    id: str
    run_id: str
    tolerances: dict[str, float]
    status: str = "queued"  # queued, running, passed, failed, error
    stage: str = "queued"
    cell: int = 0
    cells: int = 0
    reproduction_run_id: str | None = None
    report: dict[str, Any] | None = None
    message: str | None = None
    created_at: float = field(default_factory=lambda: to_epoch(None))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "run_id": self.run_id,
            "status": self.status,
            "stage": self.stage,
            "cell": self.cell,
            "cells": self.cells,
            "reproduction_run_id": self.reproduction_run_id,
            "created_at": iso_timestamp(from_epoch(self.created_at)),
            "message": self.message,
            "report": self.report,
        }


class ReproductionJobs:
    """The reproductions of one server, each on a daemon thread, one running at a time."""

    def __init__(self, store_path: Path) -> None:
        self._store_path = store_path
        self._jobs: dict[str, Reproduction] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()

    def start(self, run_id: str, tolerances: dict[str, float]) -> Reproduction:
        job = Reproduction(uuid.uuid4().hex, run_id, tolerances)
        with self._lock:
            self._jobs[job.id] = job
        # A daemon: a server shutting down does not wait for a kernel to finish.
        threading.Thread(
            target=self._run, args=(job,), name=f"mlops-lab-reproduce-{job.id[:8]}", daemon=True
        ).start()
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        """A snapshot of the reproduction, as JSON."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFoundError(
                    f"No reproduction {job_id!r} on this server; start one with "
                    "POST reproductions (reproductions are forgotten when the server restarts)."
                )
            return job.to_json()

    def _update(self, job: Reproduction, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(job, name, value)

    def _run(self, job: Reproduction) -> None:
        # Imported here: nbclient is slow to import and only reproductions need it.
        from ..headless.reproduce import Progress, ReproduceRequest, reproduce

        def progress(update: Progress) -> None:
            self._update(
                job,
                stage=update.stage,
                cell=update.cell,
                cells=update.cells,
                reproduction_run_id=update.run_id or job.reproduction_run_id,
            )

        with self._one_at_a_time:
            self._update(job, status="running", stage="preparing")
            try:
                report = reproduce(
                    ReproduceRequest(
                        run=job.run_id, tolerances=job.tolerances, store=self._store_path
                    ),
                    on_progress=progress,
                )
            except MlopsLabError as error:
                self._update(job, status="error", stage="done", message=error.message)
                return
            except Exception as error:  # the thread must end with the job told why
                self._update(job, status="error", stage="done", message=repr(error))
                return
            self._update(
                job,
                status="passed" if report.passed else "failed",
                stage="done",
                reproduction_run_id=report.reproduction_run_id,
                report=report_to_json(report),
            )


class _ReproductionsBase(StoreHandler):
    @property
    def jobs(self) -> ReproductionJobs:
        jobs: ReproductionJobs | None = self.settings.get(JOBS_SETTING)
        if jobs is None:
            jobs = self.settings.setdefault(JOBS_SETTING, ReproductionJobs(self.store.path))
        return jobs


class ReproductionsHandler(_ReproductionsBase):
    @authenticated
    @map_core_errors
    async def post(self) -> None:
        body = self.json_body('{"run_id": "..."}')
        run = body.get("run_id")
        if not isinstance(run, str) or not run:
            raise InvalidInputError("The body needs run_id, the id of the run to reproduce.")
        tolerances = _tolerances(body.get("tolerances", {}))
        store: Store = self.store
        run_id = store.resolve_run_id(run)
        if store.get_run(run_id).cell_count == 0:
            raise InvalidInputError(
                f"Run {run_id[:8]} has no executed cell to replay; "
                "only runs with recorded cells can be reproduced."
            )
        job = self.jobs.start(run_id, tolerances)
        self.set_status(202)
        self.reply(self.jobs.get(job.id))


class ReproductionHandler(_ReproductionsBase):
    @authenticated
    @map_core_errors
    async def get(self, reproduction_id: str) -> None:
        self.reply(self.jobs.get(reproduction_id))


def _tolerances(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InvalidInputError("tolerances must be an object: metric name to relative tolerance.")
    tolerances: dict[str, float] = {}
    for name, tolerance in value.items():
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            raise InvalidInputError(
                f"The tolerance of {name!r} must be a number of 0 or more, not {tolerance!r}."
            )
        tolerances[str(name)] = float(tolerance)
    return tolerances
