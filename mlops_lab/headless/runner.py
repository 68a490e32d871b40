"""``mlops-lab track``: one headless, recorded execution of a notebook.

The run belongs to this process: it creates the run, hands it to the kernel
(which records each cell into it), and ends it with the outcome. Whatever the
kernel could not record, because it died or was stopped, is recorded here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from pathlib import Path

from nbformat import NotebookNode

from ..core import (
    STORE_ENV_VAR,
    InvalidInputError,
    JsonValue,
    MlopsLabError,
    Run,
    RunStatus,
    Store,
)
from ..core.capture.parameters import parse_parameters
from ..core.capture.recorder import Recorder
from ..core.frozen import frozen
from .execute import CellFailure, CellListener, FailureKind, execute_notebook, kernel_name_of
from .injection import inject_parameters
from .notebook import read_notebook, write_notebook

__all__ = [
    "RUN_ID_ENV_VAR",
    "SESSION_ENV_VAR",
    "NotebookOutcome",
    "RunInterruptedError",
    "TrackRequest",
    "TrackResult",
    "run_notebook",
    "track",
]

# The contract with the kernel extension (mlops_lab.kernel.recorder), spelled out
# here so that this adapter never imports the kernel's: record into this run and
# leave ending it to us; and the notebook, as Jupyter Server tells a kernel.
RUN_ID_ENV_VAR = "MLOPS_LAB_RUN_ID"
SESSION_ENV_VAR = "JPY_SESSION_NAME"


class RunInterruptedError(MlopsLabError):
    """SIGINT or SIGTERM stopped the run: its kernel was shut down, the run ended as killed."""


@frozen
class TrackRequest:
    """What to run, with what, and where to record it.

    Attributes
    ----------
    notebook
        The notebook to execute; it is never modified.
    parameters
        ``(NAME, VALUE)`` pairs as typed on the command line, see `parse_parameters`.
    experiment, name
        Of the new run; by default the notebook's path and ``"<stem> #<n>"``.
    output
        Where to write the executed notebook, if anywhere.
    timeout
        Seconds a cell may run; None for no limit.
    store
        The store folder; by default the one found from the notebook's folder.
    """

    notebook: Path
    parameters: Sequence[tuple[str, str]] = ()
    experiment: str | None = None
    name: str | None = None
    output: Path | None = None
    timeout: int | None = None
    store: Path | None = None


@frozen
class TrackResult:
    """How the run ended; ``failure`` names the cell that stopped it."""

    run_id: str
    status: RunStatus
    parameters: dict[str, JsonValue] = field(default_factory=dict)
    failure: CellFailure | None = None


def track(
    request: TrackRequest,
    *,
    on_start: Callable[[Run], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_cell: CellListener | None = None,
    kernel_logs: bool = False,
) -> TrackResult:
    """Execute a notebook in a fresh kernel, recorded as a new run.

    Every input is checked before the run is created, so a mistake records nothing.

    Parameters
    ----------
    request
        The notebook, its parameters and where things go.
    on_start
        Told about the run as soon as it exists (before the kernel starts).
    on_warning
        Given one-line notes about the parameters.
    on_cell
        Told about each code cell before it runs.
    kernel_logs
        Let the kernel process log on stderr (off: those lines are about the kernel).

    Raises
    ------
    MlopsLabError
        A bad input (nothing recorded), a kernel that cannot start or load
        mlops_lab (the run ends as failed), or an output that cannot be written.
    RunInterruptedError
        SIGINT or SIGTERM arrived while the kernel ran (the run ends as killed).
    """
    notebook = request.notebook.resolve()
    nb = read_notebook(notebook)
    injection = inject_parameters(nb, parse_parameters(request.parameters))
    params = dict(injection.parameters)
    for warning in injection.warnings:
        if on_warning is not None:
            on_warning(f"{request.notebook}: {warning}")
    if request.output is not None and not request.output.resolve().parent.is_dir():
        raise InvalidInputError(
            f"Cannot write {request.output}: its folder does not exist; create it first."
        )
    kernel_name = kernel_name_of(nb)
    _clear_outputs(nb)

    with Store.open(request.store, start=notebook.parent) as store:
        outcome = run_notebook(
            store,
            nb,
            notebook=notebook,
            params=params,
            parameter_cell_ids=injection.parameter_cell_ids,
            kernel_name=kernel_name,
            experiment=request.experiment,
            name=request.name,
            timeout=request.timeout,
            on_start=on_start,
            on_cell=on_cell,
            kernel_logs=kernel_logs,
        )
        run, failure, status = outcome.run, outcome.failure, outcome.status
        if request.output is not None:
            write_notebook(nb, request.output, run_id=run.id, store=store.path, parameters=params)
    return TrackResult(run_id=run.id, status=status, parameters=params, failure=failure)


@frozen
class NotebookOutcome:
    """A recorded execution as it ended: the run, its status, and the failing cell if any."""

    run: Run
    status: RunStatus
    failure: CellFailure | None


def run_notebook(
    store: Store,
    nb: NotebookNode,
    *,
    notebook: Path,
    params: Mapping[str, JsonValue],
    parameter_cell_ids: Sequence[str],
    kernel_name: str,
    experiment: str | None = None,
    name: str | None = None,
    tags: Mapping[str, str] | None = None,
    timeout: int | None = None,
    on_start: Callable[[Run], None] | None = None,
    on_cell: CellListener | None = None,
    kernel_logs: bool = False,
    kernel_spec_dirs: Sequence[Path] = (),
) -> NotebookOutcome:
    """Execute ``nb`` (already checked and prepared) in a fresh kernel, as a new run.

    The run is created here, handed to the kernel, and ended with the outcome:
    what `track` does once its inputs are checked, and what a reproduction does
    with the cells it replays. ``notebook`` is the file the run is of: its
    folder is the kernel's working folder.

    Raises
    ------
    MlopsLabError
        The kernel could not start or load mlops_lab (the run ends as failed).
    RunInterruptedError
        SIGINT or SIGTERM arrived while the kernel ran (the run ends as killed).
    """
    run = store.start_run(
        experiment=experiment,
        notebook=_project_path(notebook, store.path.parent),
        name=name,
    )
    # The kernel records the cells and the context; what this process records
    # goes through the same Recorder, cleaned the same way.
    recorder = Recorder(store, run.id)
    recorder.set_tags(tags or {})
    if on_start is not None:
        on_start(run)
    try:
        recorder.log_params(params)
        failure = execute_notebook(
            nb,
            kernel_name=kernel_name,
            run_id=run.id,
            parameter_cell_ids=parameter_cell_ids,
            cwd=notebook.parent if notebook.parent.is_dir() else store.path.parent,
            env={
                **os.environ,
                STORE_ENV_VAR: str(store.path),
                RUN_ID_ENV_VAR: run.id,
                SESSION_ENV_VAR: str(notebook),
            },
            timeout=timeout,
            on_cell=on_cell,
            kernel_logs=kernel_logs,
            kernel_spec_dirs=kernel_spec_dirs,
        )
    except KeyboardInterrupt:
        store.end_run(run.id, RunStatus.KILLED)
        raise RunInterruptedError(
            f"Interrupted: the kernel was shut down and run {run.id[:8]} ended as killed."
        ) from None
    except BaseException:
        # The kernel never finished: the run must not stay "running" forever.
        store.end_run(run.id, RunStatus.FAILED)
        raise
    if failure is not None and failure.kind is not FailureKind.ERROR:
        _record_unfinished_cell(recorder, failure)
    # Again at the end: the kernel records the parameters cell's defaults
    # as it runs, and the values this run was given must be the last word.
    recorder.log_params(params)
    status = RunStatus.FINISHED if failure is None else RunStatus.FAILED
    return NotebookOutcome(store.end_run(run.id, status), status, failure)


def _project_path(notebook: Path, project_root: Path) -> str:
    """The notebook's path relative to the project root, absolute when outside it."""
    try:
        return notebook.relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return notebook.as_posix()


def _clear_outputs(nb: NotebookNode) -> None:
    """Drop old outputs, so that cells after a failure do not show a previous run's."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def _record_unfinished_cell(recorder: Recorder, failure: CellFailure) -> None:
    """Record the cell the kernel died in, or was killed in, which it never recorded.

    A timed-out cell that stopped when interrupted was recorded by the kernel
    itself (with its ``KeyboardInterrupt``), as was a cell that finished just
    before its kernel died: it is then the run's last cell, not recorded twice.
    """
    cells = recorder.store.get_run_detail(recorder.run_id).cells
    last = cells[-1] if cells else None
    if last and last.cell_id == failure.cell_id and last.started_at >= failure.started_at:
        return
    recorder.record_cell(
        code=failure.code,
        started_at=failure.started_at,
        duration=failure.duration,
        execution_count=None,
        cell_id=failure.cell_id,
        error=failure.error,
    )
