"""Local pipeline runs started from the UI, each in a subprocess, followed line by line.

The run is ``mlops-lab pipeline run DIR --progress jsonl``: the user's code runs
outside the server's process (a crash or a blocking step never touches the
server), and its JSON events say how each step goes. A thread per run reads
them; the status endpoint reads the state they leave, under a lock.
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
from typing import Any

from ..core import JsonValue, NotFoundError

__all__ = ["PipelineJob", "PipelineJobs"]

# Finished jobs kept for their status to be read; older ones are forgotten.
_KEEP = 50
_STDERR_LINES = 20


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


class PipelineJobs:
    """The runs this server started, by job id."""

    def __init__(self) -> None:
        self._jobs: dict[str, PipelineJob] = {}
        self._lock = threading.Lock()

    def start(
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
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._follow, args=(job, process), daemon=True).start()
        threading.Thread(target=self._drain_stderr, args=(job, process), daemon=True).start()
        return self.status(job.id)

    def status(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFoundError(
                    f"No pipeline run {job_id!r} on this server (it keeps the last {_KEEP}); "
                    "start one with POST pipeline/runs."
                )
            return job.to_json()

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

    def _forget_old(self) -> None:
        finished = [job_id for job_id, job in self._jobs.items() if job.state != "running"]
        for job_id in finished[: max(0, len(self._jobs) - _KEEP)]:
            del self._jobs[job_id]


def _last_error(lines: deque[str]) -> str | None:
    for line in reversed(lines):
        if line.startswith("mlops-lab: error:"):
            return line[len("mlops-lab: error:") :].strip()
    return lines[-1] if lines else None
