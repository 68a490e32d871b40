"""The server's background jobs: local pipeline runs and reproductions, in one manager.

A pipeline run is ``mlops-lab pipeline run DIR --progress jsonl``: the user's code
runs outside the server's process (a crash or a blocking step never touches the
server), and its JSON events say how each step goes; a thread per run reads
them. A reproduction runs its kernel from a thread of its own, one reproduction
at a time (a kernel each is what a small machine can take). Status endpoints
read the state the threads leave, under the manager's lock. Jobs live in
memory for as long as the server runs; the runs they make are in the store.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..core import JsonValue, MlopsLabError, NotFoundError, iso_timestamp
from ..core.reproduce import report_to_json
from ..core.timestamps import from_epoch, to_epoch

__all__ = ["JOBS_SETTING", "KEEP_FINISHED", "Jobs", "PipelineJob", "Reproduction"]

#: The tornado setting that holds the server's `Jobs`, made when the extension loads.
JOBS_SETTING = "mlops_lab_jobs"
#: Finished jobs kept for their status to be read; older ones are forgotten.
KEEP_FINISHED = 50
_STDERR_LINES = 20


class _Job(Protocol):
    id: str

    @property
    def done(self) -> bool: ...

    def to_json(self) -> dict[str, Any]: ...


_J = TypeVar("_J", bound=_Job)


@dataclass
class PipelineJob:
    """One local pipeline run started by the server."""

    id: str
    directory: Path
    steps: dict[str, dict[str, Any]]
    state: str = "running"  # running, finished, failed
    run_id: str | None = None
    message: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    stderr: deque[str] = field(default_factory=lambda: deque(maxlen=_STDERR_LINES))

    @property
    def done(self) -> bool:
        return self.state != "running"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "directory": str(self.directory),
            "run_id": self.run_id,
            "message": self.message,
            "metrics": dict(self.metrics),
            "steps": [dict(step) for step in self.steps.values()],
        }


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

    @property
    def done(self) -> bool:
        return self.status not in ("queued", "running")

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


class Jobs:
    """The background jobs of one server, by id, keeping the last ``keep`` finished ones."""

    def __init__(self, keep: int = KEEP_FINISHED) -> None:
        self.keep = keep
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._one_kernel = threading.Lock()

    def status(self, kind: type[_J], job_id: str) -> dict[str, Any]:
        """A snapshot of the job, as JSON; `NotFoundError` unless it is a ``kind``."""
        with self._lock:
            job = self._jobs.get(job_id)
            if not isinstance(job, kind):
                what, start = _NAMES[kind.__name__]
                raise NotFoundError(
                    f"No {what} {job_id!r} on this server (it keeps the last {self.keep} "
                    f"finished, until it restarts); start one with {start}."
                )
            return job.to_json()

    def _add(self, job: _Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
            finished = [job_id for job_id, kept in self._jobs.items() if kept.done]
            for job_id in finished[: max(0, len(finished) - self.keep)]:
                del self._jobs[job_id]

    def _update(self, job: _Job, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(job, name, value)

    def start_pipeline(
        self,
        directory: Path,
        steps: list[str],
        *,
        store: Path,
        parameters: Mapping[str, JsonValue],
    ) -> dict[str, Any]:
        """Start ``mlops-lab pipeline run`` on ``directory``; return the job's first status."""
        job = PipelineJob(
            id=uuid.uuid4().hex,
            directory=directory,
            steps={
                name: {"name": name, "state": "pending", "seconds": None, "message": None}
                for name in steps
            },
        )
        command = [
            sys.executable,
            "-m",
            "mlops_lab.cli",
            "pipeline",
            "run",
            str(directory),
            "--progress",
            "jsonl",
            "--store",
            str(store),
            "--parameters-json",
            json.dumps(dict(parameters)),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=directory,
        )
        self._add(job)
        threading.Thread(target=self._follow, args=(job, process), daemon=True).start()
        threading.Thread(target=self._drain_stderr, args=(job, process), daemon=True).start()
        return self.status(PipelineJob, job.id)

    def start_reproduction(
        self, store: Path, run_id: str, tolerances: dict[str, float]
    ) -> dict[str, Any]:
        """Reproduce ``run_id`` on a thread; return the reproduction's first status."""
        job = Reproduction(uuid.uuid4().hex, run_id, tolerances)
        self._add(job)
        # A daemon: a server shutting down does not wait for a kernel to finish.
        threading.Thread(
            target=self._reproduce,
            args=(job, store),
            name=f"mlops-lab-reproduce-{job.id[:8]}",
            daemon=True,
        ).start()
        return self.status(Reproduction, job.id)

    def _reproduce(self, job: Reproduction, store: Path) -> None:
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

        with self._one_kernel:
            self._update(job, status="running", stage="preparing")
            try:
                report = reproduce(
                    ReproduceRequest(run=job.run_id, tolerances=job.tolerances, store=store),
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

    def _follow(self, job: PipelineJob, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            with self._lock:
                self._apply(job, event)
        code = process.wait()
        with self._lock:
            if job.state == "running":
                job.state = "finished" if code == 0 else "failed"
            if code != 0 and job.message is None:
                job.message = _last_error(job.stderr) or f"the run exited with code {code}"

    def _drain_stderr(self, job: PipelineJob, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            with self._lock:
                job.stderr.append(line.rstrip("\n"))

    @staticmethod
    def _apply(job: PipelineJob, event: Mapping[str, Any]) -> None:
        kind = event.get("event")
        if kind == "step":
            step = job.steps.setdefault(event["step"], {"name": event["step"]})
            step.update(
                state=event["state"], seconds=event.get("seconds"), message=event.get("message")
            )
        elif kind == "finished":
            job.run_id = event.get("run_id")
            job.metrics = dict(event.get("metrics") or {})
            job.state = "finished" if event.get("status") == "finished" else "failed"


#: What each kind of job is called, and how to start one, in a not-found message.
_NAMES = {
    "PipelineJob": ("pipeline run", "POST pipeline/runs"),
    "Reproduction": ("reproduction", "POST reproductions"),
}


def _last_error(lines: deque[str]) -> str | None:
    for line in reversed(lines):
        if line.startswith("mlops-lab: error:"):
            return line[len("mlops-lab: error:") :].strip()
    return lines[-1] if lines else None
