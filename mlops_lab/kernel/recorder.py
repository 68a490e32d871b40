"""Records each executed cell of an IPython kernel into a run of the store."""

from __future__ import annotations

import atexit
import contextlib
import os
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core import CellError, MlopsLabError, Store

__all__ = ["RUN_ID_ENV_VAR", "CellRecorder", "notebook_path"]

#: Set by a process that created the run itself (``mlops-lab track``): the kernel
#: records into that run and leaves ending it to its owner.
RUN_ID_ENV_VAR = "MLOPS_LAB_RUN_ID"


def notebook_path(project_root: Path, cwd: Path, environ: dict[str, str] | Any) -> str | None:
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


class CellRecorder:
    """Hooks into IPython's cell events; one run per loaded extension."""

    def __init__(self, ipython: Any, store: Store, run_id: str, *, owns_run: bool) -> None:
        self._ipython = ipython
        self._store = store
        self.run_id = run_id
        self._owns_run = owns_run
        self.parameter_cells: frozenset[str] = frozenset()
        self._started_at = datetime.now(timezone.utc)
        self._clock = time.perf_counter()
        self._cell_id: str | None = None
        self._code = ""
        self._active = True
        self._in_cell = False  # the cell running %load_ext ends before we saw it start
        self._warned = False

    @classmethod
    def start(cls, ipython: Any) -> CellRecorder:
        cwd = Path.cwd()
        store = Store.open(start=cwd)
        attach_to = os.environ.get(RUN_ID_ENV_VAR)
        if attach_to:
            recorder = cls(ipython, store, store.resolve_run_id(attach_to), owns_run=False)
        else:
            notebook = notebook_path(store.path.parent, cwd, os.environ)
            run = store.start_run(notebook=notebook)
            recorder = cls(ipython, store, run.id, owns_run=True)
        ipython.events.register("pre_run_cell", recorder.before_cell)
        ipython.events.register("post_run_cell", recorder.after_cell)
        # A kernel that shuts down never unloads its extensions.
        atexit.register(recorder.stop)
        return recorder

    def before_cell(self, info: Any) -> None:
        self._started_at = datetime.now(timezone.utc)
        self._clock = time.perf_counter()
        self._cell_id = getattr(info, "cell_id", None)
        self._code = getattr(info, "raw_cell", "") or ""
        self._in_cell = True

    def after_cell(self, result: Any) -> None:
        if not self._in_cell:
            return
        self._in_cell = False
        duration = time.perf_counter() - self._clock
        failure = result.error_before_exec or result.error_in_exec
        error = CellError(type(failure).__name__, str(failure)) if failure else None
        self._guard(
            lambda: self._store.record_cell(
                self.run_id,
                code=self._code,
                started_at=self._started_at,
                duration=duration,
                execution_count=result.execution_count,
                cell_id=self._cell_id,
                error=error,
            )
        )

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        atexit.unregister(self.stop)
        for event, callback in (
            ("pre_run_cell", self.before_cell),
            ("post_run_cell", self.after_cell),
        ):
            with contextlib.suppress(ValueError):
                self._ipython.events.unregister(event, callback)
        if self._owns_run:
            self._guard(lambda: self._store.end_run(self.run_id))
        self._store.close()

    def status(self) -> dict[str, Any]:
        """What the JupyterLab status bar shows: the run being recorded."""
        run = self._store.get_run(self.run_id)
        return {
            "tracking": self._active,
            "run_id": run.id,
            "run_name": run.name,
            "store": str(self._store.path),
        }

    def _guard(self, action: Any) -> None:
        """Run a store write; a failure warns once and never breaks the notebook."""
        try:
            action()
        except (MlopsLabError, OSError) as error:
            if not self._warned:
                self._warned = True
                warnings.warn(f"mlops-lab could not record this cell: {error}", stacklevel=2)
