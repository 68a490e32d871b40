"""The one writer of a run's record: every kind of run records through a `Recorder`.

A kernel's session, ``mlops-lab track`` (through the kernel), a pipeline run and
a reproduction record the same things the same way: the run's context (git
state, host, environment lock), its cells (or steps) with the files they read
and wrote, params, metrics with every step and timestamp, tags and artifacts.
Every string stored passes through `redact` and through the scrubbing of
environment-variable values first.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from ..frozen import frozen
from ..records import Artifact, CellError, CellExecution, FileAccess, JsonValue, VariableChange
from ..store.store import Store
from .environment import environment_key
from .redaction import EnvironmentValues, redact, redact_value
from .run_context import EnvironmentRecord, environment_record, git_document, host_document

__all__ = ["LoggedMetric", "Recorder"]


@frozen
class LoggedMetric:
    """One metric value as it was logged; without ``step`` it goes after its key's last."""

    key: str
    value: float
    step: int | None
    logged_at: datetime


class Recorder:
    """Records into one run of ``store``.

    Parameters
    ----------
    store
        The store the run is in.
    run_id
        The run to record into.
    environment_values
        The values never to store; those of this process's environment by default.
    """

    def __init__(
        self,
        store: Store,
        run_id: str,
        environment_values: EnvironmentValues | None = None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.environment_values = environment_values or EnvironmentValues(os.environ)
        self._environment_key: str | None = None

    # -- what is stored, made safe to store --------------------------------------------

    def clean_text(self, text: str) -> str:
        """``text`` without token-like strings nor environment-variable values."""
        return self.environment_values.scrub(redact(text))

    def clean_value(self, value: JsonValue) -> JsonValue:
        """A JSON value with every string in it cleaned like `clean_text`."""
        return self.environment_values.scrub_value(redact_value(value))

    def clean_error(self, error: CellError | None) -> CellError | None:
        return None if error is None else CellError(error.name, self.clean_text(error.value))

    # -- the run's context ---------------------------------------------------------------

    def capture_context(self, cwd: Path, environment: EnvironmentRecord | None = None) -> None:
        """Record the git state of ``cwd``'s repository, the host and the environment lock.

        ``environment`` is a lock the caller already has (a pipeline run keys its
        step cache with it); it is taken now otherwise.
        """
        self.record_environment(environment or environment_record())
        git = git_document(cwd)
        if git is not None and isinstance(git.get("diff"), str):
            # Only the diff, the user's text: CI sets variables to the commit and the
            # branch (GITHUB_SHA), which must stay as they are.
            git["diff"] = self.environment_values.scrub(str(git["diff"]))
        self.store.set_run_context(self.run_id, git=git, host=host_document())

    def record_environment(self, environment: EnvironmentRecord) -> None:
        self._environment_key = environment.key or environment_key()
        self.store.set_run_context(
            self.run_id, environment=environment.document, requirements=environment.requirements
        )

    def refresh_environment(self) -> None:
        """Record the environment lock again if installed packages changed (after ``pip``)."""
        if environment_key() != self._environment_key:
            self.record_environment(environment_record())

    # -- values logged ---------------------------------------------------------------------

    def log_params(self, params: Mapping[str, JsonValue], *, amend: Collection[str] = ()) -> None:
        """Record params, fixed once set (``amend``: keys that may still change)."""
        if params:
            self.store.log_params(self.run_id, self._clean_document(params), amend=amend)

    def log_metrics(
        self,
        metrics: Mapping[str, float],
        *,
        step: int | None = None,
        logged_at: datetime | None = None,
        in_cell: bool = False,
    ) -> None:
        """Record metric values (``in_cell``: logged by the cell running, not yet recorded)."""
        if metrics:
            self.store.log_metrics(
                self.run_id, metrics, step=step, logged_at=logged_at, in_cell=in_cell
            )

    def log_metric_history(self, points: Sequence[LoggedMetric]) -> None:
        """Record metric values each at its own step and time, in one transaction."""
        if points:
            self.store.log_metric_points(
                self.run_id, [(p.key, p.value, p.step, p.logged_at) for p in points]
            )

    def set_tags(self, tags: Mapping[str, str]) -> None:
        if tags:
            clean = {key: self.clean_text(str(value)) for key, value in tags.items()}
            self.store.set_tags(self.run_id, clean)

    def log_artifact(self, path: Path, name: str | None = None) -> Artifact:
        return self.store.log_artifact(self.run_id, path, name=name)

    def log_artifact_object(self, name: str, object_id: str) -> Artifact:
        return self.store.log_artifact_object(self.run_id, name, object_id)

    # -- cells (a pipeline run's steps) ------------------------------------------------------

    def record_cell(
        self,
        *,
        code: str,
        started_at: datetime,
        duration: float,
        execution_count: int | None = None,
        cell_id: str | None = None,
        error: CellError | None = None,
        variables: Sequence[VariableChange] = (),
        files: Sequence[FileAccess] = (),
        reads: Sequence[str] = (),
        writes: Sequence[str] = (),
    ) -> CellExecution:
        """Append one executed cell, its code, error and variable reprs cleaned.

        ``reads`` and ``writes`` are the kernel variables it read and wrote.
        """
        return self.store.record_cell(
            self.run_id,
            code=self.clean_text(code),
            started_at=started_at,
            duration=duration,
            execution_count=execution_count,
            cell_id=cell_id,
            error=self.clean_error(error),
            variables=[
                dataclasses.replace(v, repr=self.clean_text(v.repr)) if v.repr else v
                for v in variables
            ],
            files=files,
            reads=reads,
            writes=writes,
        )

    def _clean_document(self, document: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
        clean = self.clean_value(dict(document))
        assert isinstance(clean, dict)  # a dict stays a dict
        return clean
