"""The tracking session of one kernel: which run is recorded, on which thread.

One session per kernel process. It owns the store connection and the writer
thread; the cell recorder, the magics and ``mlops_lab.log_*`` all go through it
to the core `Recorder` of its run, which decides what is stored and how.

Run boundaries: a run begins at the first cell executed with tracking on (a
kernel that executes nothing records nothing), and again after ``%mlops run``,
a "Run All" (`TrackingSession.begin_run_at_next_cell`) or an execution of the
parameters cell with a value different from the run's. A run begun inside a
live kernel records the one it continues (its last execution).
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
from ..core.lineage.stale import StaleCells
from ..core.records import RunLink
from ..core.remote.outbox import Drainer
from ..core.store._liveness import current_owner
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


def _kernel_id() -> str | None:
    """This kernel's id, from its connection file (``kernel-<id>.json``), if it has one."""
    try:
        from ipykernel.connect import get_connection_file

        stem = Path(get_connection_file()).stem
    except Exception:  # not an ipykernel, or no connection file: the id is optional
        return None
    return stem.removeprefix("kernel-") or None


class TrackingSession:
    def __init__(self, store: Store, notebook: str | None, kernel_id: str | None = None) -> None:
        self.store = store
        self.notebook = notebook
        self.kernel_id = kernel_id
        self.writer = StoreWriter()
        # taken once: values of the kernel's environment variables never reach the store
        self.environment_values = EnvironmentValues(os.environ)
        self.tracking = True
        self.run_id = ""
        self.run_name = ""
        self.recorder = Recorder(store, "", self.environment_values)
        self._owns_run = False
        #: The last execution of the run this kernel recorded before, for `continues`.
        self._previous: RunLink | None = None
        #: Set while a cell runs: a metric logged then belongs to that execution.
        self.in_cell = False
        #: Param keys the last execution set, when it was a parameters cell.
        self._param_block: frozenset[str] = frozenset()
        #: Which cells' inputs were rewritten since they ran, kept as cells execute.
        self.stale = StaleCells()
        #: Called with the run id before a run ends (the run-end checkpoint).
        self.before_run_end: Callable[[str], None] | None = None
        #: Pushes the runs queued for a team's automatic remote, off the kernel's thread.
        self.drainer: Drainer | None = None

    @classmethod
    def start(cls, cwd: Path, kernel_id: str | None = None) -> TrackingSession:
        global _active
        store = Store.open(start=cwd)
        notebook = notebook_path(store.path.parent, cwd, os.environ)
        session = cls(store, notebook, kernel_id or _kernel_id())
        attach_to = os.environ.get(RUN_ID_ENV_VAR)
        if attach_to:
            run = store.get_run(attach_to)
            session.run_name, session._owns_run = run.name, False
            session._record_into(run.id)
        if any(remote.auto for remote in store.remotes()):
            session.drainer = Drainer(store).start()
        _active = session
        return session

    # -- runs ----------------------------------------------------------------------

    def ensure_run(self) -> None:
        """Begin a run if none is being recorded: a cell is about to be."""
        if not self.run_id:
            self.new_run()

    def new_run(self, name: str | None = None) -> None:
        """End the run this session started, if any, and begin a new one now."""
        self.end_run()
        run = self.store.start_run(
            notebook=self.notebook,
            name=name,
            owner=current_owner(self.kernel_id),
            continues=self._previous,
        )
        self.run_name, self._owns_run = run.name, True
        self._param_block = frozenset()
        self._record_into(run.id)

    def begin_run_at_next_cell(self) -> bool:
        """End the current run if it recorded a cell; the next cell begins a new one.

        The frontend calls this (silently) when the user starts "Run All" or
        "Restart Kernel and Run All" (after a restart no run is going: nothing to
        end). Returns whether a run was ended.
        """
        if not self.run_id or not self._owns_run:
            return False
        self.writer.flush()
        if self.store.get_run(self.run_id).cell_count == 0:
            return False
        self.end_run()
        return True

    def end_run(self, status: RunStatus = RunStatus.FINISHED) -> None:
        if self.run_id and self.before_run_end is not None:
            self.before_run_end(self.run_id)
        self.writer.flush()
        if self._owns_run and self.run_id:
            run_id = self.run_id
            self._owns_run = False
            self.run_id, self.run_name = "", ""
            # deleted or ended elsewhere meanwhile: nothing is left to end
            with contextlib.suppress(MlopsLabError):
                run = self.store.get_run(run_id)
                if run.cell_count:
                    self._previous = RunLink(run_id, run.cell_count)
                self.store.end_run(run_id, status)

    def close(self) -> None:
        global _active
        self.end_run()
        self.writer.close()
        if self.drainer is not None:
            self.drainer.stop()
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
            "stale": [entry.to_json() for entry in self.stale.stale()],
        }

    # -- values logged by the user ---------------------------------------------------

    def log_params(self, params: Mapping[str, JsonValue]) -> None:
        self.ensure_run()
        self._write(lambda recorder: recorder.log_params(params))

    def log_cell_params(self, params: Mapping[str, JsonValue]) -> None:
        """The assignments of a parameters cell that just ran, before it is recorded.

        A value different from the run's begins a new run (this kernel's own runs;
        a run given by ``mlops-lab track`` refuses it). A parameters cell executed
        right after one (papermill's injected cell, a value corrected before any
        other cell ran) amends the values that one set instead.
        """
        self.writer.flush()
        current = self.store.get_run(self.run_id).params
        block = self._param_block
        differs = {k for k, v in params.items() if k in current and current[k] != v} - block
        if differs and self._owns_run:
            self.new_run()
            block = frozenset()
        elif differs:
            # a run given by `mlops-lab track`: the values it was given are the word
            params = {k: v for k, v in params.items() if k not in differs}
        self.recorder.log_params(params, amend=block)
        self._param_block = block | frozenset(params)

    def cell_recorded(self, parameters_cell: bool) -> None:
        """A cell ran: a parameters block ends at the first other cell."""
        if not parameters_cell:
            self._param_block = frozenset()

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        self.ensure_run()
        in_cell = self.in_cell
        self._write(lambda recorder: recorder.log_metrics(metrics, step=step, in_cell=in_cell))

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self.ensure_run()
        self._write(lambda recorder: recorder.set_tags(tags))

    def log_artifact(self, path: Path, name: str | None = None) -> None:
        # Copied now, not later: the file may change in the next cell.
        self.ensure_run()
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
