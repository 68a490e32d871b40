"""Records each executed cell of an IPython kernel into the session's run.

On the main thread it measures the cell and snapshots what changed (variables,
files opened); the session's `Recorder` cleans and writes them on the writer thread.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..core import CellError, FileAccess, FileMode, JsonValue, MlopsLabError
from ..core.capture.cache_protocol import StatCache
from ..core.capture.file_access import (
    FileAccessLog,
    begin_logging,
    end_logging,
    file_accesses,
    ignored_roots,
)
from ..core.capture.parameters import assigned_names
from .namespace import NamespaceWatcher
from .session import TrackingSession

__all__ = ["CellRecorder"]

# Cells that may change installed packages: the environment lock is checked after them.
_INSTALL_WORDS = ("pip", "conda", "mamba", "install", "uninstall")


class CellRecorder:
    """Hooks into IPython's cell events for one tracking session."""

    def __init__(self, ipython: Any, session: TrackingSession) -> None:
        self._ipython = ipython
        self.session = session
        self._watcher = NamespaceWatcher(ipython.user_ns)
        self._stat_cache: StatCache = session.store.stat_cache
        self._project_root = session.store.path.parent
        self._ignored_roots = ignored_roots(session.store.path)
        self.parameter_cells: frozenset[str] = frozenset()
        self._started_at = datetime.now(timezone.utc)
        self._clock = time.perf_counter()
        self._cell_id: str | None = None
        self._code = ""
        self._files: FileAccessLog | None = None
        self._in_cell = False  # the cell running %load_ext ends before we saw it start

    def register(self) -> None:
        self._ipython.events.register("pre_run_cell", self.before_cell)
        self._ipython.events.register("post_run_cell", self.after_cell)

    def unregister(self) -> None:
        for event, callback in (
            ("pre_run_cell", self.before_cell),
            ("post_run_cell", self.after_cell),
        ):
            with contextlib.suppress(ValueError):  # never registered, or already gone
                self._ipython.events.unregister(event, callback)

    def before_cell(self, info: Any) -> None:
        self._in_cell = self.session.tracking
        if not self._in_cell:
            return
        try:
            self.session.ensure_run()  # a run begins at its first cell
        except (MlopsLabError, OSError) as error:
            self._warn(f"cannot begin a run, this cell is not recorded: {error}")
            self._in_cell = False
            return
        self.session.in_cell = True
        self._code = getattr(info, "raw_cell", "") or ""
        self._cell_id = getattr(info, "cell_id", None)
        self._watcher.before_cell(self._code)
        self._files = begin_logging(self._ignored_roots)
        self._started_at = datetime.now(timezone.utc)
        self._clock = time.perf_counter()

    def after_cell(self, result: Any) -> None:
        duration = time.perf_counter() - self._clock
        end_logging()
        if not self._in_cell:
            return
        self._in_cell = False
        self.session.in_cell = False
        self._report_writer_errors()
        try:
            variables = self._watcher.after_cell()
            files = self._fingerprint_files()
            reads, writes = self._watcher.reads, self._watcher.writes
        except Exception as problem:  # the user's notebook must never break because of us
            self._warn(f"could not examine this cell's variables or files: {problem}")
            variables, files, reads, writes = [], [], (), ()
        failure = result.error_before_exec or result.error_in_exec
        if isinstance(failure, SystemExit) and _is_successful_exit(failure.code):
            failure = None  # the notebook ended here, as it meant to: `track` ends the run finished
        error = CellError(type(failure).__name__, str(failure)) if failure else None
        cell_id, count = self._cell_id, result.execution_count
        parameters_cell = cell_id is not None and cell_id in self.parameter_cells
        if parameters_cell and error is None:
            # before the cell is recorded: a new value begins a new run, with this cell
            self._log_parameters()
        self.session.cell_recorded(parameters_cell)
        if error is None:
            self.session.stale.executed(
                cell_id or f"In[{count}]",
                count,
                reads=reads,
                writes=writes,
                files_read=[f.path for f in files if f.mode is FileMode.READ],
                files_written=[f.path for f in files if f.mode is FileMode.WRITE],
            )
        recorder, code, started = self.session.recorder, self._code, self._started_at
        self.session.writer.submit(
            lambda: recorder.record_cell(
                code=code,
                started_at=started,
                duration=duration,
                execution_count=count,
                cell_id=cell_id,
                error=error,
                variables=variables,
                files=files,
                reads=reads,
                writes=writes,
            )
        )
        if any(word in self._code for word in _INSTALL_WORDS):
            self.session.refresh_environment()

    def _fingerprint_files(self) -> list[FileAccess]:
        if self._files is None:
            return []
        return file_accesses(self._files, self._project_root, self._stat_cache)

    def _log_parameters(self) -> None:
        """A ``parameters`` cell: its assignments are the run's params, as papermill's are."""
        namespace = self._ipython.user_ns
        params: dict[str, JsonValue] = {}
        for name in assigned_names(self._code) or []:
            if name in namespace:
                params[name] = _as_param(namespace[name])
        if params:
            self._guarded(lambda: self.session.log_cell_params(params))

    def _report_writer_errors(self) -> None:
        for message in self.session.writer.take_errors():
            self._warn(message)

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (MlopsLabError, OSError) as error:
            self._warn(str(error))

    @staticmethod
    def _warn(message: str) -> None:
        print(f"mlops-lab: {message}", file=sys.stderr)


def _is_successful_exit(code: object) -> bool:
    """Whether Python would exit with status 0 for ``sys.exit(code)``."""
    return code is None or (isinstance(code, int) and code == 0)


def _as_param(value: object) -> JsonValue:
    """A parameter as JSON: literals as they are, anything else by its repr."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(
        v is None or isinstance(v, bool | int | float | str) for v in value
    ):
        return list(value)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _as_param(v) for k, v in value.items()}
    return repr(value)[:200]
