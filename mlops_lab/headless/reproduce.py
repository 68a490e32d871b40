"""``mlops-lab reproduce``: re-execute a run's recorded cells and check the result.

The recorded cells (`mlops_lab.core.reproduce.replay_plan`) become a notebook
executed in a fresh kernel as a new run, tagged ``reproduces=<run id>`` and
given the original's params; then the core compares the two runs' metrics
and reports the drift in code, environment and data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path

from nbformat import NotebookNode
from nbformat import v4 as nbformat_v4

from ..core import FileMode, InvalidInputError, MlopsLabError, RunDetail, Store
from ..core.frozen import frozen
from ..core.lineage import LineageSlice, lineage_slice
from ..core.reproduce import (
    ReplayCell,
    ReproductionReport,
    code_drift,
    compare_metrics,
    data_drift,
    environment_drift,
    replay_plan,
)
from .execute import DEFAULT_KERNEL, kernel_name_of
from .injection import INJECTED_TAG, PARAMETERS_TAG
from .notebook import read_notebook
from .runner import run_notebook
from .venv import VENV_KERNEL_NAME, build_venv

__all__ = ["REPRODUCES_TAG", "Progress", "ReproduceRequest", "reproduce"]

#: The tag that links a reproduction to the run it reproduces.
REPRODUCES_TAG = "reproduces"

# nbformat has no annotations: these name what its functions take and return.
_new_code_cell: Callable[..., NotebookNode] = nbformat_v4.new_code_cell
_new_notebook: Callable[..., NotebookNode] = nbformat_v4.new_notebook


@frozen
class ReproduceRequest:
    """Which run to reproduce, how strictly, and where.

    Attributes
    ----------
    run
        A run id or unique prefix.
    tolerances
        Relative tolerance per metric name (``*`` for every other metric).
    venv
        Build a virtual environment here from the run's lock and run the
        kernel in it; None runs the default kernel of this environment.
    timeout
        Seconds a cell may run; None for no limit.
    store
        The store folder; by default the one found from the current folder.
    only
        Re-execute only the lineage slice of this variable, metric or file, and
        check its fingerprint (and the metrics the slice logs).
    """

    run: str
    tolerances: Mapping[str, float] = field(default_factory=dict)
    venv: Path | None = None
    timeout: int | None = None
    store: Path | None = None
    only: str | None = None


@frozen
class Progress:
    """Where a reproduction stands: a stage, and during ``running`` the cell."""

    stage: str  # "preparing", "building environment", "running", "comparing"
    cell: int = 0
    cells: int = 0
    run_id: str | None = None
    message: str = ""


def reproduce(
    request: ReproduceRequest,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    kernel_logs: bool = False,
) -> ReproductionReport:
    """Re-execute the run's recorded cells as a new run, and compare.

    Raises
    ------
    MlopsLabError
        No such run, a run with no cells, a venv that cannot be built, or a
        kernel that cannot start (the new run then ends as failed).
    """

    def tell(progress: Progress) -> None:
        if on_progress is not None:
            on_progress(progress)

    tell(Progress("preparing"))
    with Store.open(request.store) as store:
        original = store.get_run_detail(request.run)
        replay, skipped = replay_plan(original.cells)
        only = None
        if request.only is not None:
            only = lineage_slice(store, original.run.id, request.only)
            replay = tuple(ReplayCell(e.seq, e.cell_id, e.code) for e in only.executions)
            taken = {e.seq for e in only.executions if e.run == original.run.id}
            skipped = tuple(c.seq for c in original.cells if c.seq not in taken)
        if not replay:
            raise InvalidInputError(
                f"Run {original.run.id[:8]} has no executed cell to replay; "
                "only runs with recorded cells can be reproduced."
            )
        notebook = _notebook_path(original, store.path.parent)
        # Before executing: the reproduction may itself rewrite what it reads.
        data = data_drift(original.cells, store.path.parent, store.stat_cache)
        code = code_drift(notebook, original.run.notebook, original.cells)
        kernel_dirs: list[Path] = []
        kernel_name = DEFAULT_KERNEL
        if request.venv is not None:
            if original.requirements is None:
                raise InvalidInputError(
                    f"Run {original.run.id[:8]} recorded no environment lock to build a venv from."
                )
            tell(Progress("building environment", message=str(request.venv)))
            kernel_dirs.append(
                build_venv(
                    original.requirements,
                    request.venv,
                    on_line=lambda line: tell(Progress("building environment", message=line)),
                )
            )
            kernel_name = VENV_KERNEL_NAME
        nb = _replay_notebook(replay, notebook)
        if not kernel_dirs:
            kernel_name = kernel_name_of(nb)
        total = len(replay)
        started: list[str] = []

        def on_start(run_id: str) -> None:
            started.append(run_id)
            tell(Progress("running", 0, total, run_id))

        outcome = run_notebook(
            store,
            nb,
            notebook=notebook or store.path.parent / "reproduction.ipynb",
            params=dict(original.run.params),
            parameter_cell_ids=[c.id for c in nb.cells if PARAMETERS_TAG in _tags(c) and "id" in c],
            kernel_name=kernel_name,
            experiment=original.run.experiment,
            name=f"{original.run.name} (reproduction)",
            tags={REPRODUCES_TAG: original.run.id},
            timeout=request.timeout,
            on_start=lambda run: on_start(run.id),
            on_cell=lambda index, _total, _count: tell(
                Progress("running", index + 1, total, started[0] if started else None)
            ),
            kernel_logs=kernel_logs,
            kernel_spec_dirs=kernel_dirs,
        )
        tell(Progress("comparing", total, total, outcome.run.id))
        reproduction = store.get_run_detail(outcome.run.id)
    failure = None
    if outcome.failure is not None:
        failed = outcome.failure
        recorded = replay[failed.index].seq if failed.index < len(replay) else None
        failure = f"{failed.summary} (recorded cell #{recorded})"
    recorded_metrics = dict(original.run.metrics)
    if only is not None:
        failure = failure or _fingerprint_failure(only, original, reproduction)
        logged = {e.seq for e in only.executions if e.run == original.run.id}
        recorded_metrics = {
            key: value
            for key, value in recorded_metrics.items()
            if any(p.seq in logged for p in original.metric_history.get(key, ()))
        }
    return ReproductionReport(
        run_id=original.run.id,
        reproduction_run_id=outcome.run.id,
        metrics=compare_metrics(recorded_metrics, reproduction.run.metrics, request.tolerances),
        code=code,
        environment=environment_drift(original.environment, reproduction.environment),
        data=data,
        skipped_cells=skipped,
        failure=failure,
    )


def _fingerprint_failure(
    only: LineageSlice, original: RunDetail, reproduction: RunDetail
) -> str | None:
    """Why the reproduced variable or file differs from the recorded one, if it does."""
    if only.kind == "metric":
        return None  # compared with the other metrics, within tolerance
    if only.kind == "variable":
        recorded = _variable_fingerprint(original, only.name)
        reproduced = _variable_fingerprint(reproduction, only.name)
    else:
        recorded = _file_fingerprint(original, only.name)
        reproduced = _file_fingerprint(reproduction, only.name)
    if recorded is not None and recorded == reproduced:
        return None
    return (
        f"{only.kind} {only.name!r} differs: recorded fingerprint {recorded}, "
        f"reproduced {reproduced}"
    )


def _variable_fingerprint(detail: RunDetail, name: str) -> str | None:
    variable = detail.variables.get(name)
    return None if variable is None else variable.fingerprint


def _file_fingerprint(detail: RunDetail, path: str) -> str | None:
    written = [f for f in detail.files if f.path == path and f.mode is FileMode.WRITE]
    return written[-1].fingerprint if written else None


def _notebook_path(detail: RunDetail, project_root: Path) -> Path | None:
    if detail.run.notebook is None:
        return None
    path = Path(detail.run.notebook)
    return path if path.is_absolute() else project_root / path


def _replay_notebook(replay: tuple[ReplayCell, ...], notebook: Path | None) -> NotebookNode:
    """The recorded cells as a notebook, each with its recorded cell id.

    The ids line the reproduction up with the original cell by cell. A cell run
    twice keeps its id twice: the notebook is never validated or written, only
    executed. The cells tagged ``parameters`` in the notebook file (and an
    injected one) keep that tag, so the kernel records their assignments as the
    new run's params again; the file's metadata names the kernel.
    """
    current = _read_if_notebook(notebook)
    parameter_ids = (
        set()
        if current is None
        else {str(c.id) for c in current.cells if PARAMETERS_TAG in _tags(c) and "id" in c}
    )
    cells = []
    for cell in replay:
        node = _new_code_cell(cell.code)
        if cell.cell_id:
            node.id = cell.cell_id
            if cell.cell_id in parameter_ids or cell.cell_id == INJECTED_TAG:
                node.metadata["tags"] = [PARAMETERS_TAG]
        else:
            del node["id"]
        cells.append(node)
    metadata = (
        {"kernelspec": {"name": DEFAULT_KERNEL, "display_name": "Python 3"}}
        if current is None
        else dict(current.metadata)
    )
    # Given the cells after it is made: new_notebook(cells=...) validates, which
    # "repairs" a repeated id into a random one (and warns), unlining the cells.
    nb = _new_notebook(metadata=metadata)
    nb.cells = cells
    return nb


def _read_if_notebook(path: Path | None) -> NotebookNode | None:
    if path is None:
        return None
    try:
        return read_notebook(path)
    except MlopsLabError:  # gone, or no longer a notebook: the code drift says so
        return None


def _tags(cell: NotebookNode) -> list[str]:
    tags: list[str] = cell.get("metadata", {}).get("tags", [])
    return tags
