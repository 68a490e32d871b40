"""The lineage slice of a variable, metric or file: the exact executions it depends on.

The execution that last wrote it (as of an execution, the run's end by default),
then transitively the executions that last wrote each variable or file that one
read before it ran; across the ``continues`` link into earlier runs of the same
kernel. Failed executions are never part of a slice.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidInputError, NotFoundError
from ..frozen import frozen
from ..records import RunLink
from ..store._flows import FlowExecution, FlowReader
from ..store.store import Store

__all__ = ["KINDS", "LineageSlice", "lineage_slice", "slice_to_json"]

#: What a name may be, in the order a name is looked for.
KINDS = ("variable", "metric", "file")


@frozen
class LineageSlice:
    """The executions ``name`` depends on in execution order; ``at`` the bound taken."""

    run: str
    name: str
    kind: str
    at: int
    executions: tuple[FlowExecution, ...]
    #: Executions of the slice's span left out: (run, seq, cell id, failed).
    between: tuple[tuple[str, int, str | None, bool], ...] = ()


def lineage_slice(
    store: Store, run_id: str, name: str, *, at: int | None = None, kind: str | None = None
) -> LineageSlice:
    """The slice of ``name`` in run ``run_id`` as of execution ``at`` (default: the end).

    Raises
    ------
    NotFoundError
        When no successful execution up to ``at`` wrote or logged ``name``.
    """
    if kind is not None and kind not in KINDS:
        raise InvalidInputError(f"Unknown kind {kind!r}; use one of: {', '.join(KINDS)}.")
    if at is not None and at < 1:
        raise InvalidInputError(f"--at takes an execution's seq (1 or more), not {at}.")
    with store.flows() as flows:
        run = flows.resolve(run_id)
        bound = flows.cell_count(run) if at is None else at
        target = _find(flows, run, name, bound + 1, kind)
        if target is None:
            where = f" up to execution {bound}" if at is not None else ""
            raise NotFoundError(
                f"Run {run[:8]} has no variable, metric or file {name!r}{where} written by a "
                "successful cell (`mlops-lab show RUN` lists its variables and files)."
            )
        found_kind, first = target
        chosen = _walk(flows, first)
        order = _run_order(flows, run)
        executions = sorted(chosen.values(), key=lambda e: (order.get(e.run, -1), e.seq))
        between = _between(flows, executions)
    return LineageSlice(run, name, found_kind, bound, tuple(executions), between)


def _find(
    flows: FlowReader, run: str, name: str, before: int, kind: str | None
) -> tuple[str, RunLink] | None:
    for candidate in (kind,) if kind else KINDS:
        writer = flows.last_writer(run, candidate, name, before)
        if writer is not None:
            return candidate, writer
    return None


def _walk(flows: FlowReader, first: RunLink) -> dict[RunLink, FlowExecution]:
    chosen: dict[RunLink, FlowExecution] = {}
    pending = [first]
    while pending:
        link = pending.pop()
        if link in chosen:
            continue
        execution = flows.execution(link.run, link.seq)
        chosen[link] = execution
        inputs = [("variable", n) for n in execution.reads]
        inputs += [("file", p) for p in execution.files_read]
        for kind, name in inputs:
            writer = flows.last_writer(link.run, kind, name, link.seq)
            if writer is not None and writer not in chosen:
                pending.append(writer)
    return chosen


def _run_order(flows: FlowReader, run: str) -> dict[str, int]:
    """Runs of the chain ending at ``run``, oldest first."""
    chain = [run]
    link = flows.continues(run)
    while link is not None and link.run not in chain:
        chain.append(link.run)
        link = flows.continues(link.run)
    return {run_id: index for index, run_id in enumerate(reversed(chain))}


def _between(
    flows: FlowReader, executions: list[FlowExecution]
) -> tuple[tuple[str, int, str | None, bool], ...]:
    """Executions inside the slice's span in each run that the slice does not hold."""
    taken = {(e.run, e.seq) for e in executions}
    spans: dict[str, tuple[int, int]] = {}
    for e in executions:
        low, high = spans.get(e.run, (e.seq, e.seq))
        spans[e.run] = (min(low, e.seq), max(high, e.seq))
    left: list[tuple[str, int, str | None, bool]] = []
    for run, (low, high) in spans.items():
        for seq, cell_id, ok in flows.executions_between(run, low, high):
            if (run, seq) not in taken:
                left.append((run, seq, cell_id, not ok))
    return tuple(left)


def execution_to_json(execution: FlowExecution) -> dict[str, Any]:
    return {
        "run": execution.run,
        "seq": execution.seq,
        "cell_id": execution.cell_id,
        "execution_count": execution.execution_count,
        "code": execution.code,
        "reads": list(execution.reads),
        "writes": list(execution.writes),
        "files_read": list(execution.files_read),
        "files_written": list(execution.files_written),
    }


def slice_to_json(lineage: LineageSlice) -> dict[str, Any]:
    """The slice as ``mlops-lab lineage --json`` and the REST API give it."""
    return {
        "run": lineage.run,
        "name": lineage.name,
        "kind": lineage.kind,
        "at": lineage.at,
        "executions": [execution_to_json(e) for e in lineage.executions],
        "skipped": [
            {"run": run, "seq": seq, "cell_id": cell_id, "failed": failed}
            for run, seq, cell_id, failed in lineage.between
        ],
    }
