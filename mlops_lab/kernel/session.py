"""The tracking session of one kernel: which run is recorded, and the run's context.

One session per kernel process. It owns the store connection and the writer
thread; the cell recorder, the magics and ``mlops_lab.log_*`` all go through it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import platform
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..core import JsonValue, MlopsLabError, RunStatus, Store
from ..core.capture.redaction import EnvironmentValues, redact, redact_value
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
        self._owns_run = False
        self._environment_key: str | None = None
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
            session.run_id, session.run_name, session._owns_run = run.id, run.name, False
            session.writer.submit(session._capture_context)
        else:
            session.new_run()
        _active = session
        return session

    # -- runs ----------------------------------------------------------------------

    def new_run(self, name: str | None = None) -> None:
        """End the run this session started, if any, and start recording a new one."""
        self.end_run()
        run = self.store.start_run(notebook=self.notebook, name=name)
        self.run_id, self.run_name, self._owns_run = run.id, run.name, True
        self.writer.submit(self._capture_context)

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
        }

    # -- values logged by the user ---------------------------------------------------

    def log_params(self, params: Mapping[str, JsonValue]) -> None:
        scrub = self.environment_values.scrub_value
        clean = {key: scrub(redact_value(value)) for key, value in params.items()}
        self._write(lambda run_id: self.store.log_params(run_id, clean))

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        self._write(lambda run_id: self.store.log_metrics(run_id, metrics, step=step))

    def set_tags(self, tags: Mapping[str, str]) -> None:
        scrub = self.environment_values.scrub
        clean = {key: scrub(redact(str(value))) for key, value in tags.items()}
        self._write(lambda run_id: self.store.set_tags(run_id, clean))

    def log_artifact(self, path: Path, name: str | None = None) -> None:
        # Copied now, not later: the file may change in the next cell.
        self.writer.flush()
        self.store.log_artifact(self.run_id, path, name=name)

    def _write(self, write: Any) -> None:
        """Validate now (the user sees a bad value at once), write in order with cells."""
        run_id = self.run_id
        self.writer.flush()
        write(run_id)

    # -- the run's context -------------------------------------------------------------

    def refresh_environment(self) -> None:
        """Record the environment lock again if installed packages changed (after %pip)."""
        self.writer.submit(lambda: self._capture_environment(self.run_id))

    def _capture_context(self) -> None:
        from ..core.capture.git_state import git_state
        from ..core.capture.host import host_info

        run_id = self.run_id
        self._capture_environment(run_id, force=True)
        git = git_state(Path.cwd())
        host = host_info()
        self.store.set_run_context(
            run_id,
            git=None if git is None else _jsonable(dataclasses.asdict(git)),
            host=_jsonable({**dataclasses.asdict(host), "python": platform.python_version()}),
        )

    def _capture_environment(self, run_id: str, *, force: bool = False) -> None:
        from ..core.capture.environment import environment_key, environment_lock

        key = environment_key()
        if not force and key == self._environment_key:
            return
        self._environment_key = key
        lock = environment_lock()
        self.store.set_run_context(
            run_id,
            environment=_jsonable(dataclasses.asdict(lock)),
            requirements=lock.to_requirements(),
        )


def _jsonable(value: Any) -> Any:
    """Dataclass fields as JSON: tuples become lists, mappings plain dicts."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
