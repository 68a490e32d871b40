"""The tracking session of one kernel: which run is recorded, on which thread.

One session per kernel process. It owns the store connection and the writer
thread; the cell recorder, the magics and ``mlops_lab.log_*`` all go through it
to the core `Recorder` of its run, which decides what is stored and how.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from ..core import JsonValue, MlopsLabError, RunStatus, Store
from ..core.capture.recorder import Recorder
from ..core.capture.redaction import EnvironmentValues
from .writer import StoreWriter

__all__ = ["RUN_ID_ENV_VAR", "TrackingSession", "active_session", "notebook_path"]

#: Set by a process that created the run itself (``mlops-lab track``): the kernel
#: records into that run and leaves ending it to its owner.
RUN_ID_ENV_VAR = "MLOPS_LAB_RUN_ID"

_active: TrackingSession | None = None


def active_session() -> TrackingSession:
    """The session of this kernel; an actionable error when tracking was never loaded."""
    if _active is None:
        raise MlopsLabError(
            "No run is being recorded in this kernel: run %load_ext mlops_lab first."
        )
    return _active


def notebook_path(project_root: Path, cwd: Path, environ: Mapping[str, str]) -> str | None:
    """The notebook's path relative to the project root, if the kernel knows it.

    Jupyter Server tells a kernel its notebook through ``JPY_SESSION_NAME``;
    the kernel's working folder is the notebook's folder.
    """
    session = environ.get("JPY_SESSION_NAME")
    if not session:
        return None
    path = Path(session)
    absolute = path if path.is_absolute() else cwd / path.name
    try:
        return absolute.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class TrackingSession:
    def __init__(self, store: Store, notebook: str | None) -> None:
        self.store = store
        self.notebook = notebook
        self.writer = StoreWriter()
        # taken once: values of the kernel's environment variables never reach the store
        self.environment_values = EnvironmentValues(os.environ)
        self.tracking = True
        self.run_id = ""
        self.run_name = ""
        self.recorder = Recorder(store, "", self.environment_values)
        self._owns_run = False
        #: Called with the run id before a run ends (the run-end checkpoint).
        self.before_run_end: Callable[[str], None] | None = None

    @classmethod
    def start(cls, cwd: Path) -> TrackingSession:
        global _active
        store = Store.open(start=cwd)
        session = cls(store, notebook_path(store.path.parent, cwd, os.environ))
        attach_to = os.environ.get(RUN_ID_ENV_VAR)
        if attach_to:
            run = store.get_run(attach_to)
            session.run_name, session._owns_run = run.name, False
            session._record_into(run.id)
        else:
            session.new_run()
        _active = session
        return session

    # -- runs ----------------------------------------------------------------------

    def new_run(self, name: str | None = None) -> None:
        """End the run this session started, if any, and start recording a new one."""
        self.end_run()
        run = self.store.start_run(notebook=self.notebook, name=name)
        self.run_name, self._owns_run = run.name, True
        self._record_into(run.id)

    def end_run(self, status: RunStatus = RunStatus.FINISHED) -> None:
        if self.run_id and self.before_run_end is not None:
            self.before_run_end(self.run_id)
        self.writer.flush()
        if self._owns_run and self.run_id:
            run_id = self.run_id
            self._owns_run = False
            # deleted or ended elsewhere meanwhile: nothing is left to end
            with contextlib.suppress(MlopsLabError):
                self.store.end_run(run_id, status)

    def close(self) -> None:
        global _active
        self.end_run()
        self.writer.close()
        self.store.close()
        if _active is self:
            _active = None

    def status(self) -> dict[str, Any]:
        self.writer.flush()
        return {
            "tracking": self.tracking,
            "run_id": self.run_id or None,
            "run_name": self.run_name or None,
            "store": str(self.store.path),
            "write_error": self.writer.failure,
        }

    # -- values logged by the user ---------------------------------------------------

    def log_params(self, params: Mapping[str, JsonValue]) -> None:
        self._write(lambda recorder: recorder.log_params(params))

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        self._write(lambda recorder: recorder.log_metrics(metrics, step=step))

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self._write(lambda recorder: recorder.set_tags(tags))

    def log_artifact(self, path: Path, name: str | None = None) -> None:
        # Copied now, not later: the file may change in the next cell.
        self._write(lambda recorder: recorder.log_artifact(path, name))

    def _write(self, write: Callable[[Recorder], object]) -> None:
        """Validate now (the user sees a bad value at once), write in order with cells."""
        recorder = self.recorder
        self.writer.flush()
        write(recorder)

    # -- the run's context -------------------------------------------------------------

    def refresh_environment(self) -> None:
        """Record the environment lock again if installed packages changed (after %pip)."""
        self.writer.submit(self.recorder.refresh_environment)

    def _record_into(self, run_id: str) -> None:
        """Record into ``run_id`` from now on; its context is taken on the writer thread."""
        self.run_id = run_id
        self.recorder = Recorder(self.store, run_id, self.environment_values)
        self.writer.submit(partial(self.recorder.capture_context, Path.cwd()))
