"""Records each executed cell of an IPython kernel into the session's run.

On the main thread it measures the cell and snapshots what changed (variables,
files opened); the store writes go to the session's writer thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core import CellError, FileAccess, JsonValue, MlopsLabError
from ..core.capture.fingerprints import StatCache, fingerprint_file
from ..core.capture.parameters import assigned_names
from ..core.capture.redaction import redact
from .file_access import FileAccessLog, begin_logging, end_logging, ignored_roots
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
        self._report_writer_errors()
        try:
            variables = self._watcher.after_cell()
            files = self._fingerprint_files()
        except Exception as problem:  # the user's notebook must never break because of us
            self._warn(f"could not examine this cell's variables or files: {problem}")
            variables, files = [], []
        scrub = self.session.environment_values.scrub
        failure = result.error_before_exec or result.error_in_exec
        if isinstance(failure, SystemExit) and _is_successful_exit(failure.code):
            failure = None  # the notebook ended here, as it meant to: `track` ends the run finished
        error = CellError(type(failure).__name__, scrub(redact(str(failure)))) if failure else None
        variables = [
            dataclasses.replace(v, repr=scrub(redact(v.repr))) if v.repr else v for v in variables
        ]
        session, run_id = self.session, self.session.run_id
        code, cell_id, started = scrub(redact(self._code)), self._cell_id, self._started_at
        count = result.execution_count
        session.writer.submit(
            lambda: session.store.record_cell(
                run_id,
                code=code,
                started_at=started,
                duration=duration,
                execution_count=count,
                cell_id=cell_id,
                error=error,
                variables=variables,
                files=files,
            )
        )
        if cell_id is not None and cell_id in self.parameter_cells:
            self._log_parameters()
        if any(word in self._code for word in _INSTALL_WORDS):
            session.refresh_environment()

    def _fingerprint_files(self) -> list[FileAccess]:
        if self._files is None:
            return []
        accesses = []
        for absolute, mode in self._files.accesses.items():
            path = Path(absolute)
            if not path.is_file():
                continue  # deleted again, or a directory, a pipe, a device
            try:
                print_path = path.relative_to(self._project_root).as_posix()
            except ValueError:
                print_path = absolute
            try:
                found = fingerprint_file(path, self._stat_cache)
                accesses.append(FileAccess(print_path, mode, found.size, found.fingerprint))
            except (MlopsLabError, OSError):
                accesses.append(FileAccess(print_path, mode))
        return accesses

    def _log_parameters(self) -> None:
        """A ``parameters`` cell: its assignments are the run's params, as papermill's are."""
        namespace = self._ipython.user_ns
        params: dict[str, JsonValue] = {}
        for name in assigned_names(self._code) or []:
            if name in namespace:
                params[name] = _as_param(namespace[name])
        if params:
            self._guarded(lambda: self.session.log_params(params))

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
